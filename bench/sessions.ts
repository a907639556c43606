/**
 * Treatment sessions under load, against `ketaclinic start` in its own process with the demo loaded:
 * - audited vitals writes after the dose (HTTP → validation → authz → alerts → one statement: version check
 *   and bump, reading, alerts, audit, Idempotency-Key answer; decision 025) at 16 connections, spread over
 *   63 sessions (a session is written by one connection at a time, so no write is refused as stale), beside
 *   a bare Fastify + pg INSERT into the same database in the same run (budget: at least half, p99 < 20 ms);
 * - chair-board latency: 50 live boards (server-sent events over LISTEN/NOTIFY); for each of a series of
 *   vitals writes, the time from sending the write until each board has the new version (p99 < 250 ms).
 * The writes are measured after a warm-up of the same load on other sessions (WARM_UP_SECONDS, bench/server.ts).
 * Run alone: `npx tsx bench/sessions.ts`.
 */
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
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
const SESSIONS = 64;
/** Sessions written during the warm-up only: the measured sessions start at the versions the fixture left. */
const WARM_UP_SESSIONS = 32;
const BOARDS = 50;
const BOARD_WRITES = 40;

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

/** 64 + 32 sessions in observation, on synthetic copies of a demo patient with a signed plan. */
async function fixtureSessions(pool: pg.Pool): Promise<{ id: string; version: number }[]> {
  const source = await pool.query<{ organization_id: string; plan_id: string; protocol_version_id: string }>(
    `SELECT p.organization_id, t.id AS plan_id, t.protocol_version_id FROM patients p
       JOIN treatment_plans t ON t.patient_id = p.id AND t.status = 'signed' WHERE p.family_name = 'Maintenby'`,
  );
  const src = source.rows[0];
  if (!src) throw new Error('the demo has no patient with a signed plan');
  const sessions: { id: string; version: number }[] = [];
  for (let i = 0; i < SESSIONS + WARM_UP_SESSIONS; i++) {
    const patient = await pool.query<{ id: string }>(
      `INSERT INTO patients (organization_id, mrn, given_name, family_name, date_of_birth, status, weight_kg, height_cm, sex)
       VALUES ($1, $2, 'Bench', $3, '1980-01-01', 'maintenance', 80, 175, 'female') RETURNING id`,
      [src.organization_id, `B${String(i).padStart(5, '0')}`, `Chairload${i}`],
    );
    const plan = await pool.query<{ id: string }>(
      `INSERT INTO treatment_plans (organization_id, patient_id, number, status, content, dose, series, protocol_version_id, consent_id,
         assessment_id, signed_by_user_id, signed_at, created_by_user_id, created_at, updated_at)
       SELECT organization_id, $2, 1, 'signed', content, dose, series, protocol_version_id, consent_id, assessment_id,
              signed_by_user_id, signed_at, created_by_user_id, created_at, updated_at FROM treatment_plans WHERE id = $1 RETURNING id`,
      [src.plan_id, patient.rows[0]!.id],
    );
    const session = await pool.query<{ id: string; version: number }>(
      `INSERT INTO treatment_sessions (organization_id, patient_id, plan_id, protocol_version_id, route, dose_number, clinic_date, phase,
         checked_in_at, dose_started_at, dose_ended_at, delivered, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'IV', 1, (now() AT TIME ZONE 'America/New_York')::date, 'observation',
         now() - interval '50 minutes', now() - interval '45 minutes', now() - interval '5 minutes',
         '{"mg": 40, "mgPerKg": 0.5, "drugVolumeMl": 0.8, "volumeInfusedMl": 100}', now(), now())
       RETURNING id, version`,
      [src.organization_id, patient.rows[0]!.id, plan.rows[0]!.id, src.protocol_version_id],
    );
    sessions.push(session.rows[0]!);
  }
  return sessions;
}

