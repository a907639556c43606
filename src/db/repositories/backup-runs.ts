import { kysely, type Queryable } from '../kysely.js';

/** SQL for the record of scheduled backups (backup_runs, migration 0008): one row per run, good or failed. */
export interface BackupRunRow {
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly status: 'verified' | 'failed';
  readonly directory: string;
  readonly fileName: string | null;
  readonly bytes: number | null;
  readonly tableCount: number | null;
  readonly rowCount: number | null;
  readonly schemaVersion: number | null;
  readonly sha256: string | null;
  readonly error: string | null;
  readonly host: string;
}

export async function insertBackupRun(q: Queryable, run: BackupRunRow): Promise<void> {
  await kysely(q)
    .insertInto('backupRuns')
    .values({
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      status: run.status,
      directory: run.directory,
      fileName: run.fileName,
      bytes: run.bytes,
      tableCount: run.tableCount,
      rowCount: run.rowCount,
      schemaVersion: run.schemaVersion,
      sha256: run.sha256,
      error: run.error,
      host: run.host,
    })
    .execute();
}

/** The newest verified run (a verified run has its file's name and size: CHECK constraints in 0008). */
export async function lastVerifiedBackupRun(
  q: Queryable,
): Promise<
  { finishedAt: Date; fileName: string; directory: string; bytes: number; rowCount: number; host: string } | undefined
> {
  return kysely(q)
    .selectFrom('backupRuns')
    .select((eb) => [
      'finishedAt',
      'fileName',
      'directory',
      // bigints: numbers whatever the pool's type parsers (the backup job may run on a plain pool).
      eb.cast<number>('bytes', 'float8').as('bytes'),
      eb.cast<number>('rowCount', 'float8').as('rowCount'),
      'host',
    ])
    .where('status', '=', 'verified')
    .orderBy('finishedAt', 'desc')
    .limit(1)
    .$narrowType<{ fileName: string }>()
    .executeTakeFirst();
}

export async function lastBackupRun(
  q: Queryable,
): Promise<{ finishedAt: Date; status: 'verified' | 'failed'; error: string | null } | undefined> {
  return (
    kysely(q)
      .selectFrom('backupRuns')
      .select(['finishedAt', 'status', 'error'])
      .orderBy('finishedAt', 'desc')
      .limit(1)
      // CHECK constraint (0008_backup_runs.sql).
      .$narrowType<{ status: 'verified' | 'failed' }>()
      .executeTakeFirst()
  );
}
