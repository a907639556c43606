import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api';
import { formatDateTime } from '../../shared/time';

/** GET /api/v1/system/status (admins): the database, the disk, and the last verified backup. */
interface SystemStatus {
  database: { mode: 'embedded' | 'server'; state: 'running' | 'restarting' | 'down'; reason: string | null };
  disk: { path: string; totalBytes: number; freeBytes: number; low: boolean; refuseUploads: boolean } | null;
  backups: {
    directory: string | null;
    schedule: string;
    timeZone: string;
    keepDaily: number;
    keepWeekly: number;
    scheduled: boolean;
    overdue: boolean;
    lastGood: { finishedAt: string; ageSeconds: number; fileName: string; directory: string } | null;
    lastRun: { finishedAt: string; status: 'verified' | 'failed'; error: string | null } | null;
  };
}

const size = (bytes: number): string =>
  bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;

/** "every day at 02:30" for a daily cron; the expression itself otherwise. */
function when(cron: string): string {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* \*$/.exec(cron);
  return m ? `every day at ${m[2]!.padStart(2, '0')}:${m[1]!.padStart(2, '0')}` : `on the schedule "${cron}"`;
}

function age(seconds: number): string {
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} minutes ago`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)} hours ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}

/**
 * A small panel on the admin's home: is the clinic's data safe? Warnings first (database down, disk low,
 * backup overdue or failing), then the last good backup and its age. Nothing for other roles.
 */
export function SystemPanel() {
  const query = useQuery({
    queryKey: ['system-status'],
    queryFn: () => api.get<SystemStatus>('/api/v1/system/status'),
  });
  const status: SystemStatus | 'failed' | null = query.isError ? 'failed' : (query.data ?? null);
  if (status === null) return <p className="muted">Checking the database, disk and backups…</p>;
  if (status === 'failed')
    return (
      <div className="notice notice--warning">
        <h3 className="notice__title">Data safety could not be checked</h3>
        <p>The server did not answer. If this lasts, check that ketaclinic and its database are running.</p>
      </div>
    );
  const { database, disk, backups } = status;
  const warnings: { title: string; text: string }[] = [];
  if (database.state !== 'running')
    warnings.push({
      title: database.state === 'restarting' ? 'The database is restarting' : 'The database is stopped',
      text: database.reason ?? 'ketaclinic is starting it again by itself.',
    });
  if (disk?.low)
    warnings.push({
      title: disk.refuseUploads ? 'Disk nearly full: uploads are refused' : 'Disk space is low',
      text: `${size(disk.freeBytes)} free of ${size(disk.totalBytes)}. Free space on the disk holding the database before it runs out.`,
    });
  if (backups.lastRun?.status === 'failed')
    warnings.push({
      title: 'The last backup failed',
      text: `${formatDateTime(backups.lastRun.finishedAt)}: ${backups.lastRun.error ?? 'no reason recorded'}`,
    });
  else if (backups.overdue)
    warnings.push({
      title: backups.lastGood ? 'The last backup is more than a day old' : 'No backup has been taken yet',
      text: backups.directory
        ? `Backups run ${when(backups.schedule)} (${backups.timeZone}) into ${backups.directory}.`
        : 'Scheduled backups are off: set KETACLINIC_BACKUP_DIR.',
    });

  return (
    <section aria-labelledby="data-safety" className="system-panel">
      <h2 id="data-safety">Data safety</h2>
      {warnings.map((w) => (
        <div className="notice notice--warning" key={w.title}>
          <h3 className="notice__title">{w.title}</h3>
          <p>{w.text}</p>
        </div>
      ))}
      <dl className="role-list">
        <div className="role-list__item">
          <dt>Last good backup</dt>
          <dd>
            {backups.lastGood
              ? `${formatDateTime(backups.lastGood.finishedAt)} (${age(backups.lastGood.ageSeconds)}), read back and verified: ${backups.lastGood.fileName}`
              : 'None yet'}
          </dd>
        </div>
        <div className="role-list__item">
          <dt>Backups</dt>
          <dd>
            {backups.directory
              ? `${when(backups.schedule)} (${backups.timeZone}) into ${backups.directory}; keeps ${backups.keepDaily} daily and ${backups.keepWeekly} weekly backups`
              : 'Off (no backup directory set)'}
          </dd>
        </div>
        <div className="role-list__item">
          <dt>Database</dt>
          <dd>
            {database.mode === 'embedded' ? 'Embedded PostgreSQL' : 'PostgreSQL server (DATABASE_URL)'},{' '}
            {database.state === 'running' ? 'running' : database.state}
          </dd>
        </div>
        {disk ? (
          <div className="role-list__item">
            <dt>Disk</dt>
            <dd>
              {size(disk.freeBytes)} free of {size(disk.totalBytes)}
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
