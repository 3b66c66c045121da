import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/suppressions/formats/registry.js';
import { planImportEntry } from '../../../src/suppressions/plan-import.js';
import type { ImportKind, RowVerdict } from '../../../src/suppressions/formats/types.js';
import type { AddressRecord } from '../../../src/quarantine/types.js';
import { foldKey } from '../../../src/suppressions/source-rows.js';

/** Detects the format from the row's own keys and reads it. */
function read(
  row: Record<string, string>,
  kind?: ImportKind,
): { format?: string; verdict?: RowVerdict } {
  const values = new Map(Object.entries(row).map(([k, v]) => [foldKey(k), v]));
  const format = detectFormat(new Set(values.keys()));
  return { format: format?.name, verdict: format?.read(values, kind) };
}

const entryOf = (verdict: RowVerdict | undefined) =>
  verdict && 'entry' in verdict ? verdict.entry : undefined;

describe('suppression formats', () => {
  it('maps SES BOUNCE to Quarantine and COMPLAINT to Denylisted, dates in Unix seconds', () => {
    const bounce = read({
      EmailAddress: 'a@example.com',
      Reason: 'BOUNCE',
      LastUpdateTime: '1717243200',
    });
    expect(bounce.format).toBe('ses');
    expect(entryOf(bounce.verdict)).toMatchObject({
      status: 'quarantine',
      reason: 'denylisted_address',
      errorAt: new Date('2024-06-01T12:00:00Z'),
      exact: false,
    });
    const complaint = read({
      EmailAddress: 'a@example.com',
      Reason: 'COMPLAINT',
      LastUpdateTime: '1717243200',
    });
    expect(entryOf(complaint.verdict)).toMatchObject({ status: 'denylisted', reason: 'refused' });
    expect(
      read({ EmailAddress: 'a@example.com', Reason: 'OTHER', LastUpdateTime: '1' }).verdict,
    ).toEqual({
      error: 'unknown SES reason "OTHER"',
    });
  });

  it('maps Postmark HardBounce, SpamComplaint and ManualSuppression', () => {
    const statuses = ['HardBounce', 'SpamComplaint', 'ManualSuppression'].map((reason) => {
      const { format, verdict } = read({
        EmailAddress: 'a@example.com',
        SuppressionReason: reason,
        CreatedAt: '2024-03-01T10:00:00Z',
      });
      expect(format).toBe('postmark');
      const entry = entryOf(verdict);
      return [entry?.status, entry?.reason];
    });
    expect(statuses).toEqual([
      ['quarantine', 'denylisted_address'],
      ['denylisted', 'refused'],
      ['denylisted', 'denylisted_address'],
    ]);
  });

  it('tells Mailgun bounces, unsubscribes and complaints apart by their columns, or by kind', () => {
    const bounce = read({
      address: 'a@example.com',
      code: '550',
      error: '550 5.1.1 unknown',
      created_at: 'Mon, 01 Jul 2024 09:00:00 +0000',
    });
    expect(bounce.format).toBe('mailgun');
    expect(entryOf(bounce.verdict)).toMatchObject({
      status: 'quarantine',
      errorText: 'Mailgun hard bounce: 550 5.1.1 unknown',
      errorAt: new Date('2024-07-01T09:00:00Z'),
    });
    expect(
      entryOf(read({ address: 'a@example.com', tags: '*', created_at: '' }).verdict),
    ).toMatchObject({
      status: 'denylisted',
      reason: 'denylisted_address',
      errorText: 'Mailgun unsubscribe',
    });
    expect(entryOf(read({ address: 'a@example.com', created_at: '' }).verdict)).toMatchObject({
      status: 'denylisted',
      reason: 'refused',
    });
    expect(
      entryOf(read({ address: 'a@example.com', created_at: '' }, 'unsubscribe').verdict),
    ).toMatchObject({
      reason: 'denylisted_address',
    });
  });

  it('reads SendGrid bounces, spam reports and unsubscribes; a block list is skipped', () => {
    const bounce = read({
      created: '1719824400',
      email: 'a@example.com',
      reason: '550 5.1.1 x',
      status: '5.1.1',
    });
    expect(bounce.format).toBe('sendgrid');
    expect(entryOf(bounce.verdict)).toMatchObject({
      status: 'quarantine',
      errorAt: new Date(1719824400_000),
    });
    expect(
      entryOf(read({ created: '1', email: 'a@example.com', ip: '192.0.2.1' }).verdict),
    ).toMatchObject({
      status: 'denylisted',
      reason: 'refused',
    });
    expect(entryOf(read({ created: '1', email: 'a@example.com' }).verdict)).toMatchObject({
      status: 'denylisted',
      reason: 'denylisted_address',
    });
    expect(
      read({ created: '1', email: 'a@example.com', reason: 'x', status: '5.7.1' }, 'block').verdict,
    ).toEqual({
      ignored: 'a block refuses the sender, not the address',
    });
  });

  it('reads Adobe labels (statuses, reasons, channels) and a bare address list as Denylisted', () => {
    const row = read({
      Address: '+33 6 12',
      Channel: 'Mobile (SMS)',
      Status: 'On denylist',
      'Error reason': 'Denylisted address',
    });
    expect(row.format).toBe('adobe');
    expect(entryOf(row.verdict)).toMatchObject({
      channel: 'sms',
      status: 'denylisted',
      reason: 'denylisted_address',
      exact: false,
    });
    expect(entryOf(read({ Email: 'a@example.com' }).verdict)).toMatchObject({
      status: 'denylisted',
      reason: 'denylisted_address',
    });
    expect(
      entryOf(read({ Address: 'a@example.com', Status: 'Valid', 'Error reason': '1' }).verdict),
    ).toMatchObject({
      status: 'valid',
      reason: 'user_unknown',
      exact: true,
    });
    expect(read({ Address: 'a@example.com', Status: 'Frozen' }).verdict).toEqual({
      error: 'unknown status "Frozen"',
    });
  });

  it("reads Rebound's own export exactly", () => {
    const row = read({
      address: 'a@example.com',
      channel: 'email',
      status: 'with_errors',
      type: 'soft',
      reason: 'mailbox_full',
      errorCount: '2',
      errorText: '',
      firstErrorAt: '2024-01-01T00:00:00.000Z',
      lastErrorAt: '',
      lastDeliveryId: '',
    });
    expect(row.format).toBe('rebound');
    expect(entryOf(row.verdict)).toEqual({
      channel: 'email',
      address: 'a@example.com',
      status: 'with_errors',
      type: 'soft',
      reason: 'mailbox_full',
      errorCount: 2,
      firstErrorAt: new Date('2024-01-01T00:00:00.000Z'),
      exact: true,
    });
  });
});

