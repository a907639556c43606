import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedVersion, latestVersion, loadMigrations, migrate, migrationsDir } from '../../src/db/migrate.js';
import { createEmptyDatabase } from '../setup/database.js';

describe('migrations', () => {
  it('migrates an empty database to the latest version, and a second run applies nothing', async () => {
    const db = await createEmptyDatabase();
    const client = await db.client();
    try {
      expect(await appliedVersion(client)).toBe(0);
      const first = await migrate(client);
      expect(first.from).toBe(0);
      expect(first.to).toBe(latestVersion());
      expect(first.applied).toHaveLength(loadMigrations().length);
      const tables = await client.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'organizations'");
      expect(tables.rowCount).toBe(1);
      const again = await migrate(client);
      expect(again.applied).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const db = await createEmptyDatabase();
    const client = await db.client();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-migrations-'));
    try {
      fs.writeFileSync(path.join(dir, '0001_first.sql'), 'CREATE TABLE a (id int);');
      await migrate(client, { migrations: loadMigrations(dir) });
      fs.writeFileSync(path.join(dir, '0001_first.sql'), 'CREATE TABLE a (id bigint);');
      await expect(migrate(client, { migrations: loadMigrations(dir) })).rejects.toThrow(/edited after it was applied/);
    } finally {
      await client.end();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rolls back a failing migration entirely and names it', async () => {
    const db = await createEmptyDatabase();
    const client = await db.client();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-migrations-'));
    try {
      fs.writeFileSync(path.join(dir, '0001_first.sql'), 'CREATE TABLE a (id int);');
      fs.writeFileSync(path.join(dir, '0002_broken.sql'), 'CREATE TABLE b (id int); SELECT * FROM missing_table;');
      await expect(migrate(client, { migrations: loadMigrations(dir) })).rejects.toThrow(
        /migration 2 \(broken\) failed/,
      );
      expect(await appliedVersion(client)).toBe(1);
      const b = await client.query("SELECT to_regclass('public.b') AS t");
      expect(b.rows[0].t).toBeNull();
    } finally {
      await client.end();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('numbers the checked-in migrations without gaps', () => {
    const files = fs.readdirSync(migrationsDir).filter((f) => f.endsWith('.sql'));
    expect(loadMigrations().map((m) => m.version)).toEqual(files.map((_, i) => i + 1));
  });
});
