/**
 * Normalization report on the development corpus: how many distinct raw diagnostics the
 * corpus has, how many distinct normalized texts they become, and which share of the results
 * the shipped email rules leave "To qualify".
 *
 *   npx tsx scripts/normalization-report.ts [CORPUS_DIR] [--show N] [--labels]
 *
 * CORPUS_DIR defaults to ../shared/corpus/sisimai (relative to the repository root). The
 * parser (src/parse) is used when it exists; otherwise diagnostics are read from the
 * Diagnostic-Code fields and categories from labels.jsonl, so the report works either way.
 * `--labels` forces that reader: the rules measured against the labels' own categories.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Category } from '../src/core/vocabulary.js';
import { createQualifier } from '../src/qualify/index.js';
import type { QualifyInput, Verdict } from '../src/qualify/index.js';
import { loadRuleDirectory } from '../src/rule-sets/index.js';

interface CorpusResult {
  file: string;
  category: Category;
  status?: string;
  replyCode?: string;
  diagnostic: string;
}

interface Label {
  file: string;
  expected: Array<{ status: string; replycode: string; reason: string }>;
}

type ParseFn = (raw: Buffer) => Promise<{
  results: Array<{ category: Category; status?: string; replyCode?: string; diagnostic?: string }>;
}>;

const root = fileURLToPath(new URL('..', import.meta.url));

async function loadParser(): Promise<ParseFn | undefined> {
  try {
    // A variable specifier keeps tsc from requiring the module while parse is being written.
    const specifier = '../src/parse/index.js';
    const mod = (await import(specifier)) as { parseMessage?: ParseFn };
    return mod.parseMessage;
  } catch {
    return undefined;
  }
}

/** Fallback reader: the Diagnostic-Code fields of a DSN, unfolded. */
function diagnosticsOf(raw: string): string[] {
  const unfolded = raw.replace(/=\r?\n/g, '').replace(/\r?\n[ \t]+/g, ' ');
  return [...unfolded.matchAll(/^Diagnostic-Code:\s*(.+)$/gim)].map((m) => (m[1] ?? '').trim());
}

async function readCorpus(dir: string, parse: ParseFn | undefined): Promise<CorpusResult[]> {
  const labels = new Map<string, Label>();
  for (const line of (await readFile(join(dir, 'labels.jsonl'), 'utf8')).split('\n')) {
    if (line.trim()) labels.set((JSON.parse(line) as Label).file, JSON.parse(line) as Label);
  }
  const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
  const results: CorpusResult[] = [];
  for (const file of files) {
    const raw = await readFile(join(dir, file));
    if (parse) {
      const parsed = await parse(raw);
      for (const r of parsed.results) {
        results.push({
          file,
          category: r.category,
          diagnostic: r.diagnostic ?? '',
          ...(r.status && { status: r.status }),
          ...(r.replyCode && { replyCode: r.replyCode }),
        });
      }
      continue;
    }
    const diagnostics = diagnosticsOf(raw.toString('latin1'));
    (labels.get(file)?.expected ?? []).forEach((label, i) => {
      results.push({
        file,
        category: label.reason as Category,
        diagnostic: diagnostics[i] ?? diagnostics[0] ?? '',
        ...(label.status && { status: label.status }),
        ...(label.replycode && { replyCode: label.replycode }),
      });
    });
  }
  return results;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)} %`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const showIndex = args.indexOf('--show');
  const show = showIndex >= 0 ? Number(args.splice(showIndex, 2)[1]) : 0;
  const labelsOnly = args.includes('--labels');
  const positional = args.filter((a) => a !== '--labels');
  const dir = positional[0] ?? join(root, '..', 'shared', 'corpus', 'sisimai');
  const rules = await loadRuleDirectory(join(root, 'rules'));
  if (!rules.ok) throw rules.error;
  const qualifier = createQualifier(rules.ruleSets);
  const parse = labelsOnly ? undefined : await loadParser();
  const results = await readCorpus(dir, parse);

  const verdicts: Array<[CorpusResult, Verdict]> = results.map((r) => {
    const input: QualifyInput = {
      channel: 'email',
      category: r.category,
      text: r.diagnostic,
      ...(r.status && { status: r.status }),
      ...(r.replyCode && { replyCode: r.replyCode }),
    };
    return [r, qualifier.qualify(input)];
  });
  const withText = verdicts.filter(([r]) => r.diagnostic.trim() !== '');
  const distinctRaw = new Set(withText.map(([r]) => r.diagnostic.replace(/\s+/g, ' ').trim()));
  const distinctNormalized = new Set(withText.map(([, v]) => v.normalizedText));
  const toQualify = verdicts.filter(([, v]) => v.toQualify);
  const provisional = toQualify.filter(([, v]) => v.ruleId !== undefined);
  const toQualifyTexts = new Set(toQualify.map(([, v]) => v.normalizedText));
  const byType = new Map<string, number>();
  for (const [, v] of verdicts) byType.set(v.type, (byType.get(v.type) ?? 0) + 1);

  const out = [
    `corpus: ${dir}`,
    `reader: ${parse ? 'src/parse parseMessage' : 'Diagnostic-Code fields + labels.jsonl'}`,
    `rule sets: ${rules.ruleSets.map((s) => `${s.name} ${s.version}`).join(', ')}`,
    `results: ${verdicts.length} (${withText.length} with a diagnostic text)`,
    `distinct raw diagnostics: ${distinctRaw.size}`,
    `distinct normalized texts: ${distinctNormalized.size}` +
      ` (${percent(distinctNormalized.size, distinctRaw.size)} of raw)`,
    `To qualify: ${toQualify.length} of ${verdicts.length} results` +
      ` = ${percent(toQualify.length, verdicts.length)}` +
      ` (${provisional.length} by a provisional rule; ${toQualifyTexts.size} distinct texts)`,
    `types: ${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')}`,
  ];
  if (show > 0) {
    out.push('', `first ${show} To-qualify texts:`);
    for (const [r, v] of toQualify.slice(0, show)) {
      out.push(`  [${r.category}] ${v.normalizedText}`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
