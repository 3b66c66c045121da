/** A loopback HTTP server that keeps every JSON body POSTed to it: Rebound's webhook, in tests. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookBody {
  type: string;
  events?: Array<Record<string, unknown>>;
}

export async function startWebhookReceiver() {
  const bodies: WebhookBody[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      bodies.push(JSON.parse(body) as WebhookBody);
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () => new Promise((r) => server.close(r)),
  };
}
