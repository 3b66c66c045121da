/**
 * `rebound rules test "<text>"`: which rule qualifies one error text, as ZoneMTA's
 * check-bounce does for its rules — the normalized text, then the winning rule with its set
 * and version, or that none does. By default the rules in force (the rules table, staff rules
 * included); with --source, the rule sets of a directory or URL, without a database.
 */
import type { CliIo } from '../command.js';
import { lastValue, readOptions } from '../args.js';
import { withCliStore } from '../open-store.js';
import { loadConfig } from '../../config.js';
import { CHANNELS, type Category, type Channel } from '../../core/vocabulary.js';
import {
  findMatchingRule,
  normalizeErrorText,
  verdictFromMatch,
  type CompiledRuleSet,
  type MatchFacts,
} from '../../qualify/index.js';
import { fetchRuleSource, loadRuleDirectory } from '../../rule-sets/index.js';
import { isUrlSource } from '../../rule-sets/load-rule-source.js';
import { loadStoredRuleSets } from '../../rule-sets/live-rules.js';
import { loadShippedRuleSets } from '../../rule-sets/start-rules.js';
import { pino } from 'pino';

export const RULES_TEST_HELP = `  test "<text>" [--channel C] [--category C] [--status S] [--reply-code R] [--domain D]
       [--source DIR|URL] [--json]
      Normalize one error text (#xxx#, *) as the qualification table stores it and print the
      rule that qualifies it: id, rule set, rule-set version, type, reason — or that none does
      (the text would wait "To qualify", soft / not_defined). --category, --status,
      --reply-code and --domain give the other facts rules can test (a parser category such
      as userunknown, 5.1.1, 550, example.com). --channel email (default), sms or push: sms
      and push texts are matched as given (e.g. "SR smsc stat err|#MESSAGE#"). The rules are
      those in force in the database (staff rules included; same environment as the service)
      unless --source names a rules directory or URL. --json prints {"normalizedText",
      "channel","rule":{"id","ruleSet","ruleSetVersion","type","reason","provisional"}|null,
      "verdict":{"type","reason","toQualify","ruleSetVersion"}}.`;

export async function testRules(argv: string[], io: CliIo): Promise<number | string> {
  // The text is the one argument that is neither an option nor an option's value.
  const textIndex = argv.findIndex((arg, i) => !arg.startsWith('-') && !isOptionValue(argv, i));
  const text = textIndex >= 0 ? argv[textIndex] : undefined;
  if (text === undefined) return 'rules test needs the error text, quoted';
  const parsed = readOptions(
    argv.filter((_, i) => i !== textIndex),
    { values: VALUE_OPTIONS, flags: ['--json'] },
  );
  if (typeof parsed === 'string') return parsed;
  const channel = (lastValue(parsed, '--channel') ?? 'email') as Channel;
  if (!CHANNELS.includes(channel)) return `--channel must be one of ${CHANNELS.join(', ')}`;
  const ruleSets = await ruleSetsFor(lastValue(parsed, '--source'), io);
  if (typeof ruleSets === 'number') return ruleSets;
  const facts: MatchFacts = {
    channel,
    normalizedText: channel === 'email' ? normalizeErrorText(text) : text,
    ...optional('category', lastValue(parsed, '--category') as Category | undefined),
    ...optional('status', lastValue(parsed, '--status')),
    ...optional('replyCode', lastValue(parsed, '--reply-code')),
    ...optional('domain', lastValue(parsed, '--domain')),
  };
  const hit = findMatchingRule(ruleSets, facts);
  const verdict = verdictFromMatch(hit, ruleSets, facts);
  const rule = hit
    ? {
        id: hit.rule.id,
        ruleSet: hit.ruleSet.name,
        ruleSetVersion: hit.ruleSet.version,
        type: hit.rule.type,
        reason: hit.rule.reason,
        provisional: hit.rule.provisional,
      }
    : null;
  if (parsed.flags.has('--json')) {
    const { normalizedText: _text, ruleId: _id, ...rest } = verdict;
    const line = { normalizedText: facts.normalizedText, channel, rule, verdict: rest };
    io.stdout.write(`${JSON.stringify(line)}\n`);
    return 0;
  }
  const lines = [`normalized: ${facts.normalizedText}`];
  if (rule) {
    lines.push(
      `rule:       ${rule.id} (rule set ${rule.ruleSet}, version ${rule.ruleSetVersion})`,
      `verdict:    ${rule.type} / ${rule.reason}${rule.provisional ? ' (provisional: still To qualify)' : ''}`,
    );
  } else {
    lines.push(
      `rule:       none (of ${ruleSets.filter((s) => s.channel === channel).length} ${channel} rule sets)`,
      `verdict:    ${verdict.type} / ${verdict.reason}, To qualify`,
    );
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

const VALUE_OPTIONS = [
  '--channel',
  '--category',
  '--status',
  '--reply-code',
  '--domain',
  '--source',
];

function isOptionValue(argv: readonly string[], index: number): boolean {
  const previous = argv[index - 1];
  return previous !== undefined && VALUE_OPTIONS.includes(previous);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The sets of a source, or those in force in the database; an exit code when it fails. */
async function ruleSetsFor(
  source: string | undefined,
  io: CliIo,
): Promise<readonly CompiledRuleSet[] | number> {
  const config = loadConfig(io.env);
  if (source !== undefined) {
    const loaded = isUrlSource(source)
      ? await fetchRuleSource(source, { limits: config.ruleLimits })
      : await loadRuleDirectory(source, { limits: config.ruleLimits });
    if (!loaded.ok) {
      io.stderr.write(`rebound rules test: ${loaded.error.code}: ${loaded.error.message}\n`);
      return 1;
    }
    return 'ruleSets' in loaded ? loaded.ruleSets : [];
  }
  return withCliStore(io.env, async ({ database }) => {
    const logger = pino({ level: 'silent' });
    const fallback = await loadShippedRuleSets(config, logger);
    const stored = await loadStoredRuleSets(database.db, fallback, logger, config.ruleLimits);
    return stored.ruleSets;
  });
}
