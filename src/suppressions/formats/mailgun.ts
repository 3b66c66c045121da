/**
 * Mailgun suppression lists, one per kind, with the columns of its import/export CSVs:
 * bounces {address, code, error, created_at}, complaints {address, created_at},
 * unsubscribes {address, tags, created_at}; created_at in RFC 2822.
 * https://documentation.mailgun.com/docs/mailgun/api-reference/send/mailgun/bounces
 * https://documentation.mailgun.com/docs/mailgun/api-reference/send/mailgun/complaints
 * https://documentation.mailgun.com/docs/mailgun/api-reference/send/mailgun/unsubscribe
 * The kind follows the columns (code/error: bounces; tags: unsubscribes; else complaints —
 * the two-column lists look alike, so `kind` can say which one a file is).
 */
import { pick, providerEntry } from './fields.js';
import type { ImportKind, SuppressionFormat } from './types.js';

export const mailgunFormat: SuppressionFormat = {
  name: 'mailgun',
  detect: (keys) =>
    keys.has('address') &&
    !keys.has('status') &&
    !keys.has('channel') &&
    !keys.has('errorreason') &&
    ['code', 'error', 'tags', 'createdat'].some((key) => keys.has(key)),
  read(values, kind) {
    const chosen: ImportKind =
      kind ??
      (values.has('code') || values.has('error')
        ? 'bounce'
        : values.has('tags')
          ? 'unsubscribe'
          : 'complaint');
    const code = values.get('code');
    const error = values.get('error');
    const tags = values.get('tags');
    const text =
      chosen === 'bounce'
        ? // Mailgun's error often repeats the code: keep it once.
          [code && !error?.startsWith(code) ? code : undefined, error].filter(Boolean).join(' ')
        : chosen === 'unsubscribe' && tags && tags !== '*'
          ? `tags ${tags}`
          : '';
    return providerEntry('Mailgun', chosen, pick(values, 'address'), {
      ...(text ? { text } : {}),
      ...(values.has('createdat') ? { at: values.get('createdat') } : {}),
    });
  },
};
