import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import type { BenchResult } from './result.js';

/**
 * The server as a person runs it (`ketaclinic start` in its own process, embedded PostgreSQL with
 * fsync on), measured from outside over loopback: start-to-ready, /healthz, resident memory; and the
 * baseline every write path is compared with — a bare Fastify + pg endpoint inserting one row per
 * request into the same database, in this process.
 */
const root = path.resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
  readyMs: number;
}

async function startServer(dataDir: string): Promise<Server> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--max-semi-space-size=4', path.join(root, 'bin/ketaclinic.js'), 'start'], {
    env: { ...process.env, KETACLINIC_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  while (!/running at/.test(output)) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const readyMs = performance.now() - started;
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    readyMs,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function load(url: string, options: Partial<autocannon.Options> = {}): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...options });
}

export async function benchHttp(extra: (server: { url: string; dataDir: string }) => Promise<BenchResult[]> = async () => []): Promise<BenchResult[]> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaclinic-bench-'));
  fs.chmodSync(parent, 0o755);
  const dataDir = path.join(parent, 'data');
  const results: BenchResult[] = [];
  try {
    // First start initialises the cluster; the second is the "already initialised" start we budget.
    await (await startServer(dataDir)).stop();
    const server = await startServer(dataDir);
    results.push({ name: 'npm start to ready (initialised data dir)', value: server.readyMs, unit: 'ms', target: '< 1000', ok: server.readyMs < 1000 });
    try {
      const health = await load(`${server.url}/healthz`);
      results.push({ name: `GET /healthz (${CONNECTIONS} connections)`, value: health.requests.average, unit: 'req/s' });
      results.push({ name: 'GET /healthz p99 latency', value: health.latency.p99, unit: 'ms' });
      results.push(...(await extra({ url: server.url, dataDir })));
      const rss = rssMb(server.pid);
      results.push({ name: 'server resident memory after load', value: rss, unit: 'MB', target: '< 150', ok: rss < 150 });
      results.push(...(await baselineInsert(dataDir)));
    } finally {
      await server.stop();
    }
  } finally {
    // Stop the cluster (the server stopped it; a leftover would be an orphan) and remove it.
    fs.rmSync(parent, { recursive: true, force: true });
  }
  return results;
}

/** Bare Fastify + pg: one INSERT per request into the same embedded database, started just for this. */
async function baselineInsert(dataDir: string): Promise<BenchResult[]> {
  const { openEmbeddedDatabase } = await import('../src/db/embedded/supervisor.js');
  const db = await openEmbeddedDatabase({ explicitDataDir: dataDir, cwd: root, role: 'cli', log: () => undefined });
  const pool = new pg.Pool({ ...db.connection(), max: 10 });
  const app = Fastify();
  try {
    await pool.query('CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, systolic int, diastolic int, recorded_at timestamptz DEFAULT now())');
    app.post('/insert', async (request) => {
      const body = request.body as { systolic: number; diastolic: number };
      const res = await pool.query<{ id: string }>('INSERT INTO bench_baseline (systolic, diastolic) VALUES ($1, $2) RETURNING id', [body.systolic, body.diastolic]);
      return { id: res.rows[0]?.id };
    });
    const port = await freePort();
    await app.listen({ port, host: '127.0.0.1' });
    const result = await load(`http://127.0.0.1:${port}/insert`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ systolic: 128, diastolic: 82 }) });
    return [
      { name: `baseline: bare Fastify + pg INSERT (${CONNECTIONS} connections)`, value: result.requests.average, unit: 'req/s' },
      { name: 'baseline INSERT p99 latency', value: result.latency.p99, unit: 'ms' },
    ];
  } finally {
    await app.close();
    await pool.end();
    await db.close();
  }
}
