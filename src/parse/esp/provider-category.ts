import type { Category } from '../../core/vocabulary.js';
import { classifyFailure } from '../categories/classify.js';
import type { DraftResult } from '../readers/types.js';

/**
 * The provider's own class stands in when the reply text names nothing (as for ESP payloads
 * that come by mail, vendors/esp-events.ts); a suppression always wins: the text then only
 * repeats why the provider suppressed the address long ago.
 */
export function withProviderCategory(draft: DraftResult, category: Category | undefined): void {
  if (!category) return;
  const fromText =
    draft.diagnostic || draft.status
      ? classifyFailure({
          diagnostic: draft.diagnostic,
          status: draft.status,
          action: draft.action,
        })
      : undefined;
  if (!fromText || fromText === 'undefined' || fromText === 'onhold' || category === 'suppressed')
    draft.category = category;
}
