/**
 * Formats that the development corpus has little or nothing of: provider replies (Gmail,
 * Microsoft 365, Yahoo, iCloud, Proofpoint, Mimecast, Barracuda, Cisco) inside the DSNs of
 * common MTAs, those MTAs' own local failures, sending-service event payloads, redacted
 * complaints, auto-replies in several languages and mail that is no bounce at all. Each
 * fixture in test/fixtures/parse/unseen/ is hand-written (see test/fixtures/SOURCES.md).
 */
import { describe, expect, it } from 'vitest';
import { classifyFailure, parseMessage } from '../../../src/parse/index.js';
import { chooseStatus } from '../../../src/parse/categories/status-choice.js';
import { findReplyCode } from '../../../src/parse/text/codes.js';
import type { MessageKind } from '../../../src/core/vocabulary.js';
import { fixture } from './helpers.js';

interface Expected {
  recipient: string;
  status: string | undefined;
  replyCode: string | undefined;
  category: string;
  action?: string;
}

function r(
  recipient: string,
  status: string | undefined,
  replyCode: string | undefined,
  category: string,
  action?: string,
): Expected {
  return { recipient, status, replyCode, category, ...(action && { action }) };
}

/** The VERP secret the redacted-complaint fixture's Return-Path was signed with. */
const VERP = { secret: 'unseen-secret' };

