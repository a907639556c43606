import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { appliedVersion } from '../../db/migrate.js';
import { copyTableOut, countRows, listSequences, listTables, type SequenceInfo } from '../../db/repositories/backup.js';
import { inClientTransaction, type DatabaseClient } from '../context.js';

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
  client: DatabaseClient,
  out: Writable,
  progress: BackupProgress,
  now: () => Date = () => new Date(),
): Promise<BackupHeader> {
  const header = await inClientTransaction(
    client,
    async () => {
      const schemaVersion = await appliedVersion(client);
      const tables = await listTables(client);
      const counted = [];
      for (const t of tables) counted.push({ name: t.name, columns: t.columns, rows: await countRows(client, t.name) });
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
        for await (const chunk of copyTableOut(client, t) as AsyncIterable<Buffer>) {
          let lines = 0;
          for (const byte of chunk) if (byte === 10) lines += 1;
          await write(out, chunk);
          progress.rows(lines);
        }
        await write(out, '\\.\n');
      }
      return header;
    },
    'snapshot',
  );
  progress.finish();
  return header;
}
