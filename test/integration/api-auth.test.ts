/**
 * The API's token check as an attacker tries it: request targets the router reads as an /api
 * route but a raw-URL check would not, headers bent out of shape, and tokens used beyond their
 * scope. Requests go over a bare socket so no client normalizes the target.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { rawRequest, type RawRequest } from '../helpers/raw-http.js';

const ADMIN = 'legacy-admin-token-0123456789';
const CHECK = 'check-token-abcdefghijklmnop';
const INTAKE = 'intake-token-abcdefghijklmnop';
const STAFF = 'staff-token-abcdefghijklmnopq';

const VICTIM = 'victim@example.org';

describe('API authorization', () => {
  let service: TestService;
  const send = (request: RawRequest) => rawRequest(service.httpPort, request);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    service = await startTestService({
      shape: 'embedded',
      env: {
        ROLES: 'api,worker',
        API_TOKEN: ADMIN,
        API_TOKENS: `sender:check:${CHECK}, feeds:intake:${INTAKE},ops-ui:staff:${STAFF}`,
      },
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  // Each target is one the router matches to (or could map onto) an /api route while a
  // check of the raw URL's prefix lets it through; today's main answered 200/201/404.
  const bypasses: RawRequest[] = [
    { method: 'GET', target: '/%61pi/addresses' },
    { method: 'GET', target: '/%61%70%69/addresses' },
    { method: 'GET', target: '/%61pi/addresses/' },
    { method: 'GET', target: `/%61pi/addresses/${encodeURIComponent(VICTIM)}` },
    { method: 'GET', target: '/%61pi%2Faddresses' },
    { method: 'GET', target: '/api%2Faddresses' },
    { method: 'GET', target: '//api/addresses' },
    { method: 'GET', target: '/./api/addresses' },
    { method: 'GET', target: '/x/../api/addresses' },
    { method: 'GET', target: '/api/../api/addresses' },
    { method: 'GET', target: '/api/%2e%2e/api/addresses' },
    { method: 'GET', target: '/%2e%2e/api/addresses' },
    { method: 'GET', target: '/%2E/api/addresses' },
    { method: 'GET', target: '/API/addresses' },
    { method: 'GET', target: '/Api/addresses' },
    { method: 'GET', target: '/%2561pi/addresses' },
    { method: 'GET', target: '/api' },
    { method: 'GET', target: '/api?x=/api/' },
    { method: 'GET', target: 'http://127.0.0.1/api/addresses' },
    { method: 'GET', target: 'HTTP://evil.example/api/addresses' },
    { method: 'GET', target: `http://127.0.0.1/api/addresses/${encodeURIComponent(VICTIM)}` },
    { method: 'HEAD', target: '/%61pi/addresses' },
    { method: 'HEAD', target: 'http://127.0.0.1/api/addresses' },
    { method: 'OPTIONS', target: '/%61pi/addresses' },
    { method: 'OPTIONS', target: '*' },
    { method: 'POST', target: '/%61pi/check', body: JSON.stringify({ recipients: [] }) },
    {
      method: 'PUT',
      target: `/%61pi/addresses/${encodeURIComponent(VICTIM)}`,
      body: JSON.stringify({ status: 'allowlisted' }),
    },
    {
      method: 'DELETE',
      target: `http://127.0.0.1/api/addresses/${encodeURIComponent(VICTIM)}`,
    },
    {
      method: 'POST',
      target: '/%61pi/events',
      body: JSON.stringify({
        events: [{ id: 'forged-1', address: VICTIM, kind: 'failed', at: new Date().toISOString() }],
      }),
    },
  ];

  it.each(bypasses)('refuses $method $target without a token (401)', async (request) => {
    const response = await send(request);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    if (request.method !== 'HEAD') {
      expect(response.json()).toEqual({ error: 'API_UNAUTHORIZED', message: expect.any(String) });
    }
  });

  it('changed nothing for the refused requests', async () => {
    const response = await send({
      method: 'GET',
      target: `/api/addresses/${encodeURIComponent(VICTIM)}`,
      headers: bearer(ADMIN),
    });
    expect(response.status).toBe(404);
    expect(response.json().error).toBe('API_NOT_FOUND');
  });

  it('answers the same route, however its target is spelt, to a valid token', async () => {
    for (const target of ['/api/addresses', '/%61pi/addresses', 'http://127.0.0.1/api/addresses']) {
      const response = await send({ method: 'GET', target, headers: bearer(ADMIN) });
      expect(response.status, target).toBe(200);
      expect(response.json(), target).toHaveProperty('items');
    }
  });

  it('answers unknown routes 404 in the documented shape, to a valid token only', async () => {
    for (const target of ['/API/addresses', '//api/addresses', '/nothing', '/api']) {
      const anonymous = await send({ method: 'GET', target });
      expect(anonymous.status, target).toBe(401);
      const known = await send({ method: 'GET', target, headers: bearer(CHECK) });
      expect(known.status, target).toBe(404);
      expect(known.json(), target).toEqual({ error: 'API_NOT_FOUND', message: 'no such route' });
    }
  });

  it('answers 415 and 413 in the documented shape, and never before the token check', async () => {
    const xml = { method: 'POST', target: '/api/check', body: '<recipients/>' };
    const xmlHeaders = { 'content-type': 'application/xml' };
    const anonymous = await send({ ...xml, headers: xmlHeaders });
    expect(anonymous.status).toBe(401);
    const refused = await send({ ...xml, headers: { ...xmlHeaders, ...bearer(CHECK) } });
    expect(refused.status).toBe(415);
    expect(refused.json()).toEqual({
      error: 'API_UNSUPPORTED_MEDIA_TYPE',
      message: expect.any(String),
    });
    const huge = await send({
      method: 'POST',
      target: '/api/check',
      headers: { ...bearer(CHECK), 'content-length': String(64 * 1024 * 1024) },
      body: '{}',
    });
    expect(huge.status).toBe(413);
    expect(huge.json().error).toBe('API_PAYLOAD_TOO_LARGE');
  });

  it('answers a URL it cannot decode 400 in the documented shape, with or without a token', async () => {
    for (const target of ['/%zz/api/addresses', '/api/addresses/%E0%A4%A', '/api/%']) {
      for (const headers of [{}, bearer(ADMIN)]) {
        const response = await send({ method: 'GET', target, headers });
        expect(response.status, target).toBe(400);
        expect(response.json(), target).toEqual({
          error: 'API_BAD_REQUEST',
          message: expect.any(String),
        });
      }
    }
    const long = `/api/addresses/${'a'.repeat(120)}%40example.org`;
    expect((await send({ method: 'GET', target: long })).json().error).toBe('API_BAD_REQUEST');
  });

  it('keeps the health probes open', async () => {
    for (const target of ['/healthz', '/readyz', 'http://127.0.0.1/healthz']) {
      const response = await send({ method: 'GET', target });
      expect(response.status, target).toBe(200);
    }
    expect((await send({ method: 'HEAD', target: '/healthz' })).status).toBe(200);
  });

  describe('bearer header shapes', () => {
    const list = (authorization: string) =>
      send({ method: 'GET', target: '/api/addresses', headers: { authorization } });

    it.each([
      `Bearer ${ADMIN}`,
      `bearer ${ADMIN}`,
      `BEARER ${ADMIN}`,
      `Bearer   ${ADMIN}`,
      `Bearer ${ADMIN}   `,
    ])('accepts %j', async (authorization) => {
      expect((await list(authorization)).status).toBe(200);
    });

    it.each([
      ADMIN,
      `Bearer`,
      `Bearer `,
      `Bearer ${ADMIN}x`,
      `Bearer ${ADMIN.slice(0, -1)}`,
      `Bearer ${ADMIN.slice(0, 16)}`,
      `Bearer ${ADMIN} ${ADMIN}`,
      `Bearer\t${ADMIN}`,
      `Bearer "${ADMIN}"`,
      `Basic ${Buffer.from(`api:${ADMIN}`).toString('base64')}`,
      `Token ${ADMIN}`,
      `Bearer ${ADMIN.toUpperCase()}`,
      `Bearer ${Buffer.from(ADMIN).toString('base64')}`,
    ])('refuses %j (401)', async (authorization) => {
      const response = await list(authorization);
      expect(response.status).toBe(401);
      expect(response.json().error).toBe('API_UNAUTHORIZED');
    });

    it('refuses a token in the query string', async () => {
      const response = await send({
        method: 'GET',
        target: `/api/addresses?access_token=${ADMIN}`,
      });
      expect(response.status).toBe(401);
    });
  });

  describe('scopes', () => {
    const cases: Array<{ token: string; request: RawRequest; status: number }> = [
      // check: the exclusion check and one entry, nothing else.
      {
        token: CHECK,
        request: { method: 'POST', target: '/api/check', body: '{"recipients":[]}' },
        status: 200,
      },
      {
        token: CHECK,
        request: { method: 'GET', target: '/api/addresses/nobody%40example.org' },
        status: 404,
      },
      { token: CHECK, request: { method: 'GET', target: '/api/addresses' }, status: 403 },
      { token: CHECK, request: { method: 'GET', target: '/%61pi/addresses' }, status: 403 },
      { token: CHECK, request: { method: 'HEAD', target: '/api/messages' }, status: 403 },
      {
        token: CHECK,
        request: {
          method: 'PUT',
          target: '/api/addresses/a%40example.org',
          body: '{"status":"allowlisted"}',
        },
        status: 403,
      },
      {
        token: CHECK,
        request: { method: 'GET', target: '/api/addresses/a%40example.org/history' },
        status: 403,
      },
      {
        token: CHECK,
        request: { method: 'POST', target: '/api/events', body: '{"events":[]}' },
        status: 403,
      },
      { token: CHECK, request: { method: 'GET', target: '/api/rules' }, status: 403 },
      { token: CHECK, request: { method: 'POST', target: '/api/holds/1/discard' }, status: 403 },
      // intake: sender events and HTTP intake.
      {
        token: INTAKE,
        request: {
          method: 'POST',
          target: '/api/intake/sms/inbound',
          body: '{"messages":[{"phone":"+33612345678","text":"hello"}]}',
        },
        status: 202,
      },
      {
        token: INTAKE,
        request: { method: 'POST', target: '/api/events', body: '{"events":[]}' },
        status: 400,
      },
      {
        token: INTAKE,
        request: { method: 'POST', target: '/api/check', body: '{"recipients":[]}' },
        status: 403,
      },
      {
        token: INTAKE,
        request: { method: 'GET', target: '/api/addresses/a%40example.org' },
        status: 403,
      },
      { token: INTAKE, request: { method: 'GET', target: '/api/messages' }, status: 403 },
      // staff: the staff routes, and `check` with them; not the sender's events.
      { token: STAFF, request: { method: 'GET', target: '/api/messages' }, status: 200 },
      { token: STAFF, request: { method: 'GET', target: '/api/holds' }, status: 200 },
      {
        token: STAFF,
        request: { method: 'POST', target: '/api/check', body: '{"recipients":[]}' },
        status: 200,
      },
      {
        token: STAFF,
        request: { method: 'POST', target: '/api/events', body: '{"events":[]}' },
        status: 403,
      },
      {
        token: STAFF,
        request: { method: 'POST', target: '/api/intake/sms/inbound', body: '{}' },
        status: 403,
      },
      // admin: everything.
      {
        token: ADMIN,
        request: { method: 'POST', target: '/api/events', body: '{"events":[]}' },
        status: 400,
      },
      { token: ADMIN, request: { method: 'GET', target: '/api/messages' }, status: 200 },
    ];

    it.each(cases)(
      '$request.method $request.target → $status',
      async ({ token, request, status }) => {
        const response = await send({ ...request, headers: bearer(token) });
        expect(response.status).toBe(status);
        if (status === 403 && request.method !== 'HEAD') {
          expect(response.json()).toEqual({ error: 'API_FORBIDDEN', message: expect.any(String) });
          expect(response.headers['www-authenticate']).toContain('insufficient_scope');
        }
      },
    );
  });

  describe('the audit actor', () => {
    const edit = async (token: string, address: string, actor?: string) => {
      const response = await send({
        method: 'PUT',
        target: `/api/addresses/${encodeURIComponent(address)}`,
        headers: { ...bearer(token), ...(actor !== undefined ? { 'x-actor': actor } : {}) },
        body: JSON.stringify({ status: 'denylisted', reason: 'denylisted_address' }),
      });
      expect(response.status).toBe(201);
      const history = await send({
        method: 'GET',
        target: `/api/addresses/${encodeURIComponent(address)}/history`,
        headers: bearer(ADMIN),
      });
      return history.json().history.at(-1).actor as string;
    };

    it("is the token's name", async () => {
      expect(await edit(STAFF, 'a1@example.org')).toBe('ops-ui');
      expect(await edit(ADMIN, 'a2@example.org')).toBe('api');
    });

    it('takes X-Actor only as "on behalf of", never as the actor itself', async () => {
      expect(await edit(STAFF, 'a3@example.org', 'dana')).toBe('ops-ui on behalf of dana');
      expect(await edit(ADMIN, 'a4@example.org', 'root')).toBe('api on behalf of root');
      expect(await edit(STAFF, 'a5@example.org', '   ')).toBe('ops-ui');
    });
  });
});