const CASES: Array<[file: string, kind: MessageKind, results: Expected[]]> = [
  ['barracuda-554-reputation.eml', 'bounce', [r('jay@bc.example.com', '5.7.1', '554', 'blocked')]],
  [
    'dsn-mixed-failed-delayed-delivered.eml',
    'bounce',
    [
      r('dora@example.net', '5.1.1', '550', 'userunknown', 'failed'),
      r('eli@example.net', '4.4.1', undefined, 'networkerror', 'delayed'),
      r('finn@example.net', '2.0.0', '250', 'delivered', 'delivered'),
    ],
  ],
  [
    'exim-all-hosts-failing.eml',
    'bounce',
    [r('rex@down.example.net', '4.4.7', undefined, 'expired')],
  ],
  [
    'exim-retry-timeout-exceeded.eml',
    'bounce',
    [r('pat@down.example.net', '4.4.7', undefined, 'expired')],
  ],
  [
    'gmail-421-4.7.0-low-ip-reputation.eml',
    'bounce',
    [r('gina@gmail.example.com', '4.7.0', '421', 'badreputation')],
  ],
  [
    'gmail-421-4.7.28-unusual-rate.eml',
    'bounce',
    [r('dario@gmail.example.com', '4.7.28', '421', 'ratelimited', 'delayed')],
  ],
  [
    'gmail-450-4.2.1-receiving-too-fast.eml',
    'bounce',
    [r('elena@gmail.example.com', '4.2.1', '450', 'ratelimited', 'delayed')],
  ],
  [
    'gmail-5.7.25-no-ptr.eml',
    'bounce',
    [r('jon@gmail.example.com', '5.7.25', '550', 'requireptr')],
  ],
  [
    'gmail-550-5.1.1-no-such-user.eml',
    'bounce',
    [r('alice.h@gmail.example.com', '5.1.1', '550', 'userunknown')],
  ],
  [
    'gmail-550-5.2.1-account-disabled.eml',
    'bounce',
    [r('ines@gmail.example.com', '5.2.1', '550', 'suspend')],
  ],
  [
    'gmail-550-5.7.1-ip-not-authorized.eml',
    'bounce',
    [r('hugo@workspace.example.com', '5.7.1', '550', 'blocked')],
  ],
  [
    'gmail-550-5.7.1-likely-unsolicited.eml',
    'bounce',
    [r('fabio@gmail.example.com', '5.7.1', '550', 'spamdetected')],
  ],
  [
    'gmail-550-5.7.26-dmarc-policy.eml',
    'bounce',
    [r('kira@gmail.example.com', '5.7.26', '550', 'authfailure')],
  ],
  [
    'gmail-550-5.7.26-unauthenticated.eml',
    'bounce',
    [r('carla@gmail.example.com', '5.7.26', '550', 'authfailure')],
  ],
  [
    'gmail-552-5.2.2-over-quota.eml',
    'bounce',
    [r('bruno@gmail.example.com', '5.2.2', '552', 'mailboxfull')],
  ],
  [
    'gmail-own-delay-text.eml',
    'bounce',
    [r('mario@slow.example.net', '4.4.7', undefined, 'expired', 'delayed')],
  ],
  [
    'gmail-own-ndr-address-not-found.eml',
    'bounce',
    [r('lena@corp.example.net', '5.1.1', '550', 'userunknown')],
  ],
  [
    'icloud-550-5.1.1-user-unknown.eml',
    'bounce',
    [r('cleo@icloud.example.com', '5.1.1', '550', 'userunknown')],
  ],
  [
    'icloud-554-5.7.1-local-policy.eml',
    'bounce',
    [r('dan@me.example.com', '5.7.1', '554', 'policyviolation')],
  ],
  [
    'ironport-550-address-rejected.eml',
    'bounce',
    [r('kim@ip.example.com', '5.1.0', '550', 'userunknown')],
  ],
  [
    'ironport-554-poor-reputation.eml',
    'bounce',
    [r('lou@ip.example.com', undefined, '554', 'badreputation')],
  ],
  [
    'm365-4.4.7-message-expired.eml',
    'bounce',
    [r('walt@slow.example.net', '4.4.7', '550', 'expired')],
  ],
  [
    'm365-5.7.708-traffic-not-accepted.eml',
    'bounce',
    [r('quinn@outlook.example.com', '5.7.708', '550', 'badreputation')],
  ],
  [
    'm365-5.7.750-unregistered-domain.eml',
    'bounce',
    [r('rosa@tenant.example.net', '5.7.750', '550', 'blocked')],
  ],
  [
    'm365-550-5.1.10-recipient-not-found.eml',
    'bounce',
    [r('nora@contoso.example.com', '5.1.10', '550', 'userunknown')],
  ],
  [
    'm365-550-5.4.1-access-denied.eml',
    'bounce',
    [r('omar@fabrikam.example.com', '5.4.1', '550', 'userunknown')],
  ],
  [
    'm365-552-5.2.2-mailbox-full.eml',
    'bounce',
    [r('pia@contoso.example.com', '5.2.2', '552', 'mailboxfull')],
  ],
  ['mailgun-failed-json.eml', 'bounce', [r('abel@example.net', '5.1.1', '550', 'userunknown')]],
  [
    'mimecast-550-anti-spoofing.eml',
    'bounce',
    [r('gus@mc.example.com', '5.0.0', '550', 'policyviolation')],
  ],
  [
    'mimecast-550-invalid-recipient.eml',
    'bounce',
    [r('hal@mc.example.com', '5.0.0', '550', 'userunknown')],
  ],
  ['mimecast-554-rbl.eml', 'bounce', [r('ivy@mc.example.com', undefined, '554', 'blocked')]],
  [
    'outlook-451-4.7.650-ip-reputation.eml',
    'bounce',
    [r('vera@outlook.example.com', '4.7.650', '451', 'badreputation', 'delayed')],
  ],
  [
    'outlook-550-5.5.0-mailbox-unavailable.eml',
    'bounce',
    [r('ugo@outlook.example.com', '5.5.0', '550', 'userunknown')],
  ],
  [
    'outlook-550-5.7.1-s3150-blocklist.eml',
    'bounce',
    [r('sam@hotmail.example.com', '5.7.1', '550', 'blocked')],
  ],
  [
    'outlook-550-5.7.606-banned-ip.eml',
    'bounce',
    [r('tina@outlook.example.com', '5.7.606', '550', 'blocked')],
  ],
  [
    'postfix-host-not-found.eml',
    'bounce',
    [r('olga@nodomain.example.net', '5.4.4', undefined, 'hostunknown')],
  ],
  [
    'postfix-local-mailbox-full.eml',
    'bounce',
    [r('max@example.net', '5.2.2', undefined, 'mailboxfull')],
  ],
  [
    'postfix-local-unknown-user.eml',
    'bounce',
    [r('ned@example.net', '5.1.1', undefined, 'userunknown')],
  ],
  ['postmark-bounce-json.eml', 'bounce', [r('xavi@example.net', '5.1.1', '550', 'userunknown')]],
  [
    'proofpoint-550-spam-content.eml',
    'bounce',
    [r('fay@pp.example.com', '5.7.1', '550', 'spamdetected')],
  ],
  [
    'proofpoint-554-ipcheck-blocked.eml',
    'bounce',
    [r('erik@pp.example.com', '5.7.1', '554', 'blocked')],
  ],
  [
    'qmail-no-smtp-connection.eml',
    'bounce',
    [r('sue@unreachable.example.net', '4.4.1', undefined, 'networkerror')],
  ],
  [
    'sendgrid-events-json.eml',
    'bounce',
    [
      r('yann@example.net', '5.2.1', '550', 'suspend'),
      r('zack@example.net', undefined, undefined, 'feedback'),
    ],
  ],
  [
    'sendmail-deferred-warning.eml',
    'bounce',
    [r('tom@slow.example.net', '4.4.1', undefined, 'networkerror', 'delayed')],
  ],
  ['ses-bounce-mailbox-full.eml', 'bounce', [r('vic@example.net', '5.2.2', '552', 'mailboxfull')]],
  ['ses-bounce-permanent.eml', 'bounce', [r('uma@example.net', '5.1.1', '550', 'userunknown')]],
  [
    'sparkpost-bounce-json.eml',
    'bounce',
    [
      r('bea@example.net', '5.2.2', '552', 'mailboxfull'),
      r('carl@example.net', '5.1.1', '550', 'userunknown'),
    ],
  ],
  [
    'yahoo-421-4.7.0-ts03.eml',
    'bounce',
    [r('zoe@aol.example.com', '4.7.0', '421', 'badreputation')],
  ],
  [
    'yahoo-421-4.7.0-tss04.eml',
    'bounce',
    [r('yuri@yahoo.example.com', '4.7.0', '421', 'badreputation', 'delayed')],
  ],
  [
    'yahoo-552-mailbox-full.eml',
    'bounce',
    [r('amy@yahoo.example.com', '5.2.2', '552', 'mailboxfull')],
  ],
  [
    'yahoo-554-5.7.9-policy.eml',
    'bounce',
    [r('xena@yahoo.example.com', '5.7.9', '554', 'policyviolation')],
  ],
  [
    // Refused after end of data without an X.1.1 code: a filter's verdict, not the mailbox
    // lookup's (docs/decision-order.md, stage rule).
    'yahoo-554-dd-no-account.eml',
    'bounce',
    [r('ben@yahoo.example.com', undefined, '554', 'filtered')],
  ],
  ['dsn-success-delivered.eml', 'delivered', [r('gail@example.net', '2.0.0', '250', 'delivered')]],
  [
    'arf-comcast-redacted-verp.eml',
    'complaint',
    [r('dana@comcast.example.net', undefined, undefined, 'feedback')],
  ],
  // Nothing names the complainer: one result under the provider's redacted placeholder.
  [
    'arf-redacted-nothing-known.eml',
    'complaint',
    [r('redacted@isp.example.net', undefined, undefined, 'feedback')],
  ],
  [
    'arf-yahoo-original-to.eml',
    'complaint',
    [r('hana@yahoo.example.com', undefined, undefined, 'feedback')],
  ],
  [
    'jmrp-outlook-redacted.eml',
    'complaint',
    [r('ivan@outlook.example.com', undefined, undefined, 'feedback')],
  ],
  ['ses-complaint-sns.eml', 'complaint', [r('wes@example.net', undefined, undefined, 'feedback')]],
  [
    'address-changed-notice.eml',
    'autoreply',
    [r('rita@old.example.net', undefined, undefined, 'vacation')],
  ],
  ['autoreply-de.eml', 'autoreply', [r('klaus@example.de', undefined, undefined, 'vacation')]],
  [
    'autoreply-en-outlook.eml',
    'autoreply',
    [r('jane@example.net', undefined, undefined, 'vacation')],
  ],
  ['autoreply-es.eml', 'autoreply', [r('lucia@example.es', undefined, undefined, 'vacation')]],
  ['autoreply-fr.eml', 'autoreply', [r('rene@example.fr', undefined, undefined, 'vacation')]],
  [
    'autoreply-gmail-vacation.eml',
    'autoreply',
    [r('olivia@gmail.example.com', undefined, undefined, 'vacation')],
  ],
  ['autoreply-it.eml', 'autoreply', [r('marco@example.it', undefined, undefined, 'vacation')]],
  ['autoreply-ja.eml', 'autoreply', [r('yamada@example.jp', undefined, undefined, 'vacation')]],
  ['autoreply-nl.eml', 'autoreply', [r('pieter@example.nl', undefined, undefined, 'vacation')]],
  ['autoreply-pt.eml', 'autoreply', [r('ana@example.com.br', undefined, undefined, 'vacation')]],
  [
    'challenge-response.eml',
    'autoreply',
    [r('paul@example.net', undefined, undefined, 'vacation')],
  ],
  ['human-complaint-text.eml', 'unknown', []],
  ['human-reply-to-return-path.eml', 'unknown', []],
  [
    'autoreply-ooo-body-only-pl.eml',
    'autoreply',
    [r('zofia@example.pl', undefined, undefined, 'vacation')],
  ],
  ['comcast-554-dnsbl.eml', 'bounce', [r('abby@comcast.example.net', '5.7.1', '554', 'blocked')]],
  [
    'comcast-rl-rate-limited.eml',
    'bounce',
    [r('beth@comcast.example.net', '4.2.0', '452', 'ratelimited', 'delayed')],
  ],
  [
    'communigate-failed-to-deliver.eml',
    'bounce',
    [r('ulla@corp.example.net', '5.2.2', '552', 'mailboxfull')],
  ],
  [
    'exchange-delivered-receipt.eml',
    'delivered',
    [r('wendy@corp.example.net', '2.0.0', undefined, 'delivered')],
  ],
  [
    'gmail-421-4.7.0-tls-required.eml',
    'bounce',
    [r('lara@workspace.example.com', '4.7.0', '421', 'failedstarttls', 'delayed')],
  ],
  [
    'gmail-452-4.2.2-over-quota.eml',
    'bounce',
    [r('kurt@gmail.example.com', '4.2.2', '452', 'mailboxfull', 'delayed')],
  ],
  [
    'gmail-550-5.7.1-missing-message-id.eml',
    'bounce',
    [r('mila@gmail.example.com', '5.7.1', '550', 'notcompliantrfc')],
  ],
  [
    'gmail-550-5.7.32-not-aligned.eml',
    'bounce',
    [r('nils@gmail.example.com', '5.7.32', '550', 'authfailure')],
  ],
  [
    'gmx-550-mailbox-unavailable.eml',
    'bounce',
    [r('dirk@web.example.de', '5.0.0', '550', 'userunknown')],
  ],
  [
    'gmx-554-ip-blacklisted.eml',
    'bounce',
    [r('carl@gmx.example.net', undefined, '554', 'blocked')],
  ],
  [
    'gmx-own-permanent-error.eml',
    'bounce',
    [r('rolf@corp.example.net', '5.1.1', '550', 'userunknown')],
  ],
  [
    'hmailserver-not-reached.eml',
    'bounce',
    [r('teo@corp.example.net', '5.1.1', '550', 'userunknown')],
  ],
  [
    'm365-550-5.7.133-group-restricted.eml',
    'bounce',
    [r('sales@tenant.example.com', '5.7.133', '550', 'filtered')],
  ],
  [
    'm365-550-5.7.520-external-forwarding.eml',
    'bounce',
    [r('petra@tenant.example.com', '5.7.520', '550', 'policyviolation')],
  ],
  [
    'mailru-550-invalid-mailbox.eml',
    'bounce',
    [r('igor@mail.example.ru', '5.1.1', '550', 'userunknown')],
  ],
  [
    'mailru-550-spam-rejected.eml',
    'bounce',
    [r('hanna@mail.example.ru', '5.0.0', '550', 'spamdetected')],
  ],
  ['mdn-read-receipt.eml', 'unknown', []],
  [
    'orange-421-too-many-connections.eml',
    'bounce',
    [r('gael@wanadoo.example.fr', '4.0.0', '421', 'ratelimited', 'delayed')],
  ],
  [
    'orange-550-service-refused.eml',
    'bounce',
    [r('fanny@orange.example.fr', '5.7.1', '550', 'blocked')],
  ],
  [
    'outlook-550-5.7.1-s3140.eml',
    'bounce',
    [r('otto@live.example.com', '5.7.1', '550', 'blocked')],
  ],
  ['ses-generated-dsn.eml', 'bounce', [r('vito@corp.example.net', '5.1.1', '550', 'userunknown')]],
  [
    't-online-554-ip-blocked.eml',
    'bounce',
    [r('edda@t-online.example.de', undefined, '554', 'blocked')],
  ],
  [
    'ticket-auto-acknowledgement.eml',
    'autoreply',
    [r('support@helpdesk.example.net', undefined, undefined, 'vacation')],
  ],
  [
    'yahoo-own-failure-notice.eml',
    'bounce',
    [r('quentin@corp.example.net', '5.1.1', '550', 'userunknown')],
  ],
  [
    'yandex-554-suspicion-of-spam.eml',
    'bounce',
    [r('jana@yandex.example.ru', '5.7.1', '554', 'spamdetected')],
  ],
  [
    'zoho-own-undelivered.eml',
    'bounce',
    [r('sara@corp.example.net', '5.2.2', '550', 'mailboxfull')],
  ],
  [
    'autoreply-reply-to-bounce-subject.eml',
    'autoreply',
    [r('uwe@example.de', undefined, undefined, 'vacation')],
  ],
  [
    'dsn-x-actual-recipient-only.eml',
    'bounce',
    [r('list-alias@example.net', '5.1.1', '550', 'userunknown')],
  ],
  [
    'exchange-ex-recip-not-found.eml',
    'bounce',
    [r('pam@corp.example.net', '5.1.1', '550', 'userunknown')],
  ],
  [
    'exchange-german-ndr-qp.eml',
    'bounce',
    [r('ralf@firma.example.de', '5.1.1', '550', 'userunknown')],
  ],
  [
    'exchange-hop-count-exceeded.eml',
    'bounce',
    [r('olaf@corp.example.net', '5.4.14', '554', 'networkerror')],
  ],
  [
    'exchange-quota-exceeded-exception.eml',
    'bounce',
    [r('nina@corp.example.net', '5.2.2', '554', 'mailboxfull')],
  ],
  [
    'exchange-spanish-ndr-html-base64.eml',
    'bounce',
    [r('sofia@empresa.example.es', '5.2.2', '554', 'mailboxfull')],
  ],
  [
    'exim-mailbox-full-local.eml',
    'bounce',
    [r('iris@example.net', '5.2.2', undefined, 'mailboxfull')],
  ],
  [
    'exim-mx-non-existent-hosts.eml',
    'bounce',
    [r('jack@broken.example.net', '5.1.2', undefined, 'hostunknown')],
  ],
  [
    'exim-unrouteable-address.eml',
    'bounce',
    [r('hank@nowhere.example.net', '5.1.2', undefined, 'hostunknown')],
  ],
  [
    'postfix-connection-refused-delayed.eml',
    'bounce',
    [r('cora@corp.example.net', '4.4.1', undefined, 'networkerror', 'delayed')],
  ],
  [
    'postfix-dovecot-lmtp-quota.eml',
    'bounce',
    [r('gwen@example.net', '5.2.2', '552', 'mailboxfull')],
  ],
  [
    'postfix-host-not-found-try-again.eml',
    'bounce',
    [r('dean@flaky.example.net', '4.4.3', undefined, 'networkerror', 'delayed')],
  ],
  [
    'postfix-lost-connection.eml',
    'bounce',
    [r('fred@corp.example.net', '4.4.2', undefined, 'networkerror', 'delayed')],
  ],
  [
    'postfix-message-size-exceeds.eml',
    'bounce',
    [r('bert@corp.example.net', '5.3.4', undefined, 'emailtoolarge')],
  ],
  [
    'postfix-null-mx.eml',
    'bounce',
    [r('edna@nomail.example.net', '5.1.10', undefined, 'notaccept')],
  ],
  [
    'postfix-relay-access-denied.eml',
    'bounce',
    [r('amos@corp.example.net', '5.7.1', '554', 'norelaying')],
  ],
  [
    'qmail-no-mailbox-here.eml',
    'bounce',
    [r('kai@qm.example.org', '5.1.1', undefined, 'userunknown')],
  ],
  [
    'qmail-remote-sender-rejected.eml',
    'bounce',
    [r('lena@corp.example.net', '5.7.1', '554', 'virusdetected')],
  ],
  [
    'sendmail-user-unknown.eml',
    'bounce',
    [r('moss@corp.example.net', '5.1.1', '550', 'userunknown')],
  ],
  [
    'autoreply-precedence-only.eml',
    'autoreply',
    [r('nils@example.no', undefined, undefined, 'vacation')],
  ],
  [
    'autoreply-zimbra-header-only.eml',
    'autoreply',
    [r('maja@example.se', undefined, undefined, 'vacation')],
  ],
  [
    'exchange-delay-notification.eml',
    'bounce',
    [r('fritz@slow.example.net', '4.4.0', '451', 'networkerror', 'delayed')],
  ],
  [
    'exim-sender-verify-failed.eml',
    'bounce',
    [r('dora@strict.example.net', undefined, '550', 'rejected')],
  ],
  [
    'exim-two-recipients.eml',
    'bounce',
    [
      r('anke@corp.example.net', '5.1.1', '550', 'userunknown'),
      r('bodo@other.example.net', '5.2.2', '552', 'mailboxfull'),
    ],
  ],
  [
    'gmail-own-two-recipients.eml',
    'bounce',
    [
      r('gert@corp.example.net', '5.1.1', '550', 'userunknown'),
      r('hilde@corp.example.net', '5.1.1', '550', 'userunknown'),
    ],
  ],
  ['newsletter-to-return-path.eml', 'unknown', []],
  [
    'sendgrid-dropped-bounced-address.eml',
    'bounce',
    [r('lutz@example.net', undefined, undefined, 'suppressed')],
  ],
  [
    'sendmail-expired-5-days.eml',
    'bounce',
    [r('egon@slow.example.net', '4.4.7', undefined, 'expired', 'failed')],
  ],
  [
    'ses-bounce-account-suppression.eml',
    'bounce',
    [r('jan@example.net', '5.1.1', undefined, 'suppressed')],
  ],
  ['ses-delivery.eml', 'delivered', [r('karl@example.net', '2.0.0', '250', 'delivered')]],
  [
    'autoreply-body-only-ooo.eml',
    'autoreply',
    [r('jonas@example.net', undefined, undefined, 'vacation')],
  ],
  [
    'challenge-guest-list.eml',
    'autoreply',
    [r('iris@example.net', undefined, undefined, 'vacation')],
  ],
  [
    'challenge-spamarrest.eml',
    'autoreply',
    [r('hugo@example.net', undefined, undefined, 'vacation')],
  ],
  [
    'exchange2003-text-ndr.eml',
    'bounce',
    [r('greta@ex2003.example.net', '5.1.1', undefined, 'userunknown')],
  ],
  ['human-reply-mentions-office.eml', 'unknown', []],
  [
    'imail-unknown-user.eml',
    'bounce',
    [r('bob.k@imail.example.net', '5.1.1', undefined, 'userunknown')],
  ],
  [
    'kerio-undelivered.eml',
    'bounce',
    [r('dirk.v@corp.example.net', '5.2.2', '552', 'mailboxfull')],
  ],
  [
    'mdaemon-permanent-failure.eml',
    'bounce',
    [r('cleo.m@corp.example.net', '5.1.1', '550', 'userunknown')],
  ],
  [
    'sendmail-legacy-aol-mailbox-not-found.eml',
    'bounce',
    [r('franz@aol.example.com', '5.1.1', '550', 'userunknown')],
  ],
  [
    'windows-smtp-dsn-text.eml',
    'bounce',
    [r('ada@win.example.net', undefined, undefined, 'onhold')],
  ],
  [
    'yahoo-legacy-account-disabled.eml',
    'bounce',
    [r('elke@yahoo.example.com', '5.2.1', undefined, 'suspend')],
  ],
  [
    'arf-auth-failure.eml',
    'complaint',
    [r('lina@isp.example.net', undefined, undefined, 'feedback')],
  ],
  ['dmarc-aggregate-report.eml', 'unknown', []],
  ['mailman-moderation-notice.eml', 'unknown', []],
  ['tlsrpt-report.eml', 'unknown', []],
  ['human-re-delivery-problem.eml', 'unknown', []],
  ['postmaster-spam-quarantine-digest.eml', 'unknown', []],
  ['shop-parcel-not-delivered.eml', 'unknown', []],
  ['autoreply-hu.eml', 'autoreply', [r('anna@example.hu', undefined, undefined, 'vacation')]],
  [
    'autoreply-ja-iso2022jp.eml',
    'autoreply',
    [r('sato@example.jp', undefined, undefined, 'vacation')],
  ],
  ['autoreply-ro.eml', 'autoreply', [r('ion@example.ro', undefined, undefined, 'vacation')]],
  ['autoreply-sv.eml', 'autoreply', [r('sven@example.se', undefined, undefined, 'vacation')]],
  ['autoreply-zh.eml', 'autoreply', [r('wang@example.cn', undefined, undefined, 'vacation')]],
  [
    'dsn-angle-brackets-mixed-case.eml',
    'bounce',
    [r('omar.test@corp.example.net', '5.1.1', '550', 'userunknown')],
  ],
  [
    'dsn-quoted-local-part.eml',
    'bounce',
    [r('nina.o@corp.example.net', '5.2.2', '552', 'mailboxfull')],
  ],
  [
    'exchange-imceaex-final-recipient.eml',
    'bounce',
    [r('lea.stein@corp.example.net', '5.1.1', '550', 'userunknown')],
  ],
  [
    'exchange-imceasmtp-final-recipient.eml',
    'bounce',
    [r('max.muster@partner.example.net', '5.1.1', '550', 'userunknown')],
  ],
  [
    'dsn-base64-delivery-status.eml',
    'bounce',
    [r('pia.b@corp.example.net', '5.1.1', '550', 'userunknown')],
  ],
  [
    'dsn-wrapped-by-gateway.eml',
    'bounce',
    [r('quirin@corp.example.net', '5.2.2', '552', 'mailboxfull')],
  ],
  // Greylisting defers the sending host, never the address (see phrases.ts).
  [
    'postfix-greylisted-delayed.eml',
    'bounce',
    [r('gil@corp.example.net', '4.2.0', '450', 'blocked', 'delayed')],
  ],
  // A timeout while the sender still retries is a network failure; once it gives up, expired.
  [
    'postfix-greeting-timeout-delayed.eml',
    'bounce',
    [r('hugo@slow.example.net', '4.4.2', undefined, 'networkerror', 'delayed')],
  ],
  [
    'postfix-data-timeout-failed.eml',
    'bounce',
    [r('ines@slow.example.net', '4.4.2', undefined, 'expired', 'failed')],
  ],
  [
    'exchange-connection-dropped-timeout.eml',
    'bounce',
    [r('jana@slow.example.net', '4.4.2', '400', 'networkerror', 'delayed')],
  ],
  // Each recipient keeps its own reason; the quoted original's subject names none.
  [
    'text-three-recipients-quoted-original.eml',
    'bounce',
    [
      r('quinn@a.example.net', '5.2.2', '552', 'mailboxfull'),
      r('rosa@b.example.net', '4.7.0', '421', 'blocked'),
      r('sven@c.example.net', undefined, '550', 'onhold'),
    ],
  ],
  [
    'qmail-remote-said-each-recipient.eml',
    'bounce',
    [
      r('tara@a.example.net', '5.1.1', '550', 'userunknown'),
      r('udo@b.example.net', '4.2.0', '450', 'blocked'),
      r('vito@c.example.net', '5.7.1', '553', 'rejected'),
    ],
  ],
  // Auto-replies without any auto-reply header, in each language's own charset.
  [
    'autoreply-headerless-cs.eml',
    'autoreply',
    [r('petr@example.net', undefined, undefined, 'vacation')],
  ],
  [
    'autoreply-headerless-it.eml',
    'autoreply',
    [r('giulia@example.net', undefined, undefined, 'vacation')],
  ],
  [
    'autoreply-headerless-ja.eml',
    'autoreply',
    [r('tanaka@example.net', undefined, undefined, 'vacation')],
  ],
  [
    'autoreply-headerless-ko.eml',
    'autoreply',
    [r('minji@example.net', undefined, undefined, 'vacation')],
  ],
  [
    'autoreply-headerless-nl.eml',
    'autoreply',
    [r('jan.devries@example.net', undefined, undefined, 'vacation')],
  ],
  [
    'autoreply-headerless-pl.eml',
    'autoreply',
    [r('marek@example.net', undefined, undefined, 'vacation')],
  ],
  [
    'autoreply-headerless-ru.eml',
    'autoreply',
    [r('ivan@example.net', undefined, undefined, 'vacation')],
  ],
  [
    'autoreply-headerless-tr.eml',
    'autoreply',
    [r('ayse@example.net', undefined, undefined, 'vacation')],
  ],
  [
    'autoreply-headerless-zh.eml',
    'autoreply',
    [r('wang.li@example.net', undefined, undefined, 'vacation')],
  ],
  // A person asking to be removed: not a bounce, and not read as an unsubscribe either.
  ['human-remove-me.eml', 'unknown', []],
  ['human-unsubscribe-me-de.eml', 'unknown', []],
  // Japanese carrier notices in Shift_JIS and ISO-2022-JP, the reason in Japanese only.
  [
    'jp-carrier-sjis-user-unknown.eml',
    'bounce',
    [
      r('taro.yamada@docomo.example.ne.jp', '5.1.1', undefined, 'userunknown'),
      r('jiro@docomo.example.ne.jp', '5.2.2', undefined, 'mailboxfull'),
    ],
  ],
  [
    'jp-carrier-iso2022jp-mailbox-full.eml',
    'bounce',
    [r('hanako@ezweb.example.ne.jp', '5.2.2', undefined, 'mailboxfull')],
  ],
  [
    'jp-carrier-sjis-rejected.eml',
    'bounce',
    [r('saburo@softbank.example.ne.jp', undefined, undefined, 'filtered')],
  ],
  [
    'jp-carrier-sjis-no-such-user.eml',
    'bounce',
    [r('shiro@mail.example.ne.jp', '5.1.1', undefined, 'userunknown')],
  ],
  [
    'qmail-three-recipients.eml',
    'bounce',
    [
      r('ria@corp.example.net', '5.1.1', '550', 'userunknown'),
      r('sam.k@other.example.net', '5.2.2', '552', 'mailboxfull'),
      r('tom.l@nodomain.example.net', '5.1.2', undefined, 'hostunknown'),
    ],
  ],
  [
    'postfix-text-only-two-recipients.eml',
    'bounce',
    [
      r('uwe.m@corp.example.net', '5.1.1', '550', 'userunknown'),
      r('vera.n@corp.example.net', '5.2.2', '552', 'mailboxfull'),
    ],
  ],
];

