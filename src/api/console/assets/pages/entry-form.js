// Create or edit one entry (PUT /api/addresses/:address): status, reason, error text, count.
import { api, qs } from '../api.js';
import { announceAfterRender, field, h, select, showError, words } from '../dom.js';

export function entryForm(vocabulary, { title, entry, onSaved }) {
  const address = h('input', {
    type: 'text',
    name: 'address',
    required: true,
    spellcheck: 'false',
    value: entry?.address ?? '',
    readonly: Boolean(entry),
  });
  const channel = select(
    'channel',
    vocabulary.channels.map((c) => [c, words(c)]),
    entry?.channel ?? 'email',
  );
  if (entry) channel.disabled = true;
  const status = select(
    'status',
    vocabulary.statuses.map((s) => [s, words(s)]),
    entry?.status ?? 'quarantine',
  );
  const reason = select(
    'reason',
    [['', 'Keep as is / none'], ...Object.keys(vocabulary.reasons).map((r) => [r, words(r)])],
    entry?.reason ?? '',
  );
  const errorText = h('textarea', { name: 'errorText', rows: '3' });
  errorText.value = entry?.errorText ?? '';
  const errorCount = h('input', {
    type: 'number',
    name: 'errorCount',
    min: '0',
    step: '1',
    value: String(entry?.errorCount ?? 0),
  });
  const error = h('p', { class: 'form-error', role: 'alert' });
  return h(
    'form',
    {
      class: 'card entry-form',
      'aria-label': title,
      onsubmit: async (event) => {
        event.preventDefault();
        error.textContent = '';
        const body = { status: status.value, errorCount: Number(errorCount.value || 0) };
        if (reason.value) body.reason = reason.value;
        if (errorText.value.trim()) body.errorText = errorText.value.trim();
        try {
          const saved = await api(
            'PUT',
            `/api/addresses/${encodeURIComponent(address.value.trim())}${qs({ channel: channel.value })}`,
            body,
          );
          announceAfterRender(`${saved.address} saved: ${words(saved.status)}.`);
          onSaved(saved);
        } catch (failure) {
          error.textContent = failure.message;
          showError('');
        }
      },
    },
    h('h2', {}, title),
    h(
      'div',
      { class: 'grid' },
      field('Address', address),
      field('Channel', channel),
      field('Status', status),
      field('Reason', reason),
      field('Error count', errorCount),
    ),
    field('Error text', errorText),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save')),
  );
}
