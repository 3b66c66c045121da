/**
 * The SMTP door's limits against the real listener and a bare client: each test configures a
 * small limit, crosses it by one, and reads the reply. Messages go to a recording stand-in for
 * acceptMessage (the spool is covered by smtp-intake.test.ts and smtp-tls.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import {
  startSmtpIntake,
  type SmtpIntake,
  type SmtpLimits,
} from '../../src/intake/smtp/smtp-intake.js';
import type { AcceptMessage, InboundMessage } from '../../src/intake/types.js';
import { openRawSmtp, type RawSmtp, type SmtpReply } from '../helpers/raw-smtp.js';
import { waitFor } from '../helpers/wait-for.js';

const DOMAIN = 'bounces.example.test';
const RCPT = `bounce@${DOMAIN}`;
const BASE_LIMITS: SmtpLimits = {
  maxClients: 50,
  maxClientsPerIp: 50,
  messagesPerMinutePerIp: 0,
  idleTimeoutSeconds: 30,
  sessionTimeoutSeconds: 60,
  maxRecipients: 100,
  maxHeaderBytes: 100 * 1024,
  maxBufferedBytes: 10 * 1024 * 1024,
};

let intake: SmtpIntake | undefined;
const clients: RawSmtp[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await intake?.close();
  intake = undefined;
});

async function start(
  limits: Partial<SmtpLimits>,
  extra: {
    accept?: AcceptMessage;
    allowedClients?: string[];
    now?: () => number;
    maxMessageBytes?: number;
  } = {},
) {
  const stored: InboundMessage[] = [];
  intake = await startSmtpIntake({
    host: '127.0.0.1',
    port: 0,
    maxMessageBytes: extra.maxMessageBytes ?? 1024 * 1024,
    allowedClients: extra.allowedClients ?? [],
    limits: { ...BASE_LIMITS, ...limits },
    returnPathDomains: [DOMAIN],
    fblAddresses: [],
    logger: pino({ level: 'silent' }),
    closeTimeoutMs: 500,
    ...(extra.now ? { now: extra.now } : {}),
    acceptMessage:
      extra.accept ??
      (async (message) => {
        stored.push(message);
        return { spoolId: String(stored.length), duplicate: false };
      }),
  });
  return { port: intake.port, stored };
}

async function open(port: number, localAddress?: string) {
  const client = await openRawSmtp(port, localAddress ? { localAddress } : {});
  clients.push(client);
  return client;
}

/** EHLO, MAIL and one RCPT, ready for DATA. */
async function ready(client: RawSmtp) {
  expect((await client.greeting).code).toBe(220);
  expect((await client.command('EHLO client.example')).code).toBe(250);
  expect((await client.command('MAIL FROM:<>')).code).toBe(250);
  expect((await client.command(`RCPT TO:<${RCPT}>`)).code).toBe(250);
}

async function sendData(client: RawSmtp, message: string) {
  expect((await client.command('DATA')).code).toBe(354);
  const done = client.reply();
  client.write(`${message}\r\n.\r\n`);
  return done;
}

describe('SMTP connection limits', () => {
  it('answers 421 4.7.0 to the connection past SMTP_MAX_CLIENTS, and admits one again when a slot frees', async () => {
    const { port } = await start({ maxClients: 3 });
    const first = await Promise.all([1, 2, 3].map(() => open(port)));
    for (const client of first) expect((await client.greeting).code).toBe(220);
    const extra = await open(port);
    const refused = await extra.greeting;
    expect(refused.code).toBe(421);
    expect(refused.text).toContain('4.7.0');
    await extra.closed;
    first[0]!.close();
    let again: RawSmtp | undefined;
    await waitFor(
      async () => {
        again?.close();
        again = await open(port);
        return (await again.greeting).code === 220;
      },
      { timeoutMs: 5_000, what: 'a free slot' },
    );
  });

  it('answers 421 4.7.0 past SMTP_MAX_CLIENTS_PER_IP, while another address still gets in', async () => {
    const { port } = await start({ maxClientsPerIp: 2 });
    for (const client of await Promise.all([1, 2].map(() => open(port))))
      expect((await client.greeting).code).toBe(220);
    const third = await (await open(port)).greeting;
    expect(third.code).toBe(421);
    expect(third.text).toMatch(/4\.7\.0 .*from your address/);
    const other = await open(port, '127.0.0.2');
    expect((await other.greeting).code).toBe(220);
  });

  it('refuses a client outside SMTP_ALLOWED_CLIENTS with 554 5.7.1 at connect', async () => {
    const { port } = await start({}, { allowedClients: ['127.0.0.1/32', '2001:db8::/32'] });
    const allowed = await open(port);
    expect((await allowed.greeting).code).toBe(220);
    const other = await open(port, '127.0.0.2');
    const refused = await other.greeting;
    expect(refused.code).toBe(554);
    expect(refused.text).toContain('5.7.1');
    await other.closed;
  });

  it('answers 451 4.7.1 to MAIL past the per-client message rate, and accepts again after the refill', async () => {
    let clock = 1_000_000;
    const { port } = await start({ messagesPerMinutePerIp: 3 }, { now: () => clock });
    const client = await open(port);
    expect((await client.greeting).code).toBe(220);
    await client.command('EHLO client.example');
    for (let i = 0; i < 3; i += 1) {
      expect((await client.command('MAIL FROM:<>')).code).toBe(250);
      expect((await client.command('RSET')).code).toBe(250);
    }
    const limited = await client.command('MAIL FROM:<>');
    expect(limited.code).toBe(451);
    expect(limited.text).toContain('4.7.1');
    clock += 20_000;
    expect((await client.command('MAIL FROM:<>')).code).toBe(250);
  });
});