/**
 * Replies of providers and filters in the words they use (English and the local languages
 * of large European, Russian and Chinese providers), classified from the text alone.
 */
const REPLIES: Array<[reply: string, category: string]> = [
  ['552 5.1.1 Boite du destinataire pleine. Recipient mailbox full. OFR_417 [417]', 'mailboxfull'],
  [
    '550 5.1.1 <x@free.example.fr>: Recipient address rejected: free.fr MAILBOX NOT FOUND',
    'userunknown',
  ],
  [
    '550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]',
    'userunknown',
  ],
  ['552 5.2.2 Boîte aux lettres pleine', 'mailboxfull'],
  ['550 Benutzer unbekannt', 'userunknown'],
  ['552 Postfach voll', 'mailboxfull'],
  ['550 5.1.1 Die Mailbox existiert nicht', 'userunknown'],
  ['552 5.2.2 Das Postfach des Empfängers ist voll', 'mailboxfull'],
  ['550 5.2.2 casella di posta piena', 'mailboxfull'],
  ['550 5.1.1 utente inesistente', 'userunknown'],
  ['550 5.1.1 Usuario desconocido', 'userunknown'],
  ['552 5.2.2 buzón lleno', 'mailboxfull'],
  ['550 5.1.1 usuário desconhecido', 'userunknown'],
  ['552 5.2.2 caixa postal cheia', 'mailboxfull'],
  ['550 5.1.1 onbekende gebruiker', 'userunknown'],
  ['552 5.2.2 mailbox vol', 'mailboxfull'],
  ['550 5.1.1 Нет такого пользователя', 'userunknown'],
  ['552 5.2.2 Ящик переполнен', 'mailboxfull'],
  ['550 5.1.1 用户不存在', 'userunknown'],
  ['552 5.2.2 邮箱已满', 'mailboxfull'],
  [
    '554 delivery error: dd Sorry your message to x@yahoo.example.com cannot be delivered. This mailbox is disabled (554.30). - mta1.mail.example.com',
    'suspend',
  ],
  ['550 5.2.1 The email account that you tried to reach is inactive.', 'suspend'],
  ['550 5.2.1 <x@example.net>: Recipient address rejected: Inactive user', 'suspend'],
  ['550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized', 'filtered'],
  ['550 5.7.1 Message rejected as spam by Content Filtering.', 'spamdetected'],
  [
    '554 5.7.1 The message from (<news@example.org>) with the subject of (Spring offers) matches a profile the Internet community may consider spam. Please revise your message before resending.',
    'spamdetected',
  ],
  ['550 High probability of spam', 'spamdetected'],
  ['554 5.7.1 Your message was rejected because it appears to be spam', 'spamdetected'],
  ['554 5.7.0 Reject, id=12345-01 - spam', 'spamdetected'],
  ['550 5.7.1 Email rejected per DMARC policy for example.org', 'authfailure'],
  [
    '550 5.7.23 The message was rejected because of Sender Policy Framework violation',
    'authfailure',
  ],
  ['550 5.7.1 SPF check failed', 'authfailure'],
  ['554 5.7.5 Permanent error evaluating DMARC policy', 'authfailure'],
  ['550 5.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.10]', 'requireptr'],
  ['450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.10]', 'requireptr'],
  [
    '554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.10',
    'blocked',
  ],
  [
    '550 5.7.1 Mail from 192.0.2.10 refused, see http://www.spamcop.net/bl.shtml?192.0.2.10',
    'blocked',
  ],
  ['554 5.7.1 Rejected: 192.0.2.10 listed at b.barracudacentral.org', 'blocked'],
  ['421 4.7.0 Too many connections from your IP, try again later', 'ratelimited'],
  ['450 4.7.1 Message rate exceeded', 'ratelimited'],
  ['421 4.7.0 Temporary System Problem. Try again later (10). - gsmtp', 'systemerror'],
  ['452 4.3.1 Insufficient system storage', 'systemfull'],
  [
    '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DM6NAM11FT012.eop-nam11.prod.protection.outlook.com]',
    'userunknown',
  ],
  [
    '550 5.1.1 <x@example.net>: Recipient address rejected: User unknown in relay recipient table',
    'userunknown',
  ],
  [
    '550 Requested action not taken: mailbox unavailable (in reply to RCPT TO command)',
    'userunknown',
  ],
  [
    '553 5.1.3 The recipient address <x@@example.net> is not a valid RFC-5321 address.',
    'userunknown',
  ],
  ['550 5.1.2 Bad destination system address', 'hostunknown'],
  ['554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain', 'hostunknown'],
  [
    '550 5.4.310 DNS domain example.invalid does not exist [Message=InfoDomainNonexistent]',
    'hostunknown',
  ],
  [
    '550 5.1.351 Remote server returned invalid or unexpected response: 550 5.1.1 User unknown',
    'userunknown',
  ],
  ['552 5.3.4 Message size exceeds fixed maximum message size', 'emailtoolarge'],
  ["552-5.2.3 Your message exceeded Google's message size limits.", 'emailtoolarge'],
  ['554 5.6.0 Mail message is malformed. Not accepted.', 'contenterror'],
  ['550 5.7.1 Message contains a virus', 'virusdetected'],
  ['554 5.7.1 Message rejected: attachment type not allowed (.exe)', 'contenterror'],
  ['550 5.7.1 Sender address rejected: Domain not found', 'rejected'],
  ['553 5.7.1 <news@example.org>: Sender address rejected: not owned by user', 'rejected'],
  ["501 5.1.8 Bad sender's system address", 'rejected'],
  ['530 5.7.0 Must issue a STARTTLS command first', 'failedstarttls'],
  ['454 4.7.0 TLS not available due to local problem', 'failedstarttls'],
  ['550 5.7.1 Recipient not authorized, your IP has been found on a block list', 'blocked'],
  ['550 5.7.1 Relaying denied. IP name possibly forged [192.0.2.10]', 'norelaying'],
  ['550 5.2.1 Mailbox unavailable. Your IP address 192.0.2.10 is blacklisted using RBL', 'blocked'],
  ['554 5.7.1 Message rejected due to content restrictions', 'policyviolation'],
  ['550 5.7.0 Local Policy Violation', 'policyviolation'],
  [
    '550 5.7.1 Unable to deliver to <x@example.net>, user has chosen to reject mail from you',
    'filtered',
  ],
  ['550 5.1.0 Sender denied', 'rejected'],
  ['554 5.7.1 Message blocked due to spam content in the message.', 'spamdetected'],
  [
    '550 5.7.1 Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been blocked.',
    'blocked',
  ],
  [
    '421 4.7.0 [XXX] Messages from 192.0.2.10 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html',
    'badreputation',
  ],
  ['550 5.7.350 Remote server returned message detected as spam -> 554 5.7.1 spam', 'spamdetected'],
  [
    "550 5.7.128 TenantInboundAttribution; There is a partner connector configured that matched the message's recipient domain. The partner connector requires that the message be sent with TLS",
    'failedstarttls',
  ],
  [
    "550 5.7.1 This message was rejected because the recipient's mailbox is not accepting mail from external senders",
    'filtered',
  ],
  [
    '554 5.2.0 STOREDRV.Deliver.Exception:StoragePermanentException.MapiExceptionNoAccess; Failed to process message',
    'systemerror',
  ],
  [
    '550 Mailbox not found. http://service.exmail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000728',
    'userunknown',
  ],
  [
    '550 Mail content denied. http://service.exmail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726',
    'spamdetected',
  ],
  [
    '550 Connection frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722',
    'ratelimited',
  ],
  [
    '451 Ip frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000721',
    'ratelimited',
  ],
  [
    '553-SPF (Sender Policy Framework) domain authentication fail. Refer to the Troubleshooting page at http://www.symanteccloud.com/troubleshooting for more information.',
    'authfailure',
  ],
  [
    '553-you are trying to use me [server-3.tower-12.messagelabs.com] as a relay, but I have not been configured to let you (192.0.2.10, mail.example.org) do that.',
    'norelaying',
  ],
  ['550 Invalid recipient <x@example.net> (#5.1.1)', 'userunknown'],
  [
    '554 p3plibsmtp03-07.prod.phx3.secureserver.net bizsmtp IB103. Connection refused. 192.0.2.10 is listed on the Spamhaus Block List.',
    'blocked',
  ],
  ['550 5.1.1 <x@example.net> recipient rejected', 'userunknown'],
  ['550 5.7.1 Command rejected', 'securityerror'],
  ['550 #5.1.0 Address rejected.', 'userunknown'],
  ['550 5.7.606-649 Access denied, banned sending IP [192.0.2.10]', 'blocked'],
  ['421 4.7.0 Try again later, closing connection. (EHLO) - gsmtp', 'systemerror'],
  ['550 5.1.1 <x@example.net>... No such user', 'userunknown'],
  [
    '554 5.7.1 <x@example.net>: Recipient address rejected: This mailbox has been blocked due to inactivity',
    'suspend',
  ],
  ['550 Account disabled', 'suspend'],
  ['550 5.2.1 Mailbox disabled, not accepting messages', 'suspend'],
  ['550 5.1.1 Recipient address rejected: The account has been closed', 'suspend'],
  ['552 5.2.2 Over quota', 'mailboxfull'],
  ['452 4.2.2 Mailbox full', 'mailboxfull'],
  ['552 Message size exceeds maximum value', 'emailtoolarge'],
  [
    '554 Transaction failed: Message rejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: news@example.org',
    'norelaying',
  ],
  ['550 Sender IP reputation is too low', 'badreputation'],
  ['554 5.7.1 IP 192.0.2.10 is on a blacklist', 'blocked'],
  ['550 5.7.1 Your message was rejected by this user and was not delivered.', 'filtered'],
  ['550 5.1.1 User has moved; please try <new@example.net>', 'hasmoved'],
  ['550 5.1.6 Recipient no longer on server', 'hasmoved'],
  [
    '550 5.4.1 [x@example.net]: Recipient address rejected: Access denied. AS(201806281)',
    'userunknown',
  ],
  ['421 Service not available, closing transmission channel', 'systemerror'],
  ['554 No SMTP service here', 'blocked'],
  ['550 Host unknown', 'hostunknown'],
  ['554 5.4.6 Hop count exceeded - possible mail loop', 'networkerror'],
  ['451 4.4.1 No answer from host', 'networkerror'],
  ['550 5.7.1 Message rejected: DKIM signature verification failed', 'authfailure'],
  ['550 5.7.0 Message refused: your domain does not publish a valid DMARC record', 'authfailure'],
  ['511 sorry, no mailbox here by that name (#5.1.1 - chkuser)', 'userunknown'],
  ['550 5.1.1 Mailbox does not exist', 'userunknown'],
  ['550 No Such User Here', 'userunknown'],
  ['550 5.1.1 recipient is not exist', 'userunknown'],
  ['550 RCPT TO:<x@example.net> User unknown', 'userunknown'],
  ['550 Recipient Rejected: No account by that name here', 'userunknown'],
  ['550 5.1.1 sorry, the recipient address is not valid', 'userunknown'],
  ['550 5.5.1 User unknown', 'userunknown'],
  ['552 RCPT TO:<x@example.net> Mailbox disk quota exceeded', 'mailboxfull'],
  ["450 4.2.2 User's mailbox is full", 'mailboxfull'],
  ['550 5.2.2 Mailbox quota usage exceeded', 'mailboxfull'],
  ['552 5.2.2 Storage quota exceeded for this mailbox', 'mailboxfull'],
  ['550 5.1.1 User account is expired', 'suspend'],
  ['550 5.2.1 User is terminated', 'suspend'],
  ['550 5.7.1 Account frozen', 'suspend'],
  [
    '554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using bl.spamcop.net',
    'blocked',
  ],
  ['421 Too many concurrent SMTP connections; please try again later.', 'ratelimited'],
  ['554 Refused. Your IP address is listed in the RBL at b.barracudacentral.org', 'blocked'],
  ['550 Your IP has been found on a DNS-based blocklist', 'blocked'],
  ['553 5.7.1 Connections from your IP are blocked due to poor reputation', 'badreputation'],
  ['554 5.7.1 Rejected, message looks like spam', 'spamdetected'],
  ['550 5.7.0 Mail from IP 192.0.2.10 was rejected due to listing in Spamhaus SBL', 'blocked'],
  ['550 5.7.1 SPF fail - not authorized', 'authfailure'],
  ['550 5.7.1 Message failed DMARC check', 'authfailure'],
  [
    '550 5.7.26 This message does not pass authentication checks (SPF and DKIM both do not pass).',
    'authfailure',
  ],
  [
    '550 5.7.509 Access denied, sending domain example.org does not pass DMARC verification and has a DMARC policy of reject.',
    'authfailure',
  ],
  ['550 5.7.1 Reverse DNS lookup failed for 192.0.2.10', 'requireptr'],
  ['552 5.3.4 Message size exceeds fixed limit', 'emailtoolarge'],
  ['552 Message size exceeds maximum permitted', 'emailtoolarge'],
  ['554 5.7.0 Rejected: infected with Eicar-Test-Signature', 'virusdetected'],
  ['550 5.7.1 Virus detected', 'virusdetected'],
  ['554 5.6.1 Body type not supported by Remote Host', 'contenterror'],
  ['retry time not reached for any host after a long failure period', 'expired'],
  ['550 5.7.1 Unable to relay for x@example.net', 'norelaying'],
  ['554 5.7.1 <x@example.net>: Relay access denied', 'norelaying'],
  ['550 5.7.1 Delivery not authorized, message refused', 'filtered'],
  [
    '553 5.1.8 <news@example.org>... Domain of sender address news@example.org does not exist',
    'rejected',
  ],
  ['550 5.7.1 Sender domain is on our blocklist', 'rejected'],
  ['550 5.7.1 Sending address not accepted due to spam filter', 'spamdetected'],
  ['451 4.7.1 Please try again later (TEMPFAIL)', 'systemerror'],
  ['421 4.3.2 Service not available, closing transmission channel', 'systemerror'],
  ['452 4.5.3 Too many recipients', 'ratelimited'],
  ['550 5.4.1 Relay Access Denied', 'norelaying'],
  ['550 5.7.60 SMTP; Client does not have permissions to send as this sender', 'rejected'],
  ['550 5.1.0 Sender rejected', 'rejected'],
  [
    '554 5.7.1 Your mail could not be delivered because the recipient is only accepting mail from specific email addresses',
    'filtered',
  ],
  [
    '550 5.7.1 Recipient address rejected: Message rejected due to: SPF fail - not authorized',
    'authfailure',
  ],
  ['550 5.2.0 Recipient mailbox unavailable', 'userunknown'],
  ['550 5.7.1 Email rejected because 192.0.2.10 is listed by bl.spameatingmonkey.net', 'blocked'],
  [
    '554 5.7.1 Your IP address 192.0.2.10 has been blocked by the UCEPROTECT Level 1 blacklist',
    'blocked',
  ],
  [
    '550 Envelope blocked - User Entry - https://community.mimecast.com/docs/DOC-1369#550 [AbCdEf.uk1]',
    'filtered',
  ],
  [
    '550 Envelope blocked - User Domain Entry - https://community.mimecast.com/docs/DOC-1369#550 [AbCdEf.uk1]',
    'filtered',
  ],
  [
    '550 Rejected by header based Blocked Senders - Block policy for Header From - https://community.mimecast.com/docs/DOC-1369#550',
    'filtered',
  ],
  [
    '554 Email rejected due to security policies - https://community.mimecast.com/docs/DOC-1369#554',
    'policyviolation',
  ],
  [
    '550 Anti-Spoofing policy - Inbound not allowed - https://community.mimecast.com/docs/DOC-1369#550',
    'policyviolation',
  ],
  ['451 Open relay not allowed - https://community.mimecast.com/docs/DOC-1369#451', 'norelaying'],
  ['554 Message rejected due to virus detection', 'virusdetected'],
  ['451 4.7.1 Greylisting in action, please come back later', 'blocked'],
  [
    '450 4.7.1 <x@example.net>: Recipient address rejected: Greylisted, see http://greylist.example.net/x.html',
    'blocked',
  ],
  ['421 4.7.0 Greylisted, please try again in 300 seconds', 'blocked'],
  ['451 4.7.0 Mail server temporarily rejected message.', 'systemerror'],
];

