// The editor of one staff rule: the rule's fields, its examples, and a live test that runs the
// rule (unsaved) on a pasted text and on its examples through POST /api/rule-tests. Problems
// the service finds are shown beside the control they are about; Save stores nothing while any
// problem remains.
import { api } from '../api.js';
import { announce, field, h, select, uid, words } from '../dom.js';
import { exampleEditor } from './rule-examples.js';
import { trialResult } from './rule-trial-view.js';

const LIST_FIELDS = [
  ['categories', 'Categories', 'Parser categories, comma-separated, e.g. userunknown, mailboxfull'],
  ['status', 'Status codes', 'Comma-separated: 5, 5.1 or 5.1.1'],
  ['replyCodes', 'Reply codes', 'Comma-separated: 5, 55 or 550'],
  ['domains', 'Domains', 'Comma-separated: example.com, *.example.com'],
];
const TEST_DELAY_MS = 350;

/**
 * `rule`: the rule as GET /api/rules answers it, or null for a new staff rule.
 * `onSaved(rule, requalified)` after a save, `onDeleted(answer)` after a delete, `onClose()` when
 * staff close the editor.
 */
export function ruleEditor({
  vocabulary,
  sets,
  rule,
  sample,
  notice,
  defaultSet,
  onSaved,
  onDeleted,
  onClose,
}) {
  const creating = !rule;
  const original = rule ?? {};
  const controls = {};
  const errors = new Map();
  // Problems show beside the controls staff have changed, and beside all once they try to save.
  const touched = new Set();
  let attempted = false;
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' });
  const reasons = Object.keys(vocabulary.reasons).map((r) => [r, words(r)]);

  // One control with a place for its error, read by screen readers after the hint.
  const withError = (key, label, control, hint) => {
    controls[key] = control;
    const block = field(label, control, hint);
    const message = h('p', { class: 'field-error', id: `${control.id}-error` });
    errors.set(key, { control, message });
    block.append(message);
    return block;
  };

  const ruleSet = select(
    'ruleSet',
    sets.map((s) => [s.name, `${s.name} (${words(s.channel)})`]),
    original.ruleSet ?? defaultSet ?? 'email',
  );
  ruleSet.disabled = !creating;
  const id = h('input', {
    type: 'text',
    name: 'id',
    value: original.id ?? '',
    spellcheck: 'false',
    autocomplete: 'off',
    placeholder: 'staff.example-refusal',
    readonly: !creating,
  });
  const description = h('input', {
    type: 'text',
    name: 'description',
    value: original.description ?? '',
  });
  const priority = h('input', {
    type: 'number',
    name: 'priority',
    min: '0',
    max: '1000',
    value: String(original.priority ?? 500),
  });
  const enabled = h('input', {
    type: 'checkbox',
    name: 'enabled',
    checked: original.enabled ?? true,
  });
  const provisional = h('input', {
    type: 'checkbox',
    name: 'provisional',
    checked: original.provisional ?? false,
  });
  const match = original.match ?? {};
  const pattern = h('textarea', {
    name: 'textRegex',
    rows: '2',
    class: 'mono',
    spellcheck: 'false',
    value: match.textRegex ?? '',
  });
  const contains = h('textarea', {
    name: 'textContains',
    rows: '2',
    spellcheck: 'false',
    value: (match.textContains ?? []).join('\n'),
  });
  const lists = LIST_FIELDS.map(([key, label, hint]) => {
    const input = h('input', {
      type: 'text',
      name: key,
      spellcheck: 'false',
      value: (match[key] ?? []).join(', '),
    });
    return { key, label, hint, input };
  });
  const temporary = select(
    'temporary',
    [
      ['', 'Either'],
      ['true', 'Only temporary (4xx)'],
      ['false', 'Only permanent'],
    ],
    match.temporary === undefined ? '' : String(match.temporary),
  );
  const type = select(
    'type',
    vocabulary.types.map((t) => [t, words(t)]),
    original.type ?? 'hard',
  );
  const reason = select('reason', reasons, original.reason ?? 'user_unknown');

  const examples = exampleEditor({
    vocabulary,
    reasons,
    examples: original.examples,
    defaults: () => ({ type: type.value, reason: reason.value }),
    onChange: () => scheduleTest(),
  });

  // The live test's own inputs: a pasted text and what the parser would have read with it.
  const sampleText = h('textarea', {
    rows: '4',
    class: 'mono',
    name: 'sample',
    value: sample?.text ?? '',
  });
  const sampleCategory = select(
    'sampleCategory',
    [['', 'None (undefined)'], ...vocabulary.categories.map((c) => [c, c])],
    sample?.category ?? '',
  );
  const sampleStatus = h('input', {
    type: 'text',
    name: 'sampleStatus',
    size: '8',
    value: sample?.status ?? '',
  });
  const testResult = h('div', { class: 'test-result', 'aria-live': 'polite' });

  const confirmBox = h('div', { class: 'confirm' });
  const saveButton = h('button', { type: 'submit' }, creating ? 'Save rule' : 'Save changes');
  const form = h(
    'form',
    {
      class: 'card rule-form',
      'aria-labelledby': 'rule-editor-title',
      novalidate: true,
      oninput: (event) => {
        touched.add(event.target);
        scheduleTest();
      },
      onchange: (event) => {
        touched.add(event.target);
        scheduleTest();
      },
      onsubmit: (event) => {
        event.preventDefault();
        save();
      },
    },
    h(
      'h2',
      { id: 'rule-editor-title', tabindex: '-1' },
      creating ? 'New staff rule' : `Edit rule ${original.id}`,
    ),
    !creating && original.origin === 'shipped'
      ? h(
          'p',
          { class: 'hint' },
          'A shipped rule: once you save it, it is edited by staff and syncs no longer overwrite it.',
        )
      : null,
    notice ? h('p', { class: 'ok', role: 'status' }, notice) : null,
    summary,
    h(
      'div',
      { class: 'grid' },
      withError('ruleSet', 'Rule set', ruleSet),
      withError('id', 'Id', id, 'Permanent: lower-case letters, digits, “.”, “_” or “-”'),
      withError('priority', 'Priority', priority, 'Higher wins; shipped refinements use 100–899'),
    ),
    withError('description', 'Description', description),
    h('h3', {}, 'What it matches'),
    withError(
      'match.textRegex',
      'Pattern',
      pattern,
      'RE2 syntax, case-insensitive, on the normalized text (#xxx# for numbers and ids, * for addresses)',
    ),
    withError('match.textContains', 'Text contains', contains, 'One phrase a line'),
    h(
      'div',
      { class: 'grid' },
      lists.map((l) => withError(`match.${l.key}`, l.label, l.input, l.hint)),
      withError('match.temporary', 'Temporary failures', temporary),
    ),
    h('h3', {}, 'What it decides'),
    h(
      'div',
      { class: 'grid' },
      withError('type', 'Type', type),
      withError('reason', 'Reason', reason),
    ),
    h(
      'div',
      { class: 'checks' },
      h('label', {}, enabled, ' Enabled'),
      h('label', {}, provisional, ' Provisional (decides, but the text stays To qualify)'),
    ),
    h(
      'fieldset',
      { class: 'examples-set' },
      h('legend', {}, 'Examples (each must give what it expects)'),
      (() => {
        const message = h('p', { class: 'field-error', id: uid('examples-error') });
        errors.set('examples', { control: null, message });
        return message;
      })(),
      examples.element,
      h(
        'button',
        { type: 'button', class: 'secondary small', onclick: () => examples.add(null, true) },
        'Add example',
      ),
    ),
    h(
      'section',
      { class: 'live-test', 'aria-labelledby': 'live-test-title' },
      h('h3', { id: 'live-test-title' }, 'Live test'),
      field('Text to test', sampleText, 'Paste a bounce text: it is normalized as the worker does'),
      h(
        'div',
        { class: 'grid' },
        field('Category of the text', sampleCategory),
        field('Status of the text', sampleStatus, 'Optional, e.g. 5.1.1'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary small',
          onclick: () => {
            examples.add(
              {
                input: {
                  text: sampleText.value,
                  ...(sampleStatus.value.trim() ? { status: sampleStatus.value.trim() } : {}),
                  ...(sampleCategory.value ? { category: sampleCategory.value } : {}),
                },
                expect: { type: type.value, reason: reason.value },
              },
              false,
            );
            announce(`The test text is example ${examples.entries().length}.`);
          },
        },
        'Add the text as an example',
      ),
      testResult,
    ),
    h(
      'div',
      { class: 'actions' },
      saveButton,
      h('button', { type: 'button', class: 'secondary', onclick: () => onClose() }, 'Close'),
      creating
        ? null
        : h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'aria-expanded': 'false',
              onclick: (event) => askDelete(event.currentTarget),
            },
            'Delete rule…',
          ),
    ),
    confirmBox,
  );

  // A shipped rule cannot go: deleting it leaves it disabled (a tombstone) so syncs keep it out.
  function askDelete(opener) {
    opener.setAttribute('aria-expanded', 'true');
    const shipped = original.origin === 'shipped';
    const yes = h(
      'button',
      {
        type: 'button',
        class: 'danger',
        onclick: async () => {
          yes.disabled = true;
          try {
            const answer = await api('DELETE', `/api/rules/${encodeURIComponent(original.id)}`);
            onDeleted(answer);
          } catch (error) {
            confirmBox.replaceChildren(h('p', { class: 'form-error' }, error.message));
          }
        },
      },
      'Yes, delete',
    );
    confirmBox.replaceChildren(
      h(
        'p',
        {},
        shipped
          ? `Rule ${original.id} is shipped: it stays, disabled, and syncs no longer bring it back. The texts staff decided through it wait to be qualified again.`
          : `Delete rule ${original.id}? The texts staff decided through it wait to be qualified again.`,
      ),
      h(
        'div',
        { class: 'actions' },
        yes,
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () => {
              confirmBox.replaceChildren();
              opener.setAttribute('aria-expanded', 'false');
              opener.focus();
            },
          },
          'Keep it',
        ),
      ),
    );
    yes.focus();
  }

  /** The rule as the API takes it, from the form; empty fields are left out. */
  function buildRule() {
    const split = (value, by) =>
      value
        .split(by)
        .map((v) => v.trim())
        .filter((v) => v !== '');
    // Match fields the form does not show (smsc, providers, codes, channel) are kept as they were.
    const shown = ['textRegex', 'textContains', 'temporary', ...LIST_FIELDS.map(([k]) => k)];
    const next = Object.fromEntries(Object.entries(match).filter(([k]) => !shown.includes(k)));
    if (pattern.value.trim()) next.textRegex = pattern.value.trim();
    const phrases = split(contains.value, /\n/);
    if (phrases.length) next.textContains = phrases;
    for (const l of lists) {
      const values = split(l.input.value, ',');
      if (values.length) next[l.key] = values;
    }
    if (temporary.value) next.temporary = temporary.value === 'true';
    const data = {
      id: id.value.trim(),
      priority: priority.value === '' ? NaN : Number(priority.value),
      enabled: enabled.checked,
      match: next,
      type: type.value,
      reason: reason.value,
      provisional: provisional.checked,
      examples: examples.values(),
    };
    if (description.value.trim()) data.description = description.value.trim();
    for (const key of ['delivered', 'retry'])
      if (original[key] !== undefined) data[key] = original[key];
    return JSON.parse(JSON.stringify(data)); // drops the undefined statuses
  }

  let timer = null;
  let sequence = 0;
  function scheduleTest() {
    clearTimeout(timer);
    timer = setTimeout(() => runTest(false), TEST_DELAY_MS);
  }

  /** Runs the dry run; answers it (or null when the service failed, said in the result). */
  async function runTest(showSummary) {
    clearTimeout(timer);
    const mine = ++sequence;
    form.setAttribute('aria-busy', 'true');
    try {
      const trial = await api('POST', '/api/rule-tests', {
        ruleSet: ruleSet.value,
        rule: buildRule(),
        ...(sampleText.value.trim()
          ? {
              sample: {
                text: sampleText.value,
                ...(sampleCategory.value ? { category: sampleCategory.value } : {}),
                ...(sampleStatus.value.trim() ? { status: sampleStatus.value.trim() } : {}),
              },
            }
          : {}),
      });
      if (mine !== sequence) return null;
      showProblems(trial.problems, showSummary);
      drawResult(trial);
      return trial;
    } catch (error) {
      if (mine === sequence)
        testResult.replaceChildren(h('p', { class: 'form-error' }, error.message));
      return null;
    } finally {
      if (mine === sequence) form.setAttribute('aria-busy', 'false');
    }
  }

  function showProblems(problems, showSummary) {
    for (const { control, message } of errors.values()) {
      message.textContent = '';
      control?.removeAttribute('aria-invalid');
    }
    for (const e of examples.entries()) {
      e.message.textContent = '';
      e.text.removeAttribute('aria-invalid');
    }
    if (showSummary) attempted = true;
    const unplaced = [];
    for (const problem of problems) {
      const target = placeOf(problem.field);
      if (!attempted && !(target?.control && touched.has(target.control))) continue;
      if (!target) {
        unplaced.push(`${problem.field}: ${problem.message}`);
        continue;
      }
      target.message.textContent = [target.message.textContent, problem.message]
        .filter(Boolean)
        .join(' ');
      if (target.control) {
        target.control.setAttribute('aria-invalid', 'true');
        const described = new Set(
          (target.control.getAttribute('aria-describedby') ?? '').split(' '),
        );
        described.add(target.message.id);
        target.control.setAttribute('aria-describedby', [...described].filter(Boolean).join(' '));
      }
    }
    summary.replaceChildren();
    if (problems.length > 0 && (showSummary || (attempted && unplaced.length > 0))) {
      summary.append(
        h(
          'p',
          {},
          `The rule cannot be saved: ${problems.length} problem${problems.length === 1 ? '' : 's'}${unplaced.length === problems.length ? ':' : unplaced.length ? '; those not beside a field:' : `, shown beside ${problems.length === 1 ? 'its field' : 'their fields'}.`}`,
        ),
        // append() would write a null as the text "null".
        ...(unplaced.length
          ? [
              h(
                'ul',
                {},
                unplaced.map((text) => h('li', {}, text)),
              ),
            ]
          : []),
      );
    }
  }

  /** `match.textRegex` → the pattern's error place; `examples.1.input.text` → example 2's. */
  function placeOf(path) {
    const example = /^examples\.(\d+)/.exec(path);
    if (example) {
      const entry = examples.entries()[Number(example[1])];
      return entry ? { control: entry.text, message: entry.message } : errors.get('examples');
    }
    if (path === 'match') return errors.get('match.textRegex');
    const key = [...errors.keys()]
      .filter((k) => path === k || path.startsWith(`${k}.`))
      .sort((a, b) => b.length - a.length)[0];
    return key ? errors.get(key) : undefined;
  }

  function drawResult(trial) {
    testResult.replaceChildren(...trialResult(trial));
  }

  async function save() {
    saveButton.disabled = true;
    announce('Checking the rule…');
    try {
      const trial = await runTest(true);
      if (!trial) return;
      if (!trial.valid) {
        announce('The rule was not saved.');
        const first = form.querySelector('[aria-invalid="true"]');
        (first ?? summary).focus();
        return;
      }
      const body = buildRule();
      const answer = creating
        ? await api('POST', '/api/rules', { ...body, ruleSet: ruleSet.value })
        : await api('PUT', `/api/rules/${encodeURIComponent(original.id)}`, body);
      onSaved(answer, answer.requalified);
    } catch (error) {
      summary.replaceChildren(h('p', {}, `Not saved: ${error.message}`));
      summary.focus();
      announce('The rule was not saved.');
    } finally {
      saveButton.disabled = false;
    }
  }

  runTest(false);
  return {
    form,
    focus: () => form.querySelector('h2')?.focus(),
    sample: () => ({
      text: sampleText.value,
      category: sampleCategory.value,
      status: sampleStatus.value,
    }),
  };
}
