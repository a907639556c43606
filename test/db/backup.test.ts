import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeBackup, type BackupProgress } from '../../src/app/backup/backup.js';
import { restoreBackup, RestoreError } from '../../src/app/backup/restore.js';
import { memoryKeyring } from '../../src/app/audit/keyring.js';
import { sealPending } from '../../src/app/audit/seal.js';
import { verifyAuditChain } from '../../src/app/audit/verify.js';
import { loadDemoClinic } from '../../src/app/demo.js';
import { createEmptyDatabase, createTestDatabase } from '../setup/database.js';
import type pg from 'pg';

const silent: BackupProgress = {
  start: () => undefined,
  table: () => undefined,
  rows: () => undefined,
  finish: () => undefined,
};

async function backupToString(client: pg.ClientBase): Promise<string> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  await writeBackup(client, sink, silent, () => new Date('2026-11-26T12:00:00Z'));
  return Buffer.concat(chunks).toString('utf8');
}

async function seedAwkwardRows(client: pg.ClientBase): Promise<void> {
  await loadDemoClinic(client);
  // Text that stresses the format: newlines, tabs, backslashes, the end-of-data marker, quotes, emoji.
  await client.query(
    `INSERT INTO organizations (name, phone, email, created_at) VALUES
       ($1, NULL, 'a\\b@example.org', '2026-03-08 06:59:59.123456+00'),
       ($2, '', NULL, '1999-12-31 23:59:59+00')`,
    ['Line one\nLine two\twith tab \\. and \\N "quotes" 🌿', '\\.'],
  ); // An uploaded document: bytes that COPY text must escape (NUL, backslash, newline, CR, tab, 0xFF).
  await client.query(
    `INSERT INTO patient_documents (organization_id, patient_id, kind, title, content_type, size_bytes, sha256, content, uploaded_by_user_id, uploaded_at)
     SELECT p.organization_id, p.id, 'referral', 'Referral', 'application/pdf', octet_length($1::bytea), encode(sha256($1::bytea), 'hex'), $1::bytea, u.id, now()
       FROM patients p JOIN users u ON u.organization_id = p.organization_id AND u.kind = 'staff' LIMIT 1`,
    [Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0x5c, 0x0a, 0x0d, 0x09, 0xff, 0x5c, 0x2e])],
  );
}

describe('backup and restore', () => {
  it('round-trips every row, byte for byte, through an empty database', async () => {
    const source = await createTestDatabase();
    const target = await createEmptyDatabase();
    const a = await source.client();
    const b = await target.client();
    try {
      await seedAwkwardRows(a);
      const first = await backupToString(a);
      const header = JSON.parse(first.split('\n')[0] ?? '{}');
      expect(header.format).toBe('ketaclinic-backup');
      expect(header.tables.find((t: { name: string }) => t.name === 'organizations').rows).toBe(3);

      const input = new PassThrough();
      input.end(first);
      await restoreBackup(b, input, silent);

      const second = await backupToString(b);
      expect(second).toBe(first);
      const names = await b.query('SELECT name FROM organizations ORDER BY created_at');
      expect(names.rows.map((r: { name: string }) => r.name)).toContain(
        'Line one\nLine two\twith tab \\. and \\N "quotes" 🌿',
      );
    } finally {
      await a.end();
      await b.end();
    }
  });

  it('restores the audit chain: sealed entries verify, and the sealer reads the restored log afresh (decision 030)', async () => {
    const source = await createTestDatabase();
    const target = await createEmptyDatabase();
    const keyring = memoryKeyring();
    const now = new Date('2026-11-26T12:00:00Z');
    const a = await source.client();
    const b = await target.client();
    try {
      await loadDemoClinic(a);
      await sealPending(source.pool, { now: () => now, keyring });
      // Written after the last pass: unsealed in the backup.
      await a.query(`INSERT INTO audit_log (occurred_at, action, outcome) VALUES ($1, 'after.seal', 'success')`, [now]);
      expect((await a.query('SELECT count(*)::int AS n FROM audit_seal_horizon')).rows[0].n).toBe(1);
      const input = new PassThrough();
      input.end(await backupToString(a));
      await restoreBackup(b, input, silent);
      expect((await b.query('SELECT count(*)::int AS n FROM audit_seal_horizon')).rows[0].n).toBe(0);
      expect(await sealPending(target.pool, { now: () => now, keyring })).toEqual({ sealed: 1, ran: true });
      const later = new Date(now.getTime() + 3_600_000);
      const verified = await verifyAuditChain(target.pool, { now: later, keyring });
      expect(verified).toMatchObject({ ok: true, staleUnsealed: { count: 0 } });
      expect(verified.checked).toBe((await b.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it('refuses to restore into a database that holds rows, and changes nothing', async () => {
    const source = await createTestDatabase();
    const target = await createTestDatabase();
    const a = await source.client();
    const b = await target.client();
    try {
      await seedAwkwardRows(a);
      await loadDemoClinic(b);
      const before = await b.query('SELECT count(*)::int AS n FROM organizations');
      const input = new PassThrough();
      input.end(await backupToString(a));
      await expect(restoreBackup(b, input, silent)).rejects.toThrow(RestoreError);
      const after = await b.query('SELECT count(*)::int AS n FROM organizations');
      expect(after.rows[0].n).toBe(before.rows[0].n);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it('rejects a file that is not a backup, and a truncated one, without writing a row', async () => {
    const source = await createTestDatabase();
    const a = await source.client();
    await seedAwkwardRows(a);
    const full = await backupToString(a);
    await a.end();
    for (const [text, message] of [
      ['hello\n', /not a ketaclinic backup/],
      [full.slice(0, full.lastIndexOf('#table')), /truncated|damaged/],
    ] as const) {
      const target = await createEmptyDatabase();
      const b = await target.client();
      try {
        const input = new PassThrough();
        input.end(text);
        await expect(restoreBackup(b, input, silent)).rejects.toThrow(message);
        const tables = await b.query("SELECT to_regclass('public.organizations') AS t");
        if (tables.rows[0].t) expect((await b.query('SELECT count(*)::int AS n FROM organizations')).rows[0].n).toBe(0);
      } finally {
        await b.end();
      }
    }
  });
});
