/**
 * Runs the examples every rule carries. A rule's example must be decided by that rule (or by
 * the rule it names) with the expected type and reason: this catches a pattern that no longer
 * matches as well as a higher-priority rule that shadows it.
 */
import type { CompiledRuleSet } from './compile-rule-set.js';
import { createQualifier } from './qualifier.js';
import { qualifyPushFeedback } from './push-feedback.js';
import type { RuleExample } from './rule-schema.js';
import { qualifySmsStatusReport } from './sms-status-report.js';

/** One example whose outcome differs from what it expects. */
export interface ExampleFailure {
  ruleId: string;
  exampleIndex: number;
  expected: RuleExample['expect'] & { ruleId: string };
  actual: { type: string; reason: string; ruleId?: string; delivered?: boolean; retry?: boolean };
  normalizedText: string;
}

interface Outcome {
  type: string;
  reason: string;
  ruleId?: string;
  delivered?: boolean;
  retry?: boolean;
  normalizedText: string;
}

/** Every failing example of the set's enabled rules; an empty list means all hold. */
export function checkRuleExamples(ruleSet: CompiledRuleSet): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  const qualifier = createQualifier([ruleSet]);
  for (const rule of ruleSet.rules) {
    rule.data.examples.forEach((example, exampleIndex) => {
      const actual = runExample(ruleSet, qualifier, example);
      const expected = { ...example.expect, ruleId: example.expect.ruleId ?? rule.id };
      const differs =
        actual.type !== expected.type ||
        actual.reason !== expected.reason ||
        actual.ruleId !== expected.ruleId ||
        (expected.delivered !== undefined && actual.delivered !== expected.delivered) ||
        (expected.retry !== undefined && actual.retry !== expected.retry);
      if (!differs) return;
      const { normalizedText, ...rest } = actual;
      failures.push({ ruleId: rule.id, exampleIndex, expected, actual: rest, normalizedText });
    });
  }
  return failures;
}

function runExample(
  ruleSet: CompiledRuleSet,
  qualifier: ReturnType<typeof createQualifier>,
  example: RuleExample,
): Outcome {
  const input = example.input;
  if (ruleSet.channel === 'sms') {
    const result = qualifySmsStatusReport(input.text, input.smsc, ruleSet);
    return { ...pick(result.verdict), delivered: result.delivered };
  }
  if (ruleSet.channel === 'push') {
    const result = qualifyPushFeedback(input.provider ?? 'fcm', input.code ?? input.text, ruleSet);
    return { ...pick(result.verdict), retry: result.retry };
  }
  return pick(
    qualifier.qualify({
      channel: ruleSet.channel,
      category: input.category ?? 'undefined',
      text: input.text,
      ...(input.status !== undefined && { status: input.status }),
      ...(input.replyCode !== undefined && { replyCode: input.replyCode }),
      ...(input.domain !== undefined && { domain: input.domain }),
    }),
  );
}

function pick(verdict: {
  type: string;
  reason: string;
  ruleId?: string;
  normalizedText: string;
}): Outcome {
  return {
    type: verdict.type,
    reason: verdict.reason,
    normalizedText: verdict.normalizedText,
    ...(verdict.ruleId !== undefined && { ruleId: verdict.ruleId }),
  };
}
