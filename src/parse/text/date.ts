/** RFC 5322 §3.3 date-time → ISO 8601, tolerant of comments and obsolete zones. */

/** Longer than any real date-time with its comments; the rest is not read (hostile input). */
const MAX_DATE_CHARS = 256;

/** Each `(comment)` (to its first `)`) becomes a blank; an unclosed `(` is kept, as before. */
function dropComments(value: string): string {
  let out = '';
  let pos = 0;
  for (let open = value.indexOf('('); open >= 0; open = value.indexOf('(', pos)) {
    const close = value.indexOf(')', open);
    if (close < 0) break;
    out += value.slice(pos, open) + ' ';
    pos = close + 1;
  }
  return out + value.slice(pos);
}

export function toIsoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const cleaned = dropComments(
    value.length > MAX_DATE_CHARS ? value.slice(0, MAX_DATE_CHARS) : value,
  )
    .replace(/^\s*[A-Za-z]{3},?\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!cleaned) return undefined;
  const t = Date.parse(cleaned);
  if (Number.isNaN(t)) {
    const again = Date.parse(cleaned.replace(/ [A-Z]{2,5}$/, ''));
    return Number.isNaN(again) ? undefined : new Date(again).toISOString();
  }
  const d = new Date(t);
  const year = d.getUTCFullYear();
  if (year < 1980 || year > 2200) return undefined;
  return d.toISOString();
}
