/**
 * Domain health (spec "MX management"), the I/O around the pure decision
 * (quarantine/domain-pause.ts): after events are stored, each recipient domain they named is
 * counted over its sliding window and, past its minimum sample and threshold, paused until a
 * time — one row in domain_pauses, one `domain.paused` webhook event. Per domain, under an
 * advisory lock, so several workers never start two pauses for one burst. A pause never
 * touches an address's status: the exclusion check answers it with scope `domain`.
 */
import type { Logger } from 'pino';
import type { Database } from '../store/database.js';
import {
  countDomainWindows,
  findActivePauses,
  findDomainOverrides,
  insertPause,
  lockDomains,
  type DomainPauseRow,
} from '../store/domain-health-repository.js';
import { insertOutboxEvent } from '../store/outbox-event-repository.js';
import {
  decideDomainPause,
  domainHealthSettingsFor,
  type DomainHealthSettings,
} from '../quarantine/domain-pause.js';

/** The webhook event type of a new pause. */
export const DOMAIN_PAUSED_EVENT = 'domain.paused';

export interface DomainHealthChecker {
  /** Re-counts these domains and starts the pauses due; never throws (logged instead). */
  check(domains: Iterable<string>): Promise<DomainPauseRow[]>;
}

export function createDomainHealthChecker(deps: {
  db: Database;
  defaults: DomainHealthSettings;
  logger: Logger;
  now?: () => Date;
}): DomainHealthChecker {
  const now = deps.now ?? (() => new Date());
  return {
    async check(domains) {
      const list = [...new Set(domains)].filter((d) => d !== '');
      if (list.length === 0) return [];
      try {
        const started = await deps.db.transaction((txn) =>
          startDuePauses(txn as unknown as Database, list, deps.defaults, now()),
        );
        for (const pause of started)
          deps.logger.warn({
            event: 'domain_health.paused',
            domain: pause.domain,
            pausedUntil: pause.pausedUntil.toISOString(),
            sends: pause.sends,
            failures: pause.failures,
            rate: pause.rate,
          });
        return started;
      } catch (error) {
        // The events are stored; the next events of the domain count it again.
        deps.logger.warn({ event: 'domain_health.check_failed', err: error });
        return [];
      }
    },
  };
}

async function startDuePauses(
  tx: Database,
  domains: string[],
  defaults: DomainHealthSettings,
  at: Date,
): Promise<DomainPauseRow[]> {
  await lockDomains(tx, domains);
  const overrides = await findDomainOverrides(tx, domains);
  const active = await findActivePauses(tx, domains, at);
  // Domains with the same window are counted in one query.
  const byWindow = new Map<number, Array<{ domain: string; settings: DomainHealthSettings }>>();
  for (const domain of domains) {
    const settings = domainHealthSettingsFor(defaults, overrides.get(domain));
    if (settings.minSample <= 0 || active.has(domain)) continue;
    const group = byWindow.get(settings.windowMinutes) ?? [];
    group.push({ domain, settings });
    byWindow.set(settings.windowMinutes, group);
  }
  const started: DomainPauseRow[] = [];
  for (const [windowMinutes, group] of byWindow) {
    const from = new Date(at.getTime() - windowMinutes * 60_000);
    const windows = await countDomainWindows(
      tx,
      group.map((g) => g.domain),
      from,
      at,
    );
    for (const { domain, settings } of group) {
      const window = windows.get(domain) ?? { sends: 0, failures: 0 };
      const decision = decideDomainPause(window, settings, at);
      if (!decision.pause) continue;
      const pause = await insertPause(tx, {
        domain,
        startedAt: decision.startedAt,
        pausedUntil: decision.pausedUntil,
        sends: window.sends,
        failures: window.failures,
        rate: decision.rate,
      });
      await insertOutboxEvent(tx, {
        type: DOMAIN_PAUSED_EVENT,
        payload: {
          domain,
          startedAt: pause.startedAt.toISOString(),
          pausedUntil: pause.pausedUntil.toISOString(),
          sends: window.sends,
          failures: window.failures,
          rate: decision.rate,
          minSample: settings.minSample,
          threshold: settings.threshold,
          windowMinutes: settings.windowMinutes,
        },
        at,
      });
      started.push(pause);
    }
  }
  return started;
}
