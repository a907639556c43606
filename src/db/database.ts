import type pg from 'pg';
import type { Config } from '../config.js';
import { openEmbeddedDatabase, type EmbeddedDatabase, type OwnerRole } from './embedded/supervisor.js';
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
  const pool = createPool({ ...clientConfig, max: config.dbPoolMax, application_name: `ketaclinic-${options.role}` });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', (error) => options.log(`database connection error: ${error.message}`));
  const db: Database = {
    pool,
    mode: embedded ? 'embedded' : 'server',
    embedded,
    connection: clientConfig,
    async client() {
      const client = createClient({ ...clientConfig, application_name: `ketaclinic-${options.role}` });
      await client.connect();
      return client;
    },
    async close() {
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
