/**
 * `rebound release --text-contains ... --domain ... --from ... --to ... --status ... [--dry-run]`:
 * the bulk release of POST /api/addresses/release from the command line, e.g. after an ISP
 * outage. The dry run prints {matched, sample}; the real run {released}.
 */
import type { CliCommand, CliIo } from '../command.js';
import { allValues, lastValue, readOptions } from '../args.js';
import { withCliStore } from '../open-store.js';
import { applyRelease, previewRelease } from '../../ledger/bulk-release.js';
import { validateReleaseQuery, type ReleaseQuery } from '../../quarantine/index.js';
import type { AddressStatus, Channel, Reason } from '../../core/vocabulary.js';
import { describeError } from '../../errors.js';

const HELP = `Usage: rebound release [criteria] [--dry-run] [--actor NAME]

Release (status Valid) every address entry that matches all the given criteria.
Run with --dry-run first: it prints {"matched","sample":[...]} and changes nothing.

Criteria:
  --text-contains TEXT   the error text contains TEXT (case-insensitive)
  --domain DOMAIN        email domain (repeatable, or comma-separated)
  --from ISO             last update at or after this instant
  --to ISO               last update before this instant
  --status STATUS        quarantine, with_errors, denylisted, allowlisted (repeatable;
                         default quarantine and with_errors)
  --reason REASON        e.g. user_unknown (repeatable)
  --channel CHANNEL      email, sms or push
  --all                  allow a query with no narrowing criterion

Options:
  --actor NAME           recorded in the audit history (default: cli)
  --dry-run              show what would be released
  -h, --help             show this help

Example (the April 2021 Apple outage):
  rebound release --domain icloud.com,me.com,mac.com --text-contains "5.1.1" \\
    --from 2021-04-01T00:00:00Z --to 2021-04-02T00:00:00Z --dry-run

Exit status: 0 done, 1 failure, 2 usage error.`;

export const releaseCommand: CliCommand = {
  name: 'release',
  summary: 'Release address entries in bulk by a query (ISP outage repair)',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    if (argv.includes('-h') || argv.includes('--help')) {
      io.stdout.write(HELP + '\n');
      return 0;
    }
    const options = readOptions(argv, {
      values: [
        '--text-contains',
        '--domain',
        '--from',
        '--to',
        '--status',
        '--reason',
        '--channel',
        '--actor',
      ],
      flags: ['--dry-run', '--all'],
    });
    if (typeof options === 'string') return usage(io, options);
    const query = queryFrom(options);
    const validation = validateReleaseQuery(query);
    if (!validation.ok) return usage(io, validation.problems.join('; '));
    const actor = lastValue(options, '--actor') ?? 'cli';
    try {
      const output = await withCliStore(io.env, async ({ config, database }) => {
        if (options.flags.has('--dry-run')) {
          const preview = await previewRelease(database.db, validation.query);
          return { dryRun: true, ...preview };
        }
        const result = await applyRelease(
          database.db,
          validation.query,
          { actor, now: new Date(), policy: config.policy },
          { onProgress: (released) => io.stderr.write(`rebound release: ${released} released\n`) },
        );
        return { dryRun: false, ...result };
      });
      io.stdout.write(JSON.stringify(output) + '\n');
      return 0;
    } catch (error) {
      io.stderr.write(`rebound release: ${describeError(error)}\n`);
      return 1;
    }
  },
};

function queryFrom(options: Exclude<ReturnType<typeof readOptions>, string>): ReleaseQuery {
  const text = lastValue(options, '--text-contains');
  const domains = allValues(options, '--domain');
  const from = lastValue(options, '--from');
  const to = lastValue(options, '--to');
  const statuses = allValues(options, '--status') as AddressStatus[] | undefined;
  const reasons = allValues(options, '--reason') as Reason[] | undefined;
  const channel = lastValue(options, '--channel') as Channel | undefined;
  return {
    ...(text !== undefined ? { errorTextContains: text } : {}),
    ...(domains ? { domains } : {}),
    ...(from ? { updatedFrom: new Date(from) } : {}),
    ...(to ? { updatedTo: new Date(to) } : {}),
    ...(statuses ? { statuses } : {}),
    ...(reasons ? { reasons } : {}),
    ...(channel ? { channel } : {}),
    ...(options.flags.has('--all') ? { all: true } : {}),
  };
}

function usage(io: CliIo, problem: string): number {
  io.stderr.write(`rebound release: ${problem}\n\n${HELP}\n`);
  return 2;
}
