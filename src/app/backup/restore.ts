import { once } from 'node:events';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { latestVersion, migrate } from '../../db/migrate.js';
import { forgetSealHorizon } from '../../db/repositories/audit-log.js';
import {
  copyTableIn,
  disableTriggersForTransaction,
  hasRows,
  listTables,
  setSequence,
} from '../../db/repositories/backup.js';
import { inClientTransaction, type DatabaseClient } from '../context.js';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupHeader, type BackupProgress } from './backup.js';

/**
 * Reads a backup into an EMPTY database: migrate to the backup's schema version, load every table
 * in one transaction, set the sequences, then apply any newer migrations. Refuses a database that
 * holds any row, so a restore can never mix two clinics' data.
 */
export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreError';
  }
}

function parseHeader(line: string | undefined): BackupHeader {
  let header: BackupHeader;
  try {
    header = JSON.parse(line ?? '') as BackupHeader;
  } catch {
    throw new RestoreError('this file is not a ketaclinic backup (no header line)');
  }
  if (header.format !== BACKUP_FORMAT) throw new RestoreError('this file is not a ketaclinic backup');
  if (header.formatVersion !== BACKUP_FORMAT_VERSION)
    throw new RestoreError(
      `backup format ${header.formatVersion} is not supported (this build reads ${BACKUP_FORMAT_VERSION})`,
    );
  if (header.schemaVersion > latestVersion()) {
    throw new RestoreError(
      `the backup is from a newer ketaclinic (schema ${header.schemaVersion}; this build knows ${latestVersion()}); upgrade first`,
    );
  }
  return header;
}

async function assertEmpty(client: DatabaseClient): Promise<void> {
  for (const t of await listTables(client)) {
    if (await hasRows(client, t.name))
      throw new RestoreError(
        `the target database is not empty (table ${t.name} has rows); restore only into an empty database`,
      );
  }
}

export async function restoreBackup(
  client: DatabaseClient,
  input: Readable,
  progress: BackupProgress,
): Promise<BackupHeader> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const first = await lines.next();
  const header = parseHeader(first.done ? undefined : first.value);

  await assertEmpty(client);
  await migrate(client, { target: header.schemaVersion });
  const known = new Map((await listTables(client)).map((t) => [t.name, t]));
  for (const t of header.tables) {
    if (!known.has(t.name))
      throw new RestoreError(`the backup has table ${t.name}, which schema ${header.schemaVersion} does not`);
  }

  progress.start(header.tables.reduce((sum, t) => sum + t.rows, 0));
  await inClientTransaction(client, async () => {
    // Triggers (audit guards, derived rows) must not fire for rows that are being put back as they were.
    await disableTriggersForTransaction(client);
    for (const t of header.tables) {
      const marker = await lines.next();
      if (marker.done || marker.value !== `#table ${t.name}`)
        throw new RestoreError(`the backup is damaged: expected table ${t.name}`);
      progress.table(t.name, t.rows);
      const sink = copyTableIn(client, t);
      let count = 0;
      for (;;) {
        const next = await lines.next();
        if (next.done) throw new RestoreError(`the backup is truncated inside table ${t.name}`);
        if (next.value === '\\.') break;
        if (!sink.write(`${next.value}\n`)) await once(sink, 'drain');
        count += 1;
        if (count % 1000 === 0) progress.rows(1000);
      }
      progress.rows(count % 1000);
      sink.end();
      await once(sink, 'finish');
      if (count !== t.rows)
        throw new RestoreError(`the backup is damaged: table ${t.name} should have ${t.rows} rows, found ${count}`);
    }
    for (const s of header.sequences) if (s.value !== null) await setSequence(client, s);
  });
  await migrate(client);
  // The sealer's horizon counts this database's transactions, not the backed-up one's: its next pass reads the whole log.
  await forgetSealHorizon(client);
  progress.finish();
  return header;
}
