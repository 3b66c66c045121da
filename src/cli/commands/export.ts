/**
 * `rebound export [--format csv|jsonl] [--out FILE] [--status S] [--channel C] [--domain D]`:
 * the whole quarantine list (or the filtered part) as GET /api/addresses/export streams it,
 * to stdout or a file, page by page with back-pressure; the count goes to stderr.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CliCommand, CliIo } from '../command.js';
import { lastValue, readOptions } from '../args.js';
import { withCliStore } from '../open-store.js';
import {
  exportSuppressions,
  EXPORT_FORMATS,
  type ExportFormat,
} from '../../suppressions/export-suppressions.js';
import {
  ADDRESS_STATUSES,
  CHANNELS,
  type AddressStatus,
  type Channel,
} from '../../core/vocabulary.js';
import { describeError } from '../../errors.js';

const HELP = `Usage: rebound export [--format csv|jsonl] [--out FILE] [--status STATUS] [--channel CHANNEL] [--domain DOMAIN]

Write the quarantine list (every entry, or those matching the filters) as CSV (default) or
JSONL, in the columns of the API's address entry; "rebound import" reads it back.

Options:
  --format csv|jsonl   output format (default csv)
  --out FILE           write to FILE instead of stdout
  --status STATUS      ${ADDRESS_STATUSES.join(', ')}
  --channel CHANNEL    ${CHANNELS.join(', ')}
  --domain DOMAIN      email domain

Exit status: 0 done, 1 failure, 2 usage error.`;

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Write the quarantine list as CSV or JSONL',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const options = readOptions(argv, {
      values: ['--format', '--out', '--status', '--channel', '--domain'],
      flags: [],
    });
    if (typeof options === 'string') return usage(io, options);
    const format = (lastValue(options, '--format') ?? 'csv') as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) return usage(io, `unknown format ${format}`);
    const status = lastValue(options, '--status') as AddressStatus | undefined;
    if (status && !ADDRESS_STATUSES.includes(status)) return usage(io, `unknown status ${status}`);
    const channel = lastValue(options, '--channel') as Channel | undefined;
    if (channel && !CHANNELS.includes(channel)) return usage(io, `unknown channel ${channel}`);
    const domain = lastValue(options, '--domain');
    const out = lastValue(options, '--out');
    try {
      const rows = await withCliStore(io.env, async ({ database }) => {
        let count = 0;
        async function* counted(): AsyncGenerator<string> {
          for await (const text of exportSuppressions(
            database.db,
            {
              ...(status ? { status } : {}),
              ...(channel ? { channel } : {}),
              ...(domain ? { domain } : {}),
            },
            format,
            { onRows: (rows) => (count += rows) },
          )) {
            yield text;
          }
        }
        const target = out ? createWriteStream(out) : io.stdout;
        await pipeline(Readable.from(counted()), target, { end: out !== undefined });
        return count;
      });
      io.stderr.write(`rebound export: ${rows} entries\n`);
      return 0;
    } catch (error) {
      io.stderr.write(`rebound export: ${describeError(error)}\n`);
      return 1;
    }
  },
};

function usage(io: CliIo, problem: string): number {
  io.stderr.write(`rebound export: ${problem}\n\n${HELP}\n`);
  return 2;
}
