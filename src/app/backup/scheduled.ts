import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { insertBackupRun, lastBackupRun, lastVerifiedBackupRun } from '../../db/repositories/backup-runs.js';
import type { DatabasePool } from '../context.js';
import { BACKUP_FORMAT, writeBackup, type BackupHeader, type BackupProgress } from './backup.js';
import { backupFileName, backupsToKeep, parseBackupFileName } from './retention.js';

/**
 * A backup taken without a DBA (issue 18): the same consistent snapshot as `ketaclinic backup`,
 * written to the backup directory under a temporary name, fsynced, renamed, then **read back** —
 * the gzip stream is decoded to its end, the header parsed, every table's rows counted against the
 * header, and the file's SHA-256 compared with what was written. Only then is it "verified"; a file
 * that fails is deleted. Every run is recorded in backup_runs (so every server and the admin console
 * know the last good backup), and old files are pruned by the retention policy.
 */
export interface ScheduledBackupOptions {
  readonly dir: string;
  readonly keepDaily: number;
  readonly keepWeekly: number;
  readonly timeZone: string;
  readonly now?: () => Date;
}

export interface BackupRunResult {
  readonly status: 'verified' | 'failed';
  readonly file: string | undefined;
  readonly bytes: number | undefined;
  readonly rows: number | undefined;
  readonly error: string | undefined;
  readonly deleted: readonly string[];
}

const quiet: BackupProgress = { start() {}, table() {}, rows() {}, finish() {} };

class VerifyError extends Error {}

/** Reads a backup file back completely; throws VerifyError naming what does not match. */
export async function verifyBackupFile(file: string, expectedSha256?: string): Promise<BackupHeader> {
  const hash = crypto.createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const gunzip = zlib.createGunzip();
  const decoded = fs.createReadStream(file).pipe(hashing).pipe(gunzip);
  const lines = readline.createInterface({ input: decoded, crlfDelay: Infinity });
  let header: BackupHeader | undefined;
  const counts = new Map<string, number>();
  let current: string | undefined;
  for await (const line of lines) {
    if (header === undefined) {
      try {
        header = JSON.parse(line) as BackupHeader;
      } catch {
        throw new VerifyError('the first line is not a backup header');
      }
      if (header.format !== BACKUP_FORMAT) throw new VerifyError('not a ketaclinic backup');
      continue;
    }
    if (current === undefined) {
      const match = /^#table (.+)$/.exec(line);
      if (!match?.[1]) throw new VerifyError(`unexpected line outside a table: ${line.slice(0, 40)}`);
      current = match[1];
      counts.set(current, 0);
    } else if (line === '\\.') {
      current = undefined;
    } else {
      counts.set(current, (counts.get(current) ?? 0) + 1);
    }
  }
  if (!header) throw new VerifyError('the file is empty');
  if (current !== undefined) throw new VerifyError(`the file ends inside table ${current}`);
  for (const t of header.tables) {
    const found = counts.get(t.name);
    if (found !== t.rows)
      throw new VerifyError(`table ${t.name}: ${found ?? 'missing'} rows read back, ${t.rows} written`);
  }
  if (counts.size !== header.tables.length) throw new VerifyError('the file holds tables its header does not list');
  const sha256 = hash.digest('hex');
  if (expectedSha256 !== undefined && sha256 !== expectedSha256)
    throw new VerifyError('the file read back differs from what was written (SHA-256 mismatch)');
  return header;
}

