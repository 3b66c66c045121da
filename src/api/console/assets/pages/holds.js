// Outage-guard holds: bursts of one hard error from one domain kept from the policy until
// staff apply them (the errors were real) or discard them (an incident).
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

export async function renderHolds(main) {
  const status = select(
    'status',
    [
      ['held', 'Held (waiting for a decision)'],
      ['applied', 'Applied'],
      ['discarded', 'Discarded'],
      ['', 'All'],
    ],
    'held',
  );
  const results = h('div', { 'aria-busy': 'true' });
  const outcome = h('div', { role: 'status', 'aria-live': 'polite' });
  main.append(
    pageHeading('Outage holds'),
    h(
      'p',
      { class: 'lede' },
      'When one domain suddenly answers the same hard error for many recipients, Rebound holds the errors instead of quarantining everyone. Apply a hold if the errors were real; discard it if it was the provider\u2019s incident — the addresses it touched are rebuilt.',
    ),
    h(
      'form',
      {
        class: 'filters',
        onsubmit: (event) => {
          event.preventDefault();
          load();
        },
      },
      field('Show', status),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show')),
    ),
    outcome,
    results,
  );

  async function load() {
    results.setAttribute('aria-busy', 'true');
    announce('Loading holds…');
    try {
      const answer = await api('GET', `/api/holds${qs({ status: status.value })}`);
      draw(answer.items);
      announce(`${answer.items.length} hold${answer.items.length === 1 ? '' : 's'}.`);
    } catch (error) {
      showError(error.message);
    } finally {
      results.setAttribute('aria-busy', 'false');
    }
  }

  function draw(items) {
    if (items.length === 0) {
      results.replaceChildren(
        h(
          'p',
          { class: 'empty' },
          status.value === 'held' ? 'No hold is waiting: no outage detected.' : 'No hold.',
        ),
      );
      return;
    }
    results.replaceChildren(
      table(
        'Holds',
        ['Domain', 'Text', 'Held events', 'First seen', 'Last seen', 'Status', 'Decision'],
        items.map((hold) => [
          `${hold.domain} (${words(hold.channel)})`,
          h('span', { class: 'wrap' }, hold.text),
          String(hold.heldEvents),
          fmtDate(hold.firstSeen),
          fmtDate(hold.lastSeen),
          words(hold.status),
          hold.status === 'held'
            ? h(
                'div',
                { class: 'row-actions' },
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'small',
                    'aria-label': `Apply hold ${hold.id} of ${hold.domain}`,
                    onclick: () => decide(hold, 'apply'),
                  },
                  'Apply',
                ),
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'small secondary',
                    'aria-label': `Discard hold ${hold.id} of ${hold.domain}`,
                    onclick: () => decide(hold, 'discard'),
                  },
                  'Discard',
                ),
              )
            : `${hold.decidedBy ?? '—'}, ${fmtDate(hold.decidedAt)}`,
        ]),
      ),
    );
  }

  async function decide(hold, decision) {
    announce(`${decision === 'apply' ? 'Applying' : 'Discarding'} hold ${hold.id}…`);
    try {
      const answer = await api('POST', `/api/holds/${hold.id}/${decision}`);
      outcome.replaceChildren(
        h(
          'p',
          { class: 'ok' },
          `Hold ${hold.id} of ${hold.domain} ${decision === 'apply' ? 'applied' : 'discarded'}: ${answer.events} event${answer.events === 1 ? '' : 's'}, ${answer.changedAddresses} address${answer.changedAddresses === 1 ? '' : 'es'} changed.`,
        ),
      );
      await load();
      status.focus();
    } catch (error) {
      showError(error.message);
    }
  }

  await load();
}
