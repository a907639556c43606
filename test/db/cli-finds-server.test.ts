import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue 13: `npx ketaclinic demo` (or any data command) in a second shell, without KETACLINIC_DATA_DIR,
 * uses the running server's data directory; with no server running it says which directory it uses and
 * that no server uses it. Real processes, real embedded PostgreSQL.
 */
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/ketaclinic.js');
const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-cli-find-'));
fs.chmodSync(parent, 0o755); // postgres (another OS user under root) must pass through
const runtimeDir = path.join(parent, 'runtime');
const serverData = path.join(parent, 'server-data');
const otherShell = path.join(parent, 'elsewhere');
fs.mkdirSync(otherShell, { mode: 0o755 });
fs.chmodSync(otherShell, 0o755);
let server: ChildProcess | undefined;

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
  }
  fs.rmSync(parent, { recursive: true, force: true });
});

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, KETACLINIC_RUNTIME_DIR: runtimeDir, LOG_LEVEL: 'warn', ...extra };
  delete e.DATABASE_URL;
  delete e.TEST_DATABASE_URL;
  delete e.KETACLINIC_DATA_DIR;
  return { ...e, ...extra };
}

/** A command typed in a second shell: another directory, no KETACLINIC_DATA_DIR. */
const secondShell = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: otherShell, env: env(), encoding: 'utf8', timeout: 90_000 });

async function startServer(): Promise<string> {
  const child = spawn(process.execPath, [bin, 'start'], {
    env: env({ KETACLINIC_DATA_DIR: serverData, PORT: '0' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const match = /running at (http:\/\/[\d.]+:\d+)/.exec(output);
    if (match?.[1]) return match[1];
    if (child.exitCode !== null) throw new Error(`start exited ${child.exitCode}: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`start did not become ready: ${output}`);
}

describe.skipIf(process.env.TEST_DATABASE_URL !== undefined)('CLI commands find the running server', () => {
  it('a second shell without KETACLINIC_DATA_DIR uses the running server’s data directory', async () => {
    const url = await startServer();
    const res = secondShell(['migrate']);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toContain(
      `KETACLINIC_DATA_DIR is not set: using ${serverData}, the data directory of the ketaclinic server running at ${url}`,
    );
    // no second database was created where the command ran
    expect(fs.existsSync(path.join(otherShell, 'data'))).toBe(false);
  }, 120_000);

  it('with no server running, says which data directory it uses and that no server uses it', async () => {
    server!.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
    const res = secondShell(['migrate']);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toContain(
      `using the data directory ${path.join(otherShell, 'data')}; no ketaclinic server is running on it`,
    );
  }, 120_000);
});