describe('SMTP timeouts', () => {
  it('closes a silent client after SMTP_IDLE_TIMEOUT_SECONDS with 421', async () => {
    const { port } = await start({ idleTimeoutSeconds: 1 });
    const client = await open(port);
    expect((await client.greeting).code).toBe(220);
    const started = Date.now();
    expect((await client.reply()).code).toBe(421);
    await client.closed;
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('ends a slow-drip session (a byte at a time, never idle) after SMTP_SESSION_TIMEOUT_SECONDS with 421 4.4.2', async () => {
    const { port } = await start({ idleTimeoutSeconds: 1, sessionTimeoutSeconds: 2 });
    const client = await open(port);
    expect((await client.greeting).code).toBe(220);
    const timedOut = client.reply();
    // One byte every 250 ms keeps the idle timer from ever firing; the line never ends.
    for (let i = 0; i < 40 && !client.isClosed(); i += 1) {
      client.write('X');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const reply = await timedOut;
    expect(reply.code).toBe(421);
    expect(reply.text).toContain('4.4.2');
    expect(client.isClosed()).toBe(true);
  });
});

describe('SMTP message limits', () => {
  it('answers 452 4.5.3 past SMTP_MAX_RECIPIENTS and delivers to the accepted ones', async () => {
    const { port, stored } = await start({ maxRecipients: 5 });
    const client = await open(port);
    expect((await client.greeting).code).toBe(220);
    await client.command('EHLO client.example');
    await client.command('MAIL FROM:<>');
    const codes = [];
    for (let i = 0; i < 6; i += 1) codes.push(await client.command(`RCPT TO:<r${i}@${DOMAIN}>`));
    expect(codes.slice(0, 5).map((r) => r.code)).toEqual([250, 250, 250, 250, 250]);
    expect(codes[5]!.code).toBe(452);
    expect(codes[5]!.text).toContain('4.5.3');
    expect((await sendData(client, 'Subject: many\r\n\r\nhi')).code).toBe(250);
    expect(stored[0]?.envelope.rcptTo).toHaveLength(5);
  });

  it('answers 10,000 pipelined RCPTs in order: the first 100 accepted, the rest 452', async () => {
    const { port, stored } = await start({});
    const client = await open(port);
    expect((await client.greeting).code).toBe(220);
    await client.command('EHLO client.example');
    await client.command('MAIL FROM:<>');
    const lines = Array.from({ length: 10_000 }, (_, i) => `RCPT TO:<r${i}@${DOMAIN}>\r\n`);
    const replies = Promise.all(lines.map(() => client.reply()));
    client.write(lines.join(''));
    const codes = (await replies).map((r) => r.code);
    expect(codes.filter((c) => c === 250)).toHaveLength(100);
    expect(codes.slice(100).every((c) => c === 452)).toBe(true);
    expect((await sendData(client, 'Subject: many\r\n\r\nhi')).code).toBe(250);
    expect(stored[0]?.envelope.rcptTo).toHaveLength(100);
  });

  it('answers 552 5.3.4 to a header section over SMTP_MAX_HEADER_BYTES, and to one that never ends', async () => {
    const { port, stored } = await start({ maxHeaderBytes: 1024 });
    const client = await open(port);
    await ready(client);
    const long = await sendData(client, `Subject: ${'x'.repeat(2_000)}\r\n\r\nbody`);
    expect(long.code).toBe(552);
    expect(long.text).toMatch(/5\.3\.4 .*header/);
    await client.command('MAIL FROM:<>');
    await client.command(`RCPT TO:<${RCPT}>`);
    const endless = Array.from({ length: 200 }, (_, i) => `X-Line-${i}: filler`).join('\r\n');
    expect((await sendData(client, endless)).code).toBe(552);
    await client.command('MAIL FROM:<>');
    await client.command(`RCPT TO:<${RCPT}>`);
    const fine = await sendData(client, `Subject: ok\r\n\r\n${'body line\r\n'.repeat(500)}`);
    expect(fine.code).toBe(250);
    expect(stored).toHaveLength(1);
  });

  it('answers 451 4.3.1 when the memory budget is held by messages in progress, and 250 once it frees', async () => {
    let open1: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open1 = resolve));
    const stored: InboundMessage[] = [];
    const { port } = await start(
      { maxBufferedBytes: 256 * 1024 },
      {
        maxMessageBytes: 48 * 1024,
        accept: async (message) => {
          stored.push(message);
          if (stored.length === 1) await gate;
          return { spoolId: String(stored.length), duplicate: false };
        },
      },
    );
    const body = `Subject: big\r\n\r\n${'0123456789abcdef0123456789abcdef0123456789abcdef01234567\r\n'.repeat(700)}`;
    const a = await open(port);
    const b = await open(port);
    await ready(a);
    await ready(b);
    const first = sendData(a, body);
    await waitFor(async () => stored.length === 1, {
      timeoutMs: 5_000,
      what: 'first message held',
    });
    const second = await sendData(b, body);
    expect(second.code).toBe(451);
    expect(second.text).toContain('4.3.1');
    open1();
    expect((await first).code).toBe(250);
    await b.command('MAIL FROM:<>');
    await b.command(`RCPT TO:<${RCPT}>`);
    expect((await sendData(b, body)).code).toBe(250);
  });

  it('answers 452 4.3.1 at MAIL to a declared SIZE the memory budget cannot take now', async () => {
    let open1: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open1 = resolve));
    const { port } = await start(
      { maxBufferedBytes: 256 * 1024 },
      {
        maxMessageBytes: 48 * 1024,
        accept: async () => {
          await gate;
          return { spoolId: '1', duplicate: false };
        },
      },
    );
    const a = await open(port);
    const b = await open(port);
    await ready(a);
    expect((await b.greeting).code).toBe(220);
    await b.command('EHLO client.example');
    expect((await b.command('MAIL FROM:<> SIZE=40000')).code).toBe(250);
    await b.command('RSET');
    const first = sendData(a, `Subject: big\r\n\r\n${'x'.repeat(76).concat('\r\n').repeat(500)}`);
    let deferred: SmtpReply | undefined;
    const tryMail = async () => {
      const reply = await b.command('MAIL FROM:<> SIZE=40000');
      if (reply.code === 250) await b.command('RSET');
      if (reply.code === 452) deferred = reply;
      return reply.code === 452;
    };
    await waitFor(tryMail, {
      timeoutMs: 5_000,
      what: 'a 452 at MAIL while the first message is held',
    }).finally(() => open1());
    expect(deferred?.text).toContain('4.3.1');
    expect((await first).code).toBe(250);
    await waitFor(async () => !(await tryMail()), { timeoutMs: 5_000, what: 'MAIL taken again' });
  });
});

