/**
 * Opens the database for either shape — PostgreSQL through node-postgres (`pg`), or PGlite
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

/**
 * PostgreSQL through node-postgres. (`postgres` 3.4.9, the newest on the registry, throws an
 * uncatchable TypeError from a setImmediate when a server restart closes a connection with a
 * write buffered — porsager/postgres#1154, #1208 — which killed the process on every restart.)
 * Every pooled client keeps an error listener: node-postgres emits 'error' on a checked-out
 * client whose server went away between queries, and an unheard 'error' would crash us the
 * same way. The failed query rejects; the pool replaces the client; work resumes.
 */
export async function openPostgres(
  url: string,
  options: {
    maxConnections?: number;
    onError?: (error: Error) => void;
    /** Told of every statement run (the statement-budget test counts them). */
    onStatement?: (sql: string) => void;
  } = {},
): Promise<DatabaseHandle> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const onError = options.onError ?? (() => undefined);
  const migrationClient = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  migrationClient.on('error', onError);
  try {
    await migrationClient.connect();
    await migrationClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrate(drizzle(migrationClient), { migrationsFolder: MIGRATIONS_FOLDER });
    await migrationClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
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
    await migrationClient.end().catch(() => undefined);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  const db = drizzle(pool, {
    schema,
    ...statementLogger(options.onStatement),
  }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    ping: async () => {
      await pool.query('select 1');
    },
    close: async () => {
      await withTimeoutOrNothing(pool.end(), 5_000);
    },
  };
}

/** pool.end() waits for checked-out clients; a stop must not hang on one stuck in a query. */
function withTimeoutOrNothing(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}

/** PGlite in `dataDir` (or in memory when dataDir is 'memory://'). One process per folder. */
export async function openPglite(
  dataDir: string,
  options: { onStatement?: (sql: string) => void } = {},
): Promise<DatabaseHandle> {
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
    db: drizzle(pglite, { schema, ...statementLogger(options.onStatement) }) as unknown as Database,
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

/** drizzle's query logger, when someone listens. */
function statementLogger(onStatement: ((sql: string) => void) | undefined) {
  return onStatement ? { logger: { logQuery: (query: string) => onStatement(query) } } : {};
}

/** Rows of a raw SQL query, whatever the driver (node-postgres and PGlite return {rows}). */
export async function queryRows<T>(db: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * Runs `work` in one transaction and hands it the transaction as a Database (drizzle types
 * the transaction apart from the database, though repositories take either).
 */
export function withTransaction<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction((txn) => work(txn as unknown as Database));
}
