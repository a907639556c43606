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

function runVitest(label, args, env = {}) {
  const report = path.join(os.tmpdir(), `ketaclinic-vitest-${process.pid}-${label}.json`);
  process.stdout.write(`\n── ${label} ──\n`);
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
  try {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
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

process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failedRuns > 0 || totals.failed > 0 ? 1 : 0);
