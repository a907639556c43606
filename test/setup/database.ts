import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { createClient, createPool } from '../../src/db/pg-types.js';
import { withDatabase } from './global-setup.js';

/**
 * A database of this test file's own, copied from the migrated template (milliseconds), dropped
 * when the file's tests end.
 */
export interface TestDatabase {
  readonly name: string;
  readonly pool: pg.Pool;
  readonly config: pg.ClientConfig;
  client(): Promise<pg.Client>;
}

export function configFor(database: string): pg.ClientConfig {
  const { admin } = inject('testDatabase');
  return admin.connectionString
    ? { connectionString: withDatabase(admin.connectionString, database) }
    : { ...admin, database };
}

/**
 * Where a fixture's clean-up goes: after the file's tests (`afterAll`, the default), or `onTestFinished` for a
 * fixture made inside a test, one per attempt (a retry on CI must not meet the attempt before it).
 */
export type Cleanup = (fn: () => Promise<void>) => void;

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client(inject('testDatabase').admin);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database with no migrations applied (for migration and restore tests). */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  return create(undefined, afterAll);
}

export async function createTestDatabase(cleanup: Cleanup = afterAll): Promise<TestDatabase> {
  return create(inject('testDatabase').template, cleanup);
}

async function create(template: string | undefined, cleanup: Cleanup): Promise<TestDatabase> {
  const name = `kc_${crypto.randomBytes(5).toString('hex')}_${inject('testDatabase').template.split('_').at(-1)}`;
  await adminQuery(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const config = configFor(name);
  const pool = createPool({ ...config, max: 5 });
  cleanup(async () => {
    await pool.end();
    // No FORCE here: a pool the test made itself may still hold an idle connection, and terminating it
    // would surface as an unhandled error in that pool. A database still in use is dropped (with FORCE)
    // by the global teardown, once every test file has finished.
    try {
      await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error; // object_in_use
    }
  });
  return {
    name,
    pool,
    config,
    async client() {
      const client = createClient(config);
      await client.connect();
      return client;
    },
  };
}
