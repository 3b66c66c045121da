// Charts in plain SVG (stacked bars over time, horizontal bars), each with its numbers one
// click away as a table and a CSV download of the same rows. No chart library: the page needs
// two kinds of bars, and an SVG built with createElementNS stays within the console's CSP.
import { h, table, uid } from './dom.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Colours come from classes (.series-0 … in style.css); the rest share the last one. */
const PALETTE_SIZE = 10;

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs))
    if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  for (const child of children.flat())
    if (child !== null && child !== undefined)
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
}

/** A round step for an axis from 0 to `max` in about `ticks` steps: 1, 2, 5, 10, 20, … */
function niceStep(max, ticks) {
  const raw = Math.max(1, max / ticks);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw) ?? raw;
}

export function seriesClass(index, key) {
  return key === '(other)' ? 'series-other' : `series-${Math.min(index, PALETTE_SIZE - 1)}`;
}

/**
 * Stacked bars: `labels[i]` under bucket i, `series[k].counts[i]` stacked in series order.
 * The summary is the SVG's accessible name; the table beside it carries the numbers.
 */
export function stackedBars({ labels, axisLabels = labels, series, summary }) {
  const width = 800;
  const height = 260;
  const left = 44;
  const bottom = 42;
  const top = 10;
  const plotH = height - top - bottom;
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.counts[i] ?? 0), 0));
  const step = niceStep(Math.max(...totals, 1), 4);
  const max = Math.ceil(Math.max(...totals, 1) / step) * step;
  const slot = (width - left - 8) / Math.max(labels.length, 1);
  const barW = Math.max(1, slot * 0.72);
  const y = (value) => top + plotH - (value / max) * plotH;
  const titleId = uid('chart-title');
  const grid = [];
  for (let value = 0; value <= max; value += step) {
    grid.push(
      svg('line', { x1: left, x2: width - 4, y1: y(value), y2: y(value), class: 'grid-line' }),
      svg(
        'text',
        { x: left - 6, y: y(value) + 4, class: 'axis-label', 'text-anchor': 'end' },
        value,
      ),
    );
  }
  const every = Math.ceil(labels.length / 8);
  const bars = labels.map((label, i) => {
    let base = 0;
    const x = left + i * slot + (slot - barW) / 2;
    const rects = series.map((s, k) => {
      const n = s.counts[i] ?? 0;
      if (n === 0) return null;
      const rect = svg(
        'rect',
        {
          x,
          y: y(base + n),
          width: barW,
          height: Math.max(0.5, y(base) - y(base + n)),
          class: seriesClass(k, s.key),
        },
        svg('title', {}, `${label}: ${s.key} ${n}`),
      );
      base += n;
      return rect;
    });
    const tick =
      i % every === 0
        ? svg(
            'text',
            {
              x: x + barW / 2,
              y: height - bottom + 16,
              class: 'axis-label',
              'text-anchor': 'middle',
            },
            axisLabels[i],
          )
        : null;
    return svg('g', {}, rects, tick);
  });
  return svg(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': titleId,
      class: 'chart-svg',
    },
    svg('title', { id: titleId }, summary),
    grid,
    bars,
  );
}

/** Horizontal bars: one row per item, `value` drawn, `note` written after the bar. */
export function horizontalBars({ items, summary, width = 800 }) {
  const row = 24;
  const labelW = Math.round(width * 0.28);
  const noteW = Math.round(width * 0.24);
  const height = Math.max(row, items.length * row) + 6;
  const max = Math.max(...items.map((item) => item.value), 1);
  const titleId = uid('chart-title');
  return svg(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': titleId,
      class: 'chart-svg',
    },
    svg('title', { id: titleId }, summary),
    items.map((item, i) => {
      const barW = ((width - labelW - noteW) * item.value) / max;
      const yPos = i * row + 4;
      return svg(
        'g',
        {},
        svg(
          'text',
          { x: labelW - 8, y: yPos + 14, class: 'axis-label', 'text-anchor': 'end' },
          item.label,
        ),
        svg(
          'rect',
          {
            x: labelW,
            y: yPos,
            width: Math.max(1, barW),
            height: row - 8,
            class: seriesClass(i % 2 ? 1 : 0, ''),
          },
          svg('title', {}, `${item.label}: ${item.note}`),
        ),
        svg('text', { x: labelW + barW + 6, y: yPos + 14, class: 'axis-label' }, item.note),
      );
    }),
  );
}

/** A legend of the series with their totals. */
export function legend(series) {
  return h(
    'ul',
    { class: 'legend' },
    series.map((s, k) =>
      h(
        'li',
        {},
        h('span', { class: `swatch ${seriesClass(k, s.key)}`, 'aria-hidden': 'true' }),
        `${s.key} (${s.total})`,
      ),
    ),
  );
}

/** `"a,b"` quoted where CSV needs it (RFC 4180). */
export function toCsv(headers, rows) {
  const cell = (value) => {
    const text = String(value ?? '');
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [headers, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Saves `text` as a file named `name` (a Blob URL: nothing goes back to the server). */
export function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A chart with its numbers: a figure, the table hidden behind "Show the numbers", and a CSV of
 * the table's rows (`csvRows`, raw values, defaults to `rows`).
 */
export function chartBlock({ title, chart, extra, headers, rows, csvRows, csvName, empty }) {
  const tableId = uid('numbers');
  const numbers = h(
    'div',
    { id: tableId, hidden: true },
    table(`${title}: the numbers`, headers, rows),
  );
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'secondary small',
      'aria-expanded': 'false',
      'aria-controls': tableId,
      onclick: () => {
        const open = numbers.hidden;
        numbers.hidden = !open;
        toggle.setAttribute('aria-expanded', String(open));
        toggle.textContent = open
          ? `Hide the numbers of ${title.toLowerCase()}`
          : `Show the numbers of ${title.toLowerCase()}`;
      },
    },
    `Show the numbers of ${title.toLowerCase()}`,
  );
  const csv = h(
    'button',
    {
      type: 'button',
      class: 'secondary small',
      onclick: () => download(csvName, toCsv(headers, csvRows ?? rows)),
    },
    `Download CSV of ${title.toLowerCase()}`,
  );
  return h(
    'section',
    { class: 'card chart' },
    h('h2', {}, title),
    rows.length === 0
      ? h('p', { class: 'empty' }, empty)
      : [
          h('figure', {}, chart, extra ?? null),
          h('div', { class: 'actions' }, toggle, csv),
          numbers,
        ],
  );
}
