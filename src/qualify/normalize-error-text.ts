/**
 * Error-text normalization: the variable parts of a remote server's error text are replaced so
 * that one kind of failure, seen for many recipients, hosts and days, yields one text — the key
 * of the qualification table (the spec's "Text" column: variables become `#xxx#`, addresses `*`).
 *
 * This runs once per recipient in the worker, so it is one precompiled pass of plain JS regexes
 * (the patterns are ours, written to be linear: every branch starts only at a token boundary).
 */

/** Placeholder for a variable part (id, number, date, host, IP, phone, URL query). */
export const VARIABLE_PLACEHOLDER = '#xxx#';
/** Placeholder for an email address. */
export const ADDRESS_PLACEHOLDER = '*';

/** Texts longer than this are cut before normalization: diagnostics are short, bodies are not. */
const MAX_INPUT_CHARS = 20_000;
/** Default length cap of the normalized text (it is a table key, not an archive). */
const DEFAULT_MAX_LENGTH = 1_000;

const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?\\.?';
const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?' +
  '|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const TIME = '\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:\\s*[AaPp][Mm])?';
const ZONE = '(?:\\s*(?:Z|[+-]\\d{2}:?\\d{2}|UTC|GMT)(?![A-Za-z]))?(?:\\s*\\([A-Za-z]{2,5}\\))?';

/** Dates and times in the shapes MTAs write them (RFC 5322, ISO 8601, asctime, syslog). */
const DATE_TIME = [
  // RFC 5322: "Thu, 29 Apr 2010 23:34:45 +0900 (JST)"
  `(?:${WEEKDAY},?\\s+)?\\d{1,2}[\\s-]+${MONTH}[\\s-]+\\d{2,4}(?:,?\\s+${TIME})?${ZONE}`,
  // asctime / syslog: "Thu Apr 29 23:34:45 2010", "Apr 29 23:34:45"
  `(?:${WEEKDAY},?\\s+)?${MONTH}\\s+\\d{1,2}(?:,?\\s+\\d{4})?` +
    `(?:,?\\s+${TIME})?(?:\\s+\\d{4})?${ZONE}`,
  // ISO 8601 and the common slash forms: "2024-02-12T10:11:12Z", "12/02/2024 10:11"
  `\\d{4}-\\d{2}-\\d{2}(?:[T\\s]${TIME})?${ZONE}`,
  `\\d{1,4}/\\d{1,2}/\\d{2,4}(?:\\s+${TIME})?${ZONE}`,
  // A time alone.
  `${TIME}${ZONE}`,
].join('|');

/** No `*` and no `#` in the local part: both are our placeholders and must not be re-read. */
const EMAIL =
  "[\\p{L}\\p{N}.!$%&'+/=?^_`{|}~-]+@(?:\\[[^\\]\\s]*\\]|[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*)";

/**
 * A URL; its query is variable, its host and path usually name a help page. It stops at `#`:
 * fragments are rare in bounces, and `#` must stay the mark of our placeholder.
 */
const URL = '(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp][Ss]?)://(?:[^\\s<>"\'()\\[\\]#]|#xxx#)+';

const HEX4 = '[0-9A-Fa-f]{1,4}';
const IPV6 =
  `(?:${HEX4}:){7}${HEX4}` +
  `|(?:${HEX4}:){1,7}:(?:${HEX4}(?::${HEX4}){0,6})?` +
  `|::${HEX4}(?::${HEX4}){0,6}`;

/** International phone numbers: a plus, then digits with the usual separators. */
const PHONE = '\\+\\d[\\d\\s().-]{5,}\\d';

/** A dotted host name whose last label is alphabetic (digits make it a TOKEN instead). */
const HOST = '(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])';

/** Any run of id-ish characters that contains a digit: numbers, queue ids, hex, versions. */
const TOKEN = '(?=[A-Za-z0-9._+/-]*\\d)[A-Za-z0-9](?:[A-Za-z0-9._+/-]*[A-Za-z0-9])?={0,2}';

/** Long base64 / random tokens without digits (mixed case or padding tells them from words). */
const OPAQUE = '[A-Za-z0-9+/_-]{20,}={0,2}';

