/** RFC 5322 §3.3 date-time → ISO 8601, tolerant of comments and obsolete zones. */

export function toIsoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const cleaned = value
    .replace(/\([^)]*\)/g, ' ')
    .replace(/^\s*[A-Za-z]{3},?\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!cleaned) return undefined;
  const t = Date.parse(cleaned);
  if (Number.isNaN(t)) {
    const again = Date.parse(cleaned.replace(/\s+[A-Z]{2,5}$/, ''));
    return Number.isNaN(again) ? undefined : new Date(again).toISOString();
  }
  const d = new Date(t);
  const year = d.getUTCFullYear();
  if (year < 1980 || year > 2200) return undefined;
  return d.toISOString();
}
