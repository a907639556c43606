import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAuditKeyring } from '../../src/app/audit/keyring.js';
import { sealPending } from '../../src/app/audit/seal.js';
import { createTestDatabase } from '../setup/database.js';

/** `ketaclinic user create` and `verify-audit`, run as a person runs them, against this file's database. */
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/ketaclinic.js');
const db = await createTestDatabase();
// The audit chain key and checkpoint live in a data directory of this file's own (as in server mode).
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaclinic-cli-identity-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function databaseUrl(): string {
  const c = db.config;
  if (c.connectionString) return c.connectionString;
  // A unix-socket cluster: the socket directory goes in ?host=.
  return `postgresql://${encodeURIComponent(String(c.user))}@localhost:${c.port}/${c.database}?host=${encodeURIComponent(String(c.host))}`;
}

function ketaclinic(args: string[], input = '') {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl(),
    KETACLINIC_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  return spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 60_000, input });
}

describe('ketaclinic user create', () => {
  it('on an empty database creates the organization and an admin enrolled in TOTP, reading the password from stdin', async () => {
    const res = ketaclinic(
      ['user', 'create', '--email', 'first@clinic.example.org', '--name', 'First Admin', '--role', 'admin'],
      'a piped long password\n',
    );
    expect(res.stderr).toMatch(/created the organization "ketaclinic clinic"/);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^otpauth:\/\/totp\/.*secret=[A-Z2-7]+/m);
    expect(res.stdout + res.stderr).not.toContain('a piped long password');
    const row = await db.pool.query(
      "SELECT u.roles, u.mfa_enabled, u.must_change_password, o.name FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.email = 'first@clinic.example.org'",
    );
    expect(row.rows[0]).toEqual({
      roles: ['admin'],
      mfa_enabled: true,
      must_change_password: false,
      name: 'ketaclinic clinic',
    });
  });

  it('adds a nurse to the existing organization without a TOTP URI, and refuses weak passwords and unknown roles in one line', async () => {
    const nurse = ketaclinic(
      ['user', 'create', '--email', 'n@clinic.example.org', '--name', 'N', '--role', 'nurse', '--role', 'coordinator'],
      'another long password\n',
    );
    expect(nurse.status).toBe(0);
    expect(nurse.stdout).not.toMatch(/otpauth/);
    const weak = ketaclinic(
      ['user', 'create', '--email', 'w@clinic.example.org', '--name', 'W', '--role', 'nurse'],
      'short\n',
    );
    expect(weak.status).not.toBe(0);
    expect(weak.stderr.trim().split('\n')).toHaveLength(1);
    expect(weak.stderr).toMatch(/at least 12/);
    const role = ketaclinic(
      ['user', 'create', '--email', 'r@clinic.example.org', '--name', 'R', '--role', 'wizard'],
      'another long password\n',
    );
    expect(role.status).not.toBe(0);
    expect(role.stderr).toMatch(/wizard/);
    const empty = ketaclinic(
      ['user', 'create', '--email', 'e@clinic.example.org', '--name', 'E', '--role', 'nurse'],
      '',
    );
    expect(empty.status).not.toBe(0);
    expect(empty.stderr).toMatch(/stdin/);
  });
});

describe('ketaclinic verify-audit', () => {
  it('passes on an intact chain and names the first entry changed by hand', async () => {
    await sealPending(db.pool, { now: () => new Date(), keyring: loadAuditKeyring({ directory: dataDir }) });
    const ok = ketaclinic(['verify-audit']);
    expect(ok.stderr).toMatch(/verifies: \d+ entries/);
    expect(ok.status).toBe(0);
    const target = (
      await db.pool.query<{ id: number }>(
        "SELECT a.id::int AS id FROM audit_log a JOIN audit_seals s ON s.audit_id = a.id WHERE a.action = 'users.create' ORDER BY s.seq LIMIT 1",
      )
    ).rows[0]!.id;
    const su = await db.client();
    try {
      await su.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard');
      await su.query("UPDATE audit_log SET details = '{}' WHERE id = $1", [target]);
      await su.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard');
    } finally {
      await su.end();
    }
    const broken = ketaclinic(['verify-audit']);
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(new RegExp(`broken at entry ${target}\\b`));
  });
});
