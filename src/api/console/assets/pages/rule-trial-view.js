// What the rule editor's live test shows for one dry run (POST /api/rule-tests): the pasted
// text normalized, whether this rule matches it, what the rules in force decide, each example.
import { h, words } from '../dom.js';

export function trialResult(trial) {
  const parts = [];
  if (trial.sample) {
    const s = trial.sample;
    parts.push(
      h('h4', {}, 'The pasted text'),
      h('p', {}, 'Normalized: '),
      h('pre', { class: 'text-block' }, s.normalizedText),
      s.matches
        ? h(
            'p',
            { class: 'ok match-verdict' },
            `This rule matches: ${words(s.withRule.type)}, ${words(s.withRule.reason)}.`,
          )
        : h(
            'p',
            { class: 'no-match match-verdict' },
            trial.valid || trial.problems.every((p) => p.field.startsWith('examples'))
              ? 'This rule does not match the text.'
              : 'This rule cannot run until its problems are fixed.',
          ),
      h(
        'p',
        {},
        `The rules in force now: ${words(s.inForce.type)}, ${words(s.inForce.reason)}${
          s.inForce.toQualify ? ' — To qualify (no rule matched)' : ` by rule ${s.inForce.ruleId}`
        }.`,
      ),
    );
  } else
    parts.push(
      h('p', { class: 'hint' }, 'Paste a text above to see whether this rule matches it.'),
    );
  if (trial.examples.length > 0) {
    parts.push(
      h('h4', {}, 'Examples'),
      h(
        'ul',
        { class: 'example-results' },
        trial.examples.map((e) => h('li', { class: e.ok ? 'ok' : 'form-error' }, exampleLine(e))),
      ),
    );
  }
  parts.push(
    h(
      'p',
      { class: trial.valid ? 'ok' : 'form-error' },
      trial.valid
        ? 'The rule is valid and can be saved.'
        : `${trial.problems.length} problem${trial.problems.length === 1 ? '' : 's'} to fix before saving.`,
    ),
  );
  return parts;
}

function exampleLine(e) {
  const expected = `${words(e.expected.type)}, ${words(e.expected.reason)}`;
  if (e.ok) return `Example ${e.index + 1} holds: ${expected}.`;
  const actual = e.actual.ruleId
    ? `${words(e.actual.type)}, ${words(e.actual.reason)}`
    : 'no match';
  return `Example ${e.index + 1} fails: expects ${expected}; the rule gives ${actual} for “${e.normalizedText}”.`;
}
