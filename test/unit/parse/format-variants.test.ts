/**
 * Format variants: each MTA/provider template the parser reads, rendered with the
 * variations its real siblings show (one or several recipients, older and newer
 * wording, CRLF, quoted-printable or base64 text, with or without a delivery-status
 * part or the returned original). Every address is synthetic (example.*).
 */
import { describe, expect, it } from 'vitest';
import { parseMessageSync } from '../../../src/parse/index.js';
import { originalMessage, renderMail, type Encoding, type VariantMail } from './variant-mail.js';

const DAEMON = { From: 'MAILER-DAEMON@mx.example.net (Mail Delivery System)' };
const TO = { To: 'sender@example.org' };

function summary(m: VariantMail) {
  const parsed = parseMessageSync(renderMail(m));
  return {
    kind: parsed.kind,
    results: parsed.results.map((r) => [r.recipient, r.status, r.category]),
  };
}

/** The renderings every template is checked in. */
const RENDERINGS: { name: string; crlf: boolean; encoding?: Encoding }[] = [
  { name: 'LF, 7bit', crlf: false },
  { name: 'CRLF, quoted-printable', crlf: true, encoding: 'quoted-printable' },
  { name: 'LF, base64', crlf: false, encoding: 'base64' },
];

function dsnFields(
  rcpts: { addr: string; status: string; diag: string }[],
  mta = 'mx.example.net',
) {
  const per = rcpts
    .map(
      (r) =>
        `Final-Recipient: rfc822; ${r.addr}\nOriginal-Recipient: rfc822;${r.addr}\nAction: ${r.status.startsWith('4') ? 'delayed' : 'failed'}\nStatus: ${r.status}\nRemote-MTA: dns; mx.example.com\nDiagnostic-Code: smtp; ${r.diag}`,
    )
    .join('\n\n');
  return `Reporting-MTA: dns; ${mta}\nX-Postfix-Queue-ID: 4A1B2C3D4E\nArrival-Date: Mon,  2 Mar 2026 10:00:01 +0900 (JST)\n\n${per}\n`;
}

/** A template: the notice text for N recipients, plus how it is packaged. */
interface Family {
  name: string;
  headers: Record<string, string>;
  notice(rcpts: string[]): string;
  /** Expected [status, category] of every recipient. */
  expect: [string | undefined, string];
  dsn?: (rcpts: string[]) => string;
  /** The notice names no recipient: only the delivery-status part does. */
  dsnOnly?: boolean;
  /** multipart with the original attached (default: plain body with the original inline). */
  multipart?: boolean;
}

const userUnknown = (a: string) =>
  `550 5.1.1 <${a}>: Recipient address rejected: User unknown in local recipient table`;

