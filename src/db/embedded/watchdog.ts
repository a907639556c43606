import fs from 'node:fs';
import type { EmbeddedCluster } from './cluster.js';
import { logTail } from './pg-ctl.js';
import { processAlive } from './process-alive.js';

/**
 * Watches the embedded PostgreSQL that this server started and starts it again when it dies (the
 * OOM killer, a crash, a full disk). PostgreSQL's crash recovery replays the WAL, so every committed
 * transaction is there again; the pool reconnects on its own, and /readyz turns 200 within seconds.
 *
 * Detection: the postmaster's pid (postmaster.pid) checked every second, and at once when a pooled
 * connection fails (`poke`). A start that fails is retried with backoff (1, 2, 4 … 60 s); after
 * three failures in a row it logs one clear line saying why (from the server log and the free disk
 * space) and keeps retrying every minute, quietly, while the HTTP server goes on answering with 503s.
 */
export type DatabaseState = 'running' | 'restarting' | 'down';

export interface WatchdogStatus {
  readonly state: DatabaseState;
  /** Why it is down, in one sentence (set while down). */
  readonly reason: string | undefined;
  readonly restarts: number;
  readonly since: Date;
}

export interface Watchdog {
  status(): WatchdogStatus;
  /** Something suggests the database died (a failed connection): check now rather than at the next tick. */
  poke(): void;
  stop(): Promise<void>;
}

export interface WatchdogOptions {
  readonly log: (level: 'info' | 'warn' | 'error', message: string) => void;
  readonly intervalMs?: number;
  /** Backoff after the n-th failed start (ms); default 1 s doubling to 60 s. */
  readonly backoffMs?: (failures: number) => number;
  /** Free bytes on the data directory's filesystem (for the crash-loop reason). */
  readonly freeBytes?: () => number | undefined;
}

const CRASH_LOOP_FAILURES = 3;

/** True when the pid is a live process (a zombie, left unreaped in a container, is dead). */
export function postmasterAlive(pid: number | undefined): boolean {
  if (pid === undefined || !processAlive(pid)) return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return process.platform !== 'linux'; // no /proc: trust kill(0); on Linux a vanished entry means gone
  }
}

const mb = (bytes: number): string => `${Math.round(bytes / 1048576)} MB`;

/** One sentence on why PostgreSQL stopped or will not start, from its own log. */
export function stopReason(logText: string, freeBytes: number | undefined): string {
  if (/No space left on device|could not extend file|could not write/i.test(logText) || freeBytes === 0)
    return `the disk holding the database is full${freeBytes === undefined ? '' : ` (${mb(freeBytes)} free)`}; free space on it and ketaclinic starts PostgreSQL again by itself`;
  if (/Permission denied/i.test(logText))
    return 'PostgreSQL cannot read or write its data directory (permission denied)';
  if (/out of memory|Cannot allocate memory/i.test(logText)) return 'the machine ran out of memory';
  if (/unexpected postmaster exit/i.test(logText.split('\n').slice(-5).join('\n')))
    return 'the postmaster ended without a shutdown being logged: killed by a signal or the out-of-memory killer';
  if (/shared memory block .* is still in use/i.test(logText))
    return 'processes of the previous PostgreSQL still hold its shared memory';
  const last = logText
    .split('\n')
    .filter((line) => /FATAL|PANIC|ERROR/.test(line))
    .at(-1);
  return last
    ? `PostgreSQL says: ${last.replace(/^.*?(FATAL|PANIC|ERROR):\s*/, '$1: ')}`
    : 'no reason in the PostgreSQL log';
}

export function startWatchdog(cluster: EmbeddedCluster, options: WatchdogOptions): Watchdog {
  const intervalMs = options.intervalMs ?? 1000;
  const backoff = options.backoffMs ?? ((n: number) => Math.min(60_000, 1000 * 2 ** (n - 1)));
  let state: DatabaseState = 'running';
  let reason: string | undefined;
  let since = new Date();
  let restarts = 0;
  let failures = 0;
  let nextAttemptAt = 0;
  let busy: Promise<void> | undefined;
  let stopped = false;
  let downAt = 0;

  const setState = (next: DatabaseState): void => {
    if (next !== state) since = new Date();
    state = next;
  };

  const restart = async (): Promise<void> => {
    if (state === 'running') {
      downAt = Date.now();
      const why = stopReason(logTail(cluster.logFile, 30), options.freeBytes?.());
      options.log(
        'error',
        `PostgreSQL stopped unexpectedly (${why}); starting it again — crash recovery replays the write-ahead log, so committed data is kept`,
      );
    }
    setState('restarting');
    // PostgreSQL refuses to start while the old postmaster's pid still exists, and a killed process exists
    // until its parent reaps it (in a container, whenever PID 1 gets to it): wait for that, briefly.
    const old = cluster.postmasterPid();
    for (let waited = 0; old !== undefined && processAlive(old) && waited < 5000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    try {
      await cluster.start();
      restarts += 1;
      failures = 0;
      reason = undefined;
      setState('running');
      options.log('info', `PostgreSQL is running again after ${((Date.now() - downAt) / 1000).toFixed(1)} s`);
    } catch (error) {
      failures += 1;
      const why = stopReason(`${(error as Error).message}\n${logTail(cluster.logFile, 30)}`, options.freeBytes?.());
      nextAttemptAt = Date.now() + backoff(failures);
      const changed = why !== reason;
      reason = why;
      setState(failures >= CRASH_LOOP_FAILURES ? 'down' : 'restarting');
      if (failures === CRASH_LOOP_FAILURES || (failures > CRASH_LOOP_FAILURES && changed)) {
        options.log(
          'error',
          `PostgreSQL cannot be started (${failures} attempts): ${why}. ketaclinic keeps answering (503 for anything that needs the database) and tries again every ${Math.round(backoff(failures) / 1000)} s.`,
        );
      } else if (failures < CRASH_LOOP_FAILURES) {
        options.log('warn', `PostgreSQL did not start (attempt ${failures}): ${why}; retrying`);
      }
    }
  };

  const check = (): void => {
    if (busy || stopped) return;
    if (state === 'running' && postmasterAlive(cluster.postmasterPid())) return;
    if (state !== 'running' && Date.now() < nextAttemptAt) return;
    busy = restart().finally(() => {
      busy = undefined;
    });
  };

  const timer = setInterval(check, intervalMs);
  timer.unref();
  return {
    status: () => ({ state, reason, restarts, since }),
    poke: () => {
      if (state === 'running') check();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await busy;
    },
  };
}
