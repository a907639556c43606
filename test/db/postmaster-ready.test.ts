import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postmasterReady } from '../../src/db/embedded/cluster.js';

// postmaster.pid as PostgreSQL writes it (pidfile.h): pid, data directory, start time, port, socket directory,
// listen address, shared memory key, status. The start waits for what `pg_ctl start -w` waits for.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaclinic-pidfile-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const now = Math.floor(Date.now() / 1000);
const deadPid = 2 ** 22 + 17; // above pid_max's default: no such process
const pidFile = (pid: number, startedAt: number, status: string): string =>
  [pid, '/data/pg', startedAt, 5432, '/data/run', '', '  1234567   2345', status.padEnd(8), ''].join('\n');

describe('postmasterReady: the started server says it accepts connections', () => {
  it.each([
    ['a live postmaster started now, ready', pidFile(process.pid, now, 'ready'), true],
    ['still starting', pidFile(process.pid, now, 'starting'), false],
    ['ready but started before this start (a stale file)', pidFile(process.pid, now - 3600, 'ready'), false],
    ['ready but the process is gone (left by a crash)', pidFile(deadPid, now, 'ready'), false],
    ['stopping', pidFile(process.pid, now, 'stopping'), false],
    ['written only in part', `${process.pid}\n/data/pg\n`, false],
    ['empty', '', false],
  ])('%s → %s', (_, text, ready) => {
    const file = path.join(dir, 'postmaster.pid');
    fs.writeFileSync(file, text);
    expect(postmasterReady(file, now - 1)).toBe(ready);
  });

  it('no file → not ready', () => {
    expect(postmasterReady(path.join(dir, 'absent.pid'), now - 1)).toBe(false);
  });
});
