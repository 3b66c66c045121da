import { describe, expect, it } from 'vitest';
import {
  classifyFailure,
  categoryFromText,
  replyClauses,
} from '../../../src/parse/categories/classify.js';
import { categoryFromStatus } from '../../../src/parse/categories/status-map.js';
import { chooseStatus, remoteStatus } from '../../../src/parse/categories/status-choice.js';

const fail = (diagnostic: string | undefined, status?: string, command?: string) =>
  classifyFailure({ diagnostic, status, action: 'failed', command });

describe('categoryFromStatus (RFC 3463 subject.detail)', () => {
  it.each([
    ['5.1.1', 'userunknown'],
    ['5.1.2', 'hostunknown'],
    ['5.1.6', 'hasmoved'],
    ['4.2.2', 'mailboxfull'],
    ['5.2.2', 'mailboxfull'],
    ['5.3.4', 'emailtoolarge'],
    ['4.4.7', 'expired'],
    ['5.7.25', 'requireptr'],
    ['5.7.26', 'authfailure'],
    ['5.7.13', 'suspend'],
    ['2.0.0', 'delivered'],
  ])('%s → %s', (status, category) => {
    expect(categoryFromStatus(status)).toBe(category);
  });

  it('leaves vague codes to the text', () => {
    expect(categoryFromStatus('5.0.0')).toBeUndefined();
    expect(categoryFromStatus('5.7.1')).toBeUndefined();
  });
});

describe('classifyFailure: text and code together', () => {
  it('reads the commonest mailbox verdicts', () => {
    expect(fail('550 no such user here')).toBe('userunknown');
    expect(fail('550 Requested action not taken: mailbox unavailable')).toBe('userunknown');
    expect(fail('552 user is over quota, try later')).toBe('mailboxfull');
    expect(fail('452 4.2.2 The mailbox you tried to reach is full')).toBe('mailboxfull');
    expect(fail('550 this account has been disabled or discontinued')).toBe('suspend');
    expect(fail('550 5.1.6 recipient has moved, no forwarding address')).toBe('hasmoved');
  });

  it('lets a blocklist phrase beat a mailbox code', () => {
    expect(fail('550 5.1.1 service unavailable; client blocked using a listed zone', '5.1.1')).toBe(
      'blocked',
    );
    expect(fail('554 rejected: sending host listed at some dnsbl', '5.7.1')).toBe('blocked');
  });

  it('lets a mailbox code beat an ordinary phrase', () => {
    expect(fail('550 5.1.1 this is a system error report', '5.1.1')).toBe('userunknown');
  });

  it('tells sender authentication from SMTP AUTH', () => {
    expect(fail('550 5.7.26 message fails DMARC policy of the author domain', '5.7.26')).toBe(
      'authfailure',
    );
    expect(fail('550 SPF check failed for the sending host')).toBe('authfailure');
    expect(fail('530 5.7.0 SMTP authentication is required for relaying', '5.7.0')).toBe(
      'securityerror',
    );
  });

  it('names the host-side refusals', () => {
    expect(fail('450 4.7.1 Client host rejected: cannot find your reverse hostname', '4.7.1')).toBe(
      'requireptr',
    );
    expect(fail('550 the sending IP has a poor reputation, mail refused')).toBe('badreputation');
    expect(fail('421 4.7.0 too many concurrent connections from your host', '4.7.0')).toBe(
      'ratelimited',
    );
    expect(fail('554 5.7.1 <x@example.org>: Relay access denied', '5.7.1')).toBe('norelaying');
    expect(fail('530 Must issue a STARTTLS command first')).toBe('failedstarttls');
  });

  it('names the content refusals', () => {
    expect(fail('554 5.7.1 message rejected as spam by content filter', '5.7.1')).toBe(
      'spamdetected',
    );
    expect(fail('550 a virus was found in the attachment')).toBe('virusdetected');
    expect(fail('552 5.3.4 message size exceeds fixed maximum message size', '5.3.4')).toBe(
      'emailtoolarge',
    );
    expect(fail('550 mail size limit exceeded for this server')).toBe('emailtoolarge');
    expect(fail('550 the message is not RFC 5322 compliant: it has duplicate Date headers')).toBe(
      'notcompliantrfc',
    );
    expect(fail('554 message not accepted for policy reasons', '5.7.9')).toBe('policyviolation');
    expect(fail('550 administrative prohibition', undefined, 'RCPT')).toBe('policyviolation');
    expect(
      fail(
        '421 4.7.0 unusual rate from your IP; to protect our users from spam it is rate limited',
      ),
    ).toBe('ratelimited');
  });

  it('reads domain verdicts: unknown domain, no mail exchanger, null MX', () => {
    expect(
      fail(
        'Host or domain name not found. Name service error for name=x.test type=A: Host not found',
      ),
    ).toBe('hostunknown');
    expect(fail('Unrouteable address')).toBe('hostunknown');
    expect(fail('no MX record found for that domain')).toBe('notaccept');
    expect(fail('556 5.1.10 domain does not accept mail (null MX)', '5.1.10')).toBe('notaccept');
  });

  it('turns a temporary DNS failure into a network error', () => {
    expect(fail("DNS type 'mx' lookup of x.test responded with code NXDOMAIN", '4.0.0')).toBe(
      'networkerror',
    );
  });

  it('prefers the cause named inside a give-up notice', () => {
    expect(fail('Message expired, DNS query failed')).toBe('networkerror');
    expect(
      fail('Unable to contact LDAP server. I am not going to try again; too long in the queue'),
    ).toBe('systemerror');
    expect(fail('retry timeout exceeded')).toBe('expired');
    expect(
      fail('554 [x] Hop count exceeded - possible mail loop; server refused the message'),
    ).toBe('networkerror');
  });

  it('reads a local program failure', () => {
    expect(fail('X-Unix; 75', '4.3.0')).toBe('mailererror');
    expect(fail('procmail: could not create the spool file; no such user', '5.1.1')).toBe(
      'mailererror',
    );
  });

  it('joins multi-line replies before matching', () => {
    expect(
      fail(
        '550-5.7.1 messages with multiple 550-5.7.1 addresses in From: header are not accepted',
        '5.7.1',
      ),
    ).toBe('notcompliantrfc');
  });

  it('reads Japanese and French wording', () => {
    expect(categoryFromText('このメールアドレスは存在しません')).toBe('userunknown');
    expect(categoryFromText('メールボックスの容量を超過しています')).toBe('mailboxfull');
    expect(categoryFromText('550 Adresse destinataire invalide')).toBe('userunknown');
  });
});

