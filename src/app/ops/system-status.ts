import type { DatabasePool } from '../context.js';
import { backupStatus } from '../backup/scheduled.js';
import type { DiskReading } from './disk-space.js';

/**
 * What the admin's console home shows about the installation itself (issue 18): the database (and, when
 * embedded, whether the server is restarting it), the disk, and the last verified backup with its age.
 */
export interface SystemStatusSource {
  readonly mode: 'embedded' | 'server';
  /** The last reading of the data directory's disk; undefined in server mode. */
  disk(): DiskReading | undefined;
  /** A fresh reading, for decisions that must not wait (uploads). */
  diskNow(): DiskReading | undefined;
  /** The embedded PostgreSQL as the watchdog sees it; undefined in server mode. */
  database(): { state: 'running' | 'restarting' | 'down'; reason: string | undefined } | undefined;
  readonly backups: {
    readonly directory: string | undefined;
    readonly schedule: string;
    readonly timeZone: string;
    readonly keepDaily: number;
    readonly keepWeekly: number;
    /** False when this server runs no job queue (KETACLINIC_JOBS=off, or it failed to start). */
    readonly scheduled: boolean;
  };
}

/** A backup older than this (a nightly one missed) is shown as overdue. */
export const BACKUP_OVERDUE_HOURS = 36;

export interface SystemStatus {
  readonly database: { mode: 'embedded' | 'server'; state: 'running' | 'restarting' | 'down'; reason: string | null };
  readonly disk: {
    path: string;
    totalBytes: number;
    freeBytes: number;
    low: boolean;
    refuseUploads: boolean;
    checkedAt: string;
  } | null;
  readonly backups: {
    directory: string | null;
    schedule: string;
    timeZone: string;
    keepDaily: number;
    keepWeekly: number;
    scheduled: boolean;
    overdue: boolean;
    lastGood: {
      finishedAt: string;
      ageSeconds: number;
      fileName: string;
      directory: string;
      bytes: number;
      rows: number;
    } | null;
    lastRun: { finishedAt: string; status: 'verified' | 'failed'; error: string | null } | null;
  };
}

export async function systemStatus(pool: DatabasePool, source: SystemStatusSource, now: Date): Promise<SystemStatus> {
  const backups = await backupStatus(pool);
  const disk = source.disk();
  const db = source.database();
  const ageSeconds = backups.lastGood
    ? Math.max(0, Math.round((now.getTime() - backups.lastGood.finishedAt.getTime()) / 1000))
    : undefined;
  return {
    database: { mode: source.mode, state: db?.state ?? 'running', reason: db?.reason ?? null },
    disk: disk ? { ...disk, checkedAt: disk.checkedAt.toISOString() } : null,
    backups: {
      ...source.backups,
      directory: source.backups.directory ?? null,
      overdue: ageSeconds === undefined || ageSeconds > BACKUP_OVERDUE_HOURS * 3600,
      lastGood:
        backups.lastGood && ageSeconds !== undefined
          ? {
              finishedAt: backups.lastGood.finishedAt.toISOString(),
              ageSeconds,
              fileName: backups.lastGood.fileName,
              directory: backups.lastGood.directory,
              bytes: backups.lastGood.bytes,
              rows: backups.lastGood.rows,
            }
          : null,
      lastRun: backups.lastRun ? { ...backups.lastRun, finishedAt: backups.lastRun.finishedAt.toISOString() } : null,
    },
  };
}
