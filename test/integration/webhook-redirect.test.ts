import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { callApi } from '../helpers/api-client.js';
import { waitFor } from '../helpers/wait-for.js';

/** A receiver answering every POST with `answer(url)`; counts its calls. */
async function startReceiver(answer: () => { status: number; location?: string }) {
  const calls: string[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      calls.push(`${request.method} ${request.url}`);
      const { status, location } = answer();
      response.writeHead(status, location ? { location } : {});
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('the webhook and redirects', () => {
  let elsewhere: Awaited<ReturnType<typeof startReceiver>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let service: TestService;
  beforeAll(async () => {
    elsewhere = await startReceiver(() => ({ status: 200 }));
    // 307 keeps the method and body: a fetch that follows it re-POSTs the signed changes.
    receiver = await startReceiver(() => ({ status: 307, location: `${elsewhere.base}/collect` }));
    service = await startTestService({
      shape: 'embedded',
      env: {
        ROLES: 'api,scheduler',
        WEBHOOK_URL: `${receiver.base}/hook`,
        WEBHOOK_SECRET: 'webhook-secret-for-tests',
      },
    });
  });
  afterAll(async () => {
    await service?.stop();
    await receiver?.close();
    await elsewhere?.close();
  });

  it('does not follow a redirect to another host', async () => {
    const edit = await callApi(service, 'PUT', '/api/addresses/moved%40example.org', {
      status: 'denylisted',
    });
    expect(edit.status).toBe(201);
    await waitFor(() => receiver.calls.length > 0, { timeoutMs: 20_000, what: 'a webhook POST' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.calls[0]).toBe('POST /hook');
    expect(elsewhere.calls).toEqual([]);
  });
});
