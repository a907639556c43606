import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { isRoot } from '../../src/db/embedded/os-user.js';

/**
 * The embedded supervisor, exercised the way people use it: the real `ketaclinic` command in a
 * child process, a real PostgreSQL, real signals.
 */
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/ketaclinic.js');
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  for (const dir of dirs) {
    // Stop anything a test left running in this data directory before removing it.
    if (fs.existsSync(path.join(dir, 'pg', 'postmaster.pid'))) run(dir, ['migrate']);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-supervisor-'));
  fs.chmodSync(dir, 0o755); // mkdtemp makes it private; postgres (another OS user under root) must pass through
  dirs.push(dir);
  return path.join(dir, 'data');
}

function env(dir: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, KETACLINIC_DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'warn' };
  delete e.DATABASE_URL;
  delete e.TEST_DATABASE_URL;
  return e;
}

function run(dir: string, args: string[]): { status: number | null; stderr: string; stdout: string } {
  const res = spawnSync(process.execPath, [bin, ...args], { env: env(dir), encoding: 'utf8', timeout: 60_000 });
  return { status: res.status, stderr: res.stderr, stdout: res.stdout };
}

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(dir: string): Promise<Started> {
  const child = spawn(process.execPath, [bin, 'start'], { env: env(dir), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const match = /running at (http:\/\/[\d.]+:\d+)/.exec(output);
    if (match?.[1]) return { child, url: match[1], output: () => output, exited };
    if (child.exitCode !== null) throw new Error(`start exited ${child.exitCode}: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`start did not become ready: ${output}`);
}

const socketConfig = (dir: string): pg.ClientConfig => ({
  host: path.join(dir, 'run'),
  port: 5432,
  user: 'postgres',
  database: 'ketaclinic',
});
const postgresRunning = (dir: string): boolean => fs.existsSync(path.join(dir, 'run', '.s.PGSQL.5432'));

describe.skipIf(process.env.TEST_DATABASE_URL !== undefined)('embedded PostgreSQL supervisor', () => {
  it('first run initialises the cluster, creates the database and migrates it; SIGTERM stops postgres and exits 0', async () => {
    const dir = dataDir();
    const server = await start(dir);
    expect(server.output()).toMatch(/initialising a new PostgreSQL/);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(postgresRunning(dir)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'server.json'))).toBe(false);
  });

  it('after SIGKILL, the next start stops the orphaned postgres cleanly and keeps every acknowledged write', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const client = new pg.Client(socketConfig(dir));
    await client.connect();
    await client.query("INSERT INTO organizations (name) VALUES ('Acknowledged before the crash')");
    await client.end();
    first.child.kill('SIGKILL');
    await first.exited;
    expect(postgresRunning(dir)).toBe(true); // the orphan still holds the data directory

    const second = await start(dir);
    expect(second.output()).toMatch(/left running by a ketaclinic process that is gone/);
    const again = new pg.Client(socketConfig(dir));
    await again.connect();
    const rows = await again.query(
      "SELECT count(*)::int AS n FROM organizations WHERE name = 'Acknowledged before the crash'",
    );
    await again.end();
    expect(rows.rows[0].n).toBe(1);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('refuses a second start on the same data directory with a clear message and leaves the first one serving', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const second = run(dir, ['start']);
    expect(second.status).not.toBe(0);
    expect(second.stderr).toMatch(/already running on this data directory .*Nothing was changed/);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });

  it('runs other commands against the running server’s database without stopping it', async () => {
    const dir = dataDir();
    const server = await start(dir);
    const demo = run(dir, ['demo']);
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stderr).toMatch(/loaded the demo clinic/);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('starts postgres for a command when no server runs, and stops it afterwards', () => {
    const dir = dataDir();
    const demo = run(dir, ['demo']);
    expect(demo.status, demo.stderr).toBe(0);
    expect(postgresRunning(dir)).toBe(false);
    const again = run(dir, ['demo']);
    expect(again.stderr).toMatch(/already loaded/);
  });

  it.skipIf(!isRoot())(
    'as root, explains exactly what to do when the postgres user cannot reach the data directory',
    () => {
      const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-private-'));
      dirs.push(parent);
      fs.chmodSync(parent, 0o700);
      const result = run(path.join(parent, 'data'), ['migrate']);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`cannot enter ${parent}`);
      expect(result.stderr).toContain(`chmod o+x ${parent}`);
      expect(fs.existsSync(path.join(parent, 'data'))).toBe(false);
    },
  );
});
