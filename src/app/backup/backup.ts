import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { appliedVersion } from '../../db/migrate.js';
import { listSequences, listTables, quoteIdent, type SequenceInfo } from './tables.js';

/**
 * A consistent snapshot of every table, taken in one REPEATABLE READ transaction and streamed:
 * a JSON header line (schema version, tables with row counts, sequences), then per table a
 * `#table <name>` line followed by its rows in PostgreSQL's COPY text format and a `\.` line.
 * COPY text is exact for every type, so a restore reproduces the data byte for byte.
 */
export const BACKUP_FORMAT = 'ketaclinic-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT;
  readonly formatVersion: number;
  readonly schemaVersion: number;
  readonly createdAt: string;
  readonly tables: readonly { name: string; columns: readonly string[]; rows: number }[];
  readonly sequences: readonly SequenceInfo[];
}

export interface BackupProgress {
  start(totalRows: number): void;
  table(name: string, rows: number): void;
  rows(count: number): void;
  finish(): void;
}

async function write(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export async function writeBackup(
  client: pg.ClientBase,
  out: Writable,
  progress: BackupProgress,
  now: () => Date = () => new Date(),
): Promise<BackupHeader> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const schemaVersion = await appliedVersion(client);
    const tables = await listTables(client);
    const counted = [];
    for (const t of tables) {
      const res = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(t.name)}`);
      counted.push({ name: t.name, columns: t.columns, rows: res.rows[0]?.n ?? 0 });
    }
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      schemaVersion,
      createdAt: now().toISOString(),
      tables: counted,
      sequences: await listSequences(client),
    };
    progress.start(counted.reduce((sum, t) => sum + t.rows, 0));
    await write(out, `${JSON.stringify(header)}\n`);
    for (const t of counted) {
      progress.table(t.name, t.rows);
      await write(out, `#table ${t.name}\n`);
      const cols = t.columns.map(quoteIdent).join(', ');
      const stream = client.query(copyTo(`COPY ${quoteIdent(t.name)} (${cols}) TO STDOUT`));
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        let lines = 0;
        for (const byte of chunk) if (byte === 10) lines += 1;
        await write(out, chunk);
        progress.rows(lines);
      }
      await write(out, '\\.\n');
    }
    await client.query('COMMIT');
    progress.finish();
    return header;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