describe('classifyFailure: the SMTP stage', () => {
  it('reads a refusal before MAIL FROM as a block of the sending host', () => {
    expect(fail('550 access denied', undefined, 'CONN')).toBe('blocked');
    expect(fail('501 invalid domain name', undefined, 'EHLO')).toBe('blocked');
    expect(fail('554 go away', undefined, 'CONN')).toBe('blocked');
  });

  it('reads a mailbox-style refusal at MAIL FROM as the sender refused', () => {
    expect(fail('553 that domain does not exist', '5.1.0', 'MAIL')).toBe('rejected');
    expect(fail('550 5.7.1 access denied', '5.7.1', 'MAIL')).toBe('rejected');
    expect(fail('550 unauthenticated senders not allowed', undefined, 'MAIL')).toBe(
      'securityerror',
    );
  });

  it('reads "user unknown" after DATA as a filter unless the code says mailbox', () => {
    expect(fail('550 unknown user', '5.0.0', 'DATA')).toBe('filtered');
    expect(fail('550 5.1.1 unknown user', '5.1.1', 'DATA')).toBe('userunknown');
  });

  it('reads "user unknown" under a security or disabled-mailbox code as a filter, but not at RCPT', () => {
    expect(fail('550 5.7.1 user unknown', '5.7.1')).toBe('filtered');
    expect(fail('550 5.7.1 user unknown', '5.7.1', 'RCPT')).toBe('userunknown');
    expect(fail('550 5.2.1 user unknown', '5.2.1')).toBe('filtered');
    expect(fail('550 5.2.1 user unknown', '5.2.1', 'RCPT')).toBe('userunknown');
  });

  it('falls back to what the action and the code imply', () => {
    expect(classifyFailure({ status: '4.0.0', action: 'delayed' })).toBe('expired');
    expect(fail('550 5.7.1 refused', '5.7.1')).toBe('securityerror');
    expect(fail('550 something odd happened', '5.0.0')).toBe('onhold');
    expect(fail(undefined)).toBe('undefined');
  });
});

