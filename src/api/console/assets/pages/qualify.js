// To qualify: the texts no rule decided, most frequent first. Staff pick a type and reason
// and keep (or ignore) a text in one action; the answer says how many addresses it re-decided.
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
const SHORTCUTS = [
  ['j / k', 'next / previous text'],
  ['h / s / g', 'type Hard / Soft / Ignored'],
  ['r', 'go to the reason'],
  ['a', 'keep with the type and reason chosen'],
  ['i', 'ignore the text (never quarantines anyone)'],
];

export async function renderQualify(main, { vocabulary, navigate }) {
  const view = {
    items: [],
    nextCursor: null,
    selected: 0,
    filter: { status: 'to_qualify', channel: '', q: '' },
  };
  const list = h('div', { class: 'queue', 'aria-busy': 'true' });
  const detail = h('section', { class: 'detail card', 'aria-labelledby': 'detail-title' });
  // Kept across redraws: the queue moves on, the result of the last decision stays in view.
  const decision = h('section', {
    class: 'outcome',
    'aria-live': 'polite',
    'aria-label': 'Last decision',
  });
  const more = h(
    'button',
    { type: 'button', class: 'secondary', hidden: true, onclick: () => load(true) },
    'Load more',
  );

  const statusSelect = select(
    'status',
    vocabulary.qualificationStatuses.map((s) => [s, words(s)]),
    'to_qualify',
  );
  const channelSelect = select(
    'channel',
    [['', 'Any channel'], ...vocabulary.channels.map((c) => [c, words(c)])],
    '',
  );
  const search = h('input', { type: 'search', name: 'q' });
  const filters = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': 'Filter the texts',
      onsubmit: (event) => {
        event.preventDefault();
        view.filter = {
          status: statusSelect.value,
          channel: channelSelect.value,
          q: search.value.trim(),
        };
        load(false);
      },
    },
    field('Status', statusSelect),
    field('Channel', channelSelect),
    field('Text contains', search),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Filter')),
  );

  main.append(
    pageHeading('To qualify'),
    h(
      'p',
      { class: 'lede' },
      'Normalized error texts that no rule decided, most frequent first. Choose a type and reason and keep the text, or ignore it: every address that waited on it is decided again.',
    ),
    filters,
    h(
      'details',
      { class: 'shortcuts' },
      h('summary', {}, 'Keyboard shortcuts'),
      h(
        'dl',
        {},
        SHORTCUTS.map(([key, what]) => [h('dt', {}, h('kbd', {}, key)), h('dd', {}, what)]),
      ),
    ),
    decision,
    h('div', { class: 'split' }, h('div', {}, list, more), detail),
  );

  async function load(append) {
    list.setAttribute('aria-busy', 'true');
    announce('Loading texts…');
    try {
      const page = await api(
        'GET',
        `/api/qualifications${qs({ ...view.filter, sort: 'occurrences', limit: PAGE_SIZE, cursor: append ? view.nextCursor : '' })}`,
      );
      view.items = append ? [...view.items, ...page.items] : page.items;
      view.nextCursor = page.nextCursor;
      if (!append) view.selected = 0;
      announce(
        `${view.items.length} text${view.items.length === 1 ? '' : 's'} shown${page.nextCursor ? ', more to load' : ''}.`,
      );
    } catch (error) {
      showError(error.message);
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
    drawList();
    drawDetail();
  }

  function drawList() {
    more.hidden = !view.nextCursor;
    if (view.items.length === 0) {
      list.replaceChildren(
        h(
          'p',
          { class: 'empty' },
          view.filter.status === 'to_qualify'
            ? 'Nothing to qualify: every text seen so far is decided.'
            : 'No text matches these filters.',
        ),
      );
      return;
    }
    list.replaceChildren(
      h(
        'ol',
        { class: 'queue-list', 'aria-label': 'Texts' },
        view.items.map((item, index) =>
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                class: `queue-item${index === view.selected ? ' selected' : ''}`,
                'aria-pressed': index === view.selected ? 'true' : 'false',
                onclick: () => select_(index, true),
              },
              h(
                'span',
                { class: 'count', title: 'occurrences' },
                `${item.occurrences.toLocaleString()}×`,
              ),
              h('span', { class: 'text' }, item.text),
              h(
                'span',
                { class: 'meta' },
                `${words(item.channel)} · last seen ${fmtDate(item.lastSeen)}`,
              ),
            ),
          ),
        ),
      ),
    );
  }

  function select_(index, focusDetail) {
    if (index < 0 || index >= view.items.length) return;
    view.selected = index;
    drawList();
    drawDetail();
    if (focusDetail) detail.querySelector('h2')?.focus();
  }

  function drawDetail() {
    const item = view.items[view.selected];
    if (!item) {
      detail.replaceChildren(h('h2', { id: 'detail-title', tabindex: '-1' }, 'No text selected'));
      return;
    }
    const typeName = `type-${item.id}`;
    const current = item.status === 'to_qualify' ? 'hard' : item.type;
    const types = h(
      'fieldset',
      { class: 'radios' },
      h('legend', {}, 'Type'),
      vocabulary.types.map((type) =>
        h(
          'label',
          {},
          h('input', { type: 'radio', name: typeName, value: type, checked: type === current }),
          ` ${words(type)}`,
        ),
      ),
    );
    const reasons = Object.keys(vocabulary.reasons);
    const reason = select(
      'reason',
      reasons.map((r) => [r, `${words(r)} (${vocabulary.reasons[r]})`]),
      item.status === 'to_qualify' && item.reason === 'not_defined'
        ? 'user_unknown'
        : (item.reason ?? 'not_defined'),
    );
    const affected = h(
      'div',
      { class: 'affected', 'aria-busy': 'true' },
      h('p', {}, 'Looking for the addresses…'),
    );
    const chosenType = () => types.querySelector('input:checked')?.value ?? 'hard';
    const keep = h('button', { type: 'submit', 'aria-keyshortcuts': 'a' }, 'Keep (a)');
    const ignore = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'aria-keyshortcuts': 'i',
        onclick: () => decide({ status: 'ignore' }),
      },
      'Ignore (i)',
    );
    const reset = h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => resetCounter() },
      'Reset counter',
    );
    const form = h(
      'form',
      {
        class: 'qualify-form',
        'aria-label': 'Qualify this text',
        onsubmit: (event) => {
          event.preventDefault();
          decide({ status: 'keep', type: chosenType(), reason: reason.value });
        },
      },
      types,
      field('Reason', reason),
      h('div', { class: 'actions' }, keep, ignore, reset),
    );
    detail.replaceChildren(
      h('h2', { id: 'detail-title', tabindex: '-1' }, `Text #${item.id}`),
      h('h3', {}, 'Normalized text'),
      h('pre', { class: 'text-block' }, item.text),
      h('h3', {}, 'First raw text seen'),
      h('pre', { class: 'text-block' }, item.firstText),
      h(
        'dl',
        { class: 'facts' },
        fact('Occurrences', item.occurrences.toLocaleString()),
        fact('Status', words(item.status)),
        fact('Now decided as', `${words(item.type)}, ${words(item.reason)}`),
        fact('First seen', fmtDate(item.firstSeen)),
        fact('Last seen', fmtDate(item.lastSeen)),
        fact('Rule', item.ruleId ?? 'none (no rule matched)'),
        item.updatedBy ? fact('Decided by', item.updatedBy) : null,
      ),
      form,
      affected,
    );
    detail.controls = { types, reason, keep, ignore };
    loadAffected(item, affected);

    async function decide(body) {
      keep.disabled = ignore.disabled = true;
      announce('Saving the decision…');
      const before = affected.sample ?? [];
      try {
        const answer = await api('PATCH', `/api/qualifications/${item.id}`, body);
        const q = answer.requalified;
        const summary = q
          ? `Decided: ${words(answer.qualification.status)}, ${words(answer.qualification.type)}, ${words(answer.qualification.reason)}. Re-decided ${q.events} event${q.events === 1 ? '' : 's'} of ${q.addresses} address${q.addresses === 1 ? '' : 'es'}; ${q.changedAddresses} changed status.`
          : `Decided: ${words(answer.qualification.status)}.`;
        announce(summary);
        const afterRows = await Promise.all(
          before.slice(0, 50).map(async (entry) => {
            const now = await api(
              'GET',
              `/api/addresses/${encodeURIComponent(entry.address)}${qs({ channel: entry.channel })}`,
            ).catch(() => null);
            return [
              entry.address,
              entry.status ? words(entry.status) : 'no entry',
              now ? words(now.status) : 'no entry',
            ];
          }),
        );
        view.items[view.selected] = answer.qualification;
        if (view.filter.status === 'to_qualify') view.items.splice(view.selected, 1);
        if (view.selected >= view.items.length) view.selected = Math.max(0, view.items.length - 1);
        drawList();
        drawDetail();
        decision.replaceChildren(
          h('h2', { tabindex: '-1' }, 'Last decision'),
          h('p', { class: 'ok' }, `Text #${item.id}: ${summary}`),
          afterRows.length > 0
            ? table(
                `Addresses of text #${item.id}, before and after`,
                ['Address', 'Before', 'After'],
                afterRows,
              )
            : h('p', {}, 'No address carried the text before the decision.'),
        );
        decision.classList.add('card');
        (view.items.length > 0 ? detail : decision).querySelector('h2')?.focus();
      } catch (error) {
        showError(error.message);
        keep.disabled = ignore.disabled = false;
      }
    }

    async function resetCounter() {
      try {
        const answer = await api('PATCH', `/api/qualifications/${item.id}`, {
          resetOccurrences: true,
        });
        view.items[view.selected] = answer.qualification;
        drawList();
        drawDetail();
        announce(`Counter of text #${item.id} reset to 0.`);
      } catch (error) {
        showError(error.message);
      }
    }
  }

  async function loadAffected(item, container) {
    try {
      // Every address with an event carrying the text: what a decision on it re-decides.
      const found = await api(
        'GET',
        `/api/qualifications/${item.id}/addresses${qs({ limit: 200 })}`,
      );
      container.sample = found.items;
      container.replaceChildren(
        h('h3', {}, `Addresses affected: ${found.total.toLocaleString()}`),
        h(
          'p',
          { class: 'hint' },
          `Addresses with an event carrying this text${found.total > found.items.length ? ` (the ${found.items.length} seen last shown)` : ''}.`,
        ),
        found.items.length === 0
          ? h('p', { class: 'empty' }, 'No address carries this text now.')
          : h(
              'div',
              {},
              h(
                'p',
                {},
                'Domains: ',
                found.domains.map((d) => `${d.domain || '(none)'} (${d.addresses})`).join(', '),
              ),
              table(
                `Addresses of text #${item.id}`,
                ['Address', 'Status', 'Reason', 'Events', 'Last event'],
                found.items.map((entry) => [
                  h(
                    'a',
                    {
                      href: `#/address?${new URLSearchParams({ address: entry.address, channel: entry.channel })}`,
                    },
                    entry.address,
                  ),
                  entry.status ? words(entry.status) : 'no entry',
                  words(entry.reason),
                  String(entry.events),
                  fmtDate(entry.lastEventAt),
                ]),
              ),
            ),
      );
    } catch (error) {
      container.replaceChildren(
        h('p', { class: 'form-error' }, `Could not list the addresses: ${error.message}`),
      );
    } finally {
      container.setAttribute('aria-busy', 'false');
    }
  }

  const onKey = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (
      target instanceof HTMLElement &&
      (target.matches('input[type=text], input[type=search], textarea, select') ||
        target.isContentEditable)
    )
      return;
    const controls = detail.controls;
    const setType = (type) => {
      const radio = controls?.types.querySelector(`input[value="${type}"]`);
      if (radio) {
        radio.checked = true;
        announce(`Type ${words(type)}.`);
      }
    };
    const actions = {
      j: () => select_(view.selected + 1, false),
      k: () => select_(view.selected - 1, false),
      h: () => setType('hard'),
      s: () => setType('soft'),
      g: () => setType('ignored'),
      r: () => controls?.reason.focus(),
      a: () => controls?.keep.click(),
      i: () => controls?.ignore.click(),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };
  document.addEventListener('keydown', onKey);
  await load(false);
  void navigate;
  return () => document.removeEventListener('keydown', onKey);
}

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}