describe('planImportEntry', () => {
  const record = (status: AddressRecord['status']): AddressRecord => ({
    address: 'a@example.com',
    channel: 'email',
    status,
    errorCount: 0,
    updatedAt: new Date(0),
  });
  const suppression = (status: 'quarantine' | 'denylisted') => ({
    channel: 'email' as const,
    address: 'a@example.com',
    status,
    exact: false,
  });

  it('adds a suppression, never weakens Denylisted or overrides Allowlisted, and repeats as no change', () => {
    expect(planImportEntry(suppression('quarantine'), undefined)).toBe('created');
    expect(planImportEntry(suppression('quarantine'), record('with_errors'))).toBe('updated');
    expect(planImportEntry(suppression('denylisted'), record('quarantine'))).toBe('updated');
    expect(planImportEntry(suppression('quarantine'), record('denylisted'))).toBe('kept');
    expect(planImportEntry(suppression('denylisted'), record('allowlisted'))).toBe('kept');
    expect(planImportEntry(suppression('quarantine'), record('quarantine'))).toBe('unchanged');
  });

  it('restores an exact entry when any field differs', () => {
    const exact = {
      channel: 'email' as const,
      address: 'a@example.com',
      status: 'quarantine' as const,
      errorCount: 0,
      exact: true,
    };
    expect(planImportEntry(exact, record('quarantine'))).toBe('unchanged');
    expect(planImportEntry({ ...exact, errorCount: 3 }, record('quarantine'))).toBe('updated');
    expect(planImportEntry({ ...exact, errorText: 'x' }, record('quarantine'))).toBe('updated');
    expect(planImportEntry({ ...exact, status: 'valid' }, undefined)).toBe('unchanged');
  });
});
