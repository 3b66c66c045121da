/**
 * Opens the database for a CLI command with the service's own configuration: PostgreSQL for
 * the production shape, PGlite in DATA_DIR for the embedded one (which refuses while a running
 * service holds the folder — stop it, or use the HTTP API).
 */
import { loadConfig, type Config } from '../config.js';
import { openPglite, openPostgres, type DatabaseHandle } from '../store/database.js';

export interface CliStore {
  config: Readonly<Config>;
  database: DatabaseHandle;
}

export async function openCliStore(env: NodeJS.ProcessEnv): Promise<CliStore> {
  const config = loadConfig(env);
  const database =
    config.shape === 'production' && config.databaseUrl
      ? await openPostgres(config.databaseUrl, { maxConnections: 2 })
      : await openPglite(config.dataDir);
  return { config, database };
}

/** Runs `body` with an open store and always closes it. */
export async function withCliStore<T>(
  env: NodeJS.ProcessEnv,
  body: (store: CliStore) => Promise<T>,
): Promise<T> {
  const store = await openCliStore(env);
  try {
    return await body(store);
  } finally {
    await store.database.close();
  }
}
