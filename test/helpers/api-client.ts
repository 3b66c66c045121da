/** A small JSON client for the service's HTTP API in tests. */
import type { TestService } from './service.js';

export interface ApiResponse {
  status: number;
  // Tests assert on the shape; the route's own types are not exported to them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Calls `method path` with an optional JSON body and `X-Actor`. */
export async function callApi(
  service: TestService,
  method: string,
  path: string,
  body?: unknown,
  actor?: string,
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (actor) headers['x-actor'] = actor;
  const response = await fetch(`${service.baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: await response.json() };
}
