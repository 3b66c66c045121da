/**
 * Amazon SES account-level suppression list: ListSuppressedDestinations returns
 * `SuppressedDestinationSummaries` of {EmailAddress, Reason BOUNCE|COMPLAINT, LastUpdateTime
 * (Unix time)}; a CSV with the same columns reads alike.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SuppressedDestinationSummary.html
 */
import { pick, providerEntry } from './fields.js';
import type { SuppressionFormat } from './types.js';

export const amazonSesFormat: SuppressionFormat = {
  name: 'ses',
  detect: (keys) => keys.has('emailaddress') && keys.has('reason') && keys.has('lastupdatetime'),
  read(values, kind) {
    const reason = (values.get('reason') ?? '').toUpperCase();
    const chosen =
      kind ?? (reason === 'COMPLAINT' ? 'complaint' : reason === 'BOUNCE' ? 'bounce' : undefined);
    if (!chosen) return { error: `unknown SES reason "${values.get('reason') ?? ''}"` };
    return providerEntry('Amazon SES', chosen, pick(values, 'emailaddress'), {
      text: reason,
      ...(values.has('lastupdatetime') ? { at: values.get('lastupdatetime') } : {}),
    });
  },
};
