/** Phrase rows naming `userunknown` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';
import { JA } from './japanese.js';

export const userunknown: PhraseRow[] = [
  // A local delivery program failed (Sendmail's X-Unix diagnostic type, procmail, Exim pipes).
  // sysexits.h: EX_NOUSER, EX_NOHOST, EX_NOPERM and EX_CONFIG say more than "failed".
  {
    id: 'userunknown.x-unix-67',
    priority: 10,
    strength: 'decisive',
    pattern: String.raw`^x-unix; ?67$`,
    examples: [
      {
        text: 'x-unix; 67',
        source: 'RFC 3464 §2.3.6 X-Unix diagnostic type with sysexits.h codes (EX_NOUSER)',
      },
    ],
  },
  // Yahoo's "dd This user doesn't have a yahoo.com account" comes after DATA, yet it is the
  // mailbox lookup's own verdict, not a content filter's.
  {
    id: 'userunknown.yahoo-no-account',
    priority: 350,
    strength: 'normal',
    pattern: String.raw`user (?:doesn't|does not) have an? [\w.-]+\.[a-z]{2,} account`,
    families: ['yahoo'],
    examples: [
      {
        text: "554 delivery error: dd This user doesn't have a yahoo.com account (a@yahoo.com) [0]",
        source: 'Yahoo Sender Hub, SMTP error codes (554 delivery error)',
      },
    ],
  },
  {
    id: 'userunknown.mailbox-words',
    priority: 360,
    strength: 'normal',
    pattern: String.raw`(?:user|recipient|mailbox|address|account|addressee|local[- ]?part|e-?mail|alias|rcpt)(?: name)?s? (?:is |are |was )?(?:(?:not |un)(?:known|listed|valid|found|existent|exist|recogni[sz]ed|deliverable)|does(?:n't| not) exist|invalid|nonexistent|non-existent|unknown|disabled or does not exist)|(?:unknown|invalid|non-?existent|no such|bad|illegal) (?:local )?(?:user|recipient|mailbox|address(?! error)|account|addressee|alias|destination|e-?mail|person|local[- ]?part|mail ?drop)|no such (?:user|person|mailbox|recipient|account|address|one)|(?:user|recipient|mailbox|address) (?:does not|doesn't|did not|didn't) (?:exist|have an account)|(?:doesn't|does not) have (?:a|an) .{0,30}account|no mailbox here|mailbox (?:not found|unavailable)|not listed in (?:the )?(?:domino )?directory|not listed in public name|not (?:a )?(?:known|valid) (?:user|recipient|mailbox)|unknown or illegal alias|user not found|recipient not found|no account|no valid recipients|cannot find recipient|unable to find user|there is no one at this address|address couldn't be found|check (?:if |that |whether )?(?:the )?(?:recipient(?:'s)? )?(?:e-?mail )?address (?:is (?:correct|valid)|for typos)|is not a valid mailbox|undeliverable address|address (?:lookup|verification) failed|not our customer|no (?:mailbox|user) (?:by|with) that name|destination address rejected|has no (?:mailbox|account)|user reject|adresse (?:destinataire |de destination )?(?:invalide|inconnue)|destinataire inconnu|utilisateur inconnu|utente (?:inesistente|sconosciuto)|usu[aá]rio (?:desconhecido|inexistente)|onbekende (?:gebruiker|ontvanger)|нет такого (?:пользователя|ящика|адреса)|(?:用户|收件人|邮箱)不存在|(?:benutzer|empf[aä]nger) (?:ist )?unbekannt|usuario (?:desconocido|no existe)|${JA.userunknown}`,
    examples: [
      {
        text: '550 5.1.1 <a@example.net>: Recipient address rejected: User unknown in virtual mailbox table',
        source: 'Postfix smtpd(8) reply (virtual_mailbox_maps)',
      },
      { text: 'Sorry, no mailbox here by that name. (#5.1.1)', source: 'qmail-local bounce text' },
    ],
  },
  // Microsoft 365 directory-based edge blocking: the recipient is not in the directory.
  {
    id: 'userunknown.m365-directory-edge-block',
    priority: 370,
    strength: 'decisive',
    pattern: String.raw`recipient address rejected: access denied`,
    families: ['office365'],
    examples: [
      {
        text: '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)',
        source: 'Microsoft Learn, "Directory-Based Edge Blocking" (Exchange Online)',
      },
    ],
  },
  // Postfix prefixes every recipient restriction with this; the reason after it counts first.
  {
    id: 'userunknown.postfix-recipient-rejected-prefix',
    priority: 440,
    strength: 'weak',
    pattern: String.raw`recipient address rejected`,
    examples: [
      {
        text: '554 5.7.1 <a@example.net>: Recipient address rejected: Please see our terms',
        source: 'Postfix smtpd(8) restriction reply prefix',
      },
    ],
  },
  // RFC 3463 §3 subject texts, which MTAs of every family echo after the code.
  {
    id: 'userunknown.rfc3463-text',
    priority: 355,
    strength: 'normal',
    pattern: String.raw`bad destination mailbox address`,
    families: [],
    examples: [
      {
        text: 'Bad destination mailbox address',
        source: 'RFC 3463 §3 (X.1.1 Bad destination mailbox address)',
      },
    ],
  },
];