describe('SMTP under hostile input', () => {
  it('refuses an over-long EHLO name with 501, and a line past the command limit with 421', async () => {
    const { port } = await start({});
    const client = await open(port);
    expect((await client.greeting).code).toBe(220);
    expect((await client.command(`EHLO ${'a'.repeat(1_000)}.example`)).code).toBe(501);
    const tooLong = await client.command(`EHLO ${'a'.repeat(100_000)}`);
    expect(tooLong.code).toBe(421);
    await client.closed;
  });

  it('answers pipelined commands in order and stores the message once', async () => {
    const { port, stored } = await start({});
    const client = await open(port);
    expect((await client.greeting).code).toBe(220);
    const replies = Promise.all([1, 2, 3, 4].map(() => client.reply()));
    client.write(`EHLO client.example\r\nMAIL FROM:<>\r\nRCPT TO:<${RCPT}>\r\nDATA\r\n`);
    expect((await replies).map((r) => r.code)).toEqual([250, 250, 250, 354]);
    const done = client.reply();
    client.write('Subject: piped\r\n\r\nhi\r\n.\r\nQUIT\r\n');
    expect((await done).code).toBe(250);
    expect((await client.reply()).code).toBe(221);
    expect(stored).toHaveLength(1);
  });

  it('does not end DATA on a bare-LF dot line, so no second message can be smuggled', async () => {
    const { port, stored } = await start({});
    const client = await open(port);
    await ready(client);
    const smuggled = `Subject: one\r\n\r\nhi\n.\nMAIL FROM:<>\nRCPT TO:<fbl@${DOMAIN}>\nDATA\nSubject: two\n`;
    expect((await sendData(client, smuggled)).code).toBe(250);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.raw.toString()).toContain('RCPT TO:<fbl@');
    expect(stored[0]!.envelope.rcptTo).toEqual([RCPT]);
  });
});
