import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { sourceDir } from '../paths.js';

/**
 * Forward-only, numbered SQL migrations (src/db/migrations/NNNN_name.sql), each applied in its own
 * transaction under an advisory lock so that two processes never migrate at once. An applied file
 * whose text changed is an error: migrations are reviewed history, never edited (decision 003).
 */
export const migrationsDir = path.join(sourceDir, 'db', 'migrations');
const LOCK_KEY = 0x6b6c696e; // "klin"

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export function loadMigrations(dir: string = migrationsDir): Migration[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  return files.map((file, index) => {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new Error(`migration file name must look like 0001_name.sql: ${file}`);
    const version = Number(match[1]);
    if (version !== index + 1)
      throw new Error(`migrations must be numbered without gaps: expected ${index + 1}, found ${file}`);
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    return { version, name: match[2] ?? file, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
  });
}

export const latestVersion = (migrations: readonly Migration[] = loadMigrations()): number =>
  migrations.at(-1)?.version ?? 0;

const ensureTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

export async function appliedVersion(client: pg.ClientBase | pg.Pool): Promise<number> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('public.schema_migrations') AS t");
  if (!exists.rows[0]?.t) return 0;
  const res = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return res.rows[0]?.v ?? 0;
}

/** The schema version the database is at, and the one this build's migrations reach. */
export async function schemaStatus(db: pg.ClientBase | pg.Pool): Promise<{ applied: number; expected: number }> {
  return { applied: await appliedVersion(db), expected: latestVersion() };
}

export interface MigrateResult {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly string[];
}

/** Applies pending migrations up to `target` (default: all). */
export async function migrate(
  client: pg.ClientBase,
  options: { target?: number; migrations?: readonly Migration[] } = {},
): Promise<MigrateResult> {
  const migrations = options.migrations ?? loadMigrations();
  const target = options.target ?? latestVersion(migrations);
  await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
  try {
    await client.query(ensureTable);
    const rows = await client.query<{ version: number; checksum: string; name: string }>(
      'SELECT version, checksum, name FROM schema_migrations ORDER BY version',
    );
    const applied = new Map(rows.rows.map((r) => [r.version, r]));
    for (const [version, row] of applied) {
      const known = migrations.find((m) => m.version === version);
      if (!known)
        throw new Error(
          `the database has migration ${version} (${row.name}) that this version of ketaclinic does not know; it is newer than this code`,
        );
      if (known.checksum !== row.checksum)
        throw new Error(
          `migration ${version} (${row.name}) was edited after it was applied; add a new migration instead`,
        );
    }
    const from = Math.max(0, ...applied.keys());
    const done: string[] = [];
    for (const m of migrations) {
      if (m.version > target || applied.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          m.checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
      }
      done.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
    }
    return {
      from,
      to: Math.max(from, ...migrations.filter((m) => m.version <= target).map((m) => m.version)),
      applied: done,
    };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
  }
}
