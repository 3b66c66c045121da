/**
 * `rebound rules sync|check|list|test`: the rule sync on demand, a check of a rules directory
 * (or URL) with every rule's examples, the rules stored in the database, and the rule that
 * qualifies one text (rules-test.ts). Output is JSON on
 * stdout; problems go to stderr.
 */
import type { CliCommand, CliIo } from '../command.js';
import { lastValue, readOptions } from '../args.js';
import { withCliStore } from '../open-store.js';
import { loadConfig } from '../../config.js';
import { describeError } from '../../errors.js';
import { checkRuleExamples, type CompiledRuleSet } from '../../qualify/index.js';
import { fetchRuleSource, loadRuleDirectory } from '../../rule-sets/index.js';
import { listRules } from '../../store/rule-repository.js';
import { isUrlSource } from '../../rule-sets/load-rule-source.js';
import { loadShippedRuleSets } from '../../rule-sets/start-rules.js';
import { runRuleSync, summarizeSync } from '../../rule-sets/run-rule-sync.js';
import { pino } from 'pino';
import { RULES_TEST_HELP, testRules } from './rules-test.js';

const HELP = `Usage: rebound rules <sync|check|list|test> [options]

  sync [--source DIR|URL] [--dry-run] [--actor NAME]
      Apply the rule sets of the source (default RULES_SOURCE_URL, else RULES_DIR) to the
      rules table as new versions, promote staff Keep rows into rules, and re-decide the texts
      waiting for a decision. Rules staff created or edited are never overwritten: they are
      reported as conflicts. A broken source changes nothing (exit 1). Prints
      {"source","dryRun","changed","sets":[{"ruleSet","version","previousVersion","changed",
      "added","updated","unchanged","conflicts","promoted","retired"}],"summary",
      "requalified"}. Uses the service's configuration (DATABASE_URL, or DATA_DIR while the
      embedded service is stopped).

  check [DIR|URL]
      Validate the rule sets (default RULES_DIR) and run every rule's examples; no database.
      Prints {"ok","sets":[{"name","version","rules","failures"}]}; exit 1 when anything fails.

  list [--rule-set NAME]
      Print the stored rules as JSON lines: {"id","ruleSet","origin","editedByStaff",
      "enabled","priority","type","reason","updatedAt","updatedBy"}.

${RULES_TEST_HELP}

Exit status: 0 done, 1 failure, 2 usage error.`;

export const rulesCommand: CliCommand = {
  name: 'rules',
  summary: 'sync, check, list or test the qualification rules',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const [sub, ...rest] = argv;
    try {
      if (sub === 'sync') return await sync(rest, io);
      if (sub === 'check') return await check(rest, io);
      if (sub === 'list') return await list(rest, io);
      if (sub === 'test') {
        if (rest.includes('--help') || rest.includes('-h')) {
          io.stdout.write(`${HELP}\n`);
          return 0;
        }
        const result = await testRules(rest, io);
        return typeof result === 'string' ? usage(io, result) : result;
      }
    } catch (error) {
      io.stderr.write(`rebound rules ${sub}: ${describeError(error)}\n`);
      return 1;
    }
    return usage(io, sub ? `unknown sub-command "${sub}"` : 'a sub-command is needed');
  },
};

async function sync(argv: string[], io: CliIo): Promise<number> {
  const options = readOptions(argv, { values: ['--source', '--actor'], flags: ['--dry-run'] });
  if (typeof options === 'string') return usage(io, options);
  return withCliStore(io.env, async ({ config, database }) => {
    const logger = pino({ level: 'silent' });
    const source = lastValue(options, '--source') ?? config.rulesSourceUrl ?? config.rulesDir;
    const fallback = await loadShippedRuleSets(config, logger);
    const result = await runRuleSync(
      source,
      { db: database.db, policy: config.policy, fallback, logger, limits: config.ruleLimits },
      {
        dryRun: options.flags.has('--dry-run'),
        actor: lastValue(options, '--actor') ?? 'cli',
        now: new Date(),
      },
    );
    if (!result.ok) {
      io.stderr.write(`rebound rules sync: ${result.error.code}: ${result.error.message}\n`);
      for (const issue of result.error.issues) {
        io.stderr.write(
          `  ${issue.ruleId ? `rule "${issue.ruleId}" ` : ''}${issue.field}: ${issue.message}\n`,
        );
      }
      return 1;
    }
    const { changedRuleIds: _ids, ...report } = result.report;
    const summary = summarizeSync(result.report);
    io.stdout.write(
      `${JSON.stringify({ ...report, notModified: result.notModified, summary, requalified: result.requalified ?? null })}\n`,
    );
    return 0;
  });
}

async function check(argv: string[], io: CliIo): Promise<number> {
  if (argv.length > 1 || argv[0]?.startsWith('-'))
    return usage(io, `unknown argument ${argv[0] ?? ''}`);
  const config = loadConfig(io.env);
  const source = argv[0] ?? config.rulesDir;
  const loaded = isUrlSource(source)
    ? await fetchRuleSource(source, { limits: config.ruleLimits })
    : await loadRuleDirectory(source, { limits: config.ruleLimits });
  if (!loaded.ok) {
    io.stderr.write(`rebound rules check: ${loaded.error.code}: ${loaded.error.message}\n`);
    return 1;
  }
  const sets: CompiledRuleSet[] = 'ruleSets' in loaded ? loaded.ruleSets : [];
  const results = sets.map((set) => ({
    name: set.name,
    version: set.version,
    rules: set.rules.length,
    failures: checkRuleExamples(set),
  }));
  const ok = results.every((set) => set.failures.length === 0);
  io.stdout.write(`${JSON.stringify({ ok, sets: results })}\n`);
  return ok ? 0 : 1;
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const options = readOptions(argv, { values: ['--rule-set'], flags: [] });
  if (typeof options === 'string') return usage(io, options);
  return withCliStore(io.env, async ({ database }) => {
    for (const rule of await listRules(database.db, lastValue(options, '--rule-set'))) {
      const line = {
        id: rule.id,
        ruleSet: rule.ruleSet,
        origin: rule.origin,
        editedByStaff: rule.editedByStaff,
        enabled: rule.data.enabled,
        priority: rule.data.priority,
        type: rule.data.type,
        reason: rule.data.reason,
        updatedAt: rule.updatedAt.toISOString(),
        updatedBy: rule.updatedBy ?? null,
      };
      io.stdout.write(`${JSON.stringify(line)}\n`);
    }
    return 0;
  });
}

function usage(io: CliIo, problem: string): number {
  io.stderr.write(`rebound rules: ${problem}\n\n${HELP}\n`);
  return 2;
}