const FAMILIES: Family[] = [
  {
    name: 'Postfix (current wording, DSN part)',
    headers: { ...DAEMON, ...TO, Subject: 'Undelivered Mail Returned to Sender' },
    notice: (rs) =>
      `This is the mail system at host mx.example.net.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\nFor further assistance, please send mail to postmaster.\n\nIf you do so, please include this problem report. You can\ndelete your own text from the attached returned message.\n\n                   The mail system\n\n` +
      rs
        .map(
          (a) =>
            `<${a}>: host mx.example.jp[192.0.2.25] said: 550 5.1.1\n    <${a}>: Recipient address rejected: User unknown in local\n    recipient table (in reply to RCPT TO command)\n`,
        )
        .join('\n'),
    dsn: (rs) => dsnFields(rs.map((a) => ({ addr: a, status: '5.1.1', diag: userUnknown(a) }))),
    expect: ['5.1.1', 'userunknown'],
  },
  {
    name: 'Postfix (older "Postfix program" wording, local delivery)',
    headers: { ...DAEMON, ...TO, Subject: 'Undelivered Mail Returned to Sender' },
    notice: (rs) =>
      `This is the Postfix program at host mail.example.net.\n\nI'm sorry to have to inform you that the message returned\nbelow could not be delivered to one or more destinations.\n\nFor further assistance, please send mail to <postmaster>\n\nIf you do so, please include this problem report. You can\ndelete your own text from the message returned below.\n\n\t\t\tThe Postfix program\n\n` +
      rs.map((a) => `<${a}>: unknown user: "${a.split('@')[0]}"\n`).join('\n'),
    dsn: (rs) =>
      dsnFields(rs.map((a) => ({ addr: a, status: '5.1.1', diag: 'X-Postfix; unknown user' }))),
    expect: ['5.1.1', 'userunknown'],
  },
  {
    name: 'Postfix (mailbox full, deferred then bounced)',
    headers: { ...DAEMON, ...TO, Subject: 'Undelivered Mail Returned to Sender' },
    notice: (rs) =>
      `This is the mail system at host mx.example.net.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\n                   The mail system\n\n` +
      rs
        .map(
          (a) =>
            `<${a}>: host mx.example.jp[192.0.2.25] said: 552 5.2.2 <${a}>:\n    Mailbox full (in reply to end of DATA command)\n`,
        )
        .join('\n'),
    dsn: (rs) =>
      dsnFields(
        rs.map((a) => ({ addr: a, status: '5.2.2', diag: `552 5.2.2 <${a}>: Mailbox full` })),
      ),
    expect: ['5.2.2', 'mailboxfull'],
  },
  {
    name: 'Sendmail (DSN part)',
    headers: {
      From: 'Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>',
      ...TO,
      Subject: 'Returned mail: see transcript for details',
    },
    notice: (rs) =>
      `The original message was received at Mon, 2 Mar 2026 10:00:00 +0900\nfrom client.example.org [192.0.2.10]\n\n   ----- The following addresses had permanent fatal errors -----\n` +
      rs.map((a) => `<${a}>\n    (reason: 550 5.1.1 <${a}>... User Unknown)\n`).join('') +
      `\n   ----- Transcript of session follows -----\n... while talking to mx.example.jp.:\n>>> DATA\n` +
      rs
        .map((a) => `<<< 550 5.1.1 <${a}>... User Unknown\n550 5.1.1 <${a}>... User unknown\n`)
        .join('') +
      `<<< 503 5.0.0 Need RCPT (recipient)\n`,
    dsn: (rs) =>
      dsnFields(
        rs.map((a) => ({ addr: a, status: '5.1.1', diag: `550 5.1.1 <${a}>... User Unknown` })),
      ),
    expect: ['5.1.1', 'userunknown'],
  },
  {
    name: 'Sendmail V5 (transcript only)',
    headers: {
      From: 'Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>',
      ...TO,
      Subject: 'Returned mail: User unknown',
    },
    notice: (rs) =>
      `   ----- Transcript of session follows -----\n` +
      rs.map((a) => `550 <${a}>... User unknown\n`).join('') +
      `\n   ----- Unsent message follows -----\n${originalMessage(rs[0] ?? '')}`,
    expect: ['5.1.1', 'userunknown'],
  },
  {
    name: 'Exim (remote reply)',
    headers: {
      From: 'Mail Delivery System <Mailer-Daemon@mx.example.net>',
      ...TO,
      Subject: 'Mail delivery failed: returning message to sender',
    },
    notice: (rs) =>
      `This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n` +
      rs
        .map(
          (a) =>
            `  ${a}\n    host mx.example.jp [192.0.2.25]\n    SMTP error from remote mail server after RCPT TO:<${a}>:\n    550 5.1.1 <${a}>: Recipient address rejected: User unknown\n`,
        )
        .join('') +
      `\n------ This is a copy of the message, including all the headers. ------\n\n${originalMessage(rs[0] ?? '')}`,
    expect: ['5.1.1', 'userunknown'],
  },
  {
    name: 'Exim (newer wording, X-Failed-Recipients)',
    headers: {
      From: 'Mail Delivery System <Mailer-Daemon@mx.example.net>',
      ...TO,
      Subject: 'Mail delivery failed: returning message to sender',
      'Auto-Submitted': 'auto-replied',
    },
    notice: (rs) =>
      `This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n` +
      rs
        .map(
          (a) =>
            `  ${a}\n    host mx.example.jp [192.0.2.25]\n    SMTP error from remote server for RCPT TO command, host: mx.example.jp (192.0.2.25) reason: 550 5.1.1 User unknown\n`,
        )
        .join('') +
      `\n------ This is a copy of the message, including all the headers. ------\n\n${originalMessage(rs[0] ?? '')}`,
    expect: ['5.1.1', 'userunknown'],
  },
  {
    name: 'Exim (local: unrouteable domain)',
    headers: {
      From: 'Mail Delivery System <Mailer-Daemon@mx.example.net>',
      ...TO,
      Subject: 'Mail delivery failed: returning message to sender',
    },
    notice: (rs) =>
      `This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n` +
      rs.map((a) => `  ${a}\n    Unrouteable address\n`).join('') +
      `\n------ This is a copy of the message, including all the headers. ------\n\n${originalMessage(rs[0] ?? '')}`,
    expect: ['5.1.2', 'hostunknown'],
  },
  {
    name: 'qmail (remote reply)',
    headers: { From: 'MAILER-DAEMON@mx.example.net', ...TO, Subject: 'failure notice' },
    notice: (rs) =>
      `Hi. This is the qmail-send program at mx.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n` +
      rs
        .map(
          (a) =>
            `<${a}>:\n192.0.2.25 does not like recipient.\nRemote host said: 550 5.1.1 <${a}>... User Unknown\nGiving up on 192.0.2.25.\n\n`,
        )
        .join('') +
      `--- Below this line is a copy of the message.\n\n${originalMessage(rs[0] ?? '')}`,
    expect: ['5.1.1', 'userunknown'],
  },
  {
    name: 'qmail (local: no mailbox)',
    headers: { From: 'MAILER-DAEMON@mx.example.net', ...TO, Subject: 'failure notice' },
    notice: (rs) =>
      `Hi. This is the qmail-send program at mx.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n` +
      rs.map((a) => `<${a}>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n`).join('') +
      `--- Below this line is a copy of the message.\n\n${originalMessage(rs[0] ?? '')}`,
    expect: ['5.1.1', 'userunknown'],
  },
  {
    name: 'OpenSMTPD',
    headers: {
      From: 'Mailer Daemon <MAILER-DAEMON@mx.example.net>',
      ...TO,
      Subject: 'Delivery status notification: error',
    },
    notice: (rs) =>
      `Hi!\n\nThis is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.\n\nAn error has occurred while attempting to deliver a message for\nthe following list of recipients:\n\n` +
      rs.map((a) => `${a}: 550 5.1.1 <${a}>... User Unknown\n`).join('') +
      `\nBelow is a copy of the original message:\n\n${originalMessage(rs[0] ?? '')}`,
    expect: ['5.1.1', 'userunknown'],
  },
  {
    name: 'Gmail (older text notice)',
    headers: {
      From: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
      ...TO,
      Subject: 'Delivery Status Notification (Failure)',
    },
    notice: (rs) =>
      `This is an automatically generated Delivery Status Notification\n\nDelivery to the following recipient${rs.length > 1 ? 's' : ''} failed permanently:\n\n` +
      rs.map((a) => `     ${a}\n`).join('') +
      `\nTechnical details of permanent failure:\nGoogle tried to deliver your message, but it was rejected by the server for the recipient domain example.jp by mx.example.jp. [192.0.2.25].\n\nThe error that the other server returned was:\n550 5.1.1 User Unknown\n\n----- Original message -----\n\n${originalMessage(rs[0] ?? '')}`,
    expect: ['5.1.1', 'userunknown'],
  },
  {
    name: 'RFC 3464 (generic MTA, DSN part)',
    headers: {
      From: 'postmaster@mx.example.net',
      ...TO,
      Subject: 'Delivery Status Notification (Failure)',
    },
    notice: () => `Your message could not be delivered to one or more recipients.\n`,
    dsnOnly: true,
    dsn: (rs) =>
      dsnFields(
        rs.map((a) => ({ addr: a, status: '5.1.1', diag: `550 5.1.1 <${a}>... User Unknown` })),
      ),
    expect: ['5.1.1', 'userunknown'],
  },
];

