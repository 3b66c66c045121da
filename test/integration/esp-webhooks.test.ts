/**
 * The sending services' webhooks through the real service: each provider's correctly signed
 * event changes the address like the same news by mail, once however often it comes; a bad
 * signature is refused and stores nothing; the exclusion check answers afterwards. The SNS
 * signing certificate is made here with openssl and served by a local server, trusted through
 * SES_SNS_TEST_ORIGINS (loopback only, tests only).
 */
import { execFileSync } from 'node:child_process';
import {
  createHmac,
  createSign,
  generateKeyPairSync,
  randomBytes,
  sign as signData,
  type KeyObject,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait-for.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ses-feedback';
const POSTMARK = { user: 'postmark-hook', password: 'postmark-hook-password-0001' };
const MAILGUN_KEY = 'key-mailgun-webhook-signing-0001';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/esp/${name}`, import.meta.url), 'utf8');

/** A self-signed RSA certificate (SNS signs with RSA), made with the openssl CLI. */
function makeSigningCertificate(): { certPem: string; keyPem: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rebound-sns-'));
  try {
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=sns.test',
      ].concat(['-keyout', key, '-out', cert]),
      { stdio: 'ignore' },
    );
    return { certPem: readFileSync(cert, 'utf8'), keyPem: readFileSync(key, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The local stand-in for SNS: the certificate, and the SubscribeURL it counts visits to. */
async function startFakeSns(certPem: string) {
  const hits = { certificate: 0, confirm: 0 };
  const server: Server = createServer((request, response) => {
    if (request.url === '/SimpleNotificationService-test.pem') {
      hits.certificate++;
      response.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(certPem);
    } else if (request.url?.startsWith('/confirm?')) {
      hits.confirm++;
      response.writeHead(200, { 'content-type': 'text/xml' }).end('<ConfirmSubscriptionResponse/>');
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, hits, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Written from the SNS guide's field list, independently of src/intake/esp/sns-message.ts. */
function signSns(
  fields: Record<string, string>,
  keyPem: string,
  version: '1' | '2',
): Record<string, string> {
  const names =
    fields.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const text = names
    .filter((name) => fields[name] !== undefined)
    .map((name) => `${name}\n${fields[name]}\n`)
    .join('');
  const signer = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
  signer.update(text);
  return { ...fields, SignatureVersion: version, Signature: signer.sign(keyPem, 'base64') };
}

for (const shape of ['embedded', 'redis'] as const) {
  describe(`ESP webhooks through the spool, qualification and policy (${shape})`, () => {
    let service: TestService;
    let sns: Awaited<ReturnType<typeof startFakeSns>>;
    let cert: { certPem: string; keyPem: string };
    let sendgridKey: KeyObject;

    const post = async (
      path: string,
      body: string | Buffer,
      headers: Record<string, string> = {},
    ) => {
      const response = await fetch(`${service.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: JSON.parse(text || '{}') };
    };
    const get = async (path: string) => (await fetch(`${service.baseUrl}${path}`)).json();
    const statusOf = async (address: string): Promise<string | undefined> => {
      const response = await fetch(
        `${service.baseUrl}/api/addresses/${encodeURIComponent(address)}`,
      );
      return response.status === 404
        ? undefined
        : ((await response.json()) as { status: string }).status;
    };
    const eventsOf = async (address: string) =>
      (
        (await get(`/api/addresses/${encodeURIComponent(address)}/history`)) as {
          events: unknown[];
        }
      ).events;
    const spool = async () =>
      (
        (await get('/api/messages?limit=1000')) as {
          items: Array<{ state: string; source: string }>;
        }
      ).items;
    const allProcessed = async () => (await spool()).every((m) => m.state !== 'received');
    const check = async (recipients: Array<Record<string, string>>) =>
      (await post('/api/check', JSON.stringify({ recipients }))).body as {
        excluded: Array<{ address: string; status: string; scope: string }>;
      };

    const snsNotification = (message: string, messageId: string, version: '1' | '2' = '2') =>
      signSns(
        {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: TOPIC,
          Message: message,
          Timestamp: new Date().toISOString(),
          SigningCertURL: `${sns.origin}/SimpleNotificationService-test.pem`,
        },
        cert.keyPem,
        version,
      );
    const postSns = (message: object) =>
      post('/esp/ses', JSON.stringify(message), {
        'content-type': 'text/plain; charset=UTF-8',
        'x-amz-sns-message-type': String((message as { Type: string }).Type),
      });

    const sendgridPost = (body: string, at = Math.floor(Date.now() / 1000)) => {
      const timestamp = String(at);
      const signature = signData(
        'sha256',
        Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]),
        sendgridKeyPair.privateKey,
      ).toString('base64');
      return post('/esp/sendgrid', body, {
        'x-twilio-email-event-webhook-signature': signature,
        'x-twilio-email-event-webhook-timestamp': timestamp,
      });
    };
    let sendgridKeyPair: { privateKey: KeyObject; publicKey: KeyObject };

    const mailgunBody = (name: string, token: string, at = Math.floor(Date.now() / 1000)) => {
      const body = JSON.parse(fixture(name));
      const timestamp = String(at);
      body.signature = {
        timestamp,
        token,
        signature: createHmac('sha256', MAILGUN_KEY)
          .update(timestamp + token)
          .digest('hex'),
      };
      return body as Record<string, unknown>;
    };
    const basic = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

    beforeAll(async () => {
      cert = makeSigningCertificate();
      sns = await startFakeSns(cert.certPem);
      sendgridKeyPair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      sendgridKey = sendgridKeyPair.publicKey;
      service = await startTestService({
        shape,
        env: {
          ROLES: 'api,worker',
          SES_TOPIC_ARNS: TOPIC,
          SES_SNS_TEST_ORIGINS: sns.origin,
          SENDGRID_WEBHOOK_PUBLIC_KEY: sendgridKey
            .export({ type: 'spki', format: 'der' })
            .toString('base64'),
          POSTMARK_WEBHOOK_USER: POSTMARK.user,
          POSTMARK_WEBHOOK_PASSWORD: POSTMARK.password,
          MAILGUN_WEBHOOK_SIGNING_KEY: MAILGUN_KEY,
        },
      });
    });
    afterAll(async () => {
      await service?.stop();
      await sns?.close();
    });

    describe('Amazon SES through SNS', () => {
      it('confirms a subscription by visiting the SubscribeURL, only for a signed message', async () => {
        const confirmation = signSns(
          {
            Type: 'SubscriptionConfirmation',
            MessageId: 'sns-confirm-1',
            Token: 'confirm-token-1',
            TopicArn: TOPIC,
            Message: 'You have chosen to subscribe to the topic.',
            SubscribeURL: `${sns.origin}/confirm?Action=ConfirmSubscription&Token=confirm-token-1`,
            Timestamp: new Date().toISOString(),
            SigningCertURL: `${sns.origin}/SimpleNotificationService-test.pem`,
          },
          cert.keyPem,
          '1',
        );
        const forged = { ...confirmation, Token: 'confirm-token-2' };
        expect((await postSns(forged)).status).toBe(401);
        expect(sns.hits.confirm).toBe(0);
        // Signed, but pointing the confirmation at a host that is not SNS: never visited.
        const elsewhere = signSns(
          {
            ...Object.fromEntries(
              Object.entries(confirmation).filter(([k]) => !k.startsWith('Signature')),
            ),
            SubscribeURL: 'http://127.0.0.2:9/confirm?Token=confirm-token-1',
          },
          cert.keyPem,
          '2',
        );
        expect((await postSns(elsewhere)).body).toMatchObject({
          error: 'INTAKE_ESP_PAYLOAD_INVALID',
        });
        const answer = await postSns(confirmation);
        expect(answer).toMatchObject({ status: 200, body: { confirmed: true } });
        expect(sns.hits.confirm).toBe(1);
        const ended = signSns(
          { ...confirmation, Type: 'UnsubscribeConfirmation', MessageId: 'sns-unsub-1' },
          cert.keyPem,
          '2',
        );
        expect(await postSns(ended)).toMatchObject({ status: 200, body: { ignored: true } });
        expect(sns.hits.confirm).toBe(1);
        expect((await spool()).length).toBe(0);
      });

      it('quarantines a hard-bounced address once, whichever envelope repeats the event', async () => {
        const message = fixture('ses-bounce-permanent.json');
        const first = await postSns(snsNotification(message, 'sns-bounce-1', '1'));
        expect(first).toMatchObject({ status: 200, body: { duplicate: false } });
        await waitFor(
          async () => (await statusOf('gone.user@ses-bounce.example')) === 'quarantine',
          {
            what: 'SES bounce quarantined',
          },
        );
        // SNS retrying the same message, and the same SES feedback in another SNS message.
        const retried = await postSns(snsNotification(message, 'sns-bounce-1', '1'));
        const again = await postSns(snsNotification(message, 'sns-bounce-2', '2'));
        expect(retried.status).toBe(200);
        expect(again).toMatchObject({ status: 200, body: { duplicate: false } });
        await waitFor(allProcessed, { what: 'spool processed' });
        const events = (await eventsOf('gone.user@ses-bounce.example')) as Array<{
          externalId: string | null;
        }>;
        expect(events).toHaveLength(1);
        expect(events[0]?.externalId).toMatch(/^ses:0100018f1a2b3c4d-5e6f7a8b-1111-/);
        // The diagnostic is normalized and counted like a mail's, once for the one event.
        const qualification = async () =>
          (
            (await get('/api/qualifications?q=virtual%20mailbox%20table')) as {
              items: Array<{ text: string; firstText: string; type: string; occurrences: number }>;
            }
          ).items[0];
        await waitFor(async () => ((await qualification())?.occurrences ?? 0) >= 1, {
          what: 'SES text counted',
        });
        expect(await qualification()).toMatchObject({ type: 'hard', occurrences: 1 });
        expect((await qualification())?.text).not.toContain('gone.user');
        expect((await qualification())?.firstText).toContain('gone.user@ses-bounce.example');
        const answer = await check([{ channel: 'email', address: 'Gone.User@SES-bounce.example' }]);
        expect(answer.excluded).toMatchObject([
          { address: 'gone.user@ses-bounce.example', status: 'quarantine', scope: 'address' },
        ]);
      });

      it('denylists a complaint, and fetched the signing certificate once for all of it', async () => {
        const answer = await postSns(
          snsNotification(fixture('ses-complaint.json'), 'sns-complaint-1'),
        );
        expect(answer.status).toBe(200);
        await waitFor(
          async () => (await statusOf('annoyed@ses-complaint.example')) === 'denylisted',
          {
            what: 'SES complaint denylisted',
          },
        );
        expect(sns.hits.certificate).toBe(1);
      });

      it('refuses a bad signature, a foreign certificate URL and an unknown topic, storing nothing', async () => {
        const before = (await spool()).length;
        const good = snsNotification(fixture('ses-delivery.json'), 'sns-delivery-1');
        const tampered = { ...good, Message: good.Message!.replace('fine@', 'other@') };
        expect((await postSns(tampered)).body).toMatchObject({
          error: 'INTAKE_ESP_SIGNATURE_INVALID',
        });
        const foreign = {
          ...good,
          SigningCertURL: 'https://sns.us-east-1.amazonaws.com.evil.example/cert.pem',
        };
        expect((await postSns(foreign)).status).toBe(401);
        const otherTopic = { ...good, TopicArn: 'arn:aws:sns:us-east-1:123456789012:other' };
        expect((await postSns(otherTopic)).status).toBe(403);
        expect((await spool()).length).toBe(before);
        expect(sns.hits.certificate).toBe(1);
      });
    });

    describe('SendGrid signed Event Webhook', () => {
      it('applies a batch: hard bounce quarantined, spam report denylisted, a block ignored', async () => {
        const body = fixture('sendgrid-events.json');
        expect((await sendgridPost(body)).status).toBe(200);
        await waitFor(async () => (await statusOf('nobody@sg-bounce.example')) === 'quarantine', {
          what: 'SendGrid bounce quarantined',
        });
        await waitFor(async () => (await statusOf('spam@sg-complaint.example')) === 'denylisted', {
          what: 'SendGrid spam report denylisted',
        });
        await waitFor(allProcessed, { what: 'spool processed' });
        // A DNSBL block refuses the sender, not the address (PRODUCT.md's default qualification).
        expect(await statusOf('blocked@sg-blocked.example')).not.toBe('quarantine');
        expect(await statusOf('dropped@sg-dropped.example')).toBe('quarantine');
        const answer = await check([
          { channel: 'email', address: 'nobody@sg-bounce.example' },
          { channel: 'email', address: 'spam@sg-complaint.example' },
          { channel: 'email', address: 'fine@sg-delivered.example' },
        ]);
        expect(answer.excluded.map((e) => [e.address, e.status]).sort()).toEqual([
          ['nobody@sg-bounce.example', 'quarantine'],
          ['spam@sg-complaint.example', 'denylisted'],
        ]);
      });

      it('applies an event again in another batch once (by sg_event_id)', async () => {
        const batch = JSON.parse(fixture('sendgrid-events.json')) as unknown[];
        const rebatched = JSON.stringify([batch[0], batch[2]]);
        expect(await sendgridPost(rebatched)).toMatchObject({
          status: 200,
          body: { duplicate: false },
        });
        await waitFor(allProcessed, { what: 'spool processed' });
        expect(await eventsOf('nobody@sg-bounce.example')).toMatchObject([
          {
            externalId: 'sendgrid:sg-bounce-event-0001',
            deliveryId: 'D-SG-1',
            effect: 'applied',
            type: 'hard',
          },
        ]);
        expect(await eventsOf('spam@sg-complaint.example')).toHaveLength(1);
      });

      it('refuses a wrong signature and a stale timestamp, storing nothing', async () => {
        const before = (await spool()).length;
        const body = JSON.stringify([
          { email: 'x@sg-forged.example', event: 'bounce', sg_event_id: 'f1' },
        ]);
        const signed = await sendgridPost(body);
        expect(signed.status).toBe(200);
        const forged = await post('/esp/sendgrid', body.replace('x@', 'y@'), {
          'x-twilio-email-event-webhook-signature': randomBytes(70).toString('base64'),
          'x-twilio-email-event-webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        });
        expect(forged).toMatchObject({
          status: 401,
          body: { error: 'INTAKE_ESP_SIGNATURE_INVALID' },
        });
        const stale = await sendgridPost(
          body.replace('x@', 'z@'),
          Math.floor(Date.now() / 1000) - 3600,
        );
        expect(stale.status).toBe(401);
        expect((await spool()).length).toBe(before + 1);
      });
    });

    describe('Postmark', () => {
      const auth = { authorization: basic(POSTMARK.user, POSTMARK.password) };

      it('quarantines a hard bounce and denylists a spam complaint, each once', async () => {
        expect(
          (await post('/esp/postmark', fixture('postmark-hard-bounce.json'), auth)).status,
        ).toBe(200);
        expect(
          (await post('/esp/postmark', fixture('postmark-spam-complaint.json'), auth)).status,
        ).toBe(200);
        const resent = await post('/esp/postmark', fixture('postmark-hard-bounce.json'), auth);
        expect(resent.body).toMatchObject({ duplicate: true });
        await waitFor(async () => (await statusOf('missing@pm-bounce.example')) === 'quarantine', {
          what: 'Postmark bounce quarantined',
        });
        await waitFor(
          async () => (await statusOf('complainer@pm-complaint.example')) === 'denylisted',
          {
            what: 'Postmark complaint denylisted',
          },
        );
        // The same bounce id in a reformatted body: another spool row, no second event.
        const reformatted = fixture('postmark-hard-bounce.json').replace(/\n\s*/g, '');
        expect((await post('/esp/postmark', reformatted, auth)).body).toMatchObject({
          duplicate: false,
        });
        await waitFor(allProcessed, { what: 'spool processed' });
        expect(await eventsOf('missing@pm-bounce.example')).toHaveLength(1);
      });

      it("denylists the profile of a recipient's own suppression (an unsubscribe), not the address", async () => {
        expect(
          (await post('/esp/postmark', fixture('postmark-subscription-change.json'), auth)).status,
        ).toBe(200);
        await waitFor(
          async () =>
            (
              await check([
                { channel: 'email', address: 'leaver@pm-unsubscribe.example', profileId: 'P-PM-3' },
              ])
            ).excluded.length === 1,
          { what: 'profile denylisted' },
        );
        const answer = await check([
          { channel: 'email', address: 'leaver@pm-unsubscribe.example', profileId: 'P-PM-3' },
        ]);
        expect(answer.excluded[0]).toMatchObject({ scope: 'profile' });
        expect(await statusOf('leaver@pm-unsubscribe.example')).toBeUndefined();
      });

      it('refuses wrong credentials with a Basic challenge, storing nothing', async () => {
        const before = (await spool()).length;
        const wrong = await post('/esp/postmark', fixture('postmark-hard-bounce.json'), {
          authorization: basic(POSTMARK.user, 'not-the-password-at-all'),
        });
        expect(wrong).toMatchObject({
          status: 401,
          body: { error: 'INTAKE_ESP_SIGNATURE_INVALID' },
        });
        expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /);
        expect((await post('/esp/postmark', fixture('postmark-hard-bounce.json'))).status).toBe(
          401,
        );
        expect((await spool()).length).toBe(before);
      });
    });

    describe('Mailgun', () => {
      it('quarantines a permanent failure and denylists a complaint', async () => {
        const failed = mailgunBody('mailgun-failed-permanent.json', 'token-failed-0001');
        expect((await post('/esp/mailgun', JSON.stringify(failed))).status).toBe(200);
        const complained = mailgunBody('mailgun-complained.json', 'token-complained-0001');
        expect((await post('/esp/mailgun', JSON.stringify(complained))).status).toBe(200);
        await waitFor(async () => (await statusOf('absent@mg-bounce.example')) === 'quarantine', {
          what: 'Mailgun failure quarantined',
        });
        await waitFor(
          async () => (await statusOf('grumpy@mg-complaint.example')) === 'denylisted',
          {
            what: 'Mailgun complaint denylisted',
          },
        );
        // Mailgun retrying the same request is a duplicate, not a replay.
        expect((await post('/esp/mailgun', JSON.stringify(failed))).body).toMatchObject({
          duplicate: true,
        });
        // The same event under a fresh signature (another delivery attempt): applied once.
        const resigned = mailgunBody('mailgun-failed-permanent.json', 'token-failed-0002');
        expect((await post('/esp/mailgun', JSON.stringify(resigned))).status).toBe(200);
        await waitFor(allProcessed, { what: 'spool processed' });
        expect(await eventsOf('absent@mg-bounce.example')).toHaveLength(1);
      });

      it('refuses a token replayed on another body, a bad signature and a stale timestamp', async () => {
        const before = (await spool()).length;
        const original = mailgunBody('mailgun-failed-permanent.json', 'token-replay-0001');
        expect((await post('/esp/mailgun', JSON.stringify(original))).status).toBe(200);
        const replay = structuredClone(original) as { 'event-data': Record<string, unknown> };
        replay['event-data'].recipient = 'victim@mg-forged.example';
        replay['event-data'].id = 'forged-event-id';
        expect((await post('/esp/mailgun', JSON.stringify(replay))).body).toMatchObject({
          error: 'INTAKE_ESP_TOKEN_REPLAYED',
        });
        const bad = mailgunBody('mailgun-complained.json', 'token-bad-0001');
        (bad.signature as Record<string, string>).signature = '0'.repeat(64);
        expect((await post('/esp/mailgun', JSON.stringify(bad))).status).toBe(401);
        const stale = mailgunBody(
          'mailgun-complained.json',
          'token-stale-0001',
          Math.floor(Date.now() / 1000) - 3600,
        );
        expect((await post('/esp/mailgun', JSON.stringify(stale))).status).toBe(401);
        expect((await spool()).length).toBe(before + 1);
        await waitFor(allProcessed, { what: 'spool processed' });
        expect(await statusOf('victim@mg-forged.example')).toBeUndefined();
      });
    });

    it('answers 413 for a body over ESP_MAX_BODY_BYTES', async () => {
      const huge = JSON.stringify([{ pad: 'x'.repeat(1024 * 1024 + 10) }]);
      expect((await sendgridPost(huge)).status).toBe(413);
    });
  });
}

describe('ESP webhooks without configuration', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ shape: 'embedded', env: { ROLES: 'api' } });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('answers 404 INTAKE_ESP_DISABLED for every provider and stores nothing', async () => {
    for (const provider of ['ses', 'sendgrid', 'postmark', 'mailgun']) {
      const response = await fetch(`${service.baseUrl}/esp/${provider}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(response.status, provider).toBe(404);
      expect(await response.json()).toMatchObject({ error: 'INTAKE_ESP_DISABLED' });
    }
    const spool = (await (await fetch(`${service.baseUrl}/api/messages`)).json()) as { items: [] };
    expect(spool.items).toEqual([]);
  });
});
