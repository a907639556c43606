import fs from 'node:fs';
import type pg from 'pg';
import type { Config } from '../config.js';
import { openEmbeddedDatabase, type EmbeddedDatabase, type OwnerRole } from './embedded/supervisor.js';
import { startWatchdog, type Watchdog } from './embedded/watchdog.js';
import { migrate, type MigrateResult } from './migrate.js';
import { createClient, createPool } from './pg-types.js';

/**
 * The database as the rest of ketaclinic sees it: a pool, and a way to get a dedicated client
 * (migrations, backups). Embedded by default; with DATABASE_URL, that server and nothing started.
 */
export interface Database {
  readonly pool: pg.Pool;
  readonly mode: 'embedded' | 'server';
  readonly embedded: EmbeddedDatabase | undefined;
  /** How to connect (for pools of its own, such as the job queue's). */
  readonly connection: pg.ClientConfig;
  /**
   * The server watches the embedded PostgreSQL it started and restarts it when it dies (watchdog.ts).
   * Does nothing in server mode or when this process only attached to another's PostgreSQL.
   */
  supervise(
    log: (level: 'info' | 'warn' | 'error', message: string) => void,
    options?: { maxBackoffMs?: number },
  ): Watchdog | undefined;
  readonly watchdog: Watchdog | undefined;
  /** A new client outside the pool (the caller ends it). */
  client(): Promise<pg.Client>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  readonly role: OwnerRole;
  readonly log: (message: string) => void;
  readonly cwd?: string;
  /** Run pending migrations now (embedded start does; server mode uses `ketaclinic migrate`). */
  readonly migrate?: boolean;
  readonly onMigrated?: (result: MigrateResult) => void;
}

function freeBytes(dir: string): number | undefined {
  try {
    const stats = fs.statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

/** Logs a lost connection once per distinct message every 10 s (an outage drops every client at once). */
export function connectionFaultLog(log: (message: string) => void): (error: Error) => void {
  const last = new Map<string, number>();
  return (error) => {
    const now = Date.now();
    const seen = last.get(error.message);
    if (seen !== undefined && now - seen < 10_000) return;
    if (last.size > 50) last.clear();
    last.set(error.message, now);
    log(`database connection lost: ${error.message}`);
  };
}

export async function openDatabase(config: Config, options: OpenDatabaseOptions): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let clientConfig: pg.ClientConfig;
  if (config.databaseUrl !== undefined) {
    clientConfig = { connectionString: config.databaseUrl };
  } else {
    embedded = await openEmbeddedDatabase({
      explicitDataDir: config.dataDir,
      cwd: options.cwd ?? process.cwd(),
      role: options.role,
      log: options.log,
    });
    clientConfig = embedded.connection();
  }
  const pool = createPool({
    ...clientConfig,
    max: config.dbPoolMax,
    application_name: `ketaclinic-${options.role}`,
    // While the database is away a request waits at most this long for a connection, then gets a 503.
    connectionTimeoutMillis: 5000,
    keepAlive: true,
  });
  const faults = connectionFaultLog(options.log);
  // A client that loses its server must never crash the process (an 'error' event with no listener
  // throws): idle clients report through the pool, checked-out ones through their own listener; the
  // query that was running fails, the request gets a 503, and the pool discards the client.
  let watchdog: Watchdog | undefined;
  const lost = (error: Error): void => {
    faults(error);
    watchdog?.poke();
  };
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  const db: Database = {
    pool,
    mode: embedded ? 'embedded' : 'server',
    embedded,
    connection: clientConfig,
    get watchdog() {
      return watchdog;
    },
    supervise(log, superviseOptions) {
      if (!embedded?.owned || watchdog) return watchdog;
      const cluster = embedded.cluster;
      const max = superviseOptions?.maxBackoffMs ?? 60_000;
      watchdog = startWatchdog(cluster, {
        log,
        freeBytes: () => freeBytes(cluster.pgData),
        // The first retry comes quickly: the dead postmaster may not have been reaped yet.
        backoffMs: (n) => Math.min(max, n === 1 ? 250 : 1000 * 2 ** (n - 2)),
      });
      return watchdog;
    },
    async client() {
      const client = createClient({ ...clientConfig, application_name: `ketaclinic-${options.role}` });
      client.on('error', lost);
      await client.connect();
      return client;
    },
    async close() {
      await watchdog?.stop();
      await pool.end();
      await embedded?.close();
    },
  };
  if (options.migrate) {
    try {
      const client = await db.client();
      try {
        const result = await migrate(client);
        options.onMigrated?.(result);
      } finally {
        await client.end();
      }
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}