/**
 * A branch may only start where no id-ish character precedes it: each run is read once (no
 * quadratic rescans) and never from its middle. ASCII only, so "ユーザ123" still loses its
 * number.
 */
const START = '(?<![A-Za-z0-9._+/@*-]|#xxx#)';
/** Nor end against a placeholder: what a first pass left next to one stays as it is. */
const END = '(?![A-Za-z0-9*]|#xxx#)';
/** An address starts where its local part does, never in its middle. */
const EMAIL_START = "(?<![\\p{L}\\p{N}.!$%&'+/=?^_`{|}~*#-])";

const VARIABLE_PATTERN = new RegExp(
  `(?<email>${EMAIL_START}${EMAIL})` +
    `|(?<url>${START}${URL})` +
    `|(?<date>${START}(?:${DATE_TIME})${END})` +
    `|(?<ipv6>${START}(?:${IPV6})(?!:)${END})` +
    `|(?<phone>${START}${PHONE}${END})` +
    `|(?<host>${START}${HOST}${END})` +
    `|(?<token>${START}${TOKEN}${END})` +
    `|(?<opaque>${START}${OPAQUE}${END})`,
  'gu',
);

/**
 * A bare local part quoted right after the word that names it — Postfix's local delivery says
 * `unknown user: "jane.doe"`, others `mailbox "jane"` or `recipient <jane>` — is as personal
 * as an address: it becomes `*` too, or every unknown user would get a text of its own.
 */
const NAMED_LOCAL_PART =
  /(\b(?:user|recipient|mailbox|account|addressee|address)\b\s*:?\s*)(["'<])([^"'<>\s@*#]{1,64})(["'>])/giu;

