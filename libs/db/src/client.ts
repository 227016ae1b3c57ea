import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { vector } from '@electric-sql/pglite-pgvector';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { Client, Pool } from 'pg';
import * as schema from './schema';

export type HubSchema = typeof schema;
/** The one database type the services see, whichever engine is underneath. */
export type HubDatabase = PgDatabase<PgQueryResultHKT, HubSchema>;

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  /** `dataDir` is a folder, or `memory://` for a throwaway database (tests). */
  | { kind: 'pglite'; dataDir: string };

export interface DatabaseHandle {
  kind: DatabaseTarget['kind'];
  db: HubDatabase;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(__dirname, '../migrations');

/**
 * Session settings every connection gets. pgvector's HNSW scans (semantic search) look at 40
 * neighbours by default, so a query asking for 50 would get at most 40; and with filters they
 * must keep scanning until enough rows pass. Unknown to a Postgres without pgvector, harmlessly.
 */
export const SESSION_SETTINGS: Record<string, string> = {
  'hnsw.ef_search': '100',
  'hnsw.iterative_scan': 'relaxed_order',
};

/**
 * A pool client that survives losing its connection while checked out. node-postgres reports the
 * loss as an 'error' event, and an 'error' nobody listens to kills the process; the pool listens
 * only while a client is idle. So each client listens for its whole life, and when the loss comes
 * while it is checked out it goes back to the pool at once, to be discarded: Drizzle's
 * transaction() sends BEGIN before its try/finally, so a connection that dies under that BEGIN
 * would never be released, and each such death would shrink the pool until every request waited
 * for a connection that never comes. The holder loses nothing: its query in flight (or its next
 * one, ROLLBACK included) fails with the same cause; its own release later is a no-op.
 * (The name must not contain "Pool": Drizzle takes any object whose class name does for a pool.)
 */
class ResilientClient extends Client {
  #release?: (err?: Error | boolean) => void;

  constructor(config?: ConstructorParameters<typeof Client>[0]) {
    super(config);
    this.on('error', (err) => this.#release?.(err));
  }

  /** Set by the pool at each checkout. */
  get release(): ((err?: Error | boolean) => void) | undefined {
    return this.#release;
  }

  set release(poolRelease: (err?: Error | boolean) => void) {
    let released = false;
    this.#release = (err) => {
      if (released) return;
      released = true;
      poolRelease(err);
    };
  }
}

// Any fixed number works; it only has to be the same in every Hub process.
const MIGRATION_LOCK_KEY = 0x4d435048; // "MCPH"

/** Opens the database and brings its schema up to date (migrations run under a lock). */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    // A bounded wait for a connection, so an unreachable database is an error (and a 503 on
    // /healthz) rather than a request that hangs.
    const options = Object.entries(SESSION_SETTINGS)
      .map(([k, v]) => `-c ${k}=${v}`)
      .join(' ');
    const pool = new Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      options,
      Client: ResilientClient,
    });
    // An idle client that loses its server is dropped by the pool; the next query reconnects.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        client.release();
      }
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
    const db = drizzlePg(pool, { schema }) as unknown as HubDatabase;
    return { kind: 'postgres', db, close: () => pool.end() };
  }

  const release = target.dataDir === 'memory://' ? () => undefined : lockDataDir(target.dataDir);
  let client: PGlite;
  try {
    // pg_trgm (typo-tolerant search) and pgvector (semantic search) ship with the embedded engine.
    client = await PGlite.create(target.dataDir, { extensions: { vector, pg_trgm } });
  } catch (err) {
    release();
    throw err;
  }
  try {
    // One session for the life of the process: set once.
    for (const [k, v] of Object.entries(SESSION_SETTINGS))
      await client.query('select set_config($1, $2, false)', [k, v]);
    const pgliteDb = drizzlePglite(client, { schema });
    await migratePglite(pgliteDb, { migrationsFolder: MIGRATIONS_DIR });
    return {
      kind: 'pglite',
      db: pgliteDb as unknown as HubDatabase,
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (err) {
    await client.close().catch(() => undefined);
    release();
    throw err;
  }
}

/** The rows of a raw `db.execute`: node-postgres returns `{rows}`, PGlite an array-like result. */
export function rowsOf<T>(result: unknown): T[] {
  const r = result as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

/** Cheap liveness probe used by health checks. */
export async function pingDatabase(db: HubDatabase): Promise<void> {
  await db.execute(sql`select 1`);
}

export class DatabaseInUseError extends Error {}

/**
 * PGlite is one process's database: two processes opening the same folder would corrupt it. A
 * pid lock file turns that into a clear error; a lock left by a dead process is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new DatabaseInUseError(
          `The embedded database in ${dataDir} is in use by process ${holder} (a running Hub). Stop that process, ` +
            'or use the Hub over HTTP (for tokens: POST /api/v1/tokens with an admin token).',
        );
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new DatabaseInUseError(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
