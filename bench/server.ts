import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** `ketaclinic start` in its own process, as a person runs it, for benches to measure from outside. */
export const root = path.resolve(import.meta.dirname, '..');
export const bin = path.join(root, 'bin/ketaclinic.js');

/**
 * Seconds of the same load before each measured write phase, not counted: a clinic's server has been up for
 * hours, so the first requests after start (code not yet compiled by V8, plans and caches cold) are not
 * what the write budgets are about. The bare insert gets the same warm-up.
 */
export const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 2);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface BenchServer {
  readonly url: string;
  readonly pid: number;
  /** From spawning the process to the server saying it is ready. */
  readonly readyMs: number;
  /** The environment it runs with (for CLI commands against the same data directory). */
  readonly env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function startBenchServer(dataDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<BenchServer> {
  const port = await freePort();
  const env = {
    ...process.env,
    KETACLINIC_DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    // As the start path sets it (bin/ketaclinic.js, `npm start`); read by glibc when the process starts.
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
    ...extraEnv,
  };
  const started = performance.now();
  // Same V8 flags as the `ketaclinic` command's shebang and `npm start` (decisions 008, 027).
  // BENCH_SERVER_NODE_ARGS: extra V8/Node flags for the measured server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`.
  const extraArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=4', '--heap-growing-percent=20', ...extraArgs, bin, 'start'],
    {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let output = '';
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!/running at/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const readyMs = performance.now() - started;
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    readyMs,
    env,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** CPU time a process has used so far (ms, user + system), from /proc/PID/stat. */
export function processCpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ": state is field 0, utime 11, stime 12 (clock ticks).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
