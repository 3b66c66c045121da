import type { AddressStatus, Channel, FailureType, Reason } from '../core/vocabulary.js';

/** The stored state of one address on one channel. */
export interface AddressRecord {
  address: string;
  channel: Channel;
  status: AddressStatus;
  type?: FailureType;
  reason?: Reason;
  /** Significant soft errors of the current error series (restarts with the series). */
  errorCount: number;
  /** First error of the current error series; cleared when the series restarts. */
  firstErrorAt?: Date;
  lastErrorAt?: Date;
  lastSignificantErrorAt?: Date;
  lastDeliveredAt?: Date;
  errorText?: string;
  lastDeliveryId?: string;
  /**
   * When the current status began (the time of the event, cleanup or release that set it).
   * Absent on a record that has always been Valid. Answers "since when" in the exclusion check.
   */
  statusSince?: Date;
  /** The latest event time applied to the record (event time, not processing time). */
  updatedAt: Date;
}

/**
 * Something that happened to an address, at the event's own time.
 *
 * `eventId` is optional: when present it identifies the event for de-duplication in
 * `replayAddressEvents` (the same id counts once); when absent, an identical event (same kind,
 * time and fields) counts once.
 */
export type PolicyEvent =
  | {
      kind: 'failure';
      type: FailureType;
      reason: Reason;
      at: Date;
      text?: string;
      deliveryId?: string;
      eventId?: string;
    }
  | { kind: 'complaint'; at: Date; text?: string; deliveryId?: string; eventId?: string }
  | { kind: 'delivered'; at: Date; deliveryId?: string; eventId?: string }
  | {
      kind: 'manual';
      at: Date;
      status: AddressStatus;
      reason?: Reason;
      text?: string;
      actor: string;
      eventId?: string;
    };

/** Thresholds and delays: configuration, never constants. */
export interface PolicyConfig {
  /** Significant soft errors that put an address in quarantine (default 5). */
  softErrorThreshold: number;
  /** Minimum seconds between two significant soft errors (default 86,400). */
  significantErrorPeriodSeconds: number;
  /** Days without a significant error after which the counter restarts (default 10). */
  errorCounterResetDays: number;
  /** Days after which a Mailbox-full quarantine is lifted by cleanup (default 30). */
  mailboxFullReleaseDays: number;
}

export const DEFAULT_POLICY_CONFIG: PolicyConfig = {
  softErrorThreshold: 5,
  significantErrorPeriodSeconds: 86_400,
  errorCounterResetDays: 10,
  mailboxFullReleaseDays: 30,
};

/** One status change, for the audit history. */
export interface AuditEntry {
  address: string;
  channel: Channel;
  fromStatus: AddressStatus | null;
  toStatus: AddressStatus;
  reason?: Reason;
  cause: string;
  at: Date;
  actor: string;
}

/** The result of applying one event (or a cleanup, or a release) to one address record. */
export interface PolicyOutcome {
  record: AddressRecord;
  /**
   * Present when the status changed, when the reason of a quarantine changed (it decides
   * whether cleanup may lift it), and for every manual edit (staff actions are always audited).
   */
  audit?: AuditEntry;
  /** False when the event changed nothing (ignored, duplicate, not significant). */
  changed: boolean;
}
