/**
 * Opens the database for either shape — PostgreSQL through the `postgres` driver, or PGlite
 * in DATA_DIR — and applies the committed migrations. Callers only see `Database`, the query
 * builder both drivers share.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';
import { AppError } from '../errors.js';
import { acquireDataDirLock } from './data-dir-lock.js';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** Resolves when a trivial query succeeds; used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// src/store/ and dist/store/ are both two levels below the repo root.
const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../src/store/migrations', import.meta.url));
// Serializes migrations when several processes start at once against one Postgres.
const MIGRATION_LOCK_KEY = 7_301_911;

export async function openPostgres(
  url: string,
  options: { maxConnections?: number } = {},
): Promise<DatabaseHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const migrationClient = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await migrationClient`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migrate(drizzle(migrationClient), { migrationsFolder: MIGRATIONS_FOLDER });
    await migrationClient`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } catch (error) {
    throw new AppError(
      'STORE_UNAVAILABLE',
      `cannot migrate the database: ${(error as Error).message}`,
      {
        retryable: true,
        cause: error,
      },
    );
  } finally {
    await migrationClient.end({ timeout: 5 });
  }
  const client = postgres(url, {
    max: options.maxConnections ?? 10,
    onnotice: () => {},
    connect_timeout: 5,
  });
  const db = drizzle(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    ping: async () => {
      await client`select 1`;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** PGlite in `dataDir` (or in memory when dataDir is 'memory://'). One process per folder. */
export async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const inMemory = dataDir === 'memory://';
  const releaseLock = inMemory ? () => {} : acquireDataDirLock(dataDir);
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  let client;
  try {
    client = inMemory ? new PGlite() : new PGlite(`${dataDir}/pglite`);
    await client.waitReady;
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    releaseLock();
    throw new AppError(
      'STORE_UNAVAILABLE',
      `cannot open the embedded database in ${dataDir}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const pglite = client;
  return {
    db: drizzle(pglite, { schema }) as unknown as Database,
    kind: 'pglite',
    ping: async () => {
      await pglite.query('select 1');
    },
    close: async () => {
      await pglite.close();
      releaseLock();
    },
  };
}

/** Rows of a raw SQL query, whatever the driver (postgres-js returns an array, PGlite {rows}). */
export async function queryRows<T>(db: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
