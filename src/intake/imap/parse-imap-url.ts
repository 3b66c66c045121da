import { isIP } from 'node:net';
import { ImapUrlError } from './imap-errors.js';

/** What to do with a message once acceptMessage has stored it. */
export type ImapProcessedAction = 'move' | 'delete' | 'flag';

/**
 * What to do with a message the injected classifier calls `other` (a person's mail, not a
 * report): it is never handed to acceptMessage, never marked \Seen and never deleted.
 */
export type ImapNonBounceHandling =
  { readonly action: 'leave' } | { readonly action: 'move'; readonly folder: string };

/** How the connection is protected. */
export type ImapTlsMode = 'implicit' | 'starttls' | 'none';

/** One mailbox to poll, as parsed by {@link parseImapUrl}. Frozen. */
export interface ImapMailboxConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Mailbox to drain, e.g. `INBOX`. */
  mailbox: string;
  tls: ImapTlsMode;
  /** Verify the server certificate (default true). */
  verifyCertificate: boolean;
  action: ImapProcessedAction;
  /** Folder for `action=move`, created if missing. */
  processedFolder: string;
  /** Mail that is not a report; applies only when the poller is given a classifier. */
  nonBounce: ImapNonBounceHandling;
  /** UIDs handed over per batch before the batch is flagged and moved. */
  batchSize: number;
  /** Poll interval when the server does not offer IDLE, and the safety re-check under IDLE. */
  pollIntervalMs: number;
  /** The URL without the password: the checkpoint key and `envelope.remote`. */
  remote: string;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || (isIP(host) === 4 && host.startsWith('127.'));
}

/**
 * Parses a mailbox URL such as `imaps://bounces%40example.com:secret@imap.example.com/INBOX`.
 * User and password are percent-decoded; the path is the mailbox (default `INBOX`).
 *
 * | query option | values | default | meaning |
 * |---|---|---|---|
 * | `action` | `move`, `delete`, `flag` | `move` | after the hand-off: move to `processed`, delete (`\Deleted` + expunge), or only set `\Seen` and leave it |
 * | `processed` | folder name | `Processed` | target of `action=move`, created if missing |
 * | `nonBounce` | `leave`, `move:<folder>` | `leave` | mail the classifier calls `other` (a person's mail) is never handed over, marked read or deleted: `leave` keeps it in the mailbox, `move:<folder>` moves it there (created if missing); both mark it `$ReboundNotBounce` |
 * | `tls` | `implicit`, `starttls`, `none` | `implicit` for `imaps:`, `starttls` for `imap:` | `none` (cleartext) is refused unless the host is loopback |
 * | `verify` | `true`, `false` | `true` | `false` accepts a self-signed server certificate |
 * | `batch` | 1–5000 | `500` | UIDs handed over before they are flagged and moved together |
 * | `poll` | seconds, 1–3600 | `60` | poll interval without IDLE; re-check interval with IDLE |
 *
 * Default ports: 993 for `imaps:`, 143 for `imap:`.
 * @throws ImapUrlError (code `INTAKE_IMAP_URL`) naming the part that is wrong.
 */
export function parseImapUrl(input: string): ImapMailboxConfig {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new ImapUrlError('IMAP mailbox URL is not a valid URL');
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'imap' && scheme !== 'imaps') {
    throw new ImapUrlError(
      `IMAP mailbox URL must start with imap:// or imaps://, not ${scheme}://`,
    );
  }
  const host = url.hostname;
  if (!host) throw new ImapUrlError('IMAP mailbox URL has no host');
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (!user) throw new ImapUrlError(`IMAP mailbox URL for ${host} has no user`);
  if (!password) throw new ImapUrlError(`IMAP mailbox URL for ${user}@${host} has no password`);
  const port = url.port ? Number(url.port) : scheme === 'imaps' ? 993 : 143;
  const mailbox = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX';

  const params = url.searchParams;
  const known = new Set(['action', 'processed', 'nonBounce', 'tls', 'verify', 'batch', 'poll']);
  for (const key of params.keys()) {
    if (!known.has(key)) {
      throw new ImapUrlError(`unknown IMAP URL option "${key}" (known: ${[...known].join(', ')})`);
    }
  }
  const action = oneOf(params.get('action') ?? 'move', ['move', 'delete', 'flag'], 'action');
  const tls = oneOf(
    params.get('tls') ?? (scheme === 'imaps' ? 'implicit' : 'starttls'),
    ['implicit', 'starttls', 'none'],
    'tls',
  );
  if (scheme === 'imaps' && tls !== 'implicit') {
    throw new ImapUrlError(`imaps:// always uses implicit TLS; use imap:// for tls=${tls}`);
  }
  if (tls === 'none' && !isLoopback(host)) {
    // A password in cleartext over a network is never acceptable; loopback is for tests.
    throw new ImapUrlError(`tls=none is only allowed for a loopback host, not ${host}`);
  }
  const verify = oneOf(params.get('verify') ?? 'true', ['true', 'false'], 'verify') === 'true';
  const processedFolder = params.get('processed') ?? 'Processed';
  if (!processedFolder) throw new ImapUrlError('IMAP URL option "processed" is empty');
  if (action === 'move' && processedFolder === mailbox) {
    throw new ImapUrlError(`processed folder must differ from the polled mailbox ${mailbox}`);
  }
  const nonBounce = nonBounceHandling(params.get('nonBounce') ?? 'leave', mailbox);
  const batchSize = integer(params.get('batch') ?? '500', 1, 5000, 'batch');
  const pollSeconds = integer(params.get('poll') ?? '60', 1, 3600, 'poll');

  const remote = `${scheme}://${encodeURIComponent(user)}@${url.host}/${encodeURIComponent(mailbox)}`;
  return Object.freeze({
    host: host.replace(/^\[(.*)\]$/, '$1'),
    port,
    user,
    password,
    mailbox,
    tls,
    verifyCertificate: verify,
    action,
    processedFolder,
    nonBounce: Object.freeze(nonBounce),
    batchSize,
    pollIntervalMs: pollSeconds * 1000,
    remote,
  });
}

function nonBounceHandling(value: string, mailbox: string): ImapNonBounceHandling {
  if (value === 'leave') return { action: 'leave' };
  if (!value.startsWith('move:')) {
    throw new ImapUrlError(`IMAP URL option nonBounce=${value} is not leave or move:<folder>`);
  }
  const folder = value.slice('move:'.length);
  if (!folder) throw new ImapUrlError('IMAP URL option nonBounce=move: names no folder');
  if (folder === mailbox) {
    throw new ImapUrlError(`nonBounce folder must differ from the polled mailbox ${mailbox}`);
  }
  return { action: 'move', folder };
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ImapUrlError(`IMAP URL option ${name}=${value} is not one of ${allowed.join(', ')}`);
}

function integer(value: string, min: number, max: number, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ImapUrlError(
      `IMAP URL option ${name}=${value} must be an integer from ${min} to ${max}`,
    );
  }
  return n;
}
