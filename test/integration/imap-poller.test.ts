import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { existsSync, readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import { pino, type Logger } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import {
  MemoryImapCheckpointStore,
  NOT_BOUNCE_KEYWORD,
  REFUSED_KEYWORD,
  parseImapUrl,
  startImapPoller,
  type ImapAuthError,
  type ImapMessageClassifier,
  type ImapPoller,
} from '../../src/intake/imap/index.js';
import type { AcceptMessage, InboundMessage } from '../../src/intake/types.js';
import { destroyDovecot, startDovecot, type DovecotServer } from '../helpers/dovecot.js';

/** An in-test spool: dedupes by content hash like the real one, fails on demand. */
function fakeSpool() {
  const calls: InboundMessage[] = [];
  const stored = new Map<string, string>();
  const spool = {
    calls,
    stored,
    failWith: undefined as Error | undefined,
    onCall: undefined as ((n: number) => void | Promise<void>) | undefined,
    delayMs: 0,
    accept: (async (message) => {
      calls.push(message);
      await spool.onCall?.(calls.length);
      if (spool.delayMs) await new Promise((r) => setTimeout(r, spool.delayMs));
      if (spool.failWith) throw spool.failWith;
      const hash = createHash('sha256').update(message.raw).digest('hex');
      const existing = stored.get(hash);
      if (existing) return { spoolId: existing, duplicate: true };
      stored.set(hash, `spool-${stored.size + 1}`);
      return { spoolId: `spool-${stored.size}`, duplicate: false };
    }) as AcceptMessage,
    /** Message ids accepted more than once. */
    doubles(): string[] {
      const seen = new Map<string, number>();
      for (const call of calls) {
        const id = /Message-ID: <([^>]+)>/i.exec(call.raw.toString())?.[1] ?? '?';
        seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    },
  };
  return spool;
}

function captureLogs(): { logger: Logger; events: Array<Record<string, unknown>> } {
  const events: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      events.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), events };
}

function bounce(n: number, tag = 'm'): string {
  return [
    'Return-Path: <>',
    'Delivered-To: bounces+abc123@return.example.test',
    'From: MAILER-DAEMON@mx.example.test',
    'To: bounces+abc123@return.example.test',
    `Message-ID: <${tag}-${n}@rebound.test>`,
    `Subject: Undelivered Mail Returned to Sender ${n}`,
    'Content-Type: text/plain',
    '',
    `This is bounce number ${n}.`,
    '',
  ].join('\r\n');
}

/** A person writing to the bounce address, as happens when a return path is replied to. */
function humanMail(tag: string): string {
  return [
    'From: Alice Example <alice@example.org>',
    'To: bounces+abc123@return.example.test',
    `Message-ID: <${tag}@example.org>`,
    'Subject: Question about my invoice',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello, could you tell me why I was charged twice?',
    '',
  ].join('\r\n');
}

/** A classifier standing in for the parser: mail from MAILER-DAEMON is a report. */
function fakeClassifier() {
  const seen: string[] = [];
  const classify: ImapMessageClassifier = async (raw) => {
    const text = raw.toString();
    seen.push(/Message-ID: <([^>]+)>/i.exec(text)?.[1] ?? '?');
    return /^From: MAILER-DAEMON@/im.test(text) ? 'report' : 'other';
  };
  return { classify, seen };
}

/** Maildir keeps keywords as letters in the file name, indexed by dovecot-keywords. */
function keywordLetter(
  dovecot: DovecotServer,
  keyword: string,
  folder = 'INBOX',
): string | undefined {
  const path = `${folderPath(dovecot, folder)}/dovecot-keywords`;
  const line = readFileSync(path, 'utf8')
    .split('\n')
    .find((l) => l.split(' ')[1] === keyword);
  return line ? String.fromCharCode(97 + Number(line.split(' ')[0])) : undefined;
}

function folderPath(dovecot: DovecotServer, folder: string): string {
  const home = `${dovecot.dir}/mail/${dovecot.user}`;
  return folder === 'INBOX' ? home : `${home}/.${folder}`;
}

function flagsOf(file: string): string {
  return /:2,([A-Za-z]*)$/.exec(file)?.[1] ?? '';
}