describe('chooseStatus', () => {
  it('prefers the remote server code over the reporter mapping', () => {
    expect(chooseStatus('5.1.1', '550 5.7.1 your IP is blacklisted')).toBe('5.7.1');
    expect(chooseStatus('5.0.0', "5.1.0 - Unknown address error 550-'5.2.2 mailbox full'")).toBe(
      '5.2.2',
    );
    expect(chooseStatus('4.5.0', '550 5.5.0 refused')).toBe('5.5.0');
  });

  it('keeps the field when the remote code is vague or absent', () => {
    expect(chooseStatus('5.1.1', '550 5.0.0 user unknown')).toBe('5.1.1');
    expect(chooseStatus('5.2.2', 'mailbox full')).toBe('5.2.2');
    expect(chooseStatus('5.0.0', 'see 5.1.1 there')).toBe('5.1.1');
  });

  it('finds only a code that follows a reply code of the same class', () => {
    expect(remoteStatus('421 4.4.2 timed out')).toBe('4.4.2');
    expect(remoteStatus('550 4.4.2 odd')).toBeUndefined();
    expect(remoteStatus('version 1.2.3')).toBeUndefined();
  });
});

describe('clause boundaries inside a diagnostic', () => {
  it('joins the lines of one multi-line reply', () => {
    expect(
      replyClauses('550-5.7.1 This message does not have authentication 550-5.7.1 information.'),
    ).toEqual(['550-5.7.1 This message does not have authentication information.']);
    expect(
      categoryFromText(
        '550-5.7.1 This message does not have authentication\n550-5.7.1 information. 550 5.7.1 Please visit the help page',
      ),
    ).toBe('authfailure');
  });

  it('starts a new clause at another reply', () => {
    expect(replyClauses('host mx.example.net said: 550 5.1.1 User unknown 452 4.2.2 Full')).toEqual(
      ['host mx.example.net said:', '550 5.1.1 User unknown', '452 4.2.2 Full'],
    );
  });

  it('never matches a phrase across two replies', () => {
    // "recipient ... rejected" would read as the recipient's own filter; the words belong to
    // the dialogue's command and to another reply.
    expect(categoryFromText('RCPT TO:<x@example.net> recipient 554-5.7.1 rejected: see')).toBe(
      undefined,
    );
  });

  it('keeps a greylisting deferral off the address', () => {
    expect(fail('450 4.2.0 <x@example.net>: Recipient address rejected: Greylisted', '4.2.0')).toBe(
      'blocked',
    );
  });

  it('reads a timeout as a network error while retrying and as expired once given up', () => {
    const text = 'conversation with mx.example.net[192.0.2.1] timed out while sending end of data';
    expect(classifyFailure({ diagnostic: text, status: '4.4.2', action: 'delayed' })).toBe(
      'networkerror',
    );
    expect(classifyFailure({ diagnostic: text, status: '4.4.2', action: 'failed' })).toBe(
      'expired',
    );
  });
});

describe('what a mailbox is called never decides its category', () => {
  it('reads the reply, not the local part quoted in it', () => {
    // "spamhaus" as a mailbox name is not a blocklist listing; the domain is kept.
    expect(categoryFromText('550 <spamhaus@example.org>: mailbox unavailable')).toBe(
      categoryFromText('550 <someone@example.org>: mailbox unavailable'),
    );
    expect(categoryFromText('550 <spamhaus@example.org>: mailbox unavailable')).not.toBe('blocked');
    expect(categoryFromText('550 5.7.1 client host blocked using zen.spamhaus.org')).toBe(
      'blocked',
    );
  });
});
