import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import type { BenchResult } from './result.js';
import { bin, root, startBenchServer } from './server.js';
import { prescreenQuestionIds } from '../src/domain/intake/index.js';

/**
 * The public site as a visitor gets it: per page, the bytes over the wire after gzip (HTML + CSS + JS,
 * DESIGN.md budget: public page JavaScript < 200 KB gzip), and how many "Get started" submissions per
 * second the server stores (validation, scoring, rate limit and idempotency tables, one insert each).
 * `ketaclinic start` runs in its own process on a throw-away embedded database with the demo clinic;
 * loopback only; each load test is bounded by BENCH_SECONDS (default 5).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const pages = ['/', '/im-vs-iv', '/what-to-expect', '/is-it-right-for-you', '/evidence', '/get-started'];

const gzipBytes = (body: string | Buffer): number => zlib.gzipSync(body, { level: 6 }).length;

/** The scripts a page loads: its module scripts and, from Vite's manifest, every chunk they import. */
function scriptClosure(entries: readonly string[]): string[] {
  const manifestPath = path.join(root, 'web', 'dist', '.vite', 'manifest.json');
  if (!fs.existsSync(manifestPath)) return [...entries];
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Record<
    string,
    { file: string; imports?: string[] }
  >;
  const byFile = new Map(Object.values(manifest).map((m) => [`/${m.file}`, m]));
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const key of byFile.get(file)?.imports ?? []) {
      const chunk = manifest[key];
      if (chunk) visit(`/${chunk.file}`);
    }
  };
  entries.forEach(visit);
  return [...seen];
}

function intakeBody(formToken: string): string {
  return JSON.stringify({
    contact: {
      givenName: 'Bench',
      familyName: 'Visitor',
      email: 'bench@example.org',
      phone: '555 010 0199',
      dateOfBirth: '1980-06-15',
      state: 'NY',
    },
    conditions: ['depression', 'anxiety'],
    answers: {
      phq9: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? 0 : 2])),
      gad7: Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`gad7_${i + 1}`, 1])),
    },
    // Every question the domain asks, so the bench keeps up with the form.
    prescreen: Object.fromEntries(prescreenQuestionIds.map((id) => [id, 'no'])),
    medications: { current: 'none' },
    contactPreferences: { times: ['weekday_morning'], method: 'phone' },
    consent: { contact: true, privacyNotice: true },
    website: '',
    formToken,
  });
}

export async function benchPublic(): Promise<BenchResult[]> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaclinic-bench-public-'));
  fs.chmodSync(parent, 0o755);
  const dataDir = path.join(parent, 'data');
  const server = await startBenchServer(dataDir, {
    KETACLINIC_INTAKE_RATE_LIMIT: '1000000',
    KETACLINIC_INTAKE_MIN_FILL_SECONDS: '0',
  });
  const results: BenchResult[] = [];
  try {
    const demo = spawnSync(process.execPath, [bin, 'demo'], { env: server.env, encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`demo failed: ${demo.stderr}`);
    const { url } = server;

    for (const page of pages) {
      const html = await (await fetch(`${url}${page}`)).text();
      const css = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]!);
      const scripts = scriptClosure(
        [...html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)].map((m) => m[1]!),
      );
      let cssBytes = 0;
      for (const href of css) cssBytes += gzipBytes(Buffer.from(await (await fetch(`${url}${href}`)).arrayBuffer()));
      let jsBytes = 0;
      for (const src of scripts) jsBytes += gzipBytes(Buffer.from(await (await fetch(`${url}${src}`)).arrayBuffer()));
      const total = gzipBytes(html) + cssBytes + jsBytes;
      results.push({
        name: `public page ${page} (HTML + CSS + JS, gzip)`,
        value: Math.round(total / 102.4) / 10,
        unit: 'KB',
      });
      if (jsBytes > 0)
        results.push({
          name: `public page ${page} JavaScript (gzip)`,
          value: Math.round(jsBytes / 102.4) / 10,
          unit: 'KB',
          target: '< 200',
          ok: jsBytes < 200 * 1024,
        });
    }

    const formToken = /data-form-token="([^"]+)"/.exec(await (await fetch(`${url}/get-started`)).text())?.[1];
    if (!formToken) throw new Error('no form token on /get-started');
    const body = intakeBody(formToken);
    await autocannon({
      url: `${url}/api/v1/intake`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections: 4,
      duration: 1,
    }); // warm-up
    const run = await autocannon({
      url: `${url}/api/v1/intake`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections: 16,
      duration: SECONDS,
    });
    if (run.non2xx > 0) throw new Error(`intake bench: ${run.non2xx} responses were not 2xx`);
    results.push({
      name: 'intake submissions stored (16 connections)',
      value: Math.round(run.requests.average),
      unit: 'req/s',
    });
    results.push({ name: 'intake submission p99 latency', value: run.latency.p99, unit: 'ms' });
  } finally {
    await server.stop();
    fs.rmSync(parent, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await benchPublic());
}