/**
 * The same remote reply as MTAs and providers report it: Postfix and Sendmail DSNs, Exim's,
 * qmail's, Gmail's, Yahoo's, hMailServer's and CommuniGate's notices, an Exchange NDR and an
 * unknown MTA's free text. The reply must be classified the same whichever carried it.
 */
const WRAPPERS: Record<string, (rcpt: string, reply: string) => string> = {
  'Postfix DSN': (rcpt, reply) => {
    const status =
      /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1] ??
      (reply.startsWith('4') ? '4.0.0' : '5.0.0');
    return [
      'From: MAILER-DAEMON@mail.example.org (Mail Delivery System)',
      'To: bounce-0001@return.example.org',
      'Subject: Undelivered Mail Returned to Sender',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      `<${rcpt}>: host mx.corp.example.net[198.51.100.25] said: ${reply} (in reply to RCPT TO command)`,
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mail.example.org',
      '',
      `Final-Recipient: rfc822; ${rcpt}`,
      `Action: ${reply.startsWith('4') ? 'delayed' : 'failed'}`,
      `Status: ${status}`,
      `Diagnostic-Code: smtp; ${reply}`,
      '--b--',
      '',
    ].join('\n');
  },
  'Exim text': (rcpt, reply) =>
    [
      'From: Mail Delivery System <Mailer-Daemon@mx1.example.org>',
      'To: bounce-0002@return.example.org',
      `X-Failed-Recipients: ${rcpt}`,
      'Subject: Mail delivery failed: returning message to sender',
      '',
      'This message was created automatically by mail delivery software.',
      '',
      'A message that you sent could not be delivered to one or more of its',
      'recipients. This is a permanent error. The following address(es) failed:',
      '',
      `  ${rcpt}`,
      `    host mx.corp.example.net [198.51.100.7]`,
      `    SMTP error from remote mail server after RCPT TO:<${rcpt}>:`,
      `    ${reply}`,
      '',
      '------ This is a copy of the message, including all the headers. ------',
      '',
      'From: news@example.org',
      `To: ${rcpt}`,
      '',
    ].join('\n'),
  'qmail text': (rcpt, reply) =>
    [
      'From: MAILER-DAEMON@qm.example.org',
      'To: bounce-0003@return.example.org',
      'Subject: failure notice',
      '',
      'Hi. This is the qmail-send program at qm.example.org.',
      "I'm afraid I wasn't able to deliver your message to the following addresses.",
      "This is a permanent error; I've given up. Sorry it didn't work out.",
      '',
      `<${rcpt}>:`,
      '198.51.100.36 does not like recipient.',
      `Remote host said: ${reply}`,
      'Giving up on 198.51.100.36.',
      '',
      '--- Below this line is a copy of the message.',
      '',
      'From: news@example.org',
      `To: ${rcpt}`,
      '',
    ].join('\n'),
  'Exchange NDR text': (rcpt, reply) =>
    [
      'From: postmaster@tenant.example.com',
      'To: news@tenant.example.com',
      'Subject: Undeliverable: Spring offers',
      'X-MS-Exchange-Message-Is-Ndr:',
      '',
      `Your message to ${rcpt} couldn't be delivered.`,
      '',
      'Diagnostic information for administrators:',
      '',
      'Generating server: EX01.tenant.example.com',
      '',
      rcpt,
      `Remote server returned '${reply}'`,
      '',
      'Original message headers:',
      '',
      'From: news@tenant.example.com',
      `To: ${rcpt}`,
      '',
    ].join('\n'),
  'Gmail notice': (rcpt, reply) =>
    [
      'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
      'To: news@example.org',
      'Subject: Delivery Status Notification (Failure)',
      `X-Failed-Recipients: ${rcpt}`,
      '',
      '** Message not delivered **',
      '',
      `There was a problem delivering your message to ${rcpt}. See the technical details below.`,
      '',
      'The response from the remote server was:',
      reply,
      '',
      '----- Original message -----',
      'From: news@example.org',
      `To: ${rcpt}`,
      '',
    ].join('\n'),
  'Yahoo notice': (rcpt, reply) =>
    [
      'From: MAILER-DAEMON@yahoo.example.com',
      'To: sender@yahoo.example.com',
      'Subject: Failure Notice',
      '',
      'Sorry, we were unable to deliver your message to the following address.',
      '',
      `<${rcpt}>:`,
      `Remote host said: ${reply} [RCPT_TO]`,
      '',
      '--- Below this line is a copy of the message.',
      '',
      'From: sender@yahoo.example.com',
      `To: ${rcpt}`,
      '',
    ].join('\n'),
  'hMailServer notice': (rcpt, reply) =>
    [
      'From: mailer-daemon@hm.example.org',
      'To: news@example.org',
      'Subject: Message undeliverable: Spring offers',
      '',
      'Your message did not reach some or all of the intended recipients.',
      '',
      'The following recipient(s) could not be reached:',
      '',
      rcpt,
      '   Error Type: SMTP',
      '   Remote server (198.51.100.31) issued an error.',
      `   hMailServer sent: RCPT TO:<${rcpt}>`,
      `   Remote server replied: ${reply}`,
      '',
    ].join('\n'),
  'CommuniGate notice': (rcpt, reply) =>
    [
      'From: "CommuniGate Pro PIPE" <mailer-daemon@cgp.example.org>',
      'To: news@example.org',
      'Subject: Undeliverable mail: Spring offers',
      '',
      `Failed to deliver to '<${rcpt}>'`,
      'SMTP module(domain corp.example.net) reports:',
      ' host mx.corp.example.net says:',
      ` ${reply}`,
      '',
    ].join('\n'),
  'Sendmail DSN': (rcpt, reply) =>
    [
      'From: Mail Delivery Subsystem <MAILER-DAEMON@sm.example.org>',
      'To: <bounce-0032@return.example.org>',
      'Subject: Returned mail: see transcript for details',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="s"',
      '',
      '--s',
      '',
      '   ----- The following addresses had permanent fatal errors -----',
      `<${rcpt}>`,
      `    (reason: ${reply})`,
      '',
      '   ----- Transcript of session follows -----',
      '... while talking to mx.corp.example.net.:',
      `>>> RCPT To:<${rcpt}>`,
      `<<< ${reply}`,
      '',
      '--s',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; sm.example.org',
      '',
      `Final-Recipient: RFC822; ${rcpt}`,
      'Action: failed',
      'Status: 5.0.0',
      'Remote-MTA: DNS; mx.corp.example.net',
      `Diagnostic-Code: SMTP; ${reply}`,
      '',
      '--s--',
      '',
    ].join('\n'),
  'unknown MTA text': (rcpt, reply) =>
    [
      'From: Mail Delivery Subsystem <mailer-daemon@mx.unknown.example.net>',
      'To: bounce-0090@return.example.org',
      'Subject: Undeliverable mail',
      '',
      'Your message could not be delivered to the following recipient:',
      '',
      rcpt,
      `Reason: ${reply}`,
      '',
      '----- Original message -----',
      'From: news@example.org',
      `To: ${rcpt}`,
      '',
    ].join('\n'),
};

