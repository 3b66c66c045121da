/**
 * Who may hold a session and how fast they may send: sessions in total and per client (shared
 * by the STARTTLS and implicit-TLS listeners), and messages per minute per client as a token
 * bucket. Time is an input (`nowMs`) so tests replay minutes in microseconds.
 */
import { clientKey } from './client-address.js';

export interface ConnectionLimits {
  /** Sessions at once, all listeners together. */
  maxClients: number;
  /** Sessions at once from one client (IPv4 address or IPv6 /64). */
  maxClientsPerIp: number;
  /** Messages (MAIL FROM) per minute from one client; 0: no limit. */
  messagesPerMinutePerIp: number;
}

export type Admission = 'admitted' | 'server-full' | 'client-full';

export interface ConnectionLimiter {
  /** Counts the session in, or says which limit it would cross (it is then not counted). */
  admit(sessionId: string, address: string): Admission;
  /** Counts a session out; a session that was never admitted is ignored. */
  release(sessionId: string): void;
  /** Takes one message from the client's bucket; false when it is empty. */
  takeMessage(address: string, nowMs: number): boolean;
  /** Sessions counted now (for tests and logs). */
  readonly sessions: number;
}

// Buckets of clients that went quiet are forgotten oldest first past this many, so a sweep
// of source addresses cannot grow the map without bound; a forgotten client starts full.
const MAX_TRACKED_CLIENTS = 65_536;

export function createConnectionLimiter(limits: ConnectionLimits): ConnectionLimiter {
  const sessionKeys = new Map<string, string>();
  const perClient = new Map<string, number>();
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  const rate = limits.messagesPerMinutePerIp;

  return {
    get sessions() {
      return sessionKeys.size;
    },
    admit(sessionId, address) {
      if (sessionKeys.size >= limits.maxClients) return 'server-full';
      const key = clientKey(address);
      const count = perClient.get(key) ?? 0;
      if (count >= limits.maxClientsPerIp) return 'client-full';
      perClient.set(key, count + 1);
      sessionKeys.set(sessionId, key);
      return 'admitted';
    },
    release(sessionId) {
      const key = sessionKeys.get(sessionId);
      if (key === undefined) return;
      sessionKeys.delete(sessionId);
      const count = (perClient.get(key) ?? 1) - 1;
      if (count > 0) perClient.set(key, count);
      else perClient.delete(key);
    },
    takeMessage(address, nowMs) {
      if (rate <= 0) return true;
      const key = clientKey(address);
      const bucket = buckets.get(key) ?? { tokens: rate, atMs: nowMs };
      const refilled = Math.min(rate, bucket.tokens + ((nowMs - bucket.atMs) * rate) / 60_000);
      // Re-inserting keeps the map in least-recently-used order for the eviction below.
      buckets.delete(key);
      if (refilled < 1) {
        buckets.set(key, { tokens: refilled, atMs: nowMs });
        return false;
      }
      buckets.set(key, { tokens: refilled - 1, atMs: nowMs });
      if (buckets.size > MAX_TRACKED_CLIENTS) {
        const oldest = buckets.keys().next();
        if (!oldest.done) buckets.delete(oldest.value);
      }
      return true;
    },
  };
}
