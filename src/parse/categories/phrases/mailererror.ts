/** Phrase rows naming `mailererror` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const mailererror: PhraseRow[] = [
  {
    id: 'mailererror.delivery-program',
    priority: 50,
    strength: 'decisive',
    pattern: String.raw`^x-unix; ?\d+$|procmail|maildrop:|pipe to \||(?:local )?mailer (?:program )?(?:failed|error|died)|command (?:died|failed) with status|child process of \S+ transport returned \d|exit (?:code|status) \d|returned non-zero|(?:sh|bash): .{0,60}(?:not found|permission denied)`,
    examples: [
      {
        text: 'Command died with status 1: "/usr/bin/procmail"',
        source: 'Postfix local(8) / pipe(8) bounce text',
      },
      {
        text: 'Child process of address_pipe transport returned 69 (could mean service or program unavailable) from command: /usr/local/bin/intake',
        source: 'test/fixtures/parse/held-out-classes/exim-pipe-transport-failed.eml',
      },
    ],
  },
  // Causes named inside an "expired" or "giving up" notice beat the notice itself.
  // Any other report of a local delivery program (RFC 3464 X-Unix type).
  {
    id: 'mailererror.x-unix-other',
    priority: 490,
    strength: 'normal',
    pattern: String.raw`^x-unix;`,
    examples: [
      {
        text: 'X-Unix; delivery to program failed',
        source: 'RFC 3464 §2.3.6 X-Unix diagnostic type with sysexits.h codes',
      },
    ],
  },
  {
    id: 'mailererror.mailer-failure',
    priority: 550,
    strength: 'normal',
    pattern: String.raw`(?:mailer|delivery (?:program|agent)|local delivery|program)(?: to)?.{0,40}(?:fail|error|exit|died|crash|returned|not found)|(?:unknown|local) mailer|unexpected (?:eof|exit)|mail(?:er)? daemon .{0,30}error`,
    examples: [{ text: 'local delivery program failed', source: 'written here' }],
  },
];
