/**
 * `rebound parse [--jsonl] FILE|DIR...`: runs the parser on stored messages and prints
 * one JSON object per file — the tool staff use to check what the parser makes of a bounce,
 * and the input of shared/tools/score-corpus.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseMessage } from '../../parse/index.js';
import type { ParseOptions } from '../../parse/index.js';
import type { CliCommand, CliIo } from '../command.js';
import { loadConfig } from '../../config.js';
import { describeError } from '../../errors.js';

const HELP = `Usage: rebound parse [options] FILE|DIR...

Parse stored bounce, complaint, auto-reply or unsubscribe messages and print one JSON
object per file: {"file","kind","parser","results":[{recipient,status,replyCode,
category,action,diagnostic,...}]}. Directories are read recursively: their *.eml files,
or every regular file when a directory holds no *.eml (maildir cur/ and new/).

Options:
  --jsonl               one JSON object per line (default: indented JSON)
  --header NAME         copy this header of the original message (repeatable),
                        e.g. --header X-Delivery-Id
  --envelope-to ADDR    envelope recipient the message arrived on (VERP decoding
                        with VERP_SECRET and VERP_PREFIX, as the service does)
  -h, --help            show this help

Exit status: 0 when every input was read (parseable or not), 1 when a file could not
be read, 2 for usage errors.`;

interface ParseArgs {
  jsonl: boolean;
  headers: string[];
  envelopeTo: string[];
  paths: string[];
}

function parseArgs(argv: string[]): ParseArgs | string {
  const args: ParseArgs = { jsonl: false, headers: [], envelopeTo: [], paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--jsonl') args.jsonl = true;
    else if (a === '--header' || a === '--envelope-to') {
      const v = argv[++i];
      if (!v) return `${a} needs a value`;
      (a === '--header' ? args.headers : args.envelopeTo).push(v);
    } else if (a === '--') (args.paths.push(...argv.slice(i + 1)), (i = argv.length));
    else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
    else args.paths.push(a);
  }
  if (args.paths.length === 0) return 'no FILE or DIR given';
  return args;
}

async function listDir(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const files = entries.filter((e) => e.isFile()).map((e) => join(dir, e.name));
  const eml = files.filter((f) => f.toLowerCase().endsWith('.eml'));
  const out = eml.length > 0 ? eml : files;
  for (const e of entries) if (e.isDirectory()) out.push(...(await listDir(join(dir, e.name))));
  return out;
}

async function expand(path: string): Promise<string[]> {
  const info = await stat(path);
  return info.isDirectory() ? listDir(path) : [path];
}

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: 'Parse stored bounce/complaint messages and print the results as JSON',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    if (argv.includes('-h') || argv.includes('--help')) {
      io.stdout.write(HELP + '\n');
      return 0;
    }
    const args = parseArgs(argv);
    if (typeof args === 'string') {
      io.stderr.write(`rebound parse: ${args}\n\n${HELP}\n`);
      return 2;
    }
    let config;
    try {
      config = loadConfig(io.env);
    } catch (error) {
      io.stderr.write(`rebound parse: ${describeError(error)}\n`);
      return 2;
    }
    // The same reading as the worker's: configured correlation headers, address case, VERP.
    const options: ParseOptions = {
      correlationHeaders: [...config.correlationHeaders, ...args.headers],
      envelopeTo: args.envelopeTo,
      lowercaseLocalPart: config.addresses.lowercaseLocalPart,
    };
    if (config.verp.secret)
      options.verp = { secret: config.verp.secret, prefix: config.verp.prefix };
    let failed = false;
    for (const path of args.paths) {
      let files: string[];
      try {
        files = await expand(path);
      } catch (err) {
        io.stderr.write(`rebound parse: ${path}: ${(err as Error).message}\n`);
        failed = true;
        continue;
      }
      for (const file of files) {
        let raw: Buffer;
        try {
          raw = await readFile(file);
        } catch (err) {
          io.stderr.write(`rebound parse: ${file}: ${(err as Error).message}\n`);
          failed = true;
          continue;
        }
        const parsed = await parseMessage(raw, options);
        const record = { file, ...parsed };
        io.stdout.write(
          (args.jsonl ? JSON.stringify(record) : JSON.stringify(record, null, 2)) + '\n',
        );
      }
    }
    return failed ? 1 : 0;
  },
};
