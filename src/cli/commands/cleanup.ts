/**
 * `rebound cleanup [--now ISO] [--dry-run]`: the nightly database cleanup, on demand. Prints
 * the counts as JSON on stdout; progress goes to stderr on long runs.
 */
import type { CliCommand, CliIo } from '../command.js';
import { readOptions, lastValue } from '../args.js';
import { withCliStore } from '../open-store.js';
import { runCleanup } from '../../ledger/run-cleanup.js';
import { describeError } from '../../errors.js';

const HELP = `Usage: rebound cleanup [--now ISO] [--dry-run] [--batch-size N]

Run the database cleanup: With errors addresses return to Valid after a successful
delivery or when their last soft error is older than ERROR_COUNTER_RESET_DAYS; a
Mailbox-full Quarantine returns to Valid after MAILBOX_FULL_RELEASE_DAYS. Quarantine and
Denylisted entries are never lifted otherwise. Uses the service's configuration
(DATABASE_URL, or the embedded database in DATA_DIR while the service is stopped).

Prints {"examined","withErrorsDelivered","withErrorsAged","mailboxFullReleased",
"released","dryRun","now"} as JSON.

Options:
  --now ISO          run as of this instant (default: now), e.g. 2024-05-01T00:00:00Z
  --dry-run          count what would change, change nothing
  --batch-size N     rows per page and transaction (default 1000)
  -h, --help         show this help

Exit status: 0 done, 1 failure, 2 usage error.`;

/** Progress lines on stderr at most this often. */
const PROGRESS_EVERY_ROWS = 50_000;

export const cleanupCommand: CliCommand = {
  name: 'cleanup',
  summary: 'Run the quarantine cleanup (With errors and Mailbox-full releases) now',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    if (argv.includes('-h') || argv.includes('--help')) {
      io.stdout.write(HELP + '\n');
      return 0;
    }
    const options = readOptions(argv, { values: ['--now', '--batch-size'], flags: ['--dry-run'] });
    if (typeof options === 'string') return usage(io, options);
    const nowText = lastValue(options, '--now');
    const now = nowText ? new Date(nowText) : new Date();
    if (Number.isNaN(now.getTime())) return usage(io, `--now: not a date: ${nowText}`);
    const batchText = lastValue(options, '--batch-size');
    const batchSize = batchText ? Number(batchText) : 1_000;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      return usage(io, '--batch-size must be a positive integer');
    try {
      const result = await withCliStore(io.env, async ({ config, database }) => {
        let reported = 0;
        return runCleanup(database.db, now, config, {
          dryRun: options.flags.has('--dry-run'),
          batchSize,
          onProgress: (counts) => {
            if (counts.examined - reported < PROGRESS_EVERY_ROWS) return;
            reported = counts.examined;
            io.stderr.write(
              `rebound cleanup: ${counts.examined} examined, ${counts.released} released\n`,
            );
          },
        });
      });
      io.stdout.write(JSON.stringify(result) + '\n');
      return 0;
    } catch (error) {
      io.stderr.write(`rebound cleanup: ${describeError(error)}\n`);
      return 1;
    }
  },
};

function usage(io: CliIo, problem: string): number {
  io.stderr.write(`rebound cleanup: ${problem}\n\n${HELP}\n`);
  return 2;
}
