#!/usr/bin/env node
// `npm test`: every tier this machine can run, then the db and http tiers again against a separately
// started PostgreSQL server on a loopback port (server mode, TEST_DATABASE_URL), unless one is given.
// Ends with one plain line "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';

const root = path.resolve(import.meta.dirname, '..');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedRuns = 0;
const timings = [];
/** Tests that failed, or passed only on a retry, with the start of their first error: repeated at the very end. */
const troubles = [];

// A test file's tier, from where it lives (the vitest projects in vitest.config.ts).
const TIERS = [
  ['unit', 'test/unit/'],
  ['db', 'test/db/'],
  ['http', 'test/http/'],
  ['browser', 'test/e2e/'],
];
const tierOf = (file) => TIERS.find(([, dir]) => path.relative(root, file).startsWith(dir))?.[0] ?? 'other';

/** Per tier: files, tests, wall time from its first file's start to its last file's end, and summed file time. */
function tierTimings(label, json) {
  const tiers = new Map();
  for (const result of json.testResults ?? []) {
    const tier = tierOf(result.name);
    const t = tiers.get(tier) ?? { files: 0, tests: 0, start: Infinity, end: 0, busy: 0 };
    t.files += 1;
    t.tests += result.assertionResults?.length ?? 0;
    t.start = Math.min(t.start, result.startTime);
    t.end = Math.max(t.end, result.endTime);
    t.busy += Math.max(0, result.endTime - result.startTime);
    tiers.set(tier, t);
  }
  for (const [tier] of TIERS) {
    const t = tiers.get(tier);
    if (t) timings.push({ label, tier, ...t });
  }
}

/** A failed test, or one that passed on its retry (it kept its first attempt's errors): where and why. */
function noteTroubles(label, json) {
  for (const file of json.testResults ?? []) {
    if (file.status === 'failed' && file.message)
      troubles.push({ label, what: 'FAILED', where: path.relative(root, file.name), why: file.message.slice(0, 300) });
    for (const test of file.assertionResults ?? []) {
      const errors = test.failureMessages ?? [];
      if (test.status !== 'failed' && errors.length === 0) continue;
      // The message and, for a browser action, Playwright's call log (what it was waiting for): up to 8 lines.
      const lines = (errors[0] ?? '')
        .split('\n')
        .filter((line) => line.trim() && !/^\s+at /.test(line))
        .slice(0, 8)
        .map((line) => line.trimEnd().slice(0, 200));
      troubles.push({
        label,
        what: test.status === 'failed' ? 'FAILED' : 'passed on retry',
        where: `${path.relative(root, file.name)} > ${test.fullName}`,
        why: lines.join('\n      '),
      });
    }
  }
}

function runVitest(label, args, env = {}) {
  const report = path.join(os.tmpdir(), `ketaclinic-vitest-${process.pid}-${label}.json`);
  process.stdout.write(`\n── ${label} ──\n`);
  const started = Date.now();
  const res = spawnSync(
    process.execPath,
    [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    },
  );
  if (res.status !== 0) failedRuns += 1;
  timings.push({ label, tier: 'run', wall: Date.now() - started });
  try {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    tierTimings(label, json);
    noteTroubles(label, json);
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests;
    fs.rmSync(report, { force: true });
  } catch {
    if (res.status !== 0) totals.failed += 1;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The browser tier needs the built web UI; the process-level tests run the compiled server, as `npm start` does.
for (const script of ['build-web.mjs', 'build-server.mjs']) {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', script), '--if-stale'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

runVitest('all tiers (embedded PostgreSQL)', process.argv.slice(2));

if (process.argv.length <= 2) {
  if (process.env.TEST_DATABASE_URL) {
    runVitest('db + http tiers (server mode, TEST_DATABASE_URL)', ['--project', 'db', '--project', 'http']);
  } else {
    // A second cluster from the same package, reached over TCP with a password, as a managed server would be.
    const { register } = await import('tsx/esm/api');
    register();
    const { openEmbeddedDatabase } = await import('../src/db/embedded/supervisor.ts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaclinic-server-mode-'));
    fs.chmodSync(dir, 0o755);
    const port = await freePort();
    const server = await openEmbeddedDatabase({
      explicitDataDir: path.join(dir, 'data'),
      cwd: root,
      role: 'cli',
      log: () => undefined,
      tcpPort: port,
      durable: false,
    });
    try {
      runVitest('db + http tiers (server mode: PostgreSQL on 127.0.0.1)', ['--project', 'db', '--project', 'http'], {
        TEST_DATABASE_URL: server.cluster.url('postgres'),
      });
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`.padStart(8);
process.stdout.write('\ntimings (wall: first file start to last file end; busy: file durations summed):\n');
for (const t of timings) {
  if (t.tier === 'run') process.stdout.write(`  ${t.label}: ${seconds(t.wall).trim()} in all\n`);
  else
    process.stdout.write(
      `    ${t.tier.padEnd(8)} ${String(t.files).padStart(3)} files ${String(t.tests).padStart(5)} tests  wall ${seconds(t.end - t.start)}  busy ${seconds(t.busy)}\n`,
    );
}
if (troubles.length > 0) {
  process.stdout.write('\ntests that failed or passed only on a retry:\n');
  for (const t of troubles) process.stdout.write(`  ${t.what} (${t.label}): ${t.where}\n      ${t.why}\n`);
}
process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failedRuns > 0 || totals.failed > 0 ? 1 : 0);
