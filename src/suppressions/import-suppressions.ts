/**
 * Imports a suppression list: rows stream in, are read by their format, normalized, and
 * applied a chunk at a time — one transaction per chunk that locks the chunk's addresses,
 * plans each entry against the stored record, and writes the changed ones through
 * `applyAddressEdits` (the staff-edit path, batched). A bad row is reported with its line and
 * skipped; the dry run takes the same path and writes nothing. One change_audit row records
 * the run when it changed something, so importing a file twice audits nothing the second time.
 */
import { type Database, withTransaction } from '../store/database.js';
import { addressKey, loadAddressesForUpdate } from '../store/address-repository.js';
import { insertChangeAudit } from '../store/change-audit-repository.js';
import {
  applyAddressEdits,
  type BatchAddressEdit,
  type StaffContext,
} from '../ledger/edit-address.js';
import { normalizeAddress, type EmailNormalizationOptions } from '../core/address.js';
import type { AddressStatus } from '../core/vocabulary.js';
import { AppError } from '../errors.js';
import { readSourceRows, type SourceSyntax } from './source-rows.js';
import { detectFormat, formatNamed } from './formats/registry.js';
import type { FormatName, ImportEntry, ImportKind, SuppressionFormat } from './formats/types.js';
import { planImportEntry, strongerEntry, type ImportOutcome } from './plan-import.js';

export interface ImportOptions {
  dryRun: boolean;
  format?: FormatName;
  kind?: ImportKind;
  syntax?: SourceSyntax;
  emailNormalization: EmailNormalizationOptions;
  /** Rows per transaction (multi-row statements of this size). */
  chunkSize?: number;
  /** Rows of the sample shown by the report (the first changes). */
  sampleSize?: number;
  /** Line errors kept in the report; the count goes on past it. */
  maxErrors?: number;
  onProgress?(progress: ImportProgress): void;
}

export interface ImportProgress {
  rows: number;
  counts: ImportCounts;
}

export type ImportCounts = Record<ImportOutcome | 'ignored' | 'duplicate' | 'error', number>;

export interface ImportReport {
  dryRun: boolean;
  format: FormatName | null;
  rows: number;
  counts: ImportCounts;
  sample: Array<{
    line: number;
    address: string;
    channel: string;
    outcome: ImportOutcome;
    from: AddressStatus | null;
    to: AddressStatus;
  }>;
  errors: Array<{ line: number; error: string }>;
  /** Errors past `maxErrors`, counted but not listed. */
  errorsNotListed: number;
}

interface Pending {
  line: number;
  entry: ImportEntry;
}

const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export async function importSuppressions(
  db: Database,
  chunks: AsyncIterable<string>,
  staff: StaffContext,
  options: ImportOptions,
): Promise<ImportReport> {
  const chunkSize = options.chunkSize ?? 1_000;
  const sampleSize = options.sampleSize ?? 20;
  const maxErrors = options.maxErrors ?? 1_000;
  const report: ImportReport = {
    dryRun: options.dryRun,
    format: options.format ?? null,
    rows: 0,
    counts: { created: 0, updated: 0, unchanged: 0, kept: 0, ignored: 0, duplicate: 0, error: 0 },
    sample: [],
    errors: [],
    errorsNotListed: 0,
  };
  const fail = (line: number, error: string) => {
    report.counts.error++;
    if (report.errors.length < maxErrors) report.errors.push({ line, error });
    else report.errorsNotListed++;
  };
  let format: SuppressionFormat | undefined = options.format
    ? formatNamed(options.format)
    : undefined;
  let pending = new Map<string, Pending>();
  const flush = async () => {
    if (pending.size === 0) return;
    await applyChunk(db, [...pending.values()], staff, options.dryRun, report, sampleSize);
    pending = new Map();
    options.onProgress?.({ rows: report.rows, counts: report.counts });
  };
  for await (const row of readSourceRows(chunks, options.syntax)) {
    report.rows++;
    if ('error' in row) {
      fail(row.line, row.error);
      continue;
    }
    if (!format) {
      format = detectFormat(new Set(row.values.keys()));
      if (!format) {
        throw new AppError(
          'IMPORT_UNKNOWN_FORMAT',
          `no known format has the columns ${[...row.values.keys()].join(', ')}; pass format=`,
        );
      }
      report.format = format.name;
    }
    const verdict = format.read(row.values, options.kind);
    if ('error' in verdict) {
      fail(row.line, verdict.error);
      continue;
    }
    if ('ignored' in verdict) {
      report.counts.ignored++;
      continue;
    }
    const entry = verdict.entry;
    const address = normalizeAddress(entry.channel, entry.address, options.emailNormalization);
    if (address === '' || (entry.channel === 'email' && !EMAIL_SHAPE.test(address))) {
      fail(row.line, `not an address: "${entry.address.slice(0, 200)}"`);
      continue;
    }
    const key = addressKey(entry.channel, address);
    const earlier = pending.get(key);
    const normalized = { ...entry, address };
    if (earlier) {
      report.counts.duplicate++;
      pending.set(key, { line: row.line, entry: strongerEntry(earlier.entry, normalized) });
      continue;
    }
    pending.set(key, { line: row.line, entry: normalized });
    if (pending.size >= chunkSize) await flush();
  }
  await flush();
  const changed = report.counts.created + report.counts.updated;
  if (!options.dryRun && changed > 0) {
    await insertChangeAudit(db, {
      entity: 'address_import',
      entityId: staff.now.toISOString(),
      action: 'import',
      actor: staff.actor,
      before: { format: report.format, ...(options.kind ? { kind: options.kind } : {}) },
      after: { rows: report.rows, counts: report.counts },
      at: staff.now,
    });
  }
  return report;
}

async function applyChunk(
  db: Database,
  items: Pending[],
  staff: StaffContext,
  dryRun: boolean,
  report: ImportReport,
  sampleSize: number,
): Promise<void> {
  await withTransaction(db, async (tx) => {
    const current = await loadAddressesForUpdate(
      tx,
      items.map(({ entry }) => ({ channel: entry.channel, address: entry.address })),
    );
    const edits: BatchAddressEdit[] = [];
    for (const { line, entry } of items) {
      const before = current.get(addressKey(entry.channel, entry.address));
      const outcome = planImportEntry(entry, before);
      report.counts[outcome]++;
      if (outcome !== 'created' && outcome !== 'updated') continue;
      if (report.sample.length < sampleSize) {
        report.sample.push({
          line,
          address: entry.address,
          channel: entry.channel,
          outcome,
          from: before?.status ?? null,
          to: entry.status,
        });
      }
      edits.push(toEdit(entry));
    }
    if (!dryRun) await applyAddressEdits(tx, edits, staff, current, { cause: 'import' });
  });
}

function toEdit(entry: ImportEntry): BatchAddressEdit {
  return {
    channel: entry.channel,
    address: entry.address,
    status: entry.status,
    ...(entry.reason ? { reason: entry.reason } : {}),
    ...(entry.errorText !== undefined ? { errorText: entry.errorText } : {}),
    ...(entry.errorCount !== undefined ? { errorCount: entry.errorCount } : {}),
    ...(entry.errorAt ? { lastErrorAt: entry.errorAt } : {}),
    ...(entry.lastDeliveryId !== undefined ? { lastDeliveryId: entry.lastDeliveryId } : {}),
    ...(entry.type ? { type: entry.type } : {}),
    ...(entry.firstErrorAt ? { firstErrorAt: entry.firstErrorAt } : {}),
    ...(entry.exact ? { replace: true } : {}),
  };
}
