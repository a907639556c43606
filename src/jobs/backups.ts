import path from 'node:path';
import { runScheduledBackup } from '../app/backup/scheduled.js';
import type { JobRegistration } from './registry.js';

/**
 * Scheduled backups on the job queue: one cron schedule (nightly by default, KETACLINIC_BACKUP_SCHEDULE in
 * KETACLINIC_BACKUP_TIME_ZONE), one job per occurrence, run by exactly one app server (a singleton queue:
 * never two backups at once). The directory: KETACLINIC_BACKUP_DIR, else <data dir>/backups with the
 * embedded database; in server mode without a directory there are no scheduled backups (the log says so).
 */
export const BACKUP_JOB = 'backup-nightly';

export function backupDirectory(
  configured: string | undefined,
  embeddedDataDir: string | undefined,
): string | undefined {
  return configured ?? (embeddedDataDir === undefined ? undefined : path.join(embeddedDataDir, 'backups'));
}

export const registerBackups: JobRegistration = async (queue, deps) => {
  const dir = backupDirectory(deps.config.backupDir, deps.embeddedDataDir);
  if (dir === undefined) {
    deps.log(
      'warn',
      'scheduled backups are off: set KETACLINIC_BACKUP_DIR (server mode has no data directory to default to)',
    );
    await queue.unschedule(BACKUP_JOB);
    return;
  }
  await queue.work(
    BACKUP_JOB,
    async () => {
      const result = await runScheduledBackup(deps.pool, {
        dir,
        keepDaily: deps.config.backupKeepDaily,
        keepWeekly: deps.config.backupKeepWeekly,
        timeZone: deps.config.backupTimeZone,
      });
      if (result.status === 'failed') throw new Error(`backup failed: ${result.error ?? 'unknown'}`);
      deps.log(
        'info',
        `backup verified: ${result.file ?? ''} (${result.rows ?? 0} rows, ${result.bytes ?? 0} bytes)${result.deleted.length ? `; removed by retention: ${result.deleted.join(', ')}` : ''}`,
      );
    },
    { policy: 'singleton', expireInSeconds: 60 * 60, retryLimit: 3, retryDelaySeconds: 300 },
  );
  await queue.schedule(BACKUP_JOB, deps.config.backupSchedule, { tz: deps.config.backupTimeZone });
};
