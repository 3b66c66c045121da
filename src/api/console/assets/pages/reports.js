// Reports: bounces and complaints over time (split by kind, type, reason or domain), the top
// domains with their failure rates, failures by type and reason, and the addresses quarantined
// in the period. Charts first, the numbers one click away, a CSV of each.
import { api, qs } from '../api.js';
import { chartBlock, horizontalBars, legend, stackedBars } from '../chart.js';
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
  words,
} from '../dom.js';

const DAY_MS = 86_400_000;
const SPLITS = [
  ['kind', 'Kind (bounce, complaint)'],
  ['type', 'Type (hard, soft, ignored)'],
  ['reason', 'Reason'],
  ['domain', 'Domain (top 10)'],
];

export async function renderReports(main, { params }) {
  const now = new Date();
  const fromInput = h('input', {
    type: 'datetime-local',
    name: 'from',
    value: isoToLocal(params.get('from') ?? new Date(now.getTime() - 7 * DAY_MS).toISOString()),
  });
  const toInput = h('input', {
    type: 'datetime-local',
    name: 'to',
    value: isoToLocal(params.get('to') ?? new Date(now.getTime() + 60_000).toISOString()),
  });
  const by = select('by', SPLITS, params.get('by') ?? 'kind');
  const bucket = select(
    'bucket',
    [
      ['', 'Automatic'],
      ['hour', 'Hour'],
      ['day', 'Day'],
    ],
    params.get('bucket') ?? '',
  );
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const results = h(
    'div',
    { 'aria-busy': 'true' },
    h('p', { class: 'empty' }, 'Loading the reports…'),
  );

  main.append(
    pageHeading('Reports'),
    h(
      'p',
      { class: 'lede' },
      'What came back in a period: bounces and complaints over time, the domains that fail most, and the addresses that entered quarantine. Times are UTC in the charts and tables.',
    ),
    h(
      'form',
      {
        class: 'filters',
        'aria-label': 'Report period',
        onsubmit: (event) => {
          event.preventDefault();
          load();
        },
      },
      field('From', fromInput, 'Local time'),
      field('To', toInput, 'Local time, not included'),
      field('Split by', by),
      field('Bucket', bucket),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show')),
      formError,
    ),
    results,
  );

  async function load() {
    formError.textContent = '';
    const from = localToIso(fromInput.value);
    const to = localToIso(toInput.value);
    if (!from || !to || from >= to) {
      formError.textContent = 'Choose a From before To.';
      fromInput.focus();
      return;
    }
    results.setAttribute('aria-busy', 'true');
    announce('Loading the reports…');
    try {
      const [timeline, report] = await Promise.all([
        api('GET', `/api/reports/timeline${qs({ from, to, by: by.value, bucket: bucket.value })}`),
        api('GET', `/api/reports/non-deliverables${qs({ from, to })}`),
      ]);
      draw(timeline, report);
      announce(
        `${timeline.total} bounce${timeline.total === 1 ? '' : 's'} and complaints in the period; ${report.quarantined.count} address${report.quarantined.count === 1 ? '' : 'es'} quarantined.`,
      );
    } catch (error) {
      showError(error.message);
      results.replaceChildren(h('p', { class: 'form-error' }, error.message));
    } finally {
      results.setAttribute('aria-busy', 'false');
    }
  }

  function draw(timeline, report) {
    const stamp = `${timeline.from.slice(0, 10)}_${timeline.to.slice(0, 10)}`;
    const labels = timeline.buckets.map((start) => bucketLabel(start, timeline.bucket));
    const keys = timeline.series.map((s) => s.key);
    const rows = timeline.buckets.map((_, i) => {
      const counts = timeline.series.map((s) => s.counts[i] ?? 0);
      return [labels[i], ...counts, counts.reduce((a, b) => a + b, 0)];
    });
    const biggest = timeline.series[0];
    const overTime = chartBlock({
      title: 'Bounces and complaints over time',
      chart: stackedBars({
        labels,
        axisLabels: timeline.buckets.map((start, i) => axisLabel(start, i, timeline.bucket)),
        series: timeline.series,
        summary: `Stacked bars, one per ${timeline.bucket}: ${timeline.total} in all${biggest ? `, most of them ${biggest.key} (${biggest.total})` : ''}.`,
      }),
      extra: legend(timeline.series),
      headers: [`${words(timeline.bucket)} (UTC)`, ...keys, 'Total'],
      rows: timeline.total === 0 ? [] : rows,
      csvName: `rebound-over-time-by-${timeline.by}-${stamp}.csv`,
      empty: 'No bounce or complaint in this period.',
    });

    const domains = report.topDomains;
    const topDomains = chartBlock({
      title: 'Top domains',
      chart: horizontalBars({
        items: domains.map((d) => ({
          label: d.domain,
          value: d.failures,
          note:
            d.errorRate === null
              ? `${d.failures} failures; no sends recorded`
              : `${d.failures} failures of ${d.sends} sends (${percent(d.errorRate)})`,
        })),
        summary: `Failures of the ${domains.length} domains that fail most${domains[0] ? `; first ${domains[0].domain} with ${domains[0].failures}` : ''}.`,
      }),
      headers: ['Domain', 'Events', 'Failures', 'Sends', 'Failure rate'],
      rows: domains.map((d) => [d.domain, d.events, d.failures, d.sends, percent(d.errorRate)]),
      csvRows: domains.map((d) => [
        d.domain,
        d.events,
        d.failures,
        d.sends,
        d.errorRate === null ? '' : d.errorRate.toFixed(4),
      ]),
      csvName: `rebound-top-domains-${stamp}.csv`,
      empty: 'No domain had events in this period.',
    });

    const countBlock = (title, counts, name) => {
      const items = Object.entries(counts).sort((a, b) => b[1] - a[1]);
      return chartBlock({
        title,
        chart: horizontalBars({
          width: 420,
          items: items.map(([key, n]) => ({ label: words(key), value: n, note: String(n) })),
          summary: `${title}: ${items.map(([key, n]) => `${words(key)} ${n}`).join(', ')}.`,
        }),
        headers: [
          title.replace('Failures by ', '').replace(/^./, (c) => c.toUpperCase()),
          'Failures',
        ],
        rows: items.map(([key, n]) => [words(key), n]),
        csvRows: items.map(([key, n]) => [key, n]),
        csvName: `rebound-${name}-${stamp}.csv`,
        empty: 'No failure in this period.',
      });
    };

    const q = report.quarantined;
    const quarantined = chartBlock({
      title: 'Addresses quarantined in the period',
      chart: h(
        'p',
        { class: 'big-number' },
        `${q.count.toLocaleString()} address${q.count === 1 ? '' : 'es'}`,
      ),
      headers: ['Address', 'Channel', 'Reason', 'Quarantined at'],
      rows: q.sample.map((e) => [
        h(
          'a',
          { href: `#/address?${new URLSearchParams({ address: e.address, channel: e.channel })}` },
          e.address,
        ),
        words(e.channel),
        words(e.reason),
        fmtDate(e.at),
      ]),
      csvRows: q.sample.map((e) => [e.address, e.channel, e.reason ?? '', e.at]),
      csvName: `rebound-quarantined-${stamp}.csv`,
      empty: 'No address entered quarantine in this period.',
    });
    if (q.count > q.sample.length)
      quarantined.append(h('p', { class: 'hint' }, `The first ${q.sample.length} are listed.`));

    results.replaceChildren(
      overTime,
      h(
        'div',
        { class: 'split-even' },
        countBlock('Failures by type', report.byType, 'by-type'),
        countBlock('Failures by reason', report.byReason, 'by-reason'),
      ),
      topDomains,
      quarantined,
    );
  }

  await load();
}

/** A rate, or words when there is none (no sends recorded: nothing to divide by). */
function percent(rate) {
  return rate === null || rate === undefined ? 'no sends' : `${(rate * 100).toFixed(1)} %`;
}

/** Under the bars: the hour, with the day at the first bar and at each midnight. */
function axisLabel(iso, index, bucket) {
  if (bucket === 'day') return iso.slice(5, 10);
  const hour = iso.slice(11, 16);
  return index === 0 || hour === '00:00' ? `${iso.slice(5, 10)} ${hour}` : hour;
}

/** `2026-11-20 09:00` for an hour, `2026-11-20` for a day (buckets are UTC). */
function bucketLabel(iso, bucket) {
  return bucket === 'hour' ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}