async function vitalsWrites(
  url: string,
  auth: Auth,
  sessions: { id: string; version: number }[],
  seconds = SECONDS,
): Promise<autocannon.Result> {
  const versions = new Map(sessions.map((s) => [s.id, s.version]));
  let loggedFailure = false;
  const free = sessions.map((s) => s.id);
  let writes = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, state: object) => {
          const context = state as Record<string, unknown>;
          // A session is written by one connection at a time (the next write needs the last one's version).
          const id = free.shift();
          if (id === undefined) throw new Error('more connections than sessions');
          const turn = ++writes;
          const session = { id };
          context.current = session.id;
          return {
            ...request,
            path: `/api/v1/sessions/${session.id}/vitals`,
            headers: {
              'content-type': 'application/json',
              cookie: auth.cookie,
              'x-csrf-token': auth.csrf,
              'idempotency-key': randomUUID(),
            },
            body: JSON.stringify({
              version: versions.get(session.id),
              takenAt: new Date().toISOString(),
              systolicMmHg: 120 + (turn % 20),
              diastolicMmHg: 78,
              heartRateBpm: 72,
              spo2Percent: 98,
              respiratoryRatePerMin: 14,
            }),
          };
        },
        onResponse: (status, body, state: object) => {
          const context = state as Record<string, unknown>;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status !== 200 && !loggedFailure) {
            loggedFailure = true;
            process.stderr.write(`vitals bench: first failure ${status} ${body.slice(0, 300)}\n`);
          }
          if (status === 200) {
            const version = /"version":(\d+)\}$/.exec(body)?.[1];
            if (version) versions.set(context.current as string, Number(version));
          }
          free.push(context.current as string);
        },
      },
    ],
  });
}

/** 50 boards; for each write, ms from sending it until every board has its version. */
async function boardLatency(url: string, auth: Auth, session: { id: string; version: number }): Promise<number[]> {
  const controllers: AbortController[] = [];
  const arrivals = new Map<number, number[]>();
  const ready: Promise<void>[] = [];
  for (let i = 0; i < BOARDS; i++) {
    const controller = new AbortController();
    controllers.push(controller);
    ready.push(
      (async () => {
        const res = await fetch(`${url}/api/v1/sessions/board/events`, {
          headers: { accept: 'text/event-stream', cookie: auth.cookie },
          signal: controller.signal,
        });
        const reader = res.body!.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        let resolveReady!: () => void;
        const isReady = new Promise<void>((r) => (resolveReady = r));
        void (async () => {
          try {
            for (;;) {
              const { value, done } = await reader.read();
              if (done) return;
              buffer += decoder.decode(value, { stream: true });
              let cut: number;
              while ((cut = buffer.indexOf('\n\n')) >= 0) {
                const block = buffer.slice(0, cut);
                buffer = buffer.slice(cut + 2);
                if (block.startsWith('event: ready')) resolveReady();
                const data = /^data: (.*)$/m.exec(block)?.[1];
                if (!block.includes('event: session') || !data) continue;
                const parsed = JSON.parse(data) as { id: string; version: number };
                if (parsed.id !== session.id) continue;
                arrivals.set(parsed.version, [...(arrivals.get(parsed.version) ?? []), performance.now()]);
              }
            }
          } catch {
            // aborted at the end
          }
        })();
        await isReady;
      })(),
    );
  }
  await Promise.all(ready);
  const latencies: number[] = [];
  let version = session.version;
  for (let i = 0; i < BOARD_WRITES; i++) {
    const sent = performance.now();
    const res = await fetch(`${url}/api/v1/sessions/${session.id}/vitals`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: auth.cookie,
        'x-csrf-token': auth.csrf,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ version, takenAt: new Date().toISOString(), systolicMmHg: 128, diastolicMmHg: 80 }),
    });
    if (res.status !== 200) throw new Error(`board write failed: ${res.status} ${await res.text()}`);
    version = ((await res.json()) as { version: number }).version;
    const deadline = performance.now() + 5000;
    while ((arrivals.get(version)?.length ?? 0) < BOARDS && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2));
    }
    const got = arrivals.get(version) ?? [];
    if (got.length < BOARDS) throw new Error(`only ${got.length} of ${BOARDS} boards saw version ${version}`);
    latencies.push(...got.map((t) => t - sent));
  }
  for (const c of controllers) c.abort();
  return latencies;
}