function check(f: Family, rcpts: string[]) {
  const cases: [string, VariantMail][] = [];
  for (const r of RENDERINGS) {
    if (f.multipart || f.dsn) {
      const parts = [{ type: 'text/plain', body: f.notice(rcpts), encoding: r.encoding }];
      const withDsn = f.dsn ? [{ type: 'message/delivery-status', body: f.dsn(rcpts) }] : [];
      cases.push([
        `${r.name}, original attached`,
        {
          headers: { ...f.headers },
          crlf: r.crlf,
          parts: [
            ...parts,
            ...withDsn,
            { type: 'message/rfc822', body: originalMessage(rcpts[0] ?? '') },
          ],
        },
      ]);
      cases.push([
        `${r.name}, headers only`,
        {
          headers: { ...f.headers },
          crlf: r.crlf,
          parts: [
            ...parts,
            ...withDsn,
            { type: 'text/rfc822-headers', body: originalMessage(rcpts[0] ?? '', false) },
          ],
        },
      ]);
      if (f.dsn && !f.dsnOnly)
        cases.push([
          `${r.name}, no delivery-status part`,
          { headers: { ...f.headers }, crlf: r.crlf, multipart: 'mixed', parts },
        ]);
    } else {
      cases.push([
        r.name,
        { headers: { ...f.headers }, crlf: r.crlf, encoding: r.encoding, body: f.notice(rcpts) },
      ]);
    }
  }
  return cases;
}

const ONE = ['kijitora@example.jp'];
const THREE = ['kijitora@example.jp', 'neko.mimi@example.com', 'shironeko+tag@example.net'];

describe('format variants', () => {
  for (const f of FAMILIES) {
    for (const rcpts of [ONE, THREE]) {
      for (const [name, m] of check(f, rcpts)) {
        it(`${f.name}: ${rcpts.length} recipient(s), ${name}`, () => {
          expect(summary(m)).toEqual({
            kind: 'bounce',
            results: rcpts.map((a) => [a, ...f.expect]),
          });
        });
      }
    }
  }
});

