/**
 * SendGrid suppressions (v3 /suppression/bounces, /blocks, /spam_reports, /unsubscribes and
 * their CSV downloads): bounces and blocks {created, email, reason, status}, spam reports
 * {created, email, ip}, global unsubscribes {created, email}; `created` in Unix seconds.
 * https://www.twilio.com/docs/sendgrid/api-reference/spam-reports-api/retrieve-all-spam-reports
 * (bounces and blocks: the BounceResponse schema of the same API reference).
 * Bounces and blocks share their columns: a file is read as bounces unless `kind=block`.
 */
import { pick, providerEntry } from './fields.js';
import type { ImportKind, SuppressionFormat } from './types.js';

export const sendgridFormat: SuppressionFormat = {
  name: 'sendgrid',
  detect: (keys) => keys.has('email') && (keys.has('created') || keys.has('createdat')),
  read(values, kind) {
    const chosen: ImportKind =
      kind ??
      (values.has('ip')
        ? 'complaint'
        : values.has('reason') || values.has('status')
          ? 'bounce'
          : 'unsubscribe');
    const text = [values.get('status'), values.get('reason')].filter(Boolean).join(' ');
    return providerEntry('SendGrid', chosen, pick(values, 'email'), {
      ...(text ? { text } : {}),
      ...(pick(values, 'created', 'createdat') ? { at: pick(values, 'created', 'createdat') } : {}),
    });
  },
};
