import { describe, expect, it } from 'vitest';
import type { DiskReading } from '../../src/app/ops/disk-space.js';
import type { SystemStatusSource } from '../../src/app/ops/system-status.js';
import { createIdentityTestApp, createOrganization, createUser, signIn } from '../setup/identity.js';

/** The admin's view of the installation (database, disk, last verified backup) and the upload guard. */
let reading: DiskReading = {
  path: '/srv/ketaclinic/data/pg',
  totalBytes: 100 * 1048576 * 1024,
  freeBytes: 5 * 1048576 * 1024,
  low: true,
  refuseUploads: false,
  checkedAt: new Date('2026-11-26T09:59:00.000Z'),
};
const system: SystemStatusSource = {
  mode: 'embedded',
  disk: () => reading,
  diskNow: () => reading,
  database: () => ({ state: 'running', reason: undefined }),
  backups: {
    directory: '/srv/ketaclinic/data/backups',
    schedule: '30 2 * * *',
    timeZone: 'America/New_York',
    keepDaily: 7,
    keepWeekly: 4,
    scheduled: true,
  },
};
const t = await createIdentityTestApp({ system });
const org = await createOrganization(t.db.pool, 'Fictional Status Clinic');
const admin = await signIn(
  t,
  await createUser(t.db.pool, { organizationId: org, email: 'admin@example.org', roles: ['admin'], mfa: true }),
);
const nurse = await signIn(
  t,
  await createUser(t.db.pool, { organizationId: org, email: 'nurse@example.org', roles: ['nurse'] }),
);

const status = async () =>
  (await t.app.inject({ method: 'GET', url: '/api/v1/system/status', headers: admin.headers })).json<{
    database: { mode: string; state: string };
    disk: { low: boolean; freeBytes: number } | null;
    backups: {
      overdue: boolean;
      lastGood: { ageSeconds: number; fileName: string } | null;
      lastRun: { status: string } | null;
    };
  }>();

describe('system status', () => {
  it('with no backup yet: says so and calls it overdue', async () => {
    const body = await status();
    expect(body.database).toEqual({ mode: 'embedded', state: 'running', reason: null });
    expect(body.disk?.low).toBe(true);
    expect(body.backups.lastGood).toBeNull();
    expect(body.backups.overdue).toBe(true);
  });

  it('shows the last verified backup and its age, not a later failed run', async () => {
    await t.db.pool.query(
      `INSERT INTO backup_runs (started_at, finished_at, status, directory, file_name, bytes, table_count, row_count, schema_version, sha256, host)
       VALUES ('2026-11-26T07:30:00Z', '2026-11-26T07:30:05Z', 'verified', '/srv/b', 'ketaclinic-20261126T073000Z.kcbackup.gz', 1234, 20, 99, 7, $1, 'clinic-1:42')`,
      ['a'.repeat(64)],
    );
    await t.db.pool.query(
      `INSERT INTO backup_runs (started_at, finished_at, status, directory, error, host)
       VALUES ('2026-11-26T08:00:00Z', '2026-11-26T08:00:01Z', 'failed', '/srv/b', 'ENOSPC: no space left on device', 'clinic-1:42')`,
    );
    const body = await status();
    expect(body.backups.lastGood?.fileName).toBe('ketaclinic-20261126T073000Z.kcbackup.gz');
    expect(body.backups.lastGood?.ageSeconds).toBe(
      t.clock.now.getTime() / 1000 - Date.parse('2026-11-26T07:30:05Z') / 1000,
    );
    expect(body.backups.overdue).toBe(false);
    expect(body.backups.lastRun?.status).toBe('failed');
  });

  it('is for admins only', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/system/status', headers: nurse.headers });
    expect(res.statusCode).toBe(403);
  });
});

describe('uploads when the disk is nearly full', () => {
  it('are refused with 507 problem+json before the body is read; other writes go on', async () => {
    reading = { ...reading, freeBytes: 100 * 1048576, refuseUploads: true };
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${crypto.randomUUID()}/documents`,
      headers: { ...nurse.headers, 'content-type': 'application/json' },
      payload: { kind: 'other', title: 'A scan', contentType: 'application/pdf', contentBase64: 'JVBERi0=' },
    });
    expect(res.statusCode).toBe(507);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'insufficient_storage' });
    // An ordinary write (signing in writes a session) still works.
    await signIn(t, await createUser(t.db.pool, { organizationId: org, email: 'late@example.org', roles: ['nurse'] }));

    reading = { ...reading, freeBytes: 50 * 1048576 * 1024, refuseUploads: false, low: false };
    const after = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${crypto.randomUUID()}/documents`,
      headers: { ...nurse.headers, 'content-type': 'application/json' },
      payload: { kind: 'other', title: 'A scan', contentType: 'application/pdf', contentBase64: 'JVBERi0=' },
    });
    expect(after.statusCode).not.toBe(507);
  });
});
