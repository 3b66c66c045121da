// The spool: messages that could not be parsed or failed, their raw bytes, and a retry once
// a parser or rule fix is in.
import { api, qs } from '../api.js';
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

const PAGE_SIZE = 50;
const STATES = ['unparseable', 'failed', 'received', 'processed'];

export async function renderSpool(main) {
  const state = select(
    'state',
    STATES.map((s) => [s, words(s)]),
    'unparseable',
  );
  const results = h('div', { 'aria-busy': 'true' });
  const raw = h('section', { class: 'card', hidden: true, 'aria-labelledby': 'raw-title' });
  const outcome = h('div', { role: 'status', 'aria-live': 'polite' });
  const view = { cursors: [''], page: 0 };
  const prev = h(
    'button',
    { type: 'button', class: 'secondary', onclick: () => go(view.page - 1) },
    'Newer',
  );
  const next = h(
    'button',
    { type: 'button', class: 'secondary', onclick: () => go(view.page + 1) },
    'Older',
  );
  main.append(
    pageHeading('Spool'),
    h(
      'p',
      { class: 'lede' },
      'Every message Rebound received, newest first. Unparseable and failed ones wait here: read the raw message, fix the parser or a rule, then retry.',
    ),
    h(
      'form',
      {
        class: 'filters',
        onsubmit: (event) => {
          event.preventDefault();
          view.cursors = [''];
          go(0);
        },
      },
      field('State', state),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show')),
    ),
    outcome,
    results,
    h('nav', { class: 'pager', 'aria-label': 'Pages of the spool' }, prev, next),
    raw,
  );

  async function go(page) {
    if (page < 0 || page >= view.cursors.length) return;
    results.setAttribute('aria-busy', 'true');
    announce('Loading messages…');
    try {
      const answer = await api(
        'GET',
        `/api/messages${qs({ state: state.value, limit: PAGE_SIZE, cursor: view.cursors[page] })}`,
      );
      view.page = page;
      if (answer.nextCursor && view.cursors.length === page + 1)
        view.cursors.push(answer.nextCursor);
      prev.disabled = page === 0;
      next.disabled = !answer.nextCursor;
      draw(answer.items);
      announce(`${answer.items.length} message${answer.items.length === 1 ? '' : 's'}.`);
    } catch (error) {
      showError(error.message);
    } finally {
      results.setAttribute('aria-busy', 'false');
    }
  }

  function draw(items) {
    if (items.length === 0) {
      results.replaceChildren(
        h('p', { class: 'empty' }, `No ${words(state.value).toLowerCase()} message.`),
      );
      return;
    }
    results.replaceChildren(
      table(
        'Messages',
        ['Id', 'Received', 'Source', 'From → to', 'Kind', 'Size', 'Error', 'Attempts', 'Actions'],
        items.map((m) => [
          String(m.id),
          fmtDate(m.receivedAt),
          words(m.source),
          h(
            'span',
            { class: 'wrap' },
            `${m.mailFrom || '<>'} → ${Array.isArray(m.rcptTo) ? m.rcptTo.join(', ') : (m.rcptTo ?? '')}`,
          ),
          words(m.kind),
          `${Number(m.size).toLocaleString()} B`,
          h('span', { class: 'wrap' }, m.error ?? '—'),
          String(m.attempts),
          h(
            'div',
            { class: 'row-actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'small secondary',
                'aria-label': `View message ${m.id}`,
                onclick: () => showRaw(m),
              },
              'View raw',
            ),
            m.state === 'unparseable' || m.state === 'failed'
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'small',
                    'aria-label': `Retry message ${m.id}`,
                    onclick: () => retry(m),
                  },
                  'Retry',
                )
              : null,
          ),
        ]),
      ),
    );
  }

  async function showRaw(message) {
    announce(`Loading message ${message.id}…`);
    try {
      const text = await api('GET', `/api/messages/${message.id}/raw`);
      raw.hidden = false;
      raw.replaceChildren(
        h('h2', { id: 'raw-title', tabindex: '-1' }, `Message ${message.id} as received`),
        h(
          'pre',
          { class: 'raw', tabindex: '0', 'aria-label': `Raw message ${message.id}` },
          typeof text === 'string' ? text : JSON.stringify(text, null, 2),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () => {
              raw.hidden = true;
              results.querySelector('button')?.focus();
            },
          },
          'Close',
        ),
      );
      raw.querySelector('h2').focus();
      announce('');
    } catch (error) {
      showError(error.message);
    }
  }

  async function retry(message) {
    try {
      await api('POST', `/api/messages/${message.id}/retry`);
      outcome.replaceChildren(
        h(
          'p',
          { class: 'ok' },
          `Message ${message.id} queued again: it goes through the worker now.`,
        ),
      );
      await go(view.page);
      state.focus();
    } catch (error) {
      showError(error.message);
    }
  }

  await go(0);
}
