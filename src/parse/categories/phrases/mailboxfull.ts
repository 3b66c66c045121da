/** Phrase rows naming `mailboxfull` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';
import { JA } from './japanese.js';

export const mailboxfull: PhraseRow[] = [
  // A delivery agent's quota refusal ("maildrop: maildir over quota") names the mailbox.
  {
    id: 'mailboxfull.delivery-agent-quota',
    priority: 40,
    strength: 'decisive',
    pattern: String.raw`maildir over quota|over ?quota|quota ?exceeded|disk quota`,
    examples: [
      {
        text: 'maildrop: maildir over quota.',
        source: 'Courier maildrop(1) documentation, quota refusal',
      },
    ],
  },
  {
    id: 'mailboxfull.mailbox-full',
    priority: 310,
    strength: 'decisive',
    pattern: String.raw`mail ?box (?:is )?(?:full|over|exceed)|(?:quota|storage|disk space|mail ?box size).{0,30}(?:exceed|full|reached|limit)|over ?quota|quota (?:violation|full|exceeded)|exceed(?:ed|s)? (?:the |their |his |her )?(?:storage|(?:mail ?box|disk|storage) )?(?:quota|size limit|allocation)|(?:inbox|mail ?box|account|folder|mail ?drop) (?:is )?(?:currently )?(?:full|over|too large|out of space)|insufficient (?:disk |storage )?quota|user(?:'s)? (?:disk|storage) (?:quota|space|limit)|full mail ?box|(?:mail ?box|inbox|account)\b.{0,40}\b(?:is|was) (?:currently )?(?:full|over (?:quota|its|the))|too many messages (?:in|on) (?:the )?(?:mailbox|account)|would exceed (?:the )?(?:mailbox|quota)|mailfolder is full|maildir (?:over|full)|${JA.mailboxfull}`,
    examples: [{ text: '552 5.2.2 Mailbox full', source: 'RFC 3463 X.2.2' }],
  },
  // The same verdicts in the languages of large European, Russian and Chinese providers.
  {
    id: 'mailboxfull.mailbox-full-languages',
    priority: 320,
    strength: 'decisive',
    pattern: String.raw`postfach (?:ist )?(?:voll|überfüllt)|bo[iî]te (?:aux lettres |du destinataire )?(?:est )?pleine|casella (?:di posta )?(?:è )?piena|buz[oó]n (?:de correo )?(?:est[aá] )?lleno|caixa (?:postal |de correio )?(?:est[aá] )?(?:cheia|lotada)|mailbox (?:is )?vol\b|ящик (?:переполнен|полон)|(?:邮箱|信箱)(?:已满|空间不足)`,
    examples: [{ text: 'Postfach voll', source: 'written here (German)' }],
  },
];
