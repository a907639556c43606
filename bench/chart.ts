/**
 * The chart under load, against `ketaclinic start` in its own process with the demo loaded, measured
 * from outside (DESIGN.md "Performance budgets"):
 * - audited vitals writes `POST /patients/{id}/vitals` (HTTP → validation → authz → insert + audit + timeline
 *   → commit) at 16 connections, spread over 64 patients and four nurse sessions, beside a bare Fastify + pg
 *   INSERT into the same database in the same run (budget: at least half, p99 < 20 ms), each after a warm-up of
 *   its own load (WARM_UP_SECONDS, bench/server.ts);
 * - the whole chart `GET /patients/{id}` over the demo patients (≥ 1,000 req/s, p99 < 50 ms), then the same
 *   after 10,000 vitals and 10,000 timeline events per chart (flat: the same as at demo size);
 * - the server's resident memory after that load (< 150 MB).
 * Run alone: `npx tsx bench/chart.ts` (BENCH_CHART_ONLY=write|read to run one part, e.g. under
 * BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { baselineInsert } from './http.js';
import type { BenchResult } from './result.js';
import { bin, processCpuMs, root, startBenchServer, WARM_UP_SECONDS } from './server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
const PATIENTS = 64;
const NURSE_SESSIONS = 4;
const HISTORY = 10_000;

interface Auth {
  cookie: string;
  csrf: string;
}

async function signIn(url: string, email: string, password: string): Promise<Auth> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = /kc_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  const body = (await res.json()) as { csrfToken: string };
  if (!cookie) throw new Error('no session cookie');
  return { cookie, csrf: body.csrfToken };
}

/** Resident memory of the server (MB): all, anonymous (heap, buffers), file-backed (the node binary, modules). */
function rss(pid: number): { total: number; anon: number; file: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { total: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') + kb('RssShmem') };
}

/** Requests spread round-robin over `paths` and the nurses' sessions; fails loudly on any non-2xx. */
async function spread(
  server: { url: string; pid: number },
  nurses: readonly Auth[],
  paths: readonly string[],
  write?: (turn: number) => string,
): Promise<Measured> {
  const cpuBefore = processCpuMs(server.pid);
  const result = await load(server.url, nurses, paths, write);
  // The server's own CPU per answered request: what the server costs, whatever else the machine is doing.
  return { result, cpuMsPerRequest: (processCpuMs(server.pid) - cpuBefore) / Math.max(1, result.requests.total) };
}

interface Measured {
  readonly result: autocannon.Result;
  readonly cpuMsPerRequest: number;
}

async function load(
  url: string,
  nurses: readonly Auth[],
  paths: readonly string[],
  write?: (turn: number) => string,
  seconds = SECONDS,
): Promise<autocannon.Result> {
  let turn = 0;
  let failure = '';
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: write ? 'POST' : 'GET',
        setupRequest: (request) => {
          const n = turn++;
          const auth = nurses[n % nurses.length]!;
          return {
            ...request,
            path: paths[n % paths.length]!,
            headers: {
              cookie: auth.cookie,
              ...(write ? { 'content-type': 'application/json', 'x-csrf-token': auth.csrf } : {}),
            },
            ...(write ? { body: write(n) } : {}),
          };
        },
        onResponse: (status, body) => {
          if (status >= 300 && !failure) failure = `${status} ${body.slice(0, 300)}`;
        },
      },
    ],
  });
  if (failure) throw new Error(`chart bench: a request failed: ${failure}`);
  return result;
}

const p = ({ result: r, cpuMsPerRequest }: Measured): { rps: number; p50: number; p99: number; cpu: number } => ({
  rps: r.requests.average,
  p50: r.latency.p50,
  p99: r.latency.p99,
  cpu: cpuMsPerRequest,
});

/** 64 synthetic patients (copies of nothing: fresh charts) in the demo clinic, for writes spread wide. */
async function fixturePatients(pool: pg.Pool): Promise<string[]> {
  const res = await pool.query<{ id: string }>(
    `INSERT INTO patients (organization_id, mrn, given_name, family_name, date_of_birth, status, weight_kg, height_cm, sex)
     SELECT (SELECT organization_id FROM patients WHERE family_name = 'Maintenby'), 'C' || lpad(g::text, 5, '0'),
            'Bench', 'Chartload' || g, '1980-01-01', 'maintenance', 80, 175, 'female'
       FROM generate_series(1, $1) g RETURNING id`,
    [PATIENTS],
  );
  return res.rows.map((r) => r.id);
}

