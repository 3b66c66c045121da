// One address: its entry, edit / release / delete, and the full history (status changes with
// cause and actor, and every event).
import { api, qs } from '../api.js';
import {
  announce,
  announceAfterRender,
  fmtDate,
  h,
  pageHeading,
  showError,
  table,
  words,
} from '../dom.js';
import { entryForm } from './entry-form.js';

export async function renderAddress(main, { vocabulary, navigate, params }) {
  const address = params.get('address') ?? '';
  const channel = params.get('channel') ?? 'email';
  const path = `/api/addresses/${encodeURIComponent(address)}`;
  main.append(
    pageHeading(address || 'Address'),
    h('p', {}, h('a', { href: '#/quarantine' }, '← Back to the list')),
  );
  const body = h('div', { 'aria-busy': 'true' }, h('p', {}, 'Loading…'));
  main.append(body);
  announce('Loading the address…');
  let entry = null;
  try {
    entry = await api('GET', `${path}${qs({ channel })}`);
  } catch (error) {
    if (error.status !== 404) {
      showError(error.message);
      body.replaceChildren();
      return;
    }
  }
  const history = await api('GET', `${path}/history${qs({ channel })}`).catch((error) => {
    showError(error.message);
    return { history: [], events: [] };
  });
  body.setAttribute('aria-busy', 'false');
  announce('');
  const reload = () => renderAddressAgain(main, navigate, address, channel);
  if (!entry) {
    body.replaceChildren(
      h('p', { class: 'empty' }, `Rebound has no entry for ${words(channel)} ${address}.`),
      entryForm(vocabulary, { title: 'Create this entry', entry: undefined, onSaved: reload }),
    );
    body.querySelector('input[name=address]').value = address;
  } else {
    const confirmBox = h('div', { class: 'confirm' });
    body.replaceChildren(
      h(
        'dl',
        { class: 'facts' },
        fact('Channel', words(entry.channel)),
        fact('Status', h('span', { class: `badge ${entry.status}` }, words(entry.status))),
        fact('Since', fmtDate(entry.statusSince)),
        fact('Type', words(entry.type)),
        fact('Reason', words(entry.reason)),
        fact('Error count', String(entry.errorCount)),
        fact('Last error text', entry.errorText ?? '—'),
        fact('First error', fmtDate(entry.firstErrorAt)),
        fact('Last error', fmtDate(entry.lastErrorAt)),
        fact('Last delivery', entry.lastDeliveryId ?? '—'),
        fact('Updated', fmtDate(entry.updatedAt)),
      ),
      h(
        'div',
        { class: 'actions' },
        entry.status === 'valid'
          ? null
          : h(
              'button',
              { type: 'button', onclick: () => save({ status: 'valid' }, 'released (Valid)') },
              'Release',
            ),
        h(
          'button',
          {
            type: 'button',
            class: 'danger',
            onclick: () => {
              const yes = h(
                'button',
                {
                  type: 'button',
                  class: 'danger',
                  onclick: async () => {
                    try {
                      await api('DELETE', `${path}${qs({ channel })}`);
                      announceAfterRender(`${address} deleted.`);
                      navigate('quarantine');
                    } catch (error) {
                      showError(error.message);
                    }
                  },
                },
                'Yes, delete',
              );
              confirmBox.replaceChildren(
                h('p', {}, `Delete the entry of ${address}? Its history stays.`),
                yes,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'secondary',
                    onclick: () => confirmBox.replaceChildren(),
                  },
                  'Cancel',
                ),
              );
              yes.focus();
            },
          },
          'Delete…',
        ),
      ),
      confirmBox,
      h(
        'details',
        {},
        h('summary', {}, 'Edit this entry'),
        entryForm(vocabulary, { title: 'Edit', entry, onSaved: reload }),
      ),
    );
  }
  body.append(
    h('h2', {}, 'Status changes'),
    history.history.length === 0
      ? h('p', { class: 'empty' }, 'No status change recorded.')
      : table(
          'Status changes, oldest first',
          ['When', 'From', 'To', 'Reason', 'Cause', 'Who'],
          history.history.map((row) => [
            fmtDate(row.at),
            words(row.fromStatus),
            words(row.toStatus),
            words(row.reason),
            words(row.cause),
            row.actor ?? '—',
          ]),
        ),
    h('h2', {}, 'Events'),
    history.events.length === 0
      ? h('p', { class: 'empty' }, 'No event recorded.')
      : table(
          'Events, oldest first',
          ['When', 'Kind', 'Effect', 'Type', 'Reason', 'Text', 'Delivery'],
          history.events.map((event) => [
            fmtDate(event.at),
            words(event.kind),
            words(event.effect),
            words(event.type),
            words(event.reason),
            h('span', { class: 'wrap' }, event.text ?? '—'),
            event.deliveryId ?? '—',
          ]),
        ),
  );

  async function save(change, what) {
    try {
      await api('PUT', `${path}${qs({ channel })}`, change);
      announceAfterRender(`${address} ${what}.`);
      reload();
    } catch (error) {
      showError(error.message);
    }
  }
}

function renderAddressAgain(main, navigate, address, channel) {
  // A new hash re-renders; the same hash needs a nudge.
  const hash = `#/address?${new URLSearchParams({ address, channel })}`;
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else navigate('address', { address, channel });
}

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}
