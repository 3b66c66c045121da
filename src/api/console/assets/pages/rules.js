// Rules: the shipped and staff rules of each set with a search, the sets' sync status and the
// last rule changes, and the editor for a new or existing rule (rule-editor.js).
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
import { ruleEditor } from './rule-editor.js';

const ORIGINS = [
  ['', 'Any origin'],
  ['shipped', 'Shipped, as synced'],
  ['edited', 'Shipped, edited by staff'],
  ['staff', 'Written by staff'],
];

export async function renderRules(main, { vocabulary, params }) {
  const view = { sets: [], rules: [], changes: [] };
  const filter = {
    ruleSet: params.get('ruleSet') ?? 'email',
    origin: params.get('origin') ?? '',
    q: (params.get('q') ?? '').toLowerCase(),
  };
  const status = h(
    'section',
    { class: 'card', 'aria-labelledby': 'sync-title', 'aria-busy': 'true' },
    h('h2', { id: 'sync-title' }, 'Rule sets and sync'),
    h('p', { class: 'empty' }, 'Loading the rule sets…'),
  );
  const editorPlace = h('div');
  const list = h('div', { 'aria-busy': 'true' }, h('p', { class: 'empty' }, 'Loading the rules…'));
  const setSelect = select('ruleSet', [[filter.ruleSet, filter.ruleSet]], filter.ruleSet);
  const originSelect = select('origin', ORIGINS, filter.origin);
  const search = h('input', {
    type: 'search',
    name: 'q',
    value: filter.q,
    spellcheck: 'false',
    'aria-keyshortcuts': '/',
  });
  const newButton = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'aria-expanded': 'false',
      onclick: () => openEditor(null),
    },
    'New staff rule…',
  );

  main.append(
    pageHeading('Rules'),
    h(
      'p',
      { class: 'lede' },
      'The rules that decide what a bounce means for the address: shipped rule sets (synced from rules/) and the rules staff wrote or edited, which syncs never overwrite. Test a rule on a pasted text before saving it.',
    ),
    status,
    h(
      'details',
      { class: 'shortcuts' },
      h('summary', {}, 'Keyboard shortcuts'),
      h(
        'dl',
        {},
        h('dt', {}, h('kbd', {}, '/')),
        h('dd', {}, 'go to the search'),
        h('dt', {}, h('kbd', {}, 'n')),
        h('dd', {}, 'new staff rule'),
      ),
    ),
    h('div', { class: 'actions' }, newButton),
    editorPlace,
    h(
      'form',
      {
        class: 'filters',
        role: 'search',
        'aria-label': 'Search the rules',
        oninput: () => applyFilter(false),
        onsubmit: (event) => {
          event.preventDefault();
          applyFilter(true);
        },
      },
      field('Rule set', setSelect),
      field('Origin', originSelect),
      field('Search', search, 'Id, description, pattern or phrase'),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Search')),
    ),
    list,
  );

  async function applyFilter(say) {
    const setChanged = setSelect.value !== filter.ruleSet;
    filter.ruleSet = setSelect.value;
    filter.origin = originSelect.value;
    filter.q = search.value.trim().toLowerCase();
    if (setChanged) await loadRules();
    else drawList();
    const n = shownRules().length;
    if (say) announce(`${n} rule${n === 1 ? '' : 's'} shown.`);
  }

  async function loadStatus() {
    try {
      const answer = await api('GET', `/api/rule-sets${qs({ changes: 10 })}`);
      view.sets = answer.sets;
      view.changes = answer.changes;
      setSelect.replaceChildren(
        ...answer.sets.map((s) =>
          h(
            'option',
            { value: s.name, selected: s.name === filter.ruleSet },
            `${s.name} (${words(s.channel)})`,
          ),
        ),
      );
      drawStatus();
    } catch (error) {
      status.replaceChildren(
        h('p', { class: 'form-error' }, `Could not read the rule sets: ${error.message}`),
      );
    } finally {
      status.setAttribute('aria-busy', 'false');
    }
  }

  function drawStatus() {
    const conflicts = view.sets.flatMap((s) =>
      (s.lastSync?.conflicts ?? []).map((c) => [s.name, c.id, c.why]),
    );
    status.replaceChildren(
      ...[
        h('h2', { id: 'sync-title' }, 'Rule sets and sync'),
        table(
          'Rule sets',
          ['Set', 'Shipped version', 'Rules', 'Last sync', 'Sync changed'],
          view.sets.map((s) => [
            `${s.name} (${words(s.channel)})`,
            s.version,
            `${s.rules.shipped} shipped, ${s.rules.editedByStaff} edited by staff, ${s.rules.staff} staff, ${s.rules.disabled} disabled`,
            s.lastSync
              ? `${fmtDate(s.lastSync.appliedAt)} by ${s.lastSync.actor ?? '—'} from ${s.lastSync.source}`
              : 'never synced (the files loaded at start are in force)',
            s.lastSync
              ? `${s.lastSync.added} added, ${s.lastSync.updated} updated, ${s.lastSync.retired} retired, ${s.lastSync.promoted} promoted, ${s.lastSync.conflicts.length} conflict${s.lastSync.conflicts.length === 1 ? '' : 's'}`
              : '—',
          ]),
        ),
        conflicts.length
          ? table(
              'Conflicts of the last sync (staff edits kept)',
              ['Set', 'Rule', 'Why'],
              conflicts,
            )
          : null,
        h('h3', {}, 'Last changes'),
        view.changes.length === 0
          ? h('p', { class: 'empty' }, 'No rule has been changed yet.')
          : table(
              'Last rule changes',
              ['When', 'Rule', 'Change', 'Fields', 'By'],
              view.changes.map((c) => [
                fmtDate(c.at),
                ruleLink(c.ruleId),
                words(c.action),
                c.action === 'update' ? c.fields.join(', ') || '—' : '—',
                c.actor,
              ]),
            ),
      ].filter(Boolean),
    );
  }

  function ruleLink(ruleId) {
    const rule = view.rules.find((r) => r.id === ruleId);
    if (!rule) return h('code', {}, ruleId);
    return h(
      'button',
      {
        type: 'button',
        class: 'link',
        'aria-label': `Open rule ${ruleId}`,
        onclick: () => openEditor(rule),
      },
      h('code', {}, ruleId),
    );
  }

  async function loadRules() {
    list.setAttribute('aria-busy', 'true');
    announce('Loading the rules…');
    try {
      const answer = await api('GET', `/api/rules${qs({ ruleSet: filter.ruleSet })}`);
      view.rules = answer.items;
      drawList();
      announce(`${view.rules.length} rules in ${filter.ruleSet}.`);
    } catch (error) {
      showError(error.message);
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  function originOf(rule) {
    if (rule.origin === 'staff') return 'staff';
    return rule.editedByStaff ? 'edited' : 'shipped';
  }

  function shownRules() {
    return view.rules.filter((rule) => {
      if (filter.origin && originOf(rule) !== filter.origin) return false;
      if (!filter.q) return true;
      const haystack = [
        rule.id,
        rule.description ?? '',
        rule.match.textRegex ?? '',
        ...(rule.match.textContains ?? []),
      ]
        .join('\n')
        .toLowerCase();
      return haystack.includes(filter.q);
    });
  }

  function drawList() {
    const rules = shownRules();
    if (rules.length === 0) {
      list.replaceChildren(h('p', { class: 'empty' }, 'No rule matches this search.'));
      return;
    }
    list.replaceChildren(
      table(
        `Rules of ${filter.ruleSet}: ${rules.length} shown`,
        ['Id', 'Priority', 'Matches', 'Decides', 'Origin', 'Action'],
        rules.map((rule) => [
          h('code', { class: 'wrap' }, rule.id),
          String(rule.priority),
          // Long patterns are cut in the list (the editor shows them whole).
          h(
            'span',
            { class: 'wrap mono', title: describeMatch(rule.match) },
            cut(describeMatch(rule.match)),
          ),
          `${words(rule.type)}, ${words(rule.reason)}${rule.enabled ? '' : ' (disabled)'}`,
          h(
            'span',
            { class: `badge origin-${originOf(rule)}` },
            ORIGINS.find(([k]) => k === originOf(rule))[1],
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'small secondary',
              'aria-label': `Edit rule ${rule.id}`,
              onclick: () => openEditor(rule),
            },
            'Edit',
          ),
        ]),
      ),
    );
  }

  function openEditor(rule, sample, notice) {
    const editor = ruleEditor({
      vocabulary,
      sets: view.sets,
      rule,
      sample,
      notice,
      defaultSet: filter.ruleSet,
      onClose: () => {
        editorPlace.replaceChildren();
        newButton.setAttribute('aria-expanded', 'false');
        newButton.focus();
      },
      onDeleted: async (answer) => {
        const q = answer.requalified ?? { changedAddresses: 0 };
        editorPlace.replaceChildren();
        newButton.setAttribute('aria-expanded', 'false');
        await Promise.all([loadStatus(), loadRules()]);
        announce(
          `Rule ${answer.id} ${answer.tombstone ? 'disabled (shipped rules stay as a tombstone)' : 'deleted'}; ${q.changedAddresses} address${q.changedAddresses === 1 ? '' : 'es'} changed status.`,
        );
        document.getElementById('page-title')?.focus();
      },
      // The editor stays open on the saved rule with the same pasted text, tested again.
      onSaved: async (saved, requalified) => {
        const q = requalified ?? { events: 0, changedAddresses: 0 };
        const text = `Rule ${saved.id} saved. Re-decided ${q.events} event${q.events === 1 ? '' : 's'}; ${q.changedAddresses} address${q.changedAddresses === 1 ? '' : 'es'} changed status.`;
        const keptSample = editor.sample();
        await Promise.all([loadStatus(), loadRules()]);
        openEditor(view.rules.find((r) => r.id === saved.id) ?? saved, keptSample, text);
        announce(text);
      },
    });
    editorPlace.replaceChildren(editor.form);
    newButton.setAttribute('aria-expanded', rule ? 'false' : 'true');
    editor.focus();
  }

  // The list holds every rule of the set: a key to jump over it to the search or a new rule.
  const onKey = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (
      target instanceof HTMLElement &&
      target.closest('input, textarea, select, [contenteditable]')
    )
      return;
    if (event.key === '/') search.focus();
    else if (event.key === 'n') openEditor(null);
    else return;
    event.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  await Promise.all([loadStatus(), loadRules()]);
  drawStatus();
  return () => document.removeEventListener('keydown', onKey);
}

/** A rule's conditions in one line: `/pattern/ · contains "x" · status 5.1.1`. */
function describeMatch(match) {
  const parts = [];
  if (match.textRegex) parts.push(`/${match.textRegex}/`);
  if (match.textContains)
    parts.push(`contains ${match.textContains.map((t) => `“${t}”`).join(' or ')}`);
  if (match.categories) parts.push(`category ${match.categories.join(', ')}`);
  if (match.status) parts.push(`status ${match.status.join(', ')}`);
  if (match.replyCodes) parts.push(`reply ${match.replyCodes.join(', ')}`);
  if (match.domains) parts.push(`domain ${match.domains.join(', ')}`);
  if (match.temporary !== undefined)
    parts.push(match.temporary ? 'temporary only' : 'permanent only');
  if (match.providers) parts.push(`provider ${match.providers.join(', ')}`);
  if (match.codes) parts.push(`code ${match.codes.join(', ')}`);
  if (match.smsc) parts.push(`SMSC ${match.smsc.join(', ')}`);
  return parts.join(' · ') || '—';
}

const LIST_TEXT = 140;

function cut(text) {
  return text.length > LIST_TEXT ? `${text.slice(0, LIST_TEXT - 1)}…` : text;
}