/** `count` more vitals and timeline events on each of these charts (10,000: years at a busy pace). */
async function growHistory(pool: pg.Pool, patientIds: readonly string[], count: number): Promise<void> {
  for (const id of patientIds) {
    await pool.query(
      `INSERT INTO patient_vitals (organization_id, patient_id, recorded_at, context, systolic_mmhg, diastolic_mmhg, heart_rate_bpm, recorded_by_user_id)
       SELECT p.organization_id, p.id, now() - make_interval(mins => g * 90), 'clinic', 110 + g % 30, 70 + g % 15, 60 + g % 30,
              (SELECT id FROM users WHERE organization_id = p.organization_id AND patient_id IS NULL ORDER BY created_at LIMIT 1)
         FROM patients p, generate_series(1, $2) g WHERE p.id = $1`,
      [id, count],
    );
    await pool.query(
      `INSERT INTO patient_events (organization_id, patient_id, occurred_at, kind, summary)
       SELECT p.organization_id, p.id, now() - make_interval(mins => g * 90), 'vitals_added', 'Vitals recorded: BP ' || (110 + g % 30) || '/80 mmHg'
         FROM patients p, generate_series(1, $2) g WHERE p.id = $1`,
      [id, count],
    );
  }
  // Settled as two years of history would be, not as a bulk load still being vacuumed and checkpointed while
  // the reads are measured.
  await settle(pool);
}

/**
 * Vacuumed and checkpointed, as autovacuum and the checkpointer leave a clinic's database between busy
 * minutes. Each phase then measures its own path: the audit entries of the phase before (each sealed by an
 * UPDATE that leaves a dead version behind until the next vacuum) do not weigh on the next one.
 */
async function settle(pool: pg.Pool): Promise<void> {
  await pool.query('VACUUM ANALYZE patient_vitals, patient_events, audit_log');
  await pool.query('CHECKPOINT').catch(() => undefined);
}