async function waitFor(
  condition: () => boolean,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const fast = { minDelayMs: 100, maxDelayMs: 500 };

describe('IMAP poller against Dovecot', () => {
  let dovecot: DovecotServer;
  let poller: ImapPoller | undefined;

  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await destroyDovecot(dovecot);
  });
  beforeEach(() => {
    // Each test starts from an empty INBOX; earlier tests left theirs in Processed.
    expect(dovecot.count('INBOX')).toBe(0);
  });
  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
  });

  it('drains every message once, with the envelope, then marks it \\Seen in Processed', async () => {
    const spool = fakeSpool();
    const before = dovecot.count('Processed');
    for (let i = 0; i < 120; i++) dovecot.deliver(bounce(i, 'drain'));
    const { logger } = captureLogs();
    poller = startImapPoller({
      mailboxes: [parseImapUrl(dovecot.url('batch=50'))],
      acceptMessage: spool.accept,
      logger,
      reconnect: fast,
    });
    // A move lands in Processed a moment before it leaves INBOX (copy, then expunge).
    await waitFor(
      () => dovecot.count('Processed') === before + 120 && dovecot.count('INBOX') === 0,
      15_000,
      'Processed to fill and INBOX to empty',
    );
    expect(spool.calls).toHaveLength(120);
    expect(spool.doubles()).toEqual([]);
    expect(dovecot.count('INBOX')).toBe(0);
    const first = spool.calls[0]!;
    expect(first.source).toBe('imap');
    expect(first.envelope).toEqual({
      mailFrom: '',
      rcptTo: ['bounces+abc123@return.example.test'],
      remote: `imap://bounces@127.0.0.1:${dovecot.port}/INBOX`,
    });
    expect(first.receivedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    // Maildir keeps flags in the file name: ":2,S" is \Seen.
    expect(dovecot.files('Processed').filter((f) => /:2,[A-Z]*S/.test(f))).toHaveLength(
      before + 120,
    );
  });

  it('picks up new mail through IDLE without waiting for the poll interval', async () => {
    const spool = fakeSpool();
    const { logger, events } = captureLogs();
    poller = startImapPoller({
      mailboxes: [parseImapUrl(dovecot.url('poll=600'))],
      acceptMessage: spool.accept,
      logger,
      reconnect: fast,
    });
    await waitFor(() => events.some((e) => e.event === 'imap.connected' && e.idle === true));
    await new Promise((r) => setTimeout(r, 1500)); // let the auto-IDLE start
    dovecot.deliver(bounce(1, 'idle'));
    await waitFor(() => spool.calls.length === 1, 5000, 'IDLE to announce the message');
  });

  it('loses nothing and accepts nothing twice when the poller restarts mid-batch', async () => {
    const spool = fakeSpool();
    const checkpoints = new MemoryImapCheckpointStore();
    for (let i = 0; i < 300; i++) dovecot.deliver(bounce(i, 'restart'));
    const before = dovecot.count('Processed');
    const start = () =>
      startImapPoller({
        mailboxes: [parseImapUrl(dovecot.url('batch=100'))],
        acceptMessage: spool.accept,
        logger: pino({ level: 'silent' }),
        checkpoints,
        reconnect: fast,
      });
    const first = start();
    await waitFor(() => spool.calls.length >= 150, 15_000, '150 hand-offs');
    await first.stop();
    const handedOver = spool.calls.length;
    expect(handedOver).toBeLessThan(300);
    poller = start();
    await waitFor(() => dovecot.count('Processed') === before + 300, 20_000, 'all 300 processed');
    expect(spool.calls).toHaveLength(300);
    expect(spool.doubles()).toEqual([]);
  });

  it('reconnects after the IMAP server restarts mid-batch and settles what it had accepted', async () => {
    const spool = fakeSpool();
    for (let i = 0; i < 300; i++) dovecot.deliver(bounce(i, 'server-restart'));
    const before = dovecot.count('Processed');
    let restarted: Promise<void> | undefined;
    // Kill the server right after a hand-off resolved: that message is stored but not moved.
    spool.onCall = async (n) => {
      if (n !== 140) return;
      await dovecot.stop();
      restarted = (async () => {
        await new Promise((r) => setTimeout(r, 500));
        await dovecot.start();
      })();
    };
    const { logger, events } = captureLogs();
    poller = startImapPoller({
      mailboxes: [parseImapUrl(dovecot.url('batch=100'))],
      acceptMessage: spool.accept,
      logger,
      reconnect: fast,
    });
    await waitFor(() => restarted !== undefined);
    await restarted;
    await waitFor(() => dovecot.count('Processed') === before + 300, 20_000, 'all 300 processed');
    expect(events.filter((e) => e.event === 'imap.connected').length).toBeGreaterThanOrEqual(2);
    expect(events.some((e) => e.event === 'imap.leftover.settled')).toBe(true);
    expect(spool.doubles()).toEqual([]);
    expect(spool.calls).toHaveLength(300);
  });

  it('hands over a message delivered twice twice, and the spool keeps one', async () => {
    const spool = fakeSpool();
    const before = dovecot.count('Processed');
    dovecot.deliver(bounce(1, 'dup'));
    dovecot.deliver(bounce(1, 'dup'));
    poller = startImapPoller({
      mailboxes: [parseImapUrl(dovecot.url())],
      acceptMessage: spool.accept,
      logger: pino({ level: 'silent' }),
      reconnect: fast,
    });
    await waitFor(() => dovecot.count('Processed') === before + 2);
    expect(spool.calls).toHaveLength(2);
    expect(spool.stored.size).toBe(1);
  });

  it('leaves the message in INBOX unflagged while acceptMessage fails, then drains it', async () => {
    const spool = fakeSpool();
    spool.failWith = new AppError('INTAKE_SPOOL_UNAVAILABLE', 'spool down', { retryable: true });
    const before = dovecot.count('Processed');
    dovecot.deliver(bounce(1, 'failing'));
    const { logger, events } = captureLogs();
    poller = startImapPoller({
      mailboxes: [parseImapUrl(dovecot.url())],
      acceptMessage: spool.accept,
      logger,
      reconnect: fast,
    });
    await waitFor(() => spool.calls.length >= 2, 10_000, 'a retry');
    expect(events.some((e) => e.event === 'imap.message.deferred')).toBe(true);
    expect(dovecot.count('INBOX')).toBe(1);
    expect(dovecot.count('Processed')).toBe(before);
    expect(dovecot.files('INBOX').some((f) => /:2,[A-Z]*S/.test(f))).toBe(false);
    spool.failWith = undefined;
    await waitFor(() => dovecot.count('Processed') === before + 1, 10_000, 'recovery');
    expect(spool.stored.size).toBe(1);
  });

  it('marks a message refused for good and goes on with the next ones', async () => {
    const spool = fakeSpool();
    spool.onCall = (n) => {
      spool.failWith = n === 1 ? new AppError('INTAKE_TOO_LARGE', 'too large') : undefined;
    };
    const before = dovecot.count('Processed');
    dovecot.deliver(bounce(1, 'refused'));
    dovecot.deliver(bounce(2, 'refused'));
    poller = startImapPoller({
      mailboxes: [parseImapUrl(dovecot.url())],
      acceptMessage: spool.accept,
      logger: pino({ level: 'silent' }),
      reconnect: fast,
    });
    await waitFor(() => dovecot.count('Processed') === before + 1);
    await poller.stop();
    poller = undefined;
    expect(dovecot.count('INBOX')).toBe(1);
    const keywords = readFileSync(`${dovecot.dir}/mail/${dovecot.user}/dovecot-keywords`, 'utf8');
    expect(keywords).toContain(REFUSED_KEYWORD);
    // A person would look at it and remove it; the next test wants an empty INBOX.
    dovecot.clear('INBOX');
  });

  it('deletes handed-over messages with action=delete', async () => {
    const spool = fakeSpool();
    const before = dovecot.count('Processed');
    for (let i = 0; i < 5; i++) dovecot.deliver(bounce(i, 'delete'));
    poller = startImapPoller({
      mailboxes: [parseImapUrl(dovecot.url('action=delete'))],
      acceptMessage: spool.accept,
      logger: pino({ level: 'silent' }),
      reconnect: fast,
    });
    await waitFor(() => dovecot.count('INBOX') === 0 && spool.calls.length === 5);
    expect(dovecot.count('Processed')).toBe(before);
  });

  it('with action=flag leaves messages \\Seen in place and never hands them over again', async () => {
    const spool = fakeSpool();
    const checkpoints = new MemoryImapCheckpointStore();
    for (let i = 0; i < 5; i++) dovecot.deliver(bounce(i, 'flag'));
    const start = () =>
      startImapPoller({
        mailboxes: [parseImapUrl(dovecot.url('action=flag'))],
        acceptMessage: spool.accept,
        logger: pino({ level: 'silent' }),
        checkpoints,
        reconnect: fast,
      });
    const first = start();
    await waitFor(() => dovecot.files('INBOX').filter((f) => /:2,[A-Z]*S/.test(f)).length === 5);
    await first.stop();
    dovecot.deliver(bounce(6, 'flag'));
    poller = start();
    await waitFor(() => dovecot.files('INBOX').filter((f) => /:2,[A-Z]*S/.test(f)).length === 6);
    expect(spool.calls).toHaveLength(6);
    expect(spool.doubles()).toEqual([]);
    await poller.stop();
    poller = undefined;
    dovecot.clear('INBOX');
  });

  it("with action=delete deletes a DSN but leaves a person's mail unread and marked in INBOX, never fetched again", async () => {
    const spool = fakeSpool();
    const { classify, seen } = fakeClassifier();
    const checkpoints = new MemoryImapCheckpointStore();
    dovecot.deliver(bounce(1, 'nonbounce-leave'));
    dovecot.deliver(humanMail('human-leave'));
    dovecot.deliver(bounce(2, 'nonbounce-leave'));
    const { logger, events } = captureLogs();
    const start = () =>
      startImapPoller({
        mailboxes: [parseImapUrl(dovecot.url('action=delete'))],
        acceptMessage: spool.accept,
        classify,
        logger,
        checkpoints,
        reconnect: fast,
      });
    const first = start();
    await waitFor(() => spool.calls.length === 2 && dovecot.count('INBOX') === 1);
    await waitFor(() => events.some((e) => e.event === 'imap.drain.done' && e.setAside === 1));
    await first.stop();
    expect(spool.calls.map((c) => c.raw.toString())).not.toContainEqual(
      expect.stringContaining('human-leave'),
    );
    const [left] = dovecot.files('INBOX');
    const letter = keywordLetter(dovecot, NOT_BOUNCE_KEYWORD);
    expect(letter).toBeDefined();
    expect(flagsOf(left!)).toContain(letter);
    expect(flagsOf(left!)).not.toContain('S');

    // A second start with the same checkpoint hands over new mail and leaves the person's be.
    dovecot.deliver(bounce(3, 'nonbounce-leave'));
    poller = start();
    await waitFor(() => spool.calls.length === 3 && dovecot.count('INBOX') === 1);
    await poller.stop();
    poller = undefined;
    expect(seen.filter((id) => id === 'human-leave@example.org')).toHaveLength(1);
    expect(dovecot.files('INBOX')).toEqual([left]);
    dovecot.clear('INBOX');
  });

  it("with nonBounce=move:Aside moves a person's mail to Aside, unread, and DSNs to Processed", async () => {
    const spool = fakeSpool();
    const { classify } = fakeClassifier();
    const before = dovecot.count('Processed');
    dovecot.deliver(humanMail('human-aside'));
    dovecot.deliver(bounce(1, 'nonbounce-aside'));
    poller = startImapPoller({
      mailboxes: [parseImapUrl(dovecot.url('nonBounce=move:Aside'))],
      acceptMessage: spool.accept,
      classify,
      logger: pino({ level: 'silent' }),
      reconnect: fast,
    });
    await waitFor(
      () =>
        dovecot.count('Aside') === 1 &&
        dovecot.count('Processed') === before + 1 &&
        dovecot.count('INBOX') === 0,
    );
    expect(dovecot.count('INBOX')).toBe(0);
    expect(spool.calls).toHaveLength(1);
    const aside = dovecot.files('Aside')[0]!;
    expect(flagsOf(aside)).not.toContain('S');
    expect(flagsOf(aside)).toContain(keywordLetter(dovecot, NOT_BOUNCE_KEYWORD, 'Aside'));
  });

  it('hands a message over as a report when the classifier throws', async () => {
    const spool = fakeSpool();
    const before = dovecot.count('Processed');
    dovecot.deliver(humanMail('human-throw'));
    const { logger, events } = captureLogs();
    poller = startImapPoller({
      mailboxes: [parseImapUrl(dovecot.url('action=delete'))],
      acceptMessage: spool.accept,
      classify: async () => {
        throw new Error('classifier broke');
      },
      logger,
      reconnect: fast,
    });
    await waitFor(() => spool.calls.length === 1 && dovecot.count('INBOX') === 0);
    expect(events.some((e) => e.event === 'imap.classify.failed')).toBe(true);
    expect(dovecot.count('Processed')).toBe(before);
  });

  it("classifies leftovers again, so a person's mail the keyword did not reach is never deleted", async () => {
    // As if a poller had advanced the checkpoint past both and stopped before settling them.
    dovecot.deliver(bounce(1, 'nonbounce-leftover'));
    dovecot.deliver(humanMail('human-leftover'));
    const probe = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: dovecot.user, pass: dovecot.password },
      logger: false,
    });
    await probe.connect();
    const status = await probe.status('INBOX', { uidNext: true, uidValidity: true });
    await probe.logout();
    if (!status) throw new Error('STATUS INBOX failed');
    const config = parseImapUrl(dovecot.url('action=delete'));
    const checkpoints = new MemoryImapCheckpointStore();
    await checkpoints.set(config.remote, {
      uidValidity: String(status.uidValidity),
      lastUid: Number(status.uidNext) - 1,
    });
    const spool = fakeSpool();
    const { classify } = fakeClassifier();
    const { logger, events } = captureLogs();
    poller = startImapPoller({
      mailboxes: [config],
      acceptMessage: spool.accept,
      classify,
      logger,
      checkpoints,
      reconnect: fast,
    });
    await waitFor(() => events.some((e) => e.event === 'imap.leftover.settled'));
    await waitFor(() => dovecot.count('INBOX') === 1);
    await poller.stop();
    poller = undefined;
    expect(spool.calls).toHaveLength(0);
    const [left] = dovecot.files('INBOX');
    const sub = existsSync(`${folderPath(dovecot, 'INBOX')}/cur/${left}`) ? 'cur' : 'new';
    expect(readFileSync(`${folderPath(dovecot, 'INBOX')}/${sub}/${left}`, 'utf8')).toContain(
      'human-leftover',
    );
    expect(flagsOf(left!)).toContain(keywordLetter(dovecot, NOT_BOUNCE_KEYWORD));
    dovecot.clear('INBOX');
  });

  it('stops a mailbox with INTAKE_IMAP_AUTH on a wrong password instead of looping', async () => {
    const spool = fakeSpool();
    const errors: ImapAuthError[] = [];
    const config = parseImapUrl(
      dovecot.url().replace(`:${encodeURIComponent(dovecot.password)}@`, ':wrong@'),
    );
    const { logger, events } = captureLogs();
    poller = startImapPoller({
      mailboxes: [config],
      acceptMessage: spool.accept,
      logger,
      reconnect: { minDelayMs: 50, maxDelayMs: 50 },
      onFatalError: (error) => errors.push(error),
    });
    await waitFor(() => errors.length === 1, 10_000, 'the auth error');
    await new Promise((r) => setTimeout(r, 1500));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('INTAKE_IMAP_AUTH');
    expect(errors[0]!.retryable).toBe(false);
    expect(errors[0]!.message).not.toContain('wrong');
    expect(events.filter((e) => e.event === 'imap.auth.failed')).toHaveLength(1);
    expect(events.some((e) => e.event === 'imap.reconnect.scheduled')).toBe(false);
    expect(spool.calls).toHaveLength(0);
  });
});
