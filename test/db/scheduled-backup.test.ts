import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { backupFileName } from '../../src/app/backup/retention.js';
import { backupStatus, pruneBackups, runScheduledBackup, verifyBackupFile } from '../../src/app/backup/scheduled.js';
import { loadConfig } from '../../src/config.js';
import { APP_ROLE } from '../../src/db/app-role.js';
import { BACKUP_JOB, registerBackups } from '../../src/jobs/backups.js';
import { startJobQueue, type JobQueue } from '../../src/jobs/queue.js';
import { createTestDatabase } from '../setup/database.js';

/**
 * Backups without a DBA (issue 18): taken by the job queue on one server, written, read back and
 * verified, recorded for the admin console, pruned by retention, and restorable with `ketaclinic restore`.
 */
const root = path.resolve(import.meta.dirname, '../..');
const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-backups-'));
fs.chmodSync(parent, 0o755);
const db = await createTestDatabase();
// The server's connections run as ketaclinic_app: the backup must work with that role's privileges.
const appPool = new pg.Pool({ ...db.config, max: 3, options: `-c role=${APP_ROLE}` });
const queues: JobQueue[] = [];
afterAll(async () => {
  for (const q of queues) await q.stop(2000);
  await appPool.end();
  fs.rmSync(parent, { recursive: true, force: true });
});
await db.pool.query("INSERT INTO organizations (name) VALUES ('Fictional Backup Clinic')");
const policy = { keepDaily: 7, keepWeekly: 4, timeZone: 'America/New_York' };

describe('scheduled backups', () => {
  it('writes a backup, reads it back, records it as verified, and the status shows it with its age', async () => {
    const dir = path.join(parent, 'one');
    const result = await runScheduledBackup(appPool, { dir, ...policy });
    expect(result.status, result.error).toBe('verified');
    expect(fs.existsSync(result.file!)).toBe(true);
    expect((fs.statSync(result.file!).mode & 0o777).toString(8)).toBe('600');
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
    const header = await verifyBackupFile(result.file!);
    expect(header.tables.find((t) => t.name === 'organizations')?.rows).toBe(1);
    const status = await backupStatus(appPool);
    expect(status.lastGood?.fileName).toBe(path.basename(result.file!));
    expect(status.lastGood?.rows).toBe(result.rows);
    expect(status.lastRun?.status).toBe('verified');
  });

  it('a truncated or altered file fails verification', async () => {
    const dir = path.join(parent, 'verify');
    const result = await runScheduledBackup(appPool, { dir, ...policy });
    const bytes = fs.readFileSync(result.file!);
    const truncated = path.join(parent, 'truncated.gz');
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(verifyBackupFile(truncated)).rejects.toThrow();
    await expect(verifyBackupFile(result.file!, '0'.repeat(64))).rejects.toThrow(/SHA-256/);
  });

  it('a run that cannot write is recorded as failed, leaves no file, and the last good backup stays the last good one', async () => {
    const before = await backupStatus(appPool);
    const blocked = path.join(parent, 'not-a-directory');
    fs.writeFileSync(blocked, 'a file where the directory should be');
    const result = await runScheduledBackup(appPool, { dir: blocked, ...policy });
    expect(result.status).toBe('failed');
    const after = await backupStatus(appPool);
    expect(after.lastRun?.status).toBe('failed');
    expect(after.lastRun?.error).toMatch(/EEXIST|ENOTDIR|exists/);
    expect(after.lastGood?.fileName).toBe(before.lastGood?.fileName);
  });

  it('retention keeps the newest of the last 7 days and of the last 4 weeks, and nothing else', async () => {
    const dir = path.join(parent, 'retention');
    fs.mkdirSync(dir);
    // 60 nightly backups (07:30 UTC = 02:30 in New York) plus a second one on the newest day.
    const newest = Date.UTC(2026, 10, 30, 7, 30);
    for (let day = 0; day < 60; day++)
      fs.writeFileSync(path.join(dir, backupFileName(new Date(newest - day * 86_400_000))), 'x');
    fs.writeFileSync(path.join(dir, backupFileName(new Date(newest + 3_600_000))), 'x');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a backup: never touched');
    const deleted = pruneBackups({ dir, ...policy });
    const left = fs.readdirSync(dir).sort();
    expect(left).toContain('notes.txt');
    const kept = left.filter((f) => f.endsWith('.kcbackup.gz'));
    // 2026-11-30 is a Monday. Daily: the 7 newest days, 24–30 Nov (the 30th by its later backup). Weekly:
    // the newest of each of the 4 newest ISO weeks — 30 Nov and 29 Nov (already kept), 22 Nov, 15 Nov.
    const at = (day: number): string => backupFileName(new Date(Date.UTC(2026, 10, day, 7, 30)));
    expect(kept).toEqual(
      [backupFileName(new Date(newest + 3_600_000)), ...[24, 25, 26, 27, 28, 29, 22, 15].map(at)].sort(),
    );
    expect(deleted.length).toBe(61 - kept.length);
  });

  it('on the job queue, with two servers, one backup is taken per job', async () => {
    const dir = path.join(parent, 'queued');
    const config = loadConfig({ KETACLINIC_BACKUP_DIR: dir });
    for (let i = 0; i < 2; i++) {
      const queue = await startJobQueue(db.config, {
        log: () => undefined,
        role: APP_ROLE,
        pollingIntervalSeconds: 0.5,
      });
      queues.push(queue);
      await registerBackups(queue, { config, pool: appPool, embeddedDataDir: undefined, log: () => undefined });
    }
    const schedule = await queues[0]!.boss.getSchedules(BACKUP_JOB);
    expect(schedule.map((s) => [s.cron, s.timezone])).toEqual([['30 2 * * *', 'UTC']]);
    await queues[0]!.send(BACKUP_JOB, {});
    const deadline = Date.now() + 20_000;
    while (!(fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith('.gz'))) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.kcbackup.gz'))).toHaveLength(1);
  });

  it.skipIf(process.env.TEST_DATABASE_URL !== undefined)(
    'restore drill: `ketaclinic restore` reads the scheduled backup into an empty data directory',
    async () => {
      const dir = path.join(parent, 'drill');
      const result = await runScheduledBackup(appPool, { dir, ...policy });
      const fresh = path.join(parent, 'restored');
      const env: NodeJS.ProcessEnv = { ...process.env, KETACLINIC_DATA_DIR: fresh, LOG_LEVEL: 'warn' };
      delete env.DATABASE_URL;
      const restore = spawnSync(process.execPath, [path.join(root, 'bin/ketaclinic.js'), 'restore', result.file!], {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(restore.status, restore.stderr).toBe(0);
      expect(restore.stderr).toMatch(new RegExp(`restored .*: \\d+ tables, ${result.rows} rows`));
      // The CLI stopped the postgres it started; a second command reads the restored data (the audit chain).
      const check = spawnSync(process.execPath, [path.join(root, 'bin/ketaclinic.js'), 'verify-audit'], {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(check.status, check.stderr).toBe(0);
    },
  );
});
