/** The shape every suppression-list format reads into (one small record per format). */
import type { AddressStatus, Channel, FailureType, Reason } from '../../core/vocabulary.js';

export const FORMAT_NAMES = ['rebound', 'adobe', 'ses', 'postmark', 'mailgun', 'sendgrid'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** What a provider's list says happened; picks the status (see README "Import mapping"). */
export const IMPORT_KINDS = ['bounce', 'complaint', 'unsubscribe', 'block'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** One entry to apply; the address is still raw (normalized by the importer). */
export interface ImportEntry {
  channel: Channel;
  address: string;
  status: AddressStatus;
  reason?: Reason;
  errorText?: string;
  errorAt?: Date;
  errorCount?: number;
  lastDeliveryId?: string;
  /** Only in Rebound's own export. */
  type?: FailureType;
  firstErrorAt?: Date;
  /**
   * Restore the entry as given (Rebound's own export, an Adobe row with a status): any
   * difference is written. Otherwise the row only adds a suppression, never weakens one.
   */
  exact: boolean;
}

export type RowVerdict = { entry: ImportEntry } | { ignored: string } | { error: string };

export interface SuppressionFormat {
  name: FormatName;
  /** Whether the folded header keys (see `foldKey`) are this format's. */
  detect(keys: ReadonlySet<string>): boolean;
  /** Reads one row; `kind` overrides what the columns suggest (Mailgun, SendGrid lists). */
  read(values: ReadonlyMap<string, string>, kind: ImportKind | undefined): RowVerdict;
}