describe('formats absent from the development corpus', () => {
  it.each(CASES)('%s is read as %s', async (file, kind, expected) => {
    const parsed = await parseMessage(fixture(`unseen/${file}`), {
      verp: VERP,
      envelopeTo: ['fbl@return.example.org'],
    });
    expect(parsed.kind).toBe(kind);
    const got = parsed.results.map((x) => ({
      recipient: x.recipient,
      status: x.status,
      replyCode: x.replyCode,
      category: x.category,
      ...(expected.some((e) => e.action) && x.action ? { action: x.action } : {}),
    }));
    expect(got).toEqual(expected);
  });

  it('keeps the placeholder of a redacted complaint when no VERP secret is configured', async () => {
    const parsed = await parseMessage(fixture('unseen/arf-comcast-redacted-verp.eml'));
    expect(parsed.kind).toBe('complaint');
    expect(parsed.results.map((x) => x.recipient)).toEqual(['redacted@comcast.example.net']);
  });

  it.each(REPLIES)('classifies %s', (reply, category) => {
    const status = chooseStatus(undefined, reply);
    expect(classifyFailure({ diagnostic: reply, status, replyCode: findReplyCode(reply) })).toBe(
      category,
    );
  });

  it.each(Object.keys(WRAPPERS))('classifies every reply text alike inside a %s', async (name) => {
    const wrap = WRAPPERS[name]!;
    const mismatches: string[] = [];
    for (const [i, [reply, category]] of REPLIES.entries()) {
      const rcpt = `r${i}@corp.example.net`;
      // A real reply names the recipient it refuses, not the placeholder of the table.
      const parsed = await parseMessage(
        Buffer.from(wrap(rcpt, reply.replaceAll('x@example.net', rcpt))),
      );
      const got = parsed.results.map((x) => `${x.recipient} ${x.category}`).join(', ');
      if (got !== `${rcpt} ${category}`) mismatches.push(`${reply} → ${got}`);
    }
    expect(mismatches).toEqual([]);
  });
});
