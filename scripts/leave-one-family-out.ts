/**
 * Leave-one-family-out over the development corpus: does the phrase table carry over to an
 * MTA or provider family it was not written for?
 *
 *   npm run -s loo -- [CORPUS_DIR] [--tags-only] [--show N]
 *
 * A family is the corpus file's module without its lhost-/rhost- prefix (postfix, exim,
 * gmail, office365, franceptt...). For each family F the family's files are parsed again
 * with a phrase table from which everything written for F is removed:
 * - rows tagged `families: [F]` (phrase-row.ts), and provider markers of provider F;
 * - unless --tags-only, in rows without a `families` field (the legacy table, whose
 *   provenance is unknown): each top-level alternative that, over the whole corpus, fires on
 *   the diagnostics of F's files and of no other family's — a phrase only F supports was
 *   evidently fitted to F (or is unused elsewhere). A row left without alternatives goes.
 *   A row written from an RFC or a provider's documentation says `families: []` and keeps
 *   all its alternatives.
 * Printed per family and pooled: category and decision (PRODUCT.md's default table, as
 * shared/tools/score-corpus counts them), full table → reduced table.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROVIDER_MARKER_RULES, withPhraseRules } from '../src/parse/categories/classify.js';
import {
  compileRow,
  phraseRows,
  splitAlternatives,
  type PhraseRule,
} from '../src/parse/categories/phrases.js';
import { parseMessageSync, type ParsedMessage } from '../src/parse/index.js';

interface Expected {
  reason?: string;
  recipient?: string | null;
}
interface Label {
  file: string;
  module: string;
  is_bounce?: boolean;
  expected: Expected[];
  alt_expected?: { expected?: Expected[] };
}

const REPO = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const tagsOnly = args.includes('--tags-only');
const showAt = args.indexOf('--show');
const show = showAt >= 0 ? Number(args[showAt + 1] ?? 10) : 0;
const corpus =
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--show') ??
  join(REPO, '..', 'shared', 'corpus', 'sisimai');

// The scorer's vocabulary (shared/tools/score-corpus): merged reasons and decisions.
const MERGED: Record<string, string> = {
  speeding: 'ratelimited',
  toomanyconn: 'ratelimited',
  mesgtoobig: 'emailtoolarge',
  exceedlimit: 'emailtoolarge',
};
const NOT_BOUNCE = new Set(['vacation', 'delivered']);
const HARD = new Set(['userunknown', 'hasmoved', 'suppressed']);
const IGNORED = new Set(
  'blocked badreputation requireptr authfailure securityerror spamdetected virusdetected policyviolation contenterror notcompliantrfc emailtoolarge norelaying syntaxerror failedstarttls rejected ratelimited vacation delivered'.split(
    ' ',
  ),
);
const canon = (r: string | undefined) => {
  const c = (r ?? '').trim().toLowerCase().replace(/[_-]/g, '');
  return MERGED[c] ?? c;
};
const decision = (r: string) =>
  HARD.has(canon(r))
    ? 'hard'
    : canon(r) === 'feedback'
      ? 'complaint'
      : IGNORED.has(canon(r))
        ? 'ignored'
        : 'soft';
const addr = (a: string | null | undefined) => (a ?? '').trim().replace(/^<|>$/g, '').toLowerCase();

function familyOf(label: Label): string {
  return label.module.replace(/^(?:lhost|rhost)-/, '');
}

interface Tally {
  category: [number, number];
  decision: [number, number];
}
const newTally = (): Tally => ({ category: [0, 0], decision: [0, 0] });

/** Category and decision of one file's output against its label, as score-corpus pairs them. */
function score(label: Label, out: ParsedMessage, tally: Tally, misses: string[]): void {
  const expected = label.expected.filter((e) => !NOT_BOUNCE.has(canon(e.reason)));
  if (expected.length === 0) return;
  const alts = label.alt_expected?.expected ?? [];
  const results = out.kind === 'bounce' || out.kind === 'complaint' ? out.results : [];
  const used = new Set<number>();
  expected.forEach((e, i) => {
    let j = results.findIndex((r, k) => !used.has(k) && addr(r.recipient) === addr(e.recipient));
    if (j < 0 && i < results.length && !used.has(i)) j = i;
    if (j >= 0) used.add(j);
    if (e.reason === undefined) return;
    const ok = new Set([canon(e.reason)]);
    const alt = alts[i]?.reason;
    if (alt !== undefined) ok.add(canon(alt));
    const got = j >= 0 ? canon(results[j]?.category) : '';
    tally.category[1]++;
    if (ok.has(got)) tally.category[0]++;
    else misses.push(`${label.file}: ${[...ok].join('/')} got ${got || 'none'}`);
    tally.decision[1]++;
    if (j >= 0 && [...ok].some((r) => decision(r) === decision(got))) tally.decision[0]++;
  });
}

