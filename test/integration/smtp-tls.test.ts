/**
 * STARTTLS and implicit TLS with a certificate made in the test, the certificate reloaded on
 * a file change and on SIGHUP, and the spool's record of how each message arrived (remote IP,
 * HELO name, TLS), as staff see it in GET /api/messages.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSmtpIntake, type SmtpIntake } from '../../src/intake/smtp/smtp-intake.js';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { openRawSmtp } from '../helpers/raw-smtp.js';
import { writeSelfSignedCert } from '../helpers/self-signed-cert.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { freePort } from '../helpers/free-port.js';
import { waitFor } from '../helpers/wait-for.js';

const RCPT = `bounce+tls@${TEST_RETURN_PATH_DOMAIN}`;
const dir = mkdtempSync(join(tmpdir(), 'rebound-tls-'));
const certPath = join(dir, 'cert.pem');
const keyPath = join(dir, 'key.pem');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fingerprint of the certificate the listener serves after STARTTLS. */
async function servedFingerprint(port: number): Promise<string> {
  const client = await openRawSmtp(port);
  try {
    expect((await client.greeting).code).toBe(220);
    const ehlo = await client.command('EHLO probe.example');
    expect(ehlo.code).toBe(250);
    return (await client.startTls()).fingerprint256;
  } finally {
    client.close();
  }
}

async function send(options: {
  port: number;
  secure: boolean;
  requireTLS?: boolean;
  ignoreTLS?: boolean;
  name: string;
  raw: string;
}) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: options.port,
    secure: options.secure,
    requireTLS: options.requireTLS ?? false,
    ignoreTLS: options.ignoreTLS ?? false,
    name: options.name,
    tls: { rejectUnauthorized: false },
  });
  try {
    return await transport.sendMail({ envelope: { from: '', to: [RCPT] }, raw: options.raw });
  } finally {
    transport.close();
  }
}

interface SpoolItem {
  id: number;
  source: string;
  remoteIp: string | null;
  helo: string | null;
  tls: boolean | null;
}

