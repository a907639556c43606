import pg from 'pg';
import { PgBoss, type Db, type Job } from 'pg-boss';

/**
 * The job queue: pg-boss on the clinic's own PostgreSQL (decision 011), in the schema `pgboss`
 * (migration 0006). Any number of app servers may start it; each job is claimed by exactly one of them
 * (FOR UPDATE SKIP LOCKED), and a cron schedule sends one job per occurrence however many servers run
 * it. The server starts it (src/server.ts); tests start it only when they ask (startJobQueue).
 *
 * A database outage never crashes the process: pg-boss's errors are logged (once per distinct
 * message a minute), its pool reconnects by itself, and a job whose worker failed is retried.
 */
export const JOB_SCHEMA = 'pgboss';

export type JobLog = (level: 'info' | 'warn' | 'error', message: string) => void;

export interface JobQueueOptions {
  readonly log: JobLog;
  /** The role every queue connection switches to (the server's `ketaclinic_app`, decision 004). */
  readonly role?: string | undefined;
  /** Connections the queue may hold (its own pool, apart from the requests'). Default 3. */
  readonly max?: number;
  readonly applicationName?: string;
  /** How often a worker looks for new jobs (pg-boss polls; default 2 s). */
  readonly pollingIntervalSeconds?: number;
  /** Run cron schedules on this instance (default true; every instance may, one job per occurrence results). */
  readonly schedule?: boolean;
}

export interface WorkerOptions {
  /** A job still running after this long is given up and retried (default 15 min). */
  readonly expireInSeconds?: number;
  /** Retries after a failure (default 2), with exponential backoff from `retryDelaySeconds` (default 30). */
  readonly retryLimit?: number;
  readonly retryDelaySeconds?: number;
  /** Policy of the queue: 'singleton' lets only one job of it be active at a time across all servers. */
  readonly policy?: 'standard' | 'singleton';
}

export interface ScheduleOptions {
  /** IANA time zone the cron expression is read in (default UTC). */
  readonly tz?: string;
  readonly data?: Record<string, unknown>;
}

export interface JobQueue {
  /** Creates the queue if needed and runs `handler` for each of its jobs on this server. */
  work<T extends object>(
    name: string,
    handler: (data: T, job: Job<T>) => Promise<void>,
    options?: WorkerOptions,
  ): Promise<void>;
  /** Sends a job of `name` on every occurrence of `cron` (5 fields, e.g. `30 2 * * *`); replaces an earlier schedule. */
  schedule(name: string, cron: string, options?: ScheduleOptions): Promise<void>;
  unschedule(name: string): Promise<void>;
  /** Enqueues one job now; returns its id. */
  send(name: string, data?: Record<string, unknown>, options?: { singletonKey?: string }): Promise<string | null>;
  /** Stops polling, waits for running jobs (up to `timeoutMs`, default 10 s) and closes the queue's pool. */
  stop(timeoutMs?: number): Promise<void>;
  /** pg-boss itself, for what this wrapper does not cover (tests, inspection). */
  readonly boss: PgBoss;
}

/**
 * pg-boss runs on a pool of ours rather than its own, so that every connection has an 'error' listener
 * (pg-boss's own pool listens on the pool only: a client that loses its server while pg-boss holds it
 * would emit an unhandled 'error' and end the process) and switches to the app role from its startup
 * packet (`-c role=…`).
 */
function queuePool(connection: pg.ClientConfig, options: JobQueueOptions, onError: (error: Error) => void): pg.Pool {
  // pg's default row parsing (not createPool's): pg-boss reads its own rows and expects what pg gives.
  const pool = new pg.Pool({
    ...connection,
    max: options.max ?? 3,
    application_name: options.applicationName ?? 'ketaclinic-jobs',
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    ...(options.role === undefined ? {} : { options: `-c role=${options.role}` }),
  });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

/** Logs a repeated error once a minute rather than once per poll while the database is away. */
function throttledLog(log: JobLog): (level: 'warn' | 'error', message: string) => void {
  const last = new Map<string, number>();
  return (level, message) => {
    const now = Date.now();
    const seen = last.get(message);
    if (seen !== undefined && now - seen < 60_000) return;
    last.set(message, now);
    if (last.size > 100) last.clear();
    log(level, `job queue: ${message}`);
  };
}

export async function startJobQueue(connection: pg.ClientConfig, options: JobQueueOptions): Promise<JobQueue> {
  const say = throttledLog(options.log);
  const pool = queuePool(connection, options, (error) => say('warn', `connection lost: ${error.message}`));
  const db: Db = {
    executeSql: (text, values) => pool.query(text, values),
    poolCounts: () => ({
      max: options.max ?? 3,
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
  };
  const boss = new PgBoss({
    db,
    schema: JOB_SCHEMA,
    schedule: options.schedule ?? true,
    // The schema exists (migration 0006); pg-boss installs and upgrades its tables in it under an advisory lock.
    createSchema: false,
    migrate: true,
    registerInstance: false,
    openTelemetry: { enabled: false },
  });
  // An EventEmitter 'error' with no listener would throw and end the process.
  boss.on('error', (error: Error) => say('error', error.message));
  boss.on('warning', (warning: { message?: string }) => say('warn', warning.message ?? JSON.stringify(warning)));
  try {
    await boss.start();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const created = new Set<string>();
  const ensureQueue = async (name: string, worker?: WorkerOptions): Promise<void> => {
    if (created.has(name)) return;
    if (!(await boss.getQueue(name)))
      await boss.createQueue(name, {
        policy: worker?.policy ?? 'standard',
        expireInSeconds: worker?.expireInSeconds ?? 15 * 60,
        retryLimit: worker?.retryLimit ?? 2,
        retryDelay: worker?.retryDelaySeconds ?? 30,
        retryBackoff: true,
      });
    created.add(name);
  };
  let stopped = false;
  return {
    boss,
    async work<T extends object>(
      name: string,
      handler: (data: T, job: Job<T>) => Promise<void>,
      worker?: WorkerOptions,
    ): Promise<void> {
      await ensureQueue(name, worker);
      await boss.work<T>(
        name,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 },
        async (jobs: Job<T>[]) => {
          for (const job of jobs) {
            try {
              await handler(job.data, job);
            } catch (error) {
              say('error', `${name} failed (will retry if attempts remain): ${(error as Error).message}`);
              throw error;
            }
          }
        },
      );
    },
    async schedule(name, cron, scheduleOptions) {
      await ensureQueue(name);
      await boss.schedule(name, cron, scheduleOptions?.data ?? null, { tz: scheduleOptions?.tz ?? 'UTC' });
    },
    async unschedule(name) {
      await boss.unschedule(name);
    },
    async send(name, data, sendOptions) {
      await ensureQueue(name);
      return boss.send(name, data ?? null, sendOptions?.singletonKey ? { singletonKey: sendOptions.singletonKey } : {});
    },
    async stop(timeoutMs = 10_000) {
      if (stopped) return;
      stopped = true;
      await boss.stop({ graceful: true, close: true, timeout: timeoutMs });
      await pool.end();
    },
  };
}
