import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { waitFor } from '../helpers/wait-for.js';

const OUTAGE_TEXT = '550 5.1.1 <*>: user unknown (provider incident)';

async function bounceBurst(
  service: TestService,
  domain: string,
  count: number,
  startMinute: number,
) {
  for (let i = 0; i < count; i += 1) {
    const address = `person${startMinute + i}@${domain}`;
    const raw = buildDsn({
      recipients: [{ address, status: '5.1.1', diagnostic: OUTAGE_TEXT.replace('*', address) }],
      date: new Date(Date.UTC(2026, 10, 20, 10, startMinute + i)),
      messageId: `<burst-${domain}-${startMinute + i}@test>`,
    });
    const sent = await sendRawMail({
      port: service.smtpPort,
      from: '',
      to: [`bounce@${TEST_RETURN_PATH_DOMAIN}`],
      raw,
    });
    expect(sent.ok, sent.response).toBe(true);
  }
}

const statusOf = async (service: TestService, address: string) => {
  const response = await fetch(`${service.baseUrl}/api/addresses/${address}`);
  return response.status === 404
    ? 'unknown'
    : ((await response.json()) as { status: string }).status;
};

async function holds(service: TestService, status = 'held') {
  return (
    (await (await fetch(`${service.baseUrl}/api/holds?status=${status}`)).json()) as {
      items: Array<Record<string, unknown>>;
    }
  ).items;
}

for (const shape of ['embedded', 'redis'] as const) {
  describe(`outage guard (${shape})`, () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({
        shape,
        env: { OUTAGE_GUARD_THRESHOLD: '3', OUTAGE_GUARD_WINDOW_MINUTES: '60' },
      });
    });
    afterAll(async () => {
      await service?.stop();
    });

    it('holds a burst of one hard error from one domain past the threshold, and a discard undoes all of it', async () => {
      await bounceBurst(service, 'outage.example', 6, 0);
      await waitFor(async () => (await holds(service))[0]?.heldEvents === 3, {
        timeoutMs: 20_000,
        what: 'three held events',
      });
      expect(await statusOf(service, 'person0@outage.example')).toBe('quarantine');
      expect(await statusOf(service, 'person5@outage.example')).toBe('unknown');
      const [hold] = await holds(service);
      expect(hold).toMatchObject({ domain: 'outage.example', status: 'held', channel: 'email' });

      const discarded = await fetch(`${service.baseUrl}/api/holds/${hold!.id}/discard`, {
        method: 'POST',
        headers: { 'x-actor': 'dana' },
      });
      expect(discarded.status).toBe(200);
      expect(await discarded.json()).toMatchObject({
        hold: { status: 'discarded', decidedBy: 'dana' },
        events: 6,
        changedAddresses: 3,
      });
      for (let i = 0; i < 3; i += 1)
        expect(await statusOf(service, `person${i}@outage.example`)).toBe('valid');
      expect(await statusOf(service, 'person5@outage.example')).toBe('unknown');
      const again = await fetch(`${service.baseUrl}/api/holds/${hold!.id}/apply`, {
        method: 'POST',
      });
      expect(again.status).toBe(409);
    });

    it('applies held errors when staff confirm them', async () => {
      await bounceBurst(service, 'real.example', 5, 0);
      await waitFor(
        async () =>
          (await holds(service)).some((h) => h.domain === 'real.example' && h.heldEvents === 2),
        { timeoutMs: 20_000, what: 'two held events' },
      );
      const hold = (await holds(service)).find((h) => h.domain === 'real.example')!;
      const applied = await fetch(`${service.baseUrl}/api/holds/${hold.id}/apply`, {
        method: 'POST',
      });
      expect(await applied.json()).toMatchObject({
        hold: { status: 'applied' },
        events: 2,
        changedAddresses: 2,
      });
      for (let i = 0; i < 5; i += 1)
        expect(await statusOf(service, `person${i}@real.example`)).toBe('quarantine');
    });

    it('counts a burst that arrives all at once exactly, however many workers take it', async () => {
      // One report time for all: which of them are counted first depends only on the order
      // the workers commit, so the guard must see every committed error before it decides.
      const at = new Date(Date.UTC(2026, 10, 20, 11, 0));
      const sent = await Promise.all(
        Array.from({ length: 12 }, (_, i) => {
          const address = `rush${i}@parallel.example`;
          return sendRawMail({
            port: service.smtpPort,
            from: '',
            to: [`bounce@${TEST_RETURN_PATH_DOMAIN}`],
            raw: buildDsn({
              recipients: [
                { address, status: '5.1.1', diagnostic: OUTAGE_TEXT.replace('*', address) },
              ],
              date: at,
              messageId: `<rush-${i}@test>`,
            }),
          });
        }),
      );
      expect(sent.every((s) => s.ok)).toBe(true);
      const statuses = async () =>
        Promise.all(
          Array.from({ length: 12 }, (_, i) => statusOf(service, `rush${i}@parallel.example`)),
        );
      const held = async () =>
        Number(
          (await holds(service)).find((h) => h.domain === 'parallel.example')?.heldEvents ?? 0,
        );
      await waitFor(
        async () =>
          (await held()) + (await statuses()).filter((s) => s === 'quarantine').length === 12,
        { timeoutMs: 20_000, what: 'all twelve counted' },
      );
      expect(await held()).toBe(9);
      expect((await statuses()).filter((s) => s === 'quarantine')).toHaveLength(3);
    });

    it('never holds a domain whose errors stay under the threshold', async () => {
      await bounceBurst(service, 'calm.example', 2, 0);
      await waitFor(
        async () => (await statusOf(service, 'person1@calm.example')) === 'quarantine',
        { timeoutMs: 20_000, what: 'calm domain processed' },
      );
      expect((await holds(service)).some((h) => h.domain === 'calm.example')).toBe(false);
    });
  });
}