/** Notices whose recipients each have their own reply, and delay warnings. */
const D = { From: 'MAILER-DAEMON@mx.example.net (Mail Delivery System)', To: 'sender@example.org' };
const SINGLE_NOTICES: Record<string, { mail: VariantMail; expect: (string | undefined)[][] }> = {
  postfixMixed: {
    mail: {
      headers: { ...D, Subject: 'Undelivered Mail Returned to Sender' },
      body: `This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<kijitora@example.jp>: host mx.example.jp[192.0.2.25] said: 550 5.1.1
    <kijitora@example.jp>: Recipient address rejected: User unknown in local
    recipient table (in reply to RCPT TO command)

<neko@example.com>: host mx.example.com[192.0.2.26] said: 552 5.2.2 Mailbox
    full (in reply to end of DATA command)

<tora@example.net>: Host or domain name not found. Name service error for
    name=example.net type=A: Host not found
`,
    },
    expect: [
      ['kijitora@example.jp', '5.1.1', 'userunknown', 'failed'],
      ['neko@example.com', '5.2.2', 'mailboxfull', 'failed'],
      ['tora@example.net', '5.1.2', 'hostunknown', 'failed'],
    ],
  },
  eximMixed: {
    mail: {
      headers: {
        ...D,
        Subject: 'Mail delivery failed: returning message to sender',
        'X-Failed-Recipients': 'kijitora@example.jp, neko@example.com',
      },
      body: `This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  kijitora@example.jp
    host mx.example.jp [192.0.2.25]
    SMTP error from remote mail server after RCPT TO:<kijitora@example.jp>:
    550 5.1.1 User unknown
  neko@example.com
    host mx.example.com [192.0.2.26]
    SMTP error from remote mail server after end of data:
    552 5.2.2 Mailbox full

------ This is a copy of the message, including all the headers. ------
${originalMessage('kijitora@example.jp')}`,
    },
    expect: [
      ['kijitora@example.jp', '5.1.1', 'userunknown', 'failed'],
      ['neko@example.com', '5.2.2', 'mailboxfull', 'failed'],
    ],
  },
  eximMailFrom: {
    mail: {
      headers: { ...D, Subject: 'Mail delivery failed: returning message to sender' },
      body: `This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  kijitora@example.jp
    host mx.example.jp [192.0.2.25]
    SMTP error from remote mail server after MAIL FROM:<sender@example.org> SIZE=1234:
    550 5.7.1 Sender rejected: your domain has no SPF record

------ This is a copy of the message, including all the headers. ------
${originalMessage('kijitora@example.jp')}`,
    },
    expect: [['kijitora@example.jp', '5.7.1', 'authfailure', 'failed']],
  },
  eximDelay: {
    mail: {
      headers: { ...D, Subject: 'Warning: message 1abcDE-000123-XY delayed 24 hours' },
      body: `This message was created automatically by mail delivery software.
A message that you sent has not yet been delivered to one or more of its
recipients after more than 24 hours on the queue on mx.example.net.

The message identifier is:     1abcDE-000123-XY
The subject of the message is: Monthly report
The date of the message is:    Mon, 02 Mar 2026 10:00:00 +0900

The address to which the message has not yet been delivered is:

  kijitora@example.jp
    host mx.example.jp [192.0.2.25]
    Delay reason: SMTP error from remote mail server after RCPT TO:<kijitora@example.jp>:
    451 4.7.1 Greylisted, please try again later

No action is required on your part. Delivery attempts will continue for
some time, and this warning may be repeated at intervals if the message
remains undelivered. Eventually the mail delivery software will give up,
and when that happens, the message will be returned to you.
`,
    },
    expect: [['kijitora@example.jp', '4.7.1', 'blocked', 'delayed']],
  },
  qmailMixed: {
    mail: {
      headers: { ...D, Subject: 'failure notice' },
      body: `Hi. This is the qmail-send program at mx.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<kijitora@example.jp>:
Sorry, no mailbox here by that name. (#5.1.1)

<neko@example.com>:
192.0.2.26 does not like recipient.
Remote host said: 552 5.2.2 Mailbox quota exceeded
Giving up on 192.0.2.26.

<tora@example.net>:
Sorry, I couldn't find any host named example.net. (#5.1.2)

--- Below this line is a copy of the message.

${originalMessage('kijitora@example.jp')}`,
    },
    expect: [
      ['kijitora@example.jp', '5.1.1', 'userunknown', 'failed'],
      ['neko@example.com', '5.2.2', 'mailboxfull', 'failed'],
      ['tora@example.net', '5.1.2', 'hostunknown', 'failed'],
    ],
  },
  sendmailV5Mixed: {
    mail: {
      headers: { ...D, Subject: 'Returned mail: see transcript for details' },
      body: `   ----- Transcript of session follows -----
550 <kijitora@example.jp>... User unknown
554 <neko@example.com>... Service unavailable
550 5.2.2 <tora@example.net>... Mailbox full

   ----- Unsent message follows -----
${originalMessage('kijitora@example.jp')}`,
    },
    expect: [
      ['kijitora@example.jp', '5.1.1', 'userunknown', 'failed'],
      ['neko@example.com', undefined, 'systemerror', 'failed'],
      ['tora@example.net', '5.2.2', 'mailboxfull', 'failed'],
    ],
  },
  sendmailWhileTalking: {
    mail: {
      headers: { ...D, Subject: 'Returned mail: see transcript for details' },
      body: `The original message was received at Mon, 2 Mar 2026 10:00:00 +0900
from client.example.org [192.0.2.10]

   ----- The following addresses had permanent fatal errors -----
kijitora@example.jp
    (reason: 550 Requested action not taken: mailbox unavailable)
neko@example.com
    (reason: 552 5.2.2 Over quota)

   ----- Transcript of session follows -----
... while talking to mx.example.jp.:
>>> MAIL From:<sender@example.org> SIZE=1024
<<< 250 2.1.0 <sender@example.org>... Sender ok
>>> RCPT To:<kijitora@example.jp>
<<< 550 Requested action not taken: mailbox unavailable
550 5.1.1 kijitora@example.jp... User unknown
... while talking to mx.example.com.:
>>> DATA
<<< 552 5.2.2 Over quota
554 5.0.0 Service unavailable

   ----- Original message follows -----
${originalMessage('kijitora@example.jp')}`,
    },
    expect: [
      ['kijitora@example.jp', '5.1.1', 'userunknown', 'failed'],
      ['neko@example.com', '5.2.2', 'mailboxfull', 'failed'],
    ],
  },
  sendmailWarning: {
    mail: {
      headers: { ...D, Subject: 'Warning: could not send message for past 4 hours' },
      body: `    **********************************************
    **      THIS IS A WARNING MESSAGE ONLY      **
    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **
    **********************************************

The original message was received at Mon, 2 Mar 2026 10:00:00 +0900
from client.example.org [192.0.2.10]

   ----- The following addresses had transient non-fatal errors -----
<kijitora@example.jp>

   ----- Transcript of session follows -----
<kijitora@example.jp>... Deferred: Connection timed out with mx.example.jp.
Warning: message still undelivered after 4 hours
Will keep trying until message is 5 days old
`,
    },
    expect: [['kijitora@example.jp', '4.4.7', 'expired', 'delayed']],
  },
  postfixDelay: {
    mail: {
      headers: { ...D, Subject: 'Delayed Mail (still being retried)' },
      body: `This is the mail system at host mx.example.net.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 4 hour(s).
It will be retried until it is 5 day(s) old.

For further assistance, please send mail to postmaster.

                   The mail system

<kijitora@example.jp>: connect to mx.example.jp[192.0.2.25]:25: Connection
    timed out
`,
    },
    expect: [['kijitora@example.jp', '4.4.0', 'networkerror', 'delayed']],
  },
  postfixExpired: {
    mail: {
      headers: { ...D, Subject: 'Undelivered Mail Returned to Sender' },
      body: `This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<kijitora@example.jp>: connect to mx.example.jp[192.0.2.25]:25: Connection
    timed out
`,
    },
    expect: [['kijitora@example.jp', '4.4.7', 'expired', 'failed']],
  },
  opensmtpdMixed: {
    mail: {
      headers: { ...D, Subject: 'Delivery status notification: error' },
      body: `Hi!

This is the MAILER-DAEMON, please DO NOT REPLY to this email.

An error has occurred while attempting to deliver a message for
the following list of recipients:

kijitora@example.jp: 550 5.1.1 <kijitora@example.jp>... User Unknown

neko@example.com: Domain not found

Below is a copy of the original message:

${originalMessage('kijitora@example.jp')}`,
    },
    expect: [
      ['kijitora@example.jp', '5.1.1', 'userunknown', 'failed'],
      ['neko@example.com', '5.1.2', 'hostunknown', 'failed'],
    ],
  },
  opensmtpdDelay: {
    mail: {
      headers: { ...D, Subject: 'Delivery status notification: delay' },
      body: `Hi!

This is the MAILER-DAEMON, please DO NOT REPLY to this email.

An error has occurred while attempting to deliver a message for
the following list of recipients:

kijitora@example.jp: 421 4.7.0 Try again later

Below is a copy of the original message:

${originalMessage('kijitora@example.jp')}`,
    },
    expect: [['kijitora@example.jp', '4.7.0', 'systemerror', 'delayed']],
  },
  dragonflyNew: {
    mail: {
      headers: { ...D, Subject: 'Mail delivery failed' },
      body: `This is the DragonFly Mail Agent v0.13-1 at mx.example.net.

There was an error delivering your mail to <kijitora@example.jp>.

mx.example.jp [192.0.2.25] did not like our RCPT TO:
552 5.2.2 <kijitora@example.jp>: Mailbox full

Original message follows.

${originalMessage('kijitora@example.jp')}`,
    },
    expect: [['kijitora@example.jp', '5.2.2', 'mailboxfull', 'failed']],
  },
  gmailNewAlt: {
    mail: {
      headers: {
        From: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
        To: 'sender@example.org',
        Subject: 'Delivery Status Notification (Failure)',
      },
      multipart: 'mixed',
      parts: [
        {
          type: 'text/plain',
          charset: 'UTF-8',
          encoding: 'quoted-printable',
          body: `\n** Address not found **\n\nYour message wasn't delivered to kijitora@example.jp because the address couldn't be found, or is unable to receive mail.\n\nLearn more here: https://support.google.com/mail/?p=NoSuchUser\n\nThe response was:\n\n550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser a1si123.456 - gsmtp\n`,
        },
        {
          type: 'text/html',
          charset: 'UTF-8',
          body: `<html><body><p>Your message wasn't delivered to <a href="mailto:kijitora@example.jp">kijitora@example.jp</a></p></body></html>`,
        },
        { type: 'message/rfc822', body: originalMessage('kijitora@example.jp') },
      ],
    },
    expect: [['kijitora@example.jp', '5.1.1', 'userunknown', 'failed']],
  },
  gmailMailboxFull: {
    mail: {
      headers: {
        From: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
        To: 'sender@example.org',
        Subject: 'Delivery Status Notification (Failure)',
      },
      body: `** Message not delivered **

Your message couldn't be delivered to kijitora@example.jp because the remote server is misconfigured. See technical details below for more information.

The response from the remote server was:
552 5.2.2 The email account that you tried to reach is over quota. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp
`,
    },
    expect: [['kijitora@example.jp', '5.2.2', 'mailboxfull', 'failed']],
  },
  office365Text: {
    mail: {
      headers: {
        From: 'Microsoft Outlook <postmaster@outlook.example.com>',
        To: 'sender@example.org',
        Subject: 'Undeliverable: Monthly report',
      },
      multipart: 'mixed',
      parts: [
        {
          type: 'text/plain',
          charset: 'utf-8',
          encoding: 'base64',
          body: `Your message to kijitora@example.jp couldn't be delivered.\n\nkijitora wasn't found at example.jp.\n\n\nsender      Office 365      kijitora\nAction Required                 Recipient\n\nUnknown To address\n\nHow to Fix It\nThe address may be misspelled or may not exist.\n\nDiagnostic information for administrators:\n\nGenerating server: AB1PR01MB1234.example.prod.outlook.com\n\nkijitora@example.jp\nRemote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'\n\nOriginal message headers:\n\nReceived: from x by y\nFrom: sender@example.org\n`,
        },
      ],
    },
    expect: [['kijitora@example.jp', '5.1.10', 'userunknown', 'failed']],
  },
  exchange2007: {
    mail: {
      headers: {
        From: 'postmaster@example.jp',
        To: 'sender@example.org',
        Subject: 'Undeliverable: Monthly report',
      },
      multipart: 'mixed',
      parts: [
        {
          type: 'text/plain',
          charset: 'us-ascii',
          body: `Delivery has failed to these recipients or groups:\n\nkijitora@example.jp\nThe e-mail address you entered couldn't be found. Please check the recipient's e-mail address and try to resend the message. If the problem continues, please contact your helpdesk.\n\nneko@example.jp\nThe recipient's mailbox is full and can't accept messages now. Please try resending this message later, or contact the recipient directly.\n\nDiagnostic information for administrators:\n\nGenerating server: mail.example.jp\n\nkijitora@example.jp\n#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##\n\nneko@example.jp\n#550 5.2.2 STOREDRV.Deliver; mailbox full ##\n\nOriginal message headers:\n\nReceived: from x\n`,
        },
      ],
    },
    expect: [
      ['kijitora@example.jp', '5.1.1', 'userunknown', 'failed'],
      ['neko@example.jp', '5.2.2', 'mailboxfull', 'failed'],
    ],
  },
  yahoo: {
    mail: {
      headers: {
        From: 'MAILER-DAEMON@yahoo.example.com',
        To: 'sender@example.org',
        Subject: 'Failure Notice',
      },
      body: `Sorry, we were unable to deliver your message to the following address.

<kijitora@example.jp>:
Remote host said: 550 5.1.1 <kijitora@example.jp>: Recipient address rejected: User unknown [RCPT_TO]

--- Below this line is a copy of the message.
`,
    },
    expect: [['kijitora@example.jp', '5.1.1', 'userunknown', 'failed']],
  },
  messagingServer: {
    mail: {
      headers: {
        From: 'Internet Mail Delivery <postmaster@example.jp>',
        To: 'sender@example.org',
        Subject: 'Delivery Notification: Delivery has failed',
      },
      parts: [
        {
          type: 'text/plain',
          charset: 'us-ascii',
          body: `This report relates to a message you sent with the following header fields:\n\n  Message-id: <0123@example.org>\n  Date: Mon, 02 Mar 2026 10:00:00 +0900\n  From: sender@example.org\n  To: kijitora@example.jp\n  Subject: Monthly report\n\nYour message cannot be delivered to the following recipients:\n\n  Recipient address: kijitora@example.jp\n  Original address: kijitora@example.jp\n  Reason: Remote SMTP server has rejected address\n  Diagnostic code: smtp;550 5.1.1 unknown or illegal alias: kijitora@example.jp\n  Remote system: dns;mx.example.jp (TCP|192.0.2.1|12345|192.0.2.25|25)\n`,
        },
        { type: 'text/rfc822-headers', body: originalMessage('kijitora@example.jp', false) },
      ],
      multipart: 'mixed',
    },
    expect: [['kijitora@example.jp', '5.1.1', 'userunknown', 'failed']],
  },
  courier: {
    mail: {
      headers: {
        From: 'Courier mail server at mx.example.net <@>',
        To: 'sender@example.org',
        Subject: 'NOTICE: mail delivery status.',
      },
      body: `This is a delivery status notification from mx.example.net,
running the Courier mail server, version 1.0.

The original message was received on Mon, 02 Mar 2026 10:00:00 +0900
from [192.0.2.10]

---------------------------------------------------------------------------

                           UNDELIVERABLE MAIL

Your message to the following recipients cannot be delivered:

<kijitora@example.jp>:
    mx.example.jp [192.0.2.25]:
>>> RCPT TO:<kijitora@example.jp>
<<< 550 5.1.1 <kijitora@example.jp>... User Unknown

---------------------------------------------------------------------------
`,
    },
    expect: [['kijitora@example.jp', '5.1.1', 'userunknown', 'failed']],
  },
};

