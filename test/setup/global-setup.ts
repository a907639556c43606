import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded/supervisor.js';
import { migrate } from '../../src/db/migrate.js';

/**
 * One PostgreSQL for the whole run, and a migrated template database that each test file copies.
 * Embedded by default (a throw-away cluster under the OS temp directory, never below a private
 * home); with TEST_DATABASE_URL, that server ("server mode").
 */
export interface TestDatabaseInfo {
  readonly admin: pg.ClientConfig;
  readonly template: string;
  readonly mode: 'embedded' | 'server';
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: TestDatabaseInfo;
  }
}

interface Shared {
  users: number;
  ready: Promise<{ info: TestDatabaseInfo; embedded: EmbeddedDatabase | undefined; dataDir: string | undefined }>;
}

const KEY = Symbol.for('ketaclinic.test-database');
type WithShared = typeof globalThis & { [KEY]?: Shared };

async function prepare(): Promise<Awaited<Shared['ready']>> {
  const template = `kc_template_${process.pid}`;
  const url = process.env.TEST_DATABASE_URL;
  let admin: pg.ClientConfig;
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  if (url) {
    admin = { connectionString: url };
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaclinic-test-'));
    embedded = await openEmbeddedDatabase({
      explicitDataDir: dataDir,
      cwd: process.cwd(),
      role: 'cli',
      log: () => undefined,
      durable: false,
    });
    admin = embedded.connection('postgres');
  }
  const client = new pg.Client(admin);
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${template}`);
  await client.query(`CREATE DATABASE ${template}`);
  await client.end();
  const tmpl = new pg.Client({
    ...admin,
    ...(url ? { connectionString: withDatabase(url, template) } : { database: template }),
  });
  await tmpl.connect();
  await migrate(tmpl);
  await tmpl.end();
  return { info: { admin, template, mode: url ? 'server' : 'embedded' }, embedded, dataDir };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const g = globalThis as WithShared;
  g[KEY] ??= { users: 0, ready: prepare() };
  const shared = g[KEY];
  shared.users += 1;
  const { info } = await shared.ready;
  project.provide('testDatabase', info);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    g[KEY] = undefined;
    const { embedded, dataDir } = await shared.ready;
    const client = new pg.Client(info.admin);
    await client.connect();
    const leftovers = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'kc\\_%\\_${process.pid}%' OR datname = $1`,
      [info.template],
    );
    for (const row of leftovers.rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    await client.end();
    await embedded?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
