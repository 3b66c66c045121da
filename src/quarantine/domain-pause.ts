/**
 * Domain health, the pure decision (spec "MX management": "for a minimum of 300 messages, the
 * sending of emails is blocked for three hours if the error rate reaches 90%"). Given one
 * recipient domain's sends and failures over the sliding window, its settings and the time,
 * whether a pause starts and until when. Time is an input; nothing here reads the clock.
 */

/** The settings of one domain (the configured defaults, overridden per domain as data). */
export interface DomainHealthSettings {
  /** Sends in the window before the rate counts (0: domain health off). */
  minSample: number;
  /** Failure rate in (0, 1] at or above which the domain is paused. */
  threshold: number;
  windowMinutes: number;
  pauseMinutes: number;
}

/** Per-domain overrides; an absent or null field keeps the default. */
export type DomainHealthOverride = {
  [K in keyof DomainHealthSettings]?: DomainHealthSettings[K] | null;
};

/** One domain's counts over the window: every send outcome, and the failures among them. */
export interface DomainWindow {
  sends: number;
  failures: number;
}

export type DomainPauseDecision =
  | { pause: false; rate: number }
  | { pause: true; rate: number; startedAt: Date; pausedUntil: Date };

export const SPEC_DOMAIN_HEALTH: DomainHealthSettings = {
  minSample: 300,
  threshold: 0.9,
  windowMinutes: 60,
  pauseMinutes: 180,
};

/** The defaults with a domain's overrides applied. */
export function domainHealthSettingsFor(
  defaults: DomainHealthSettings,
  override: DomainHealthOverride | undefined,
): DomainHealthSettings {
  return {
    minSample: override?.minSample ?? defaults.minSample,
    threshold: override?.threshold ?? defaults.threshold,
    windowMinutes: override?.windowMinutes ?? defaults.windowMinutes,
    pauseMinutes: override?.pauseMinutes ?? defaults.pauseMinutes,
  };
}

/** Failures / sends; 0 without sends. */
export function failureRate(window: DomainWindow): number {
  return window.sends > 0 ? window.failures / window.sends : 0;
}

/**
 * Whether the domain's window starts a pause at `now`. A domain already paused is not paused
 * again (its pause runs to its end; the next failures after it decide anew).
 */
export function decideDomainPause(
  window: DomainWindow,
  settings: DomainHealthSettings,
  now: Date,
  pausedUntil?: Date,
): DomainPauseDecision {
  const rate = failureRate(window);
  const off = settings.minSample <= 0;
  const alreadyPaused = pausedUntil !== undefined && pausedUntil.getTime() > now.getTime();
  if (off || alreadyPaused || window.sends < settings.minSample || rate < settings.threshold)
    return { pause: false, rate };
  return {
    pause: true,
    rate,
    startedAt: now,
    pausedUntil: new Date(now.getTime() + settings.pauseMinutes * 60_000),
  };
}