export async function benchChart(): Promise<BenchResult[]> {
  const only = process.env.BENCH_CHART_ONLY;
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaclinic-bench-chart-'));
  fs.chmodSync(parent, 0o755);
  const dataDir = path.join(parent, 'data');
  await (await startBenchServer(dataDir, { KETACLINIC_JOBS: 'off' })).stop();
  const server = await startBenchServer(dataDir);
  const results: BenchResult[] = [];
  try {
    const demo = spawnSync(process.execPath, [bin, 'demo'], { env: server.env, encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`demo failed: ${demo.stderr}`);
    const { openEmbeddedDatabase } = await import('../src/db/embedded/supervisor.js');
    const db = await openEmbeddedDatabase({ explicitDataDir: dataDir, cwd: root, role: 'cli', log: () => undefined });
    const pool = new pg.Pool({ ...db.connection(), max: 2 });
    try {
      const demoPatients = (
        await pool.query<{ id: string }>(`SELECT id FROM patients WHERE mrn NOT LIKE 'C%' ORDER BY mrn`)
      ).rows.map((r) => r.id);
      const writePatients = await fixturePatients(pool);
      // Statistics as autovacuum leaves them within a minute of these inserts (a clinic's tables are analysed;
      // fresh ones are not, and a generic plan then walks the patients for the one it wants).
      await pool.query('ANALYZE');
      const nurses: Auth[] = [];
      for (let i = 0; i < NURSE_SESSIONS; i++)
        nurses.push(await signIn(server.url, 'nurse@larkspur-demo.example.org', 'larkspur-demo-nurse'));

      if (only !== 'read') {
        const writePaths = writePatients.map((id) => `/api/v1/patients/${id}/vitals`);
        const vitals = (n: number): string =>
          JSON.stringify({ systolicMmHg: 110 + (n % 30), diastolicMmHg: 72, heartRateBpm: 70, spo2Percent: 98 });
        if (WARM_UP_SECONDS > 0) await load(server.url, nurses, writePaths, vitals, WARM_UP_SECONDS);
        const write = p(await spread(server, nurses, writePaths, vitals));
        const baseline = await baselineInsert(dataDir);
        const bare = baseline[0]!.value;
        results.push(
          {
            name: `audited chart vitals writes (${CONNECTIONS} connections, ${PATIENTS} patients, ${NURSE_SESSIONS} sessions)`,
            value: write.rps,
            unit: 'req/s',
          },
          { name: 'audited chart vitals write p50 latency', value: write.p50, unit: 'ms' },
          { name: '… server CPU per write (user + system)', value: write.cpu, unit: 'ms' },
          {
            name: 'audited chart vitals write p99 latency',
            value: write.p99,
            unit: 'ms',
            target: '< 20',
            ok: write.p99 < 20,
          },
          ...baseline,
          {
            name: 'chart vitals writes ÷ bare INSERT (same run)',
            value: write.rps / bare,
            unit: 'ratio',
            target: '≥ 0.5',
            ok: write.rps / bare >= 0.5,
          },
        );
      }

      if (only !== 'write') {
        const chartPaths = demoPatients.map((id) => `/api/v1/patients/${id}`);
        await settle(pool);
        const small = p(await spread(server, nurses, chartPaths));
        // Past the first page (1,000), then ten times that: what a page costs must not grow with history.
        await growHistory(pool, demoPatients, HISTORY / 10);
        const medium = p(await spread(server, nurses, chartPaths));
        await growHistory(pool, demoPatients, HISTORY - HISTORY / 10);
        const large = p(await spread(server, nurses, chartPaths));
        results.push(
          {
            name: `chart read, demo size (${CONNECTIONS} connections, ${demoPatients.length} charts)`,
            value: small.rps,
            unit: 'req/s',
            target: '≥ 1000',
            ok: small.rps >= 1000,
          },
          { name: 'chart read, demo size, p50 latency', value: small.p50, unit: 'ms' },
          { name: '… server CPU per chart read, demo size', value: small.cpu, unit: 'ms' },
          {
            name: 'chart read, demo size, p99 latency',
            value: small.p99,
            unit: 'ms',
            target: '< 50',
            ok: small.p99 < 50,
          },
          {
            name: `chart read after ${(HISTORY / 10).toLocaleString('en-US')} vitals + events per chart`,
            value: medium.rps,
            unit: 'req/s',
          },
          {
            name: `chart read after ${(HISTORY / 10).toLocaleString('en-US')}, p99 latency`,
            value: medium.p99,
            unit: 'ms',
          },
          {
            name: `chart read after ${HISTORY.toLocaleString('en-US')} vitals + events per chart`,
            value: large.rps,
            unit: 'req/s',
            target: '≥ 1000',
            ok: large.rps >= 1000,
          },
          { name: 'chart read with history, p50 latency', value: large.p50, unit: 'ms' },
          { name: '… server CPU per chart read with history', value: large.cpu, unit: 'ms' },
          {
            name: 'chart read with history, p99 latency',
            value: large.p99,
            unit: 'ms',
            target: '< 50',
            ok: large.p99 < 50,
          },
          {
            name: 'chart read with history ÷ demo size (same run)',
            value: large.rps / small.rps,
            unit: 'ratio',
            target: '≥ 0.8',
            ok: large.rps / small.rps >= 0.8,
          },
          {
            name: `chart read: ${HISTORY.toLocaleString('en-US')} ÷ ${(HISTORY / 10).toLocaleString('en-US')} per chart (flat past a page)`,
            value: large.rps / medium.rps,
            unit: 'ratio',
            target: '≥ 0.8',
            ok: large.rps / medium.rps >= 0.8,
          },
        );
      }
    } finally {
      await pool.end();
      await db.close();
    }
    const memory = rss(server.pid);
    results.push(
      {
        name: 'server resident memory after the chart load',
        value: memory.total,
        unit: 'MB',
        target: '< 150',
        ok: memory.total < 150,
      },
      { name: '… of which anonymous (heap, buffers)', value: memory.anon, unit: 'MB' },
      { name: '… of which file-backed (node binary, code)', value: memory.file, unit: 'MB' },
    );
  } finally {
    await server.stop();
    fs.rmSync(parent, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printTable } = await import('./result.js');
  printTable(await benchChart());
}
