import type { Database } from '../store/database.js';
import type { EmailNormalizationOptions } from '../core/address.js';

/** What routes may use. */
export interface ApiContext {
  db: Database;
  emailNormalization: EmailNormalizationOptions;
  /** Reachability checks for /readyz, by name. */
  readiness: Record<string, () => Promise<void>>;
}
