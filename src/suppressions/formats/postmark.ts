/**
 * Postmark suppressions (GET /message-streams/{stream}/suppressions/dump): {EmailAddress,
 * SuppressionReason HardBounce|SpamComplaint|ManualSuppression, Origin, CreatedAt}.
 * ManualSuppression is an unsubscribe or a customer's own suppression: treated as an opt-out.
 * Field names as Postmark's official client reads them:
 * https://github.com/ActiveCampaign/postmark-dotnet/wiki/Managing-Suppressions
 */
import { pick, providerEntry } from './fields.js';
import type { ImportKind, SuppressionFormat } from './types.js';

const KINDS: Record<string, ImportKind> = {
  hardbounce: 'bounce',
  spamcomplaint: 'complaint',
  manualsuppression: 'unsubscribe',
};

export const postmarkFormat: SuppressionFormat = {
  name: 'postmark',
  detect: (keys) => keys.has('emailaddress') && keys.has('suppressionreason'),
  read(values, kind) {
    const reason = values.get('suppressionreason') ?? '';
    const chosen = kind ?? KINDS[reason.toLowerCase()];
    if (!chosen) return { error: `unknown Postmark SuppressionReason "${reason}"` };
    const origin = values.get('origin');
    return providerEntry('Postmark', chosen, pick(values, 'emailaddress'), {
      text: origin ? `${reason} (origin ${origin})` : reason,
      ...(values.has('createdat') ? { at: values.get('createdat') } : {}),
    });
  },
};
