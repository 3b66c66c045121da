/**
 * `rebound parse [--jsonl] FILE|DIR...`: runs the parser on stored messages and prints
 * one JSON object per file — the tool staff use to check what the parser makes of a bounce,
 * and the input of shared/tools/score-corpus.
 */
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseMessage } from '../../parse/index.js';
import type { ParseOptions, ParsedMessage } from '../../parse/index.js';
import type { CliCommand, CliIo } from '../command.js';
import { loadConfig } from '../../config.js';
import { describeError } from '../../errors.js';

const HELP = `Usage: rebound parse [options] FILE|DIR...

Parse stored bounce, complaint, auto-reply or unsubscribe messages and print one JSON
object per file: {"file","kind","parser","results":[{recipient,status,replyCode,
category,action,diagnostic,...}]}. Directories are read recursively, following symbolic
links (a link that leads back into the directory being read is skipped): their *.eml
files, or every regular file when a directory holds no *.eml (maildir cur/ and new/).

Options:
  --jsonl               one JSON object per line (default: indented JSON)
  --explain             for each result, print which reader and region, which phrase
                        row, status and SMTP stage decided it (docs/decision-order.md);
                        with --jsonl, an "explanation" object on each result
  --header NAME         copy this header of the original message (repeatable),
                        e.g. --header X-Delivery-Id
  --envelope-to ADDR    envelope recipient the message arrived on (VERP decoding
                        with VERP_SECRET and VERP_PREFIX, as the service does)
  -h, --help            show this help

Exit status: 0 when every input was read (parseable or not), 1 when a file could not
be read, 2 for usage errors.`;

interface ParseArgs {
  jsonl: boolean;
  explain: boolean;
  headers: string[];
  envelopeTo: string[];
  paths: string[];
}

function parseArgs(argv: string[]): ParseArgs | string {
  const args: ParseArgs = { jsonl: false, explain: false, headers: [], envelopeTo: [], paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--jsonl') args.jsonl = true;
    else if (a === '--explain') args.explain = true;
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

/**
 * Files under `dir`, sorted, recursing into sub-directories. Symbolic links are followed
 * (corpora are often trees of links); a link back to a directory being read — a cycle — is
 * skipped, so `ancestors` holds the real paths of the directories above.
 */
function listDir(dir: string, ancestors: Set<string>): string[] {
  const real = realpathSync(dir);
  if (ancestors.has(real)) return [];
  ancestors.add(real);
  const names = readdirSync(dir).sort((a, b) => a.localeCompare(b));
  const files: string[] = [];
  const dirs: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    let info;
    try {
      info = statSync(path); // follows links; a dangling link is skipped
    } catch {
      continue;
    }
    if (info.isDirectory()) dirs.push(path);
    else if (info.isFile()) files.push(path);
  }
  const eml = files.filter((f) => f.toLowerCase().endsWith('.eml'));
  const out = eml.length > 0 ? eml : files;
  for (const sub of dirs) out.push(...listDir(sub, ancestors));
  ancestors.delete(real);
  return out;
}

function expand(path: string): string[] {
  return statSync(path).isDirectory() ? listDir(path, new Set()) : [path];
}

/**
 * Output gathered into large writes: one write per line was most of the time on a corpus
 * (thousands of small write calls), and awaiting `drain` keeps memory bounded on a pipe.
 */
class BufferedOut {
  private chunks: string[] = [];
  private size = 0;
  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly limit = 1 << 20,
  ) {}
  async write(text: string): Promise<void> {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size >= this.limit) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.size === 0) return;
    const text = this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    if (!this.stream.write(text))
      await new Promise((resolve) => this.stream.once('drain', resolve));
  }
}

/** The human-readable --explain report of one file. */
function explainText(record: ParsedMessage & { file: string }): string {
  const lines = [record.file, `  kind ${record.kind} · reader ${record.parser ?? 'none'}`];
  if (record.unknownReason) lines.push(`  ${record.unknownReason}`);
  for (const r of record.results) {
    const e = r.explanation;
    const status = r.status
      ? `status ${r.status}${e?.statusFrom ? ` (${e.statusFrom})` : ''}`
      : 'no status';
    const stage = e?.stage ? `stage ${e.stage}` : 'stage unknown';
    lines.push(`  ${r.recipient}  ${r.category}  ${status}  ${stage}`);
    if (!e) continue;
    const phrase = e.phraseRow ? `phrase ${e.phraseRow} (${e.phraseStrength ?? ''})` : 'no phrase';
    const code = e.statusCategory ? ` · code alone: ${e.statusCategory}` : '';
    lines.push(`    region ${e.region} · step ${e.step} · ${phrase}${code}`);
    if (r.diagnostic) lines.push(`    text: ${r.diagnostic.slice(0, 300)}`);
  }
  return lines.join('\n');
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
    if (args.explain) options.explain = true;
    let failed = false;
    const out = new BufferedOut(io.stdout);
    for (const path of args.paths) {
      let files: string[];
      try {
        files = expand(path);
      } catch (err) {
        io.stderr.write(`rebound parse: ${path}: ${(err as Error).message}\n`);
        failed = true;
        continue;
      }
      for (const file of files) {
        let raw: Buffer;
        try {
          // Synchronous reads: a CLI reading page-cached files one after another gains
          // nothing from the event loop, and each async call costs a thread-pool round trip.
          raw = readFileSync(file);
        } catch (err) {
          io.stderr.write(`rebound parse: ${file}: ${(err as Error).message}\n`);
          failed = true;
          continue;
        }
        const parsed = await parseMessage(raw, options);
        const record = { file, ...parsed };
        const text =
          args.explain && !args.jsonl
            ? explainText(record)
            : args.jsonl
              ? JSON.stringify(record)
              : JSON.stringify(record, null, 2);
        await out.write(text + '\n');
      }
    }
    await out.flush();
    return failed ? 1 : 0;
  },
};
