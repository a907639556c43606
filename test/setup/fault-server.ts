import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { validIntake } from '../http/intake-fixtures.js';

/**
 * Process-level fault tests: the real `ketaclinic start` in a child process, real PostgreSQL, real
 * signals, and a bounded stream of "Get started" requests against it on loopback.
 */
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/ketaclinic.js');
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await Promise.all(
    children.map(
      (c) =>
        new Promise((r) => {
          if (c.exitCode !== null || c.signalCode !== null) return r(undefined);
          c.once('exit', r);
          setTimeout(r, 15_000).unref();
        }),
    ),
  );
  for (const cleanup of cleanups.reverse()) await cleanup();
});

export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755); // postgres (another OS user under root) must pass through
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function serverEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    LOG_LEVEL: 'info',
    KETACLINIC_INTAKE_MIN_FILL_SECONDS: '0',
    KETACLINIC_INTAKE_RATE_LIMIT: '1000000',
    KETACLINIC_DB_RESTART_MAX_BACKOFF_SECONDS: '2',
    ...extra,
  };
  delete env.TEST_DATABASE_URL;
  if (extra.DATABASE_URL === undefined) delete env.DATABASE_URL;
  return env;
}

export interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  readonly exited: Promise<number | null>;
}

export async function startKetaclinic(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, [bin, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const match = /running at (http:\/\/[\d.]+:\d+)/.exec(output);
    if (match?.[1]) return { child, url: match[1], output: () => output, exited };
    if (child.exitCode !== null) throw new Error(`start exited ${child.exitCode}: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`start did not become ready: ${output}`);
}

export function runKetaclinic(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

export async function formToken(url: string): Promise<string> {
  const page = await fetch(`${url}/get-started`);
  const match = /data-form-token="([^"]+)"/.exec(await page.text());
  if (!match?.[1]) throw new Error('no form token on /get-started');
  return match[1];
}

export interface LoadResult {
  readonly acknowledged: string[];
  readonly statuses: Map<number, number>;
  /** Responses that were not a clean answer: a reset socket, a refused connection. */
  readonly networkErrors: number;
  /** 503s without Retry-After or without problem+json. */
  readonly badUnavailable: number;
  readonly codes: Set<string>;
}

export interface Load {
  stop(): Promise<LoadResult>;
  /** How many requests have been answered so far. */
  count(): number;
  /** How many writes have been acknowledged (201) so far. */
  acknowledged(): number;
}

/** `concurrency` loops posting intakes until stopped (bounded: at most `maxMs`). */
export function startLoad(
  url: string,
  token: string,
  options: { concurrency?: number; maxMs?: number; body?: (n: number) => Record<string, unknown> } = {},
): Load {
  const result = {
    acknowledged: [] as string[],
    statuses: new Map<number, number>(),
    networkErrors: 0,
    badUnavailable: 0,
    codes: new Set<string>(),
  };
  let stopped = false;
  let answered = 0;
  const deadline = Date.now() + (options.maxMs ?? 60_000);
  let n = 0;
  const loop = async (): Promise<void> => {
    while (!stopped && Date.now() < deadline) {
      n += 1;
      const body = options.body?.(n) ?? validIntake(token);
      try {
        const res = await fetch(`${url}/api/v1/intake`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(20_000),
        });
        const text = await res.text();
        answered += 1;
        result.statuses.set(res.status, (result.statuses.get(res.status) ?? 0) + 1);
        if (res.status === 201) result.acknowledged.push((JSON.parse(text) as { reference: string }).reference);
        else {
          const parsed = JSON.parse(text) as { code?: string };
          if (parsed.code) result.codes.add(parsed.code);
          if (
            res.status === 503 &&
            (!res.headers.get('retry-after') || !res.headers.get('content-type')?.includes('problem+json'))
          )
            result.badUnavailable += 1;
          // A client would wait for Retry-After; the test waits a little so the loop stays bounded.
          if (res.status >= 500) await new Promise((r) => setTimeout(r, 50));
        }
      } catch {
        result.networkErrors += 1;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const loops = Array.from({ length: options.concurrency ?? 6 }, loop);
  return {
    count: () => answered,
    acknowledged: () => result.acknowledged.length,
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return result;
    },
  };
}

/** Polls /readyz until it answers 200 (and `also` holds); returns the milliseconds it took. */
export async function readyWithin(url: string, ms: number, also: () => boolean = () => true): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    try {
      if (!safely(also)) throw new Error('not yet');
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return Date.now() - started;
    } catch {
      // the process must answer; a refused connection here fails the assertion below
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`/readyz did not return 200 within ${ms} ms`);
}

export async function countPresent(config: pg.ClientConfig, references: readonly string[]): Promise<number> {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  await client.connect();
  try {
    const res = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM intakes WHERE reference = ANY($1)', [
      references,
    ]);
    return res.rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

export async function seedOrganization(config: pg.ClientConfig): Promise<void> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await client.query("INSERT INTO organizations (name) VALUES ('Fictional Fault-Test Clinic')");
  } finally {
    await client.end();
  }
}

export function postmasterPid(dataDir: string): number {
  const first = fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0] ?? '';
  return Number.parseInt(first, 10);
}

export const socketConfig = (dataDir: string): pg.ClientConfig => ({
  host: path.join(dataDir, 'run'),
  port: 5432,
  user: 'postgres',
  database: 'ketaclinic',
});

function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false; // postmaster.pid is briefly missing while PostgreSQL starts
  }
}
