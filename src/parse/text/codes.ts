/** RFC 3463 enhanced status codes and RFC 5321 reply codes in free text. */

const STATUS_RE = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)/;
const REPLY_RE = /(?:^|[\s:;(#[<"'=])([245][0-5]\d)(?=[\s\-;,:)\]"']|$)(?![-.]?\d)/;

/** The first enhanced status code (class.subject.detail) in text. */
export function findStatus(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = STATUS_RE.exec(text);
  if (!m) return undefined;
  return `${m[1]}.${Number(m[2])}.${Number(m[3])}`;
}

/** The first SMTP reply code in text (a 3-digit 2xx/4xx/5xx not part of a longer number). */
export function findReplyCode(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = REPLY_RE.exec(text);
  return m?.[1];
}

/** True when the status is a valid RFC 3463 code (2, 4 or 5 as class). */
export function isStatus(value: string | undefined): value is string {
  return value !== undefined && /^[245]\.\d{1,3}\.\d{1,3}$/.test(value);
}
