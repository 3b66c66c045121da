/** Phrase rows naming `systemerror` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const systemerror: PhraseRow[] = [
  {
    id: 'systemerror.x-unix-77-78',
    priority: 30,
    strength: 'decisive',
    pattern: String.raw`^x-unix; ?7[78]$`,
    examples: [
      {
        text: 'x-unix; 77',
        source: 'RFC 3464 §2.3.6 X-Unix diagnostic type with sysexits.h codes (EX_NOPERM)',
      },
    ],
  },
  // "Mail server temporarily rejected message" (Outlook.com, Exchange Online under 4.7.x):
  // the server is the one refusing, not the host refused, and it names no cause. A
  // temporary refusal without a cause is the remote system's state, as "try again later".
  {
    id: 'systemerror.server-temporarily-rejected',
    priority: 390,
    strength: 'normal',
    pattern: String.raw`(?:mail )?server (?:has )?temporarily (?:rejected|refused|deferred) (?:the |your |this )?(?:message|mail|e-?mail)`,
    families: ['outlook', 'office365'],
    examples: [
      {
        text: '421 4.3.2 Mail server temporarily rejected message.',
        source: 'Outlook.com / Exchange Online deferral text',
      },
    ],
  },
  {
    id: 'systemerror.internal-error',
    priority: 510,
    strength: 'normal',
    pattern: String.raw`internal (?:server |system )?(?:error|failure|problem)|storage(?:permanent|transient)exception|unable to contact ldap|ldap server|local configuration error|(?:queue )?file write error|mail system (?:error|problem)|system (?:error|failure|problem)`,
    examples: [
      { text: '451 4.3.0 Error: queue file write error', source: 'Postfix cleanup(8) reply' },
    ],
  },
  {
    id: 'systemerror.system-state',
    priority: 560,
    strength: 'normal',
    pattern: String.raw`remote (?:system|server|host|mta|side) (?:error|problem|failure|trouble)|server (?:error|failure|misconfigur)|local (?:error|problem)|misconfigur|configuration (?:error|problem)|temporar(?:y|ily) (?:failure|error|problem|local)|(?:server|service|system) (?:is )?(?:currently |temporarily )?(?:unavailable|not available)|try again later|transient|resources? (?:temporarily )?unavailable|i\/o error|unexpected error|internal software error|\bbug\b|loops? detected|database error|processing error|(?:error|failure) (?:in|during) processing`,
    examples: [
      {
        text: '554 Remote server problem, message not accepted',
        source: 'test/fixtures/parse/held-out-classes/dsn-remote-system-error.eml',
      },
    ],
  },
  // RFC 5321 §4.2.2 reply texts, which servers of every family send verbatim.
  {
    id: 'systemerror.rfc5321-replies',
    priority: 565,
    strength: 'normal',
    pattern: String.raw`transaction failed`,
    families: [],
    examples: [{ text: '554 5.0.0 Transaction failed', source: 'RFC 5321 §4.2.2 (554)' }],
  },
];