const labels: Label[] = readFileSync(join(corpus, 'labels.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Label);
const files = new Set(readdirSync(corpus).filter((f) => f.endsWith('.eml')));
const usable = labels.filter((l) => files.has(l.file));
const raw = new Map(usable.map((l) => [l.file, readFileSync(join(corpus, l.file))]));
const parse = (file: string) => parseMessageSync(raw.get(file) ?? Buffer.alloc(0));

// Full table: outputs, and the diagnostics each alternative fires on, by family.
const full = new Map(usable.map((l) => [l.file, parse(l.file)]));
const rows = phraseRows();
type Alt = { row: (typeof rows)[number]; source: string; families: Set<string> };
const alts: Alt[] = rows.flatMap((row) =>
  splitAlternatives(row.pattern).map((source) => ({ row, source, families: new Set<string>() })),
);
const compiled = alts.map((a) => new RegExp(a.source, 'i'));
for (const l of usable) {
  const texts = (full.get(l.file)?.results ?? [])
    .map((r) => r.diagnostic?.replace(/\s+/g, ' '))
    .filter((t): t is string => Boolean(t));
  compiled.forEach((re, i) => {
    if (texts.some((t) => re.test(t))) alts[i]?.families.add(familyOf(l));
  });
}

function reducedTable(family: string): {
  rules: PhraseRule[];
  markers: PhraseRule[];
  removed: number;
} {
  let removed = 0;
  const rules: PhraseRule[] = [];
  for (const row of rows) {
    if (row.families?.includes(family)) {
      removed += splitAlternatives(row.pattern).length;
      continue;
    }
    const kept = alts
      .filter((a) => a.row === row)
      .filter(
        (a) =>
          tagsOnly ||
          row.families !== undefined ||
          !(a.families.size === 1 && a.families.has(family)),
      );
    removed += splitAlternatives(row.pattern).length - kept.length;
    if (kept.length > 0) rules.push(compileRow(row, kept.map((a) => a.source).join('|')));
  }
  const markers = PROVIDER_MARKER_RULES.filter((m) => m.id.split('.')[1] !== family);
  return { rules, markers, removed };
}

const byFamily = new Map<string, Label[]>();
for (const l of usable) byFamily.set(familyOf(l), [...(byFamily.get(familyOf(l)) ?? []), l]);

const pct = ([ok, n]: [number, number]) => (n ? ((100 * ok) / n).toFixed(1).padStart(5) : '    -');
const pooledFull = newTally();
const pooledLoo = newTally();
const lines: string[] = [];
const allMisses: string[] = [];
for (const [family, members] of [...byFamily.entries()].sort((a, b) => b[1].length - a[1].length)) {
  const table = reducedTable(family);
  const tFull = newTally();
  const tLoo = newTally();
  const missesFull: string[] = [];
  const missesLoo: string[] = [];
  for (const l of members) {
    const out = full.get(l.file);
    if (out) score(l, out, tFull, missesFull);
    score(
      l,
      withPhraseRules(table, () => parse(l.file)),
      tLoo,
      missesLoo,
    );
  }
  for (const [p, t] of [
    [pooledFull, tFull],
    [pooledLoo, tLoo],
  ] as const) {
    for (const k of ['category', 'decision'] as const) {
      p[k][0] += t[k][0];
      p[k][1] += t[k][1];
    }
  }
  allMisses.push(...missesLoo.filter((m) => !missesFull.includes(m)).map((m) => `${family} ${m}`));
  lines.push(
    `${family.padEnd(16)} ${String(members.length).padStart(4)} ${String(tFull.category[1]).padStart(5)}  ${pct(tFull.category)} → ${pct(tLoo.category)}   ${pct(tFull.decision)} → ${pct(tLoo.decision)}   ${String(table.removed).padStart(4)}`,
  );
}
console.log(
  `leave-one-family-out over ${usable.length} files (${tagsOnly ? 'family tags only' : 'family tags and phrases only that family fires'})`,
);
console.log('family           files records category(full → loo) decision(full → loo) phrases out');
for (const l of lines) console.log(l);
console.log(
  `pooled: category ${pct(pooledFull.category).trim()} → ${pct(pooledLoo.category).trim()} % · decision ${pct(pooledFull.decision).trim()} → ${pct(pooledLoo.decision).trim()} % (${pooledLoo.category[1]} records, ${byFamily.size} families)`,
);
if (show > 0) for (const m of allMisses.slice(0, show)) console.log(`  lost: ${m}`);
