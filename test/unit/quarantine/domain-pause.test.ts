import { describe, expect, it } from 'vitest';
import {
  SPEC_DOMAIN_HEALTH,
  decideDomainPause,
  domainHealthSettingsFor,
} from '../../../src/quarantine/domain-pause.js';

const now = new Date('2026-12-02T12:00:00Z');

describe('domain health decision (spec MX management)', () => {
  it('pauses for three hours at 90 % over at least 300 sends', () => {
    expect(decideDomainPause({ sends: 300, failures: 270 }, SPEC_DOMAIN_HEALTH, now)).toEqual({
      pause: true,
      rate: 0.9,
      startedAt: now,
      pausedUntil: new Date('2026-12-02T15:00:00Z'),
    });
  });

  it('does not pause under the minimum sample, however bad the rate', () => {
    expect(decideDomainPause({ sends: 299, failures: 299 }, SPEC_DOMAIN_HEALTH, now).pause).toBe(
      false,
    );
  });

  it('does not pause under the threshold', () => {
    expect(decideDomainPause({ sends: 1000, failures: 899 }, SPEC_DOMAIN_HEALTH, now)).toEqual({
      pause: false,
      rate: 0.899,
    });
  });

  it('does not start a second pause while one runs, and may once it ended', () => {
    const window = { sends: 400, failures: 400 };
    const later = new Date(now.getTime() + 3_600_000);
    expect(decideDomainPause(window, SPEC_DOMAIN_HEALTH, now, later).pause).toBe(false);
    expect(decideDomainPause(window, SPEC_DOMAIN_HEALTH, later, later).pause).toBe(true);
  });

  it('is off with a minimum sample of 0', () => {
    const off = { ...SPEC_DOMAIN_HEALTH, minSample: 0 };
    expect(decideDomainPause({ sends: 10, failures: 10 }, off, now).pause).toBe(false);
  });

  it('applies a domain override field by field', () => {
    expect(domainHealthSettingsFor(SPEC_DOMAIN_HEALTH, { minSample: 20, threshold: null })).toEqual(
      { ...SPEC_DOMAIN_HEALTH, minSample: 20 },
    );
  });
});