export async function runScheduledBackup(
  pool: DatabasePool,
  options: ScheduledBackupOptions,
): Promise<BackupRunResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const host = `${os.hostname()}:${process.pid}`.slice(0, 300);
  const name = backupFileName(startedAt);
  const file = path.join(options.dir, name);
  const partial = path.join(options.dir, `.${name}.partial`);
  let bytes = 0;
  let header: BackupHeader | undefined;
  let sha256: string | undefined;
  try {
    fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    if (fs.existsSync(file)) throw new Error(`${file} already exists`);
    const hash = crypto.createHash('sha256');
    const client = await pool.connect();
    try {
      const gzip = zlib.createGzip();
      const counting = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          hash.update(chunk);
          done(null, chunk);
        },
      });
      const done = pipeline(gzip, counting, fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      header = await writeBackup(client, gzip, quiet, now);
      gzip.end();
      await done;
    } finally {
      client.release();
    }
    sha256 = hash.digest('hex');
    const fd = fs.openSync(partial, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(partial, file);
    await verifyBackupFile(file, sha256);
  } catch (error) {
    for (const leftover of [partial, file]) {
      try {
        fs.rmSync(leftover, { force: true });
      } catch {
        // the directory itself is unusable; nothing was left in it
      }
    }
    const message = (error as Error).message.slice(0, 2000) || 'unknown error';
    await record(pool, {
      startedAt,
      finishedAt: now(),
      status: 'failed',
      dir: options.dir,
      host,
      error: error instanceof VerifyError ? `verification failed: ${message}` : message,
    });
    return { status: 'failed', file: undefined, bytes: undefined, rows: undefined, error: message, deleted: [] };
  }
  const rows = header.tables.reduce((sum, t) => sum + t.rows, 0);
  await record(pool, {
    startedAt,
    finishedAt: now(),
    status: 'verified',
    dir: options.dir,
    host,
    fileName: name,
    bytes,
    tables: header.tables.length,
    rows,
    schemaVersion: header.schemaVersion,
    sha256,
  });
  const deleted = pruneBackups(options);
  return { status: 'verified', file, bytes, rows, error: undefined, deleted };
}

/** Deletes the scheduled backups the retention policy no longer keeps; returns their names. */
export function pruneBackups(
  options: Pick<ScheduledBackupOptions, 'dir' | 'keepDaily' | 'keepWeekly' | 'timeZone'>,
): string[] {
  const files = fs
    .readdirSync(options.dir)
    .map((name) => ({ name, takenAt: parseBackupFileName(name) }))
    .filter((f): f is { name: string; takenAt: Date } => f.takenAt !== undefined);
  const keep = backupsToKeep(files, {
    daily: options.keepDaily,
    weekly: options.keepWeekly,
    timeZone: options.timeZone,
  });
  const deleted: string[] = [];
  for (const f of files) {
    if (keep.has(f.name)) continue;
    fs.rmSync(path.join(options.dir, f.name), { force: true });
    deleted.push(f.name);
  }
  return deleted;
}

interface RunRecord {
  startedAt: Date;
  finishedAt: Date;
  status: 'verified' | 'failed';
  dir: string;
  host: string;
  fileName?: string;
  bytes?: number;
  tables?: number;
  rows?: number;
  schemaVersion?: number;
  sha256?: string;
  error?: string;
}

async function record(pool: DatabasePool, run: RunRecord): Promise<void> {
  await insertBackupRun(pool, {
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    status: run.status,
    directory: run.dir,
    fileName: run.fileName ?? null,
    bytes: run.bytes ?? null,
    tableCount: run.tables ?? null,
    rowCount: run.rows ?? null,
    schemaVersion: run.schemaVersion ?? null,
    sha256: run.sha256 ?? null,
    error: run.error ?? null,
    host: run.host,
  });
}

export interface BackupStatus {
  readonly lastGood:
    | {
        readonly finishedAt: Date;
        readonly fileName: string;
        readonly directory: string;
        readonly bytes: number;
        readonly rows: number;
        readonly host: string;
      }
    | undefined;
  readonly lastRun:
    { readonly finishedAt: Date; readonly status: 'verified' | 'failed'; readonly error: string | null } | undefined;
}

export async function backupStatus(pool: DatabasePool): Promise<BackupStatus> {
  const [g, l] = await Promise.all([lastVerifiedBackupRun(pool), lastBackupRun(pool)]);
  return {
    lastGood: g
      ? {
          finishedAt: g.finishedAt,
          fileName: g.fileName,
          directory: g.directory,
          bytes: g.bytes,
          rows: g.rowCount,
          host: g.host,
        }
      : undefined,
    lastRun: l ? { finishedAt: l.finishedAt, status: l.status, error: l.error } : undefined,
  };
}