const statuses = new Map<number, number>();

const p99 = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
};

export async function benchSessions(): Promise<BenchResult[]> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaclinic-bench-sessions-'));
  fs.chmodSync(parent, 0o755);
  const dataDir = path.join(parent, 'data');
  const server = await startBenchServer(dataDir);
  const results: BenchResult[] = [];
  try {
    const demo = spawnSync(process.execPath, [bin, 'demo'], { env: server.env, encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`demo failed: ${demo.stderr}`);
    const { openEmbeddedDatabase } = await import('../src/db/embedded/supervisor.js');
    const db = await openEmbeddedDatabase({ explicitDataDir: dataDir, cwd: root, role: 'cli', log: () => undefined });
    const pool = new pg.Pool({ ...db.connection(), max: 4 });
    let sessions: { id: string; version: number }[];
    try {
      sessions = await fixtureSessions(pool);
      // Statistics as autovacuum leaves them within a minute of these inserts (bench/chart.ts).
      await pool.query('ANALYZE');
    } finally {
      await pool.end();
      await db.close();
    }
    const auth = await signIn(server.url, 'nurse@larkspur-demo.example.org', 'larkspur-demo-nurse');

    if (WARM_UP_SECONDS > 0) {
      const warm = await vitalsWrites(server.url, auth, sessions.slice(SESSIONS), WARM_UP_SECONDS);
      if (warm.non2xx > 0) throw new Error(`vitals bench: ${warm.non2xx} warm-up responses were not 2xx`);
    }
    const cpuBefore = processCpuMs(server.pid);
    const run = await vitalsWrites(server.url, auth, sessions.slice(0, SESSIONS - 1));
    // The server's own CPU per answered write: what the server costs, whatever else the machine is doing.
    const cpuPerWrite = (processCpuMs(server.pid) - cpuBefore) / Math.max(1, run.requests.total);
    if (run.non2xx > 0)
      throw new Error(`vitals bench: ${run.non2xx} responses were not 2xx: ${JSON.stringify([...statuses])}`);
    const baseline = await baselineInsert(dataDir);
    const bare = baseline[0]!.value;
    results.push(
      {
        name: `audited session vitals writes (${CONNECTIONS} connections, ${SESSIONS - 1} sessions)`,
        value: run.requests.average,
        unit: 'req/s',
      },
      { name: 'audited session vitals write p50 latency', value: run.latency.p50, unit: 'ms' },
      { name: '… server CPU per write (user + system)', value: cpuPerWrite, unit: 'ms' },
      {
        name: 'audited session vitals write p99 latency',
        value: run.latency.p99,
        unit: 'ms',
        target: '< 20',
        ok: run.latency.p99 < 20,
      },
      ...baseline,
      {
        name: 'session vitals writes ÷ bare INSERT (same run)',
        value: run.requests.average / bare,
        unit: 'ratio',
        target: '≥ 0.5',
        ok: run.requests.average / bare >= 0.5,
      },
    );
    const latencies = await boardLatency(server.url, auth, sessions[SESSIONS - 1]!);
    results.push({
      name: `chair board update to ${BOARDS} live boards (SSE over LISTEN/NOTIFY), p99`,
      value: p99(latencies),
      unit: 'ms',
      target: '< 250',
      ok: p99(latencies) < 250,
    });
  } finally {
    await server.stop();
    fs.rmSync(parent, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printTable } = await import('./result.js');
  printTable(await benchSessions());
}
