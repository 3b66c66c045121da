// The examples part of the rule editor: each example's text, status and expected outcome, kept
// numbered in order (the dry run names examples by position), with add and remove.
import { field, h, select, uid, words } from '../dom.js';

/**
 * `defaults()` gives the expected type and reason of a new example (the rule's own);
 * `onChange()` runs after an add or a remove.
 */
export function exampleEditor({ vocabulary, reasons, examples, defaults, onChange }) {
  const list = h('div', { class: 'examples' });
  const entries = [];

  function relabel() {
    entries.forEach((entry, i) => {
      const n = i + 1;
      entry.legend.textContent = `Example ${n}`;
      entry.labels.text.textContent = `Example ${n} text`;
      entry.labels.status.textContent = `Example ${n} status`;
      entry.labels.type.textContent = `Example ${n} expects type`;
      entry.labels.reason.textContent = `Example ${n} expects reason`;
      entry.remove.textContent = `Remove example ${n}`;
    });
  }

  function add(example, focus) {
    const base = example ?? { input: { text: '' }, expect: defaults() };
    const text = h('textarea', { rows: '2', class: 'mono', value: base.input.text ?? '' });
    const status = h('input', { type: 'text', value: base.input.status ?? '', size: '8' });
    const expectType = select(
      'expect-type',
      vocabulary.types.map((t) => [t, words(t)]),
      base.expect.type,
    );
    const expectReason = select('expect-reason', reasons, base.expect.reason);
    const blocks = {
      text: field('', text),
      status: field('', status, 'Optional, e.g. 5.1.1'),
      type: field('', expectType),
      reason: field('', expectReason),
    };
    const labelOf = (block) => block.querySelector('label');
    const entry = {
      base,
      text,
      status,
      expectType,
      expectReason,
      message: h('p', { class: 'field-error', id: uid('example-error') }),
      legend: h('legend'),
      labels: {
        text: labelOf(blocks.text),
        status: labelOf(blocks.status),
        type: labelOf(blocks.type),
        reason: labelOf(blocks.reason),
      },
    };
    entry.remove = h('button', {
      type: 'button',
      class: 'secondary small',
      onclick: () => {
        entries.splice(entries.indexOf(entry), 1);
        entry.block.remove();
        relabel();
        onChange();
      },
    });
    entry.block = h(
      'fieldset',
      { class: 'example' },
      entry.legend,
      blocks.text,
      h('div', { class: 'grid' }, blocks.status, blocks.type, blocks.reason),
      entry.message,
      entry.remove,
    );
    entries.push(entry);
    list.append(entry.block);
    relabel();
    if (focus) text.focus();
  }

  for (const example of examples ?? [null]) add(example, false);

  return {
    element: list,
    add: (example, focus) => {
      add(example, focus);
      onChange();
    },
    entries: () => entries,
    /** The examples as the API takes them; input fields the form does not show are kept. */
    values: () =>
      entries.map((e) => ({
        input: {
          ...e.base.input,
          text: e.text.value,
          status: e.status.value.trim() || undefined,
        },
        expect: { ...e.base.expect, type: e.expectType.value, reason: e.expectReason.value },
      })),
  };
}
