import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { RunAs } from './os-user.js';

/** Runs one of the shipped PostgreSQL programs (initdb, pg_ctl) as the user postgres runs as. */
export interface ProgramResult {
  readonly code: number | null;
  readonly output: string;
}

export function runProgram(
  binDir: string,
  program: 'initdb' | 'pg_ctl',
  args: readonly string[],
  runAs: RunAs | undefined,
): Promise<ProgramResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(binDir, program), args, {
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
      // A fixed message language: we show postgres's own words when something fails.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C', HOME: '/tmp' },
      // pg_ctl start leaves the postmaster running with inherited pipes open; never wait on them.
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: '/',
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      if (output.length < 64_000) output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('exit', (code) => {
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code, output: output.trim() });
    });
  });
}

/** The last lines of the server log, for error messages that must never be empty. */
export function logTail(logFile: string, lines = 15): string {
  try {
    const text = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n');
    return text.slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}
