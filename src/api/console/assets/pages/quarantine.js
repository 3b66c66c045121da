// The quarantine list: filters, keyset pages (the API's cursor, so page 10,000 costs what
// page 1 does), a new entry, and a one-click release per row.
import { api, qs } from '../api.js';
import {
  announce,
  field,
  fmtDate,
  h,
  isoToLocal,
  localToIso,
  pageHeading,
  select,
  showError,
  table,
  words,
} from '../dom.js';
import { entryForm } from './entry-form.js';

const PAGE_SIZE = 50;

export async function renderQuarantine(main, { vocabulary, navigate, params }) {
  const view = { cursors: [''], page: 0, nextCursor: null };
  const filter = {
    q: params.get('q') ?? '',
    status: params.get('status') ?? '',
    channel: params.get('channel') ?? '',
    domain: params.get('domain') ?? '',
    reason: params.get('reason') ?? '',
    since: params.get('since') ?? '',
    until: params.get('until') ?? '',
  };
  const q = h('input', { type: 'search', name: 'q', value: filter.q, 'aria-keyshortcuts': '/' });
  const status = select(
    'status',
    [['', 'Any status'], ...vocabulary.statuses.map((s) => [s, words(s)])],
    filter.status,
  );
  const channel = select(
    'channel',
    [['', 'Any channel'], ...vocabulary.channels.map((c) => [c, words(c)])],
    filter.channel,
  );
  const domain = h('input', {
    type: 'text',
    name: 'domain',
    value: filter.domain,
    spellcheck: 'false',
  });
  const reason = select(
    'reason',
    [['', 'Any reason'], ...Object.keys(vocabulary.reasons).map((r) => [r, words(r)])],
    filter.reason,
  );
  // The API's since/until window on the entry's last update; the inputs are local time.
  const since = h('input', {
    type: 'datetime-local',
    name: 'since',
    value: isoToLocal(filter.since),
  });
  const until = h('input', {
    type: 'datetime-local',
    name: 'until',
    value: isoToLocal(filter.until),
  });
  const filterError = h('p', { class: 'form-error', id: 'filter-error', role: 'alert' });
  const results = h('div', { 'aria-busy': 'true' });
  const prev = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'aria-keyshortcuts': 'p',
      onclick: () => go(view.page - 1),
    },
    'Previous page',
  );
  const next = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'aria-keyshortcuts': 'n',
      onclick: () => go(view.page + 1),
    },
    'Next page',
  );
  const pageLabel = h('span', { class: 'page-label' });
  const creator = h('div');

  main.append(
    pageHeading('Quarantine list'),
    h(
      'p',
      { class: 'lede' },
      'Every address Rebound keeps a status for. Open an address for its history, to edit, release or delete it.',
    ),
    h(
      'form',
      {
        class: 'filters',
        role: 'search',
        'aria-label': 'Filter the list',
        onsubmit: (event) => {
          event.preventDefault();
          filterError.textContent = '';
          if (since.value && until.value && since.value >= until.value) {
            filterError.textContent = 'Updated from must be before Updated until.';
            since.setAttribute('aria-invalid', 'true');
            since.focus();
            return;
          }
          since.removeAttribute('aria-invalid');
          Object.assign(filter, {
            q: q.value.trim(),
            status: status.value,
            channel: channel.value,
            domain: domain.value.trim(),
            reason: reason.value,
            since: localToIso(since.value),
            until: localToIso(until.value),
          });
          view.cursors = [''];
          go(0);
        },
      },
      field('Address contains', q),
      field('Status', status),
      field('Channel', channel),
      field('Domain', domain, 'Exact, e.g. example.org'),
      field('Reason', reason),
      field('Updated from', since, 'Local time'),
      field('Updated until', until, 'Local time, not included'),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Filter')),
      filterError,
    ),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'aria-expanded': 'false',
          onclick: (event) => {
            const open = creator.childElementCount === 0;
            event.currentTarget.setAttribute('aria-expanded', String(open));
            if (!open) return creator.replaceChildren();
            creator.replaceChildren(
              entryForm(vocabulary, {
                title: 'New entry',
                onSaved: (entry) =>
                  navigate('address', { address: entry.address, channel: entry.channel }),
              }),
            );
            creator.querySelector('input')?.focus();
          },
        },
        'New entry…',
      ),
    ),
    creator,
    h(
      'details',
      { class: 'shortcuts' },
      h('summary', {}, 'Keyboard shortcuts'),
      h(
        'dl',
        {},
        [
          ['/', 'go to the filters'],
          ['n / p', 'next / previous page'],
        ].map(([key, what]) => [h('dt', {}, h('kbd', {}, key)), h('dd', {}, what)]),
      ),
    ),
    results,
    h('nav', { class: 'pager', 'aria-label': 'Pages of the list' }, prev, pageLabel, next),
  );

  async function go(page) {
    if (page < 0 || page >= view.cursors.length) return;
    results.setAttribute('aria-busy', 'true');
    announce('Loading the list…');
    try {
      const answer = await api(
        'GET',
        `/api/addresses${qs({ ...filter, limit: PAGE_SIZE, cursor: view.cursors[page] })}`,
      );
      view.page = page;
      view.nextCursor = answer.nextCursor;
      if (answer.nextCursor && view.cursors.length === page + 1)
        view.cursors.push(answer.nextCursor);
      draw(answer.items);
      announce(
        `Page ${page + 1}: ${answer.items.length} entr${answer.items.length === 1 ? 'y' : 'ies'}.`,
      );
    } catch (error) {
      showError(error.message);
    } finally {
      results.setAttribute('aria-busy', 'false');
    }
  }

  function draw(items) {
    prev.disabled = view.page === 0;
    next.disabled = !view.nextCursor;
    pageLabel.textContent = `Page ${view.page + 1}`;
    if (items.length === 0) {
      results.replaceChildren(h('p', { class: 'empty' }, 'No entry matches these filters.'));
      return;
    }
    results.replaceChildren(
      table(
        'Entries',
        ['Address', 'Channel', 'Status', 'Reason', 'Errors', 'Last error', 'Updated', 'Action'],
        items.map((entry) => [
          h(
            'a',
            {
              href: `#/address?${new URLSearchParams({ address: entry.address, channel: entry.channel })}`,
            },
            entry.address,
          ),
          words(entry.channel),
          h('span', { class: `badge ${entry.status}` }, words(entry.status)),
          words(entry.reason),
          String(entry.errorCount),
          fmtDate(entry.lastErrorAt),
          fmtDate(entry.updatedAt),
          entry.status === 'valid'
            ? '—'
            : h(
                'button',
                {
                  type: 'button',
                  class: 'small',
                  'aria-label': `Release ${entry.address}`,
                  onclick: async () => {
                    try {
                      await api(
                        'PUT',
                        `/api/addresses/${encodeURIComponent(entry.address)}${qs({ channel: entry.channel })}`,
                        { status: 'valid' },
                      );
                      announce(`${entry.address} released (Valid).`);
                      go(view.page);
                    } catch (error) {
                      showError(error.message);
                    }
                  },
                },
                'Release',
              ),
        ]),
      ),
    );
  }

  // A page holds 50 entries with two stops each: keys to reach the pager and the filters.
  const onKey = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (
      target instanceof HTMLElement &&
      target.closest('input, textarea, select, [contenteditable]')
    )
      return;
    const actions = {
      '/': () => q.focus(),
      n: () => !next.disabled && go(view.page + 1),
      p: () => !prev.disabled && go(view.page - 1),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };
  document.addEventListener('keydown', onKey);
  await go(0);
  return () => document.removeEventListener('keydown', onKey);
}