describe('per-recipient replies and delay warnings', () => {
  for (const [name, c] of Object.entries(SINGLE_NOTICES)) {
    it(`${name}: every recipient with its own status, category and action`, () => {
      const parsed = parseMessageSync(renderMail(c.mail));
      expect(parsed.kind).toBe('bounce');
      expect(parsed.results.map((r) => [r.recipient, r.status, r.category, r.action])).toEqual(
        c.expect,
      );
    });
  }
});

describe('Amazon SES notifications by e-mail', () => {
  const rcpts = THREE;
  const bounce = {
    notificationType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      reportingMTA: 'dsn; a1-2.smtp-out.amazonses.com',
      timestamp: '2026-03-02T01:00:00.000Z',
      bouncedRecipients: rcpts.map((a, i) => ({
        emailAddress: a,
        action: 'failed',
        status: ['5.1.1', '5.2.2', '5.4.4'][i],
        diagnosticCode: [
          'smtp; 550 5.1.1 user unknown',
          'smtp; 552 5.2.2 mailbox full',
          'smtp; 550 5.4.4 Unable to route',
        ][i],
      })),
    },
    mail: { source: 'sender@example.org', messageId: '0100abc', destination: rcpts },
  };
  const complaint = {
    notificationType: 'Complaint',
    complaint: {
      complainedRecipients: [{ emailAddress: ONE[0] }],
      complaintFeedbackType: 'abuse',
      timestamp: '2026-03-02T01:00:00.000Z',
    },
    mail: { source: 'sender@example.org', messageId: '0100abc', destination: ONE },
  };
  const H = {
    From: 'no-reply@sns.amazonaws.com',
    To: 'sender@example.org',
    Subject: 'AWS Notification Message',
  };
  const sns = (n: object) =>
    JSON.stringify({ Type: 'Notification', MessageId: 'x', Message: JSON.stringify(n) });
  // Relays fold the one long JSON line at 70-odd characters.
  const fold = (s: string) => (s.match(/.{1,70}/g) ?? []).join('\n ');
  const BOUNCES: [string, VariantMail][] = [
    ['plain JSON', { headers: H, body: JSON.stringify(bounce) }],
    ['pretty-printed JSON', { headers: H, body: JSON.stringify(bounce, null, 2) }],
    ['folded JSON', { headers: H, body: fold(JSON.stringify(bounce)) }],
    ['folded SNS envelope, CRLF', { headers: H, crlf: true, body: fold(sns(bounce)) }],
    [
      'SNS envelope, quoted-printable',
      { headers: H, encoding: 'quoted-printable', body: sns(bounce) },
    ],
    ['base64 JSON', { headers: H, encoding: 'base64', body: JSON.stringify(bounce) }],
  ];
  it.each(BOUNCES)('reads every bounced recipient: %s', (_name, m) => {
    expect(summary(m)).toEqual({
      kind: 'bounce',
      results: [
        [THREE[0], '5.1.1', 'userunknown'],
        [THREE[1], '5.2.2', 'mailboxfull'],
        [THREE[2], '5.4.4', 'hostunknown'],
      ],
    });
  });
  it.each([
    ['SNS envelope', { headers: H, body: sns(complaint) }],
    [
      'quoted-printable, CRLF',
      { headers: H, encoding: 'quoted-printable', crlf: true, body: JSON.stringify(complaint) },
    ],
  ] as [string, VariantMail][])('reads a complaint: %s', (_name, m) => {
    expect(summary(m)).toEqual({ kind: 'complaint', results: [[ONE[0], undefined, 'feedback']] });
  });
});

