// Bulk release after an ISP outage: build the query, dry run (count and sample), confirm by
// typing the count, release, and see the result.
import { api, session } from '../api.js';
import {
  announce,
  field,
  fmtDate,
  h,
  pageHeading,
  select,
  showError,
  table,
  words,
} from '../dom.js';

const DEFAULT_STATUSES = ['quarantine', 'with_errors'];

export async function renderRelease(main, { vocabulary }) {
  const text = h('input', { type: 'text', name: 'errorTextContains' });
  const domains = h('input', { type: 'text', name: 'domains', spellcheck: 'false' });
  const from = h('input', { type: 'datetime-local', name: 'updatedFrom' });
  const to = h('input', { type: 'datetime-local', name: 'updatedTo' });
  const channel = select(
    'channel',
    [['', 'Any channel'], ...vocabulary.channels.map((c) => [c, words(c)])],
    '',
  );
  const statuses = h(
    'fieldset',
    { class: 'checks' },
    h('legend', {}, 'Statuses to release'),
    vocabulary.statuses
      .filter((s) => s !== 'valid')
      .map((s) =>
        h(
          'label',
          {},
          h('input', {
            type: 'checkbox',
            name: 'statuses',
            value: s,
            checked: DEFAULT_STATUSES.includes(s),
          }),
          ` ${words(s)}`,
        ),
      ),
  );
  const reasons = h(
    'fieldset',
    { class: 'checks reasons' },
    h('legend', {}, 'Reasons (none ticked: any)'),
    Object.keys(vocabulary.reasons).map((r) =>
      h('label', {}, h('input', { type: 'checkbox', name: 'reasons', value: r }), ` ${words(r)}`),
    ),
  );
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const preview = h('section', { class: 'card', 'aria-labelledby': 'preview-title', hidden: true });
  const result = h('div', { role: 'status', 'aria-live': 'polite' });
  let dryRun = null;

  const form = h(
    'form',
    {
      class: 'card',
      'aria-label': 'Release query',
      oninput: () => invalidate(),
      onsubmit: async (event) => {
        event.preventDefault();
        formError.textContent = '';
        result.replaceChildren();
        const query = buildQuery();
        if (!query) return;
        announce('Counting the matching addresses…');
        try {
          const answer = await api('POST', '/api/addresses/release', {
            ...query,
            dryRun: true,
            sampleSize: 20,
          });
          dryRun = { query, matched: answer.matched };
          drawPreview(answer);
          announce(
            `${answer.matched} address${answer.matched === 1 ? '' : 'es'} would be released.`,
          );
        } catch (error) {
          formError.textContent = error.message;
        }
      },
    },
    h('h2', {}, 'Which addresses'),
    h(
      'div',
      { class: 'grid' },
      field('Error text contains', text, 'Plain text, case-insensitive, e.g. 5.1.1'),
      field('Domains', domains, 'Comma-separated, exact: gmail.com, googlemail.com'),
      field('Updated from', from, 'Your local time'),
      field('Updated before', to, 'Your local time'),
      field('Channel', channel),
    ),
    statuses,
    h('details', {}, h('summary', {}, 'Reasons'), reasons),
    formError,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Dry run')),
  );

  main.append(
    pageHeading('Bulk release'),
    h(
      'p',
      { class: 'lede' },
      'Release every address an ISP outage put in quarantine: describe them, check the dry run, then confirm with the count.',
    ),
    form,
    preview,
    result,
  );

  function buildQuery() {
    const query = {};
    if (text.value.trim()) query.errorTextContains = text.value.trim();
    const list = domains.value.split(/[\s,]+/).filter(Boolean);
    if (list.length > 0) query.domains = list;
    for (const [name, input] of [
      ['updatedFrom', from],
      ['updatedTo', to],
    ]) {
      if (!input.value) continue;
      const date = new Date(input.value);
      if (Number.isNaN(date.getTime())) {
        formError.textContent = `${name === 'updatedFrom' ? 'Updated from' : 'Updated before'} is not a date.`;
        return null;
      }
      query[name] = date.toISOString();
    }
    if (channel.value) query.channel = channel.value;
    const ticked = [...statuses.querySelectorAll('input:checked')].map((i) => i.value);
    if (ticked.length === 0) {
      formError.textContent = 'Tick at least one status.';
      return null;
    }
    query.statuses = ticked;
    const why = [...reasons.querySelectorAll('input:checked')].map((i) => i.value);
    if (why.length > 0) query.reasons = why;
    return query;
  }

  function invalidate() {
    if (!dryRun) return;
    dryRun = null;
    preview.hidden = true;
    announce('The query changed: run the dry run again.');
  }

  function drawPreview(answer) {
    preview.hidden = false;
    const confirm = h('input', {
      type: 'text',
      name: 'confirm',
      inputmode: 'numeric',
      autocomplete: 'off',
    });
    const go = h(
      'button',
      { type: 'submit', class: 'danger', disabled: true },
      `Release ${answer.matched.toLocaleString()} addresses`,
    );
    confirm.addEventListener('input', () => {
      go.disabled = confirm.value.trim() !== String(answer.matched);
    });
    preview.replaceChildren(
      h(
        'h2',
        { id: 'preview-title', tabindex: '-1' },
        `Dry run: ${answer.matched.toLocaleString()} address${answer.matched === 1 ? '' : 'es'} would be released`,
      ),
      answer.sample.length === 0
        ? h('p', { class: 'empty' }, 'Nothing matches: change the query.')
        : table(
            `Sample (${answer.sample.length} of ${answer.matched})`,
            ['Address', 'Status', 'Reason', 'Error text', 'Updated'],
            answer.sample.map((e) => [
              h(
                'a',
                {
                  href: `#/address?${new URLSearchParams({ address: e.address, channel: e.channel })}`,
                },
                e.address,
              ),
              words(e.status),
              words(e.reason),
              h('span', { class: 'wrap' }, e.errorText ?? '—'),
              fmtDate(e.updatedAt),
            ]),
          ),
      answer.matched === 0
        ? null
        : h(
            'form',
            {
              class: 'confirm-form',
              'aria-label': 'Confirm the release',
              onsubmit: async (event) => {
                event.preventDefault();
                if (!dryRun || confirm.value.trim() !== String(dryRun.matched)) return;
                go.disabled = true;
                announce('Releasing…');
                try {
                  const done = await api('POST', '/api/addresses/release', {
                    ...dryRun.query,
                    dryRun: false,
                  });
                  const actor = session.actor() || 'api';
                  preview.hidden = true;
                  result.replaceChildren(
                    h(
                      'h2',
                      { tabindex: '-1', id: 'release-result' },
                      `Released ${done.released.toLocaleString()} address${done.released === 1 ? '' : 'es'}`,
                    ),
                    h(
                      'p',
                      {},
                      done.released === dryRun.matched
                        ? 'As the dry run said.'
                        : `The dry run said ${dryRun.matched}: entries changed in between.`,
                    ),
                    h(
                      'p',
                      {},
                      `Each address's history records the release (cause Bulk release, by ${actor}); the sample above links to them.`,
                    ),
                  );
                  dryRun = null;
                  document.getElementById('release-result')?.focus();
                  announce(`Released ${done.released} addresses.`);
                } catch (error) {
                  showError(error.message);
                  go.disabled = false;
                }
              },
            },
            field(`Type ${answer.matched} to confirm`, confirm),
            h('div', { class: 'actions' }, go),
          ),
    );
    preview.querySelector('h2')?.focus();
  }
}