describe('SMTP over TLS, as staff see it in the spool', () => {
  let service: TestService;
  let first: ReturnType<typeof writeSelfSignedCert>;
  beforeAll(async () => {
    first = writeSelfSignedCert('first.rebound.test', certPath, keyPath);
    service = await startTestService({
      shape: 'embedded',
      env: { SMTP_TLS_CERT: certPath, SMTP_TLS_KEY: keyPath, SMTPS_PORT: '0' },
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  async function spoolItem(spoolId: string): Promise<SpoolItem> {
    const body = (await (await fetch(`${service.baseUrl}/api/messages`)).json()) as {
      items: SpoolItem[];
    };
    const item = body.items.find((i) => String(i.id) === spoolId);
    if (!item) throw new Error(`spool row ${spoolId} not listed`);
    return item;
  }

  const spoolIdOf = (response: string) => /Stored as (\d+)/.exec(response)?.[1] ?? '';

  it('offers STARTTLS with the configured certificate and records the session as TLS', async () => {
    expect(await servedFingerprint(service.smtpPort)).toBe(first.fingerprint256);
    const info = await send({
      port: service.smtpPort,
      secure: false,
      requireTLS: true,
      name: 'mx.sender.example',
      raw: buildDsn({
        recipients: [{ address: 'tls@example.com', status: '5.1.1' }],
        messageId: '<starttls@test>',
      }),
    });
    const item = await spoolItem(spoolIdOf(info.response));
    expect(item).toMatchObject({
      source: 'smtp',
      remoteIp: '127.0.0.1',
      helo: 'mx.sender.example',
      tls: true,
    });
  });

  it('ignores commands pipelined in cleartext behind STARTTLS (no command injection)', async () => {
    const client = await openRawSmtp(service.smtpPort);
    try {
      expect((await client.greeting).code).toBe(220);
      await client.command('EHLO probe.example');
      await client.startTls('BOGUS-INJECTED\r\n');
      // Had the injected line been read as a command, its 500 would come before NOOP's 250.
      expect((await client.command('NOOP')).code).toBe(250);
    } finally {
      client.close();
    }
  });

  it('records a cleartext session as such', async () => {
    const info = await send({
      port: service.smtpPort,
      secure: false,
      ignoreTLS: true,
      name: 'plain.sender.example',
      raw: buildDsn({
        recipients: [{ address: 'plain@example.com', status: '5.1.1' }],
        messageId: '<plain@test>',
      }),
    });
    const item = await spoolItem(spoolIdOf(info.response));
    expect(item).toMatchObject({ remoteIp: '127.0.0.1', helo: 'plain.sender.example', tls: false });
  });

  it('accepts mail on the implicit-TLS listener (SMTPS_PORT)', async () => {
    const smtpsPort = service.service.smtpsPort;
    expect(smtpsPort).toBeGreaterThan(0);
    const client = await openRawSmtp(smtpsPort!, { tls: true });
    expect((await client.greeting).code).toBe(220);
    client.close();
    const info = await send({
      port: smtpsPort!,
      secure: true,
      name: 'smtps.sender.example',
      raw: buildDsn({
        recipients: [{ address: 'smtps@example.com', status: '5.1.1' }],
        messageId: '<smtps@test>',
      }),
    });
    const item = await spoolItem(spoolIdOf(info.response));
    expect(item).toMatchObject({ helo: 'smtps.sender.example', tls: true });
  });

  it('records the HTTP caller address for HTTP intake, and no HELO or TLS', async () => {
    const response = await fetch(`${service.baseUrl}/api/intake/sms/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ phone: '+33612345678', text: 'hello' }] }),
    });
    expect(response.status).toBe(202);
    const { spoolId } = (await response.json()) as { spoolId: string };
    expect(await spoolItem(spoolId)).toMatchObject({
      source: 'http',
      remoteIp: '127.0.0.1',
      helo: null,
      tls: null,
    });
  });
});

describe('certificate reload', () => {
  let intake: SmtpIntake;
  const watchDir = mkdtempSync(join(tmpdir(), 'rebound-tls-watch-'));
  const files = { certPath: join(watchDir, 'cert.pem'), keyPath: join(watchDir, 'key.pem') };
  afterAll(async () => {
    await intake?.close();
    rmSync(watchDir, { recursive: true, force: true });
  });

  it('serves a replaced certificate without a restart, and keeps it when the new files are broken', async () => {
    const a = writeSelfSignedCert('a.rebound.test', files.certPath, files.keyPath);
    intake = await startSmtpIntake({
      host: '127.0.0.1',
      port: 0,
      maxMessageBytes: 1024 * 1024,
      allowedClients: [],
      tls: files,
      tlsWatchIntervalMs: 100,
      limits: {
        maxClients: 10,
        maxClientsPerIp: 10,
        messagesPerMinutePerIp: 0,
        idleTimeoutSeconds: 30,
        sessionTimeoutSeconds: 60,
        maxRecipients: 100,
        maxHeaderBytes: 100 * 1024,
        maxBufferedBytes: 10 * 1024 * 1024,
      },
      returnPathDomains: [TEST_RETURN_PATH_DOMAIN],
      fblAddresses: [],
      logger: pino({ level: 'silent' }),
      closeTimeoutMs: 500,
      acceptMessage: async () => ({ spoolId: '1', duplicate: false }),
    });
    expect(await servedFingerprint(intake.port)).toBe(a.fingerprint256);
    const b = writeSelfSignedCert('b.rebound.test', files.certPath, files.keyPath);
    await waitFor(async () => (await servedFingerprint(intake.port)) === b.fingerprint256, {
      timeoutMs: 10_000,
      intervalMs: 200,
      what: 'the replaced certificate to be served',
    });
    writeFileSync(files.keyPath, '-----BEGIN PRIVATE KEY-----\nnot a key\n');
    expect(intake.reloadTls()).toBe(false);
    expect(await servedFingerprint(intake.port)).toBe(b.fingerprint256);
  });
});

describe('SIGHUP', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const dataDir = mkdtempSync(join(tmpdir(), 'rebound-tls-hup-'));
  const files = { certPath: join(dataDir, 'cert.pem'), keyPath: join(dataDir, 'key.pem') };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('makes the running service read the certificate files again', async () => {
    cpSync(join(inject('embeddedTemplateDir'), 'pglite'), join(dataDir, 'pglite'), {
      recursive: true,
    });
    const a = writeSelfSignedCert('hup-a.rebound.test', files.certPath, files.keyPath);
    const smtpPort = await freePort();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/main.ts'), '--roles', 'smtp'],
      {
        cwd: root,
        env: {
          ...process.env,
          DATA_DIR: dataDir,
          SMTP_PORT: String(smtpPort),
          RETURN_PATH_DOMAINS: TEST_RETURN_PATH_DOMAIN,
          SMTP_TLS_CERT: files.certPath,
          SMTP_TLS_KEY: files.keyPath,
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let logs = '';
    child.stdout.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await waitFor(() => logs.includes('"service.started"'), {
        // Starting through tsx on a loaded machine has taken over 30 s.
        timeoutMs: 90_000,
        what: `service start (${logs})`,
      });
      expect(await servedFingerprint(smtpPort)).toBe(a.fingerprint256);
      const b = writeSelfSignedCert('hup-b.rebound.test', files.certPath, files.keyPath);
      child.kill('SIGHUP');
      await waitFor(() => logs.includes('"intake.smtp.tls_reloaded"'), {
        timeoutMs: 10_000,
        what: 'the reload log line',
      });
      expect(await servedFingerprint(smtpPort)).toBe(b.fingerprint256);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 150_000);
});
