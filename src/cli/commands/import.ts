/**
 * `rebound import FILE [--dry-run] [--format F] [--kind K] [--actor NAME]`: loads a
 * suppression list (Rebound's export, an Adobe-style list, Amazon SES, Postmark, Mailgun or
 * SendGrid) as POST /api/addresses/import does, with a progress bar on stderr, and prints the
 * import report as JSON. `-` reads stdin.
 */
import { createReadStream, statSync } from 'node:fs';
import type { CliCommand, CliIo } from '../command.js';
import { lastValue, readOptions } from '../args.js';
import { withCliStore } from '../open-store.js';
import { createProgress } from '../progress.js';
import { importSuppressions } from '../../suppressions/import-suppressions.js';
import {
  FORMAT_NAMES,
  IMPORT_KINDS,
  type FormatName,
  type ImportKind,
} from '../../suppressions/formats/types.js';
import { describeError } from '../../errors.js';

const HELP = `Usage: rebound import FILE [--dry-run] [--format FORMAT] [--kind KIND] [--actor NAME]

Load a suppression list into the quarantine list (CSV, JSONL or a JSON document; "-" is stdin).
The format is detected from the columns unless given:
  rebound    Rebound's own export (rebound export)
  adobe      Adobe Campaign-style list (address, status, error reason, ...)
  ses        Amazon SES suppression list (EmailAddress, Reason, LastUpdateTime)
  postmark   Postmark suppressions (EmailAddress, SuppressionReason, CreatedAt)
  mailgun    Mailgun bounces, complaints or unsubscribes
  sendgrid   SendGrid bounces, blocks, spam reports or unsubscribes

Options:
  --dry-run        report what would change, change nothing
  --format FORMAT  one of: ${FORMAT_NAMES.join(', ')}
  --kind KIND      what a provider's list holds: ${IMPORT_KINDS.join(', ')}
                   (Mailgun's complaint and unsubscribe lists, SendGrid's bounces and blocks
                   share their columns)
  --actor NAME     recorded in the audit history (default: cli)

Prints {"dryRun","format","rows","counts","sample","errors"} on stdout; progress on stderr.
Exit status: 0 done (bad rows are listed in "errors"), 1 failure, 2 usage error.`;

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Load a suppression list (Rebound, Adobe, SES, Postmark, Mailgun, SendGrid)',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const file = argv.find((arg, i) => (!arg.startsWith('--') || arg === '-') && !isValue(argv, i));
    const options = readOptions(
      argv.filter((arg) => arg !== file),
      { values: ['--format', '--kind', '--actor'], flags: ['--dry-run'] },
    );
    if (typeof options === 'string') return usage(io, options);
    if (!file) return usage(io, 'FILE is required');
    const format = lastValue(options, '--format');
    if (format && !(FORMAT_NAMES as readonly string[]).includes(format)) {
      return usage(io, `unknown format ${format}`);
    }
    const kind = lastValue(options, '--kind');
    if (kind && !(IMPORT_KINDS as readonly string[]).includes(kind)) {
      return usage(io, `unknown kind ${kind}`);
    }
    let total: number | undefined;
    try {
      total = file === '-' ? undefined : statSync(file).size;
    } catch (error) {
      io.stderr.write(`rebound import: ${describeError(error)}\n`);
      return 1;
    }
    const input = file === '-' ? io.stdin : createReadStream(file);
    input.setEncoding('utf8');
    const progress = createProgress(io.stderr, 'rebound import', total);
    let bytes = 0;
    async function* counted(): AsyncGenerator<string> {
      for await (const chunk of input as AsyncIterable<string>) {
        bytes += Buffer.byteLength(chunk);
        yield chunk;
      }
    }
    try {
      const report = await withCliStore(io.env, ({ config, database }) =>
        importSuppressions(
          database.db,
          counted(),
          {
            actor: lastValue(options, '--actor') ?? 'cli',
            now: new Date(),
            policy: config.policy,
          },
          {
            dryRun: options.flags.has('--dry-run'),
            emailNormalization: { lowercaseLocalPart: config.addresses.lowercaseLocalPart },
            ...(format ? { format: format as FormatName } : {}),
            ...(kind ? { kind: kind as ImportKind } : {}),
            onProgress: ({ rows, counts }) =>
              progress.update(
                bytes,
                `${rows} rows, ${counts.created + counts.updated} changed, ${counts.error} errors`,
              ),
          },
        ),
      );
      progress.finish(
        `${report.rows} rows, ${report.counts.created + report.counts.updated} changed, ${report.counts.error} errors`,
      );
      io.stdout.write(JSON.stringify(report) + '\n');
      return 0;
    } catch (error) {
      io.stderr.write(`\nrebound import: ${describeError(error)}\n`);
      return 1;
    }
  },
};

/** Whether argv[i] is the value of the option before it (`--format csv`). */
function isValue(argv: readonly string[], i: number): boolean {
  const before = argv[i - 1];
  return before !== undefined && ['--format', '--kind', '--actor'].includes(before);
}

function usage(io: CliIo, problem: string): number {
  io.stderr.write(`rebound import: ${problem}\n\n${HELP}\n`);
  return 2;
}
