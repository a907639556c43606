import { describe, expect, it } from 'vitest';
import { backupFileName, backupsToKeep, parseBackupFileName } from '../../../src/app/backup/retention.js';
import { classifyDisk } from '../../../src/app/ops/disk-space.js';
import { stopReason } from '../../../src/db/embedded/watchdog.js';
import { databaseFault, databaseProblem } from '../../../src/http/plugins/database-problem.js';

const MB = 1048576;
const GB = 1024 * MB;
const thresholds = { warnFreePercent: 10, warnFreeBytes: GB, refuseUploadsFreeBytes: 256 * MB };

describe('disk thresholds: warn below 10 % or 1 GB (whichever is less), refuse uploads below 256 MB', () => {
  it.each([
    // total, free, low, refuse
    [500 * GB, 2 * GB, false, false], // 0.4 %, but above 1 GB: a big disk with room
    [500 * GB, GB - 1, true, false],
    [5 * GB, 600 * MB, false, false], // 12 %
    [5 * GB, 500 * MB, true, false], // 9.8 %
    [5 * GB, 256 * MB, true, false], // exactly the upload threshold: still accepted
    [5 * GB, 256 * MB - 1, true, true],
    [120 * MB, 0, true, true],
  ])('total %d, free %d → low %s, refuse %s', (total, free, low, refuse) => {
    expect(classifyDisk(total, free, thresholds)).toEqual({ low, refuseUploads: refuse });
  });
});

describe('database faults become 503s', () => {
  it.each([
    [{ code: 'ECONNREFUSED', syscall: 'connect' }, 'unavailable'],
    [{ code: 'ENOENT', syscall: 'connect', message: 'connect ENOENT /data/run/.s.PGSQL.5432' }, 'unavailable'],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, 'unavailable'],
    [{ code: '57P03', message: 'the database system is starting up' }, 'unavailable'],
    [{ code: '08006' }, 'unavailable'],
    [new Error('Connection terminated unexpectedly'), 'unavailable'],
    [new Error('timeout exceeded when trying to connect'), 'unavailable'],
    [{ code: '25006', message: 'cannot execute INSERT in a read-only transaction' }, 'read_only'],
    [{ code: '53100', message: 'could not extend file: No space left on device' }, 'disk_full'],
  ])('%o → %s', (error, fault) => {
    expect(databaseFault(error)).toBe(fault);
  });

  it.each([
    [{ code: 'ENOENT', syscall: 'open', message: "ENOENT: no such file or directory, open 'x'" }],
    [{ code: '23505', message: 'duplicate key value violates unique constraint' }],
    [new Error('something else')],
    [undefined],
  ])('%o is not a database fault', (error) => {
    expect(databaseFault(error)).toBeUndefined();
  });

  it.each([
    [{ code: '40P01', message: 'deadlock detected' }],
    [{ code: '40001', message: 'could not serialize access due to concurrent update' }],
  ])('%o (a transaction failed by a concurrent one) → 503 database_busy', (error) => {
    expect(databaseProblem(error)).toMatchObject({ status: 503, code: 'database_busy' });
  });

  it('a constraint refusal is not a database fault: it stays the caller’s 4xx', () => {
    expect(
      databaseProblem({ code: '23P01', message: 'conflicting key value violates exclusion constraint' }),
    ).toBeUndefined();
  });
});

describe('why PostgreSQL stopped, in one sentence', () => {
  it('names a full disk', () => {
    expect(
      stopReason('PANIC:  could not write to file "pg_wal/xlogtemp.123": No space left on device', 3 * MB),
    ).toMatch(/the disk holding the database is full \(3 MB free\)/);
  });
  it('quotes the last FATAL line otherwise', () => {
    expect(stopReason('LOG: x\nFATAL:  could not load library "y"\n', 10 * GB)).toBe(
      'PostgreSQL says: FATAL: could not load library "y"',
    );
  });
});

describe('backup retention', () => {
  it('names files by their UTC time, and reads the names back', () => {
    const at = new Date('2026-11-30T07:30:05.123Z');
    expect(backupFileName(at)).toBe('ketaclinic-20261130T073005Z.kcbackup.gz');
    expect(parseBackupFileName(backupFileName(at))?.toISOString()).toBe('2026-11-30T07:30:05.000Z');
    expect(parseBackupFileName('ketaclinic-2026.kcbackup.gz')).toBeUndefined();
  });

  it('counts days in the clinic time zone: 01:00 UTC is still the previous day in New York', () => {
    const files = [
      { name: 'a', takenAt: new Date('2026-11-30T01:00:00Z') }, // 29 Nov 20:00 in New York
      { name: 'b', takenAt: new Date('2026-11-29T20:00:00Z') }, // 29 Nov 15:00 in New York
    ];
    expect([...backupsToKeep(files, { daily: 7, weekly: 0, timeZone: 'America/New_York' })]).toEqual(['a']);
    expect([...backupsToKeep(files, { daily: 7, weekly: 0, timeZone: 'UTC' })].sort()).toEqual(['a', 'b']);
  });

  it('keeps weekly backups across a year boundary by ISO week', () => {
    const days = ['2026-12-27', '2026-12-28', '2027-01-03', '2027-01-04'].map((d, i) => ({
      name: String(i),
      takenAt: new Date(`${d}T12:00:00Z`),
    }));
    // ISO weeks: 27 Dec 2026 → 2026-W52; 28 Dec 2026 and 3 Jan 2027 → 2026-W53; 4 Jan 2027 → 2027-W01.
    expect([...backupsToKeep(days, { daily: 1, weekly: 3, timeZone: 'UTC' })].sort()).toEqual(['0', '2', '3']);
  });
});

describe('a killed postmaster', () => {
  it('is named as such, not by the message its orphaned backends left', () => {
    expect(
      stopReason(
        'LOG:  checkpoint complete\nFATAL:  terminating connection due to unexpected postmaster exit\n',
        10 * GB,
      ),
    ).toMatch(/killed by a signal or the out-of-memory killer/);
  });
});
