/**
 * `rebound normalize`: reads error texts, one per line, on stdin and prints each normalized
 * (`#xxx#`, `*`) on its own line — to see which qualification-table text a bounce would give,
 * or to count distinct texts in a log (`... | rebound normalize | sort | uniq -c`).
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { normalizeErrorText } from '../../qualify/normalize-error-text.js';
import type { CliCommand, CliIo } from '../command.js';

const HELP = `Usage: rebound normalize [options] < texts.txt

Read error texts on stdin, one per line, and print one normalized line per input line:
variable parts (ids, numbers, dates, host names, IPs, phone numbers, URL queries) become
#xxx#, email addresses become *. Status codes (5.1.1) and reply codes (550) are kept.
Input is streamed: any size works.

Options:
  --max-length N   cut normalized texts at a word boundary beyond N characters
                   (default 1000, as stored in the qualification table)
  -h, --help       show this help

Exit status: 0 on success, 2 for usage errors.`;

function parseArgs(argv: string[]): { maxLength?: number } | string {
  const options: { maxLength?: number } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--max-length') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) return '--max-length needs a positive integer';
      options.maxLength = value;
    } else return `unknown argument ${arg ?? ''}`;
  }
  return options;
}

export const normalizeCommand: CliCommand = {
  name: 'normalize',
  summary: 'normalize error texts read on stdin, one per line',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    if (argv.includes('-h') || argv.includes('--help')) {
      io.stdout.write(`${HELP}\n`);
      return 0;
    }
    const options = parseArgs(argv);
    if (typeof options === 'string') {
      io.stderr.write(`rebound normalize: ${options}\n\n${HELP}\n`);
      return 2;
    }
    const lines = createInterface({ input: io.stdin as Readable, crlfDelay: Infinity });
    for await (const line of lines) {
      // Respect back-pressure so a huge input never piles up in memory behind a slow reader.
      const written = io.stdout.write(`${normalizeErrorText(line, options)}\n`);
      if (!written) await once(io.stdout, 'drain');
    }
    return 0;
  },
};