/** RFC 3463 status ("5.1.1", "4.7.26") or SMTP reply code ("550"), alone or as "550-5.1.1". */
const PROTECTED_CODE = /^(?:[245]\d{2}[-\s][245]\.\d{1,3}\.\d{1,3}|[245]\.\d{1,3}\.\d{1,3})$/;
/** A bare three-digit number that could be an SMTP reply code (RFC 5321 section 4.2). */
const REPLY_CODE = /^[2-5][0-5]\d$/;
/** ...and is one where it is followed by a status code ("550 5.1.1", "550-'5.7.1"). */
const STATUS_FOLLOWS = /^[\s-]['"]?[245]\.\d{1,3}\.\d{1,3}(?!\d|\.\d)/;
/** ...or opens the text or a clause ("smtp; 550", "said: 550", "<421 ..."). */
const CLAUSE_BEFORE = /(?:^|[;:(<'"[])\s*$/;
/** Meaning-carrying words with a single digit: IPv6, UTF8, SMTPUTF8, MD5, S3. */
const WORD_WITH_ONE_DIGIT = /^(?:[A-Za-z]{1,7}\d|\d[A-Za-z]{1,7})$/;
/** Two-label names are hosts only with a well-known TLD ("example.jp"), not "full.Please". */
const KNOWN_TLDS = new Set(
  (
    'com net org edu gov mil int info biz io co me us uk de fr jp nl it es ru br au ca ch be at ' +
    'se no dk fi pl cz pt cn kr in tw hk ie nz za mx ar cl eu local lan arpa email cloud online ' +
    'site xyz top ne or ac go gr hu ro sk si hr bg lt lv ee ua tr il sg my th vn id ph'
  ).split(' '),
);
const PLACEHOLDER_RUN = /#xxx#(?:[\s.,:;/+\-_=?]*#xxx#)+/g;

const WHITESPACE = /\s+/g;

/** Options of {@link normalizeErrorText}. */
export interface NormalizeOptions {
  /** Cut the normalized text at a word boundary beyond this many characters (default 1000). */
  maxLength?: number;
}

/**
 * Replaces the variable content of an error text with `#xxx#` and every email address with `*`,
 * keeps words, RFC 3463 status codes and SMTP reply codes, and collapses whitespace.
 * Idempotent: `normalizeErrorText(normalizeErrorText(x)) === normalizeErrorText(x)`.
 */
export function normalizeErrorText(text: string, options: NormalizeOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  let current = text.length > MAX_INPUT_CHARS ? text.slice(0, MAX_INPUT_CHARS) : text;
  // One pass nearly always reaches the fixed point; collapsing placeholder runs can glue a
  // leftover to a URL or token, so passes repeat until nothing changes (bounded: each pass only
  // removes variable content, and real texts settle by the second).
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = normalizeOnce(current);
    if (next === current) break;
    current = next;
  }
  return truncateAtWord(current, maxLength);
}

const MAX_PASSES = 4;

function normalizeOnce(text: string): string {
  return text
    .replace(WHITESPACE, ' ')
    .replace(NAMED_LOCAL_PART, `$1$2${ADDRESS_PLACEHOLDER}$4`)
    .replace(VARIABLE_PATTERN, replaceVariable)
    .replace(PLACEHOLDER_RUN, VARIABLE_PLACEHOLDER)
    .trim();
}

function replaceVariable(match: string, ...args: unknown[]): string {
  const groups = args[args.length - 1] as Record<string, string | undefined>;
  if (groups.email !== undefined) return ADDRESS_PLACEHOLDER;
  if (groups.url !== undefined) return normalizeUrl(match);
  if (groups.host !== undefined) return isHostName(match) ? VARIABLE_PLACEHOLDER : match;
  if (groups.token !== undefined) {
    const offset = args[args.length - 3] as number;
    const whole = args[args.length - 2] as string;
    const before = whole.slice(Math.max(0, offset - 8), offset);
    return normalizeToken(match, before, whole.slice(offset + match.length));
  }
  if (groups.opaque !== undefined) return isOpaque(match) ? VARIABLE_PLACEHOLDER : match;
  return VARIABLE_PLACEHOLDER;
}

/**
 * Status codes and single-digit words stay. A number like 550 stays only where a reply code
 * stands; elsewhere ("queue 550", "quota 512") it is as variable as any other number.
 */
function normalizeToken(token: string, before: string, after: string): string {
  const core = token.replace(/=+$/, '');
  if (PROTECTED_CODE.test(core) || WORD_WITH_ONE_DIGIT.test(core)) return token;
  if (REPLY_CODE.test(core) && (STATUS_FOLLOWS.test(after) || CLAUSE_BEFORE.test(before))) {
    return token;
  }
  return VARIABLE_PLACEHOLDER;
}

function isHostName(candidate: string): boolean {
  const labels = candidate.split('.');
  if (labels.length >= 3) return true;
  const tld = labels[labels.length - 1] ?? '';
  return tld === tld.toLowerCase() && KNOWN_TLDS.has(tld);
}

/** A long run is an encoded token when it mixes cases inside or carries base64 padding. */
function isOpaque(candidate: string): boolean {
  return /=$/.test(candidate) || /[a-z][A-Z]|[A-Z]{2}[a-z]/.test(candidate.slice(1));
}

/**
 * Keeps scheme, host and path (they name the provider's help page), replaces path segments
 * carrying digits, and the query and fragment, which carry the IP, the recipient or a ticket.
 */
function normalizeUrl(url: string): string {
  const trailing = /[.,;:!?]+$/.exec(url)?.[0] ?? '';
  const body = trailing ? url.slice(0, -trailing.length) : url;
  const parts = /^([^:]+:\/\/)([^/?]*)([^?]*)(.*)$/.exec(body);
  if (!parts) return url;
  const [, scheme = '', authority = '', path = '', query = ''] = parts;
  const host = /\d/.test(authority) ? VARIABLE_PLACEHOLDER : authority;
  const cleanPath = path.replace(/\/[^/]*\d[^/]*/g, `/${VARIABLE_PLACEHOLDER}`);
  const cleanQuery = query === '' ? '' : `?${VARIABLE_PLACEHOLDER}`;
  return `${scheme}${host}${cleanPath}${cleanQuery}${trailing}`;
}

function truncateAtWord(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.lastIndexOf(' ', maxLength);
  return (cut > 0 ? text.slice(0, cut) : text.slice(0, maxLength)).trimEnd();
}
