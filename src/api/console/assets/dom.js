// Small DOM helpers: build elements without innerHTML (texts from mail are never markup),
// announce progress and errors to screen readers, format dates.

let nextId = 0;

/** A unique id for label/control pairs. */
export function uid(prefix = 'f') {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** h('button', {class: 'x', onclick}, 'text', child, [children]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'value') el.value = value;
    else if (key === 'checked') el.checked = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** A label and its control, associated by id; `hint` is read after the label. */
export function field(label, control, hint) {
  const id = control.id || uid();
  control.id = id;
  const hintEl = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
}

/** A select of `options` ([value, text] pairs). */
export function select(name, options, selected) {
  return h(
    'select',
    { name },
    options.map(([value, text]) => h('option', { value, selected: value === selected }, text)),
  );
}

/** Polite progress ("Loading…", "Saved") for screen readers and the eye. */
export function announce(text) {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
}

/** An error in words, read at once by screen readers; empty text clears it. */
export function showError(text) {
  const alert = document.getElementById('alert');
  if (!alert) return;
  alert.textContent = text;
  alert.classList.toggle('shown', Boolean(text));
}

let pending = '';

/** Announced once the next page has rendered (a save that re-renders the page). */
export function announceAfterRender(text) {
  pending = text;
}

export function takePendingAnnouncement() {
  const text = pending;
  pending = '';
  return text;
}

export function clearMessages() {
  announce('');
  showError('');
}

/** An ISO date as local date and time, or a dash. */
export function fmtDate(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** `2026-11-20T10:30` (a datetime-local value, the browser's zone) → ISO in UTC; '' stays ''. */
export function localToIso(local) {
  if (!local) return '';
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** ISO → the datetime-local value of the same instant in the browser's zone; '' stays ''. */
export function isoToLocal(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** snake_case vocabulary as words: user_unknown → User unknown. */
export function words(value) {
  if (value === null || value === undefined || value === '') return '—';
  const text = String(value).replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A table with a caption; `rows` are arrays of cells (nodes or text). */
export function table(caption, headers, rows) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((head) => h('th', { scope: 'col' }, head)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((cell) => h('td', {}, cell)),
          ),
        ),
      ),
    ),
  );
}

/** The page's heading, focused on arrival so keyboard and screen-reader users start there. */
export function pageHeading(text) {
  return h('h1', { tabindex: '-1', id: 'page-title' }, text);
}
