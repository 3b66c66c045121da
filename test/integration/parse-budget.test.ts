/**
 * Hostile mail holds no role up (issue 15): while the all-roles service processes the worst
 * saved inputs, SMTP keeps answering NOOP; a parse that overruns PARSE_BUDGET_MS ends with
 * the message `unparseable`, "parse budget exceeded", shown to staff. The NOOP target is
 * 100 ms; the bound asserted is generous for a loaded 2-core box, the figure is printed.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait-for.js';
import { callApi } from '../helpers/api-client.js';
import { HOSTILE_CASES } from '../fixtures/parse/hostile/hostile-mail.js';

const RCPT = `bounce@${TEST_RETURN_PATH_DOMAIN}`;
const WORST = [
  'content-type-param-run',
  'content-type-part-header',
  'date-open-comments',
  'dsn-arrival-date-comments',
  'vendor-blank-lines',
  'line-html',
];

/** An SMTP session that sends NOOP every 10 ms and records how long each reply took. */
async function noopProbe(port: number): Promise<{ stop(): Promise<number[]> }> {
  const socket: Socket = connect(port, '127.0.0.1');
  const latencies: number[] = [];
  let buffered = '';
  let waiting: ((line: string) => void) | undefined;
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\r\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (/^\d{3} /.test(line)) waiting?.(line);
  });
  const command = (text: string) =>
    new Promise<string>((resolve) => {
      waiting = resolve;
      if (text) socket.write(`${text}\r\n`);
    });
  expect(await command('')).toMatch(/^220 /);
  expect(await command('EHLO probe.example.test')).toMatch(/^250 /);
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      expect(await command('NOOP')).toMatch(/^250 /);
      latencies.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      socket.end('QUIT\r\n');
      return latencies;
    },
  };
}

async function allHandled(service: TestService): Promise<boolean> {
  return (await callApi(service, 'GET', '/api/messages?state=received')).body.items.length === 0;
}

describe('the parse budget in the all-roles service', () => {
  let service: TestService;
  beforeAll(async () => {
    // The worst inputs are mostly header: the SMTP door's header cap (100 KiB) would refuse
    // them, while IMAP or a relay with a larger cap still hands them to the parser.
    service = await startTestService({
      shape: 'redis',
      env: { PARSE_THREADS: '1', SMTP_MAX_HEADER_BYTES: String(8 * 1024 * 1024) },
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it(
    'keeps SMTP answering NOOP while the worst inputs are parsed',
    { timeout: 180_000 },
    async () => {
      // The parse thread is up (it loads the sources through tsx here, seconds on a busy box).
      const warm = HOSTILE_CASES[0]!.build(1024);
      expect(
        (await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw: warm })).ok,
      ).toBe(true);
      await waitFor(() => allHandled(service), {
        what: 'the warm-up message handled',
        timeoutMs: 60_000,
      });
      const mails = HOSTILE_CASES.filter((c) => WORST.includes(c.name)).map((c) =>
        c.build(2 * 1024 * 1024),
      );
      expect(mails).toHaveLength(WORST.length);
      for (const raw of mails)
        expect((await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw })).ok).toBe(
          true,
        );
      // Measured while the worker parses and stores them (not while SMTP receives them).
      const probe = await noopProbe(service.smtpPort);
      await waitFor(() => allHandled(service), {
        what: 'every hostile message handled',
        timeoutMs: 150_000,
      });
      const latencies = await probe.stop();
      const sorted = [...latencies].sort((a, b) => a - b);
      const p50 = sorted[Math.floor(sorted.length / 2)] ?? 0;
      const max = sorted.at(-1) ?? 0;
      console.log(
        `NOOP during hostile parsing: ${latencies.length} replies, p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms`,
      );
      expect(latencies.length).toBeGreaterThan(0);
      expect(max).toBeLessThan(500);
    },
  );
});

describe('a parse over its budget', () => {
  let service: TestService;
  beforeAll(async () => {
    // 1 ms: no parse of a 2 MiB message fits, on any machine.
    service = await startTestService({
      shape: 'embedded',
      env: { PARSE_BUDGET_MS: '1', SMTP_MAX_HEADER_BYTES: String(8 * 1024 * 1024) },
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it(
    'ends the message unparseable with "parse budget exceeded"',
    { timeout: 120_000 },
    async () => {
      const raw = HOSTILE_CASES.find((c) => c.name === 'dsn-many-recipients')!.build(
        2 * 1024 * 1024,
      );
      expect((await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw })).ok).toBe(
        true,
      );
      await waitFor(() => allHandled(service), { what: 'the message handled', timeoutMs: 100_000 });
      const { items } = (await callApi(service, 'GET', '/api/messages?state=unparseable')).body;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        state: 'unparseable',
        kind: 'unknown',
        error: 'parse budget exceeded',
      });
    },
  );
});
