import type { Queryable } from '../kysely.js';

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
  await q.query(
    `INSERT INTO backup_runs (started_at, finished_at, status, directory, file_name, bytes, table_count, row_count,
                              schema_version, sha256, error, host)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      run.startedAt,
      run.finishedAt,
      run.status,
      run.directory,
      run.fileName,
      run.bytes,
      run.tableCount,
      run.rowCount,
      run.schemaVersion,
      run.sha256,
      run.error,
      run.host,
    ],
  );
}

export async function lastVerifiedBackupRun(
  q: Queryable,
): Promise<
  | { finished_at: Date; file_name: string; directory: string; bytes: number; row_count: number; host: string }
  | undefined
> {
  const res = await q.query<{
    finished_at: Date;
    file_name: string;
    directory: string;
    bytes: number;
    row_count: number;
    host: string;
  }>(
    `SELECT finished_at, file_name, directory, bytes::float8 AS bytes, row_count::float8 AS row_count, host FROM backup_runs
      WHERE status = 'verified' ORDER BY finished_at DESC LIMIT 1`,
  );
  return res.rows[0];
}

export async function lastBackupRun(
  q: Queryable,
): Promise<{ finished_at: Date; status: 'verified' | 'failed'; error: string | null } | undefined> {
  const res = await q.query<{ finished_at: Date; status: 'verified' | 'failed'; error: string | null }>(
    'SELECT finished_at, status, error FROM backup_runs ORDER BY finished_at DESC LIMIT 1',
  );
  return res.rows[0];
}