describe('ARF feedback reports', () => {
  const human =
    'This is an email abuse report for an email message received from IP 192.0.2.10 on Mon, 2 Mar 2026 10:00:00 +0900.\n';
  const fields = (extra: string, type = 'abuse') =>
    `Feedback-Type: ${type}\nUser-Agent: ExampleFBL/1.0\nVersion: 1\n${extra}Source-IP: 192.0.2.10\nArrival-Date: Mon, 2 Mar 2026 10:00:00 +0900\n`;
  const H = {
    From: 'Feedback Loop <fbl@isp.example.net>',
    To: 'fbl@example.org',
    Subject: 'Abuse Report',
  };
  const arf = (parts: VariantMail['parts'], crlf = false): Buffer =>
    Buffer.from(
      renderMail({ headers: H, crlf, parts })
        .toString()
        .replace('report-type=delivery-status', 'report-type=feedback-report'),
    );
  const rcptTo = `Original-Rcpt-To: ${ONE[0]}\n`;
  const CASES: [string, Buffer, string[], string][] = [
    [
      'Original-Rcpt-To, original attached',
      arf([
        { type: 'text/plain', body: human },
        { type: 'message/feedback-report', body: fields(rcptTo) },
        { type: 'message/rfc822', body: originalMessage(ONE[0] ?? '') },
      ]),
      ONE,
      'abuse',
    ],
    [
      "no Original-Rcpt-To: the original's To",
      arf([
        { type: 'text/plain', body: human },
        { type: 'message/feedback-report', body: fields('') },
        { type: 'message/rfc822', body: originalMessage(ONE[0] ?? '') },
      ]),
      ONE,
      'abuse',
    ],
    [
      'opt-out, headers only, CRLF',
      arf(
        [
          { type: 'text/plain', body: human },
          {
            type: 'message/feedback-report',
            body: fields(`Original-Rcpt-To: <${ONE[0]}>\n`, 'opt-out'),
          },
          { type: 'text/rfc822-headers', body: originalMessage(ONE[0] ?? '', false) },
        ],
        true,
      ),
      ONE,
      'opt-out',
    ],
    [
      'base64 notice, CRLF',
      arf(
        [
          { type: 'text/plain', body: human, encoding: 'base64' },
          { type: 'message/feedback-report', body: fields(rcptTo) },
          { type: 'message/rfc822', body: originalMessage(ONE[0] ?? '') },
        ],
        true,
      ),
      ONE,
      'abuse',
    ],
    [
      'auth-failure',
      arf([
        { type: 'text/plain', body: human },
        {
          type: 'message/feedback-report',
          body: fields(`Auth-Failure: dkim\n${rcptTo}`, 'auth-failure'),
        },
        { type: 'text/rfc822-headers', body: originalMessage(ONE[0] ?? '', false) },
      ]),
      ONE,
      'auth-failure',
    ],
    [
      'no original at all',
      arf([
        { type: 'text/plain', body: human },
        { type: 'message/feedback-report', body: fields(rcptTo) },
      ]),
      ONE,
      'abuse',
    ],
    [
      'two Original-Rcpt-To fields',
      arf([
        { type: 'text/plain', body: human },
        {
          type: 'message/feedback-report',
          body: fields(`${rcptTo}Original-Rcpt-To: ${THREE[1]}\n`),
        },
      ]),
      [ONE[0] ?? '', THREE[1] ?? ''],
      'abuse',
    ],
  ];
  it.each(CASES)('reads a complaint: %s', (_name, raw, rcpts, type) => {
    const parsed = parseMessageSync(raw);
    expect(parsed.kind).toBe('complaint');
    expect(parsed.results.map((r) => [r.recipient, r.category, r.feedbackType])).toEqual(
      rcpts.map((a) => [a, 'feedback', type]),
    );
  });
});

describe("provider codes inside other MTAs' reports", () => {
  it('reads Orange / La Poste code 416 as an unknown recipient even after DATA', () => {
    const m: VariantMail = {
      headers: { ...D, Subject: 'Returned mail: see transcript for details' },
      parts: [
        {
          type: 'text/plain',
          body: 'The original message was received at Mon, 2 Mar 2026 10:00:00 +0900\n',
        },
        {
          type: 'message/delivery-status',
          body: `Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: RFC822; ${ONE[0]}\nAction: failed\nStatus: 5.5.0\nRemote-MTA: DNS; smtp.example.fr\nDiagnostic-Code: SMTP; 550 5.5.0 Adresse destinataire invalide. Invalid recipient. LPN007_416\n`,
        },
      ],
    };
    expect(summary(m)).toEqual({ kind: 'bounce', results: [[ONE[0], '5.5.0', 'userunknown']] });
  });
});
