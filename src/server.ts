import type { Config } from './config.js';
import { APP_ROLE, useAppRole } from './db/app-role.js';
import { openDatabase, type Database } from './db/database.js';
import { removeServerRecord, writeServerRecord } from './db/embedded/supervisor.js';
import type { App, buildApp } from './http/app.js';
import { keyringFor } from './app/audit/keyring.js';
import { startDiskWatch, type DiskWatch } from './app/ops/disk-space.js';
import type { SystemStatusSource } from './app/ops/system-status.js';
import { createSetupGate } from './app/setup/first-run.js';
import { organizationCount } from './db/repositories/clinic-setup.js';
import { startAuditSealer } from './jobs/audit-sealer.js';
import { backupDirectory } from './jobs/backups.js';
import type { JobQueue, startJobQueue } from './jobs/queue.js';
import type { registerJobs } from './jobs/registry.js';

/**
 * `ketaclinic start`: config → database (embedded or DATABASE_URL) → buildApp → listen.
 * Shutdown mirrors start-up: on SIGINT/SIGTERM stop accepting, finish in-flight requests, stop the job
 * queue (running jobs finish), close the pool, stop the embedded postgres, exit 0.
 */
export interface RunningServer {
  readonly app: App;
  readonly db: Database;
  readonly url: string;
  /** The job queue's workers and schedules in this server; undefined with KETACLINIC_JOBS=off. */
  readonly jobs: JobQueue | undefined;
  stop(): Promise<void>;
}

/**
 * The HTTP app and the job queue, loaded while the database starts: most of a start on a small machine is
 * compiling modules and waiting for PostgreSQL to accept connections, and the two overlap (decision 032).
 */
async function loadServerModules(): Promise<{
  buildApp: typeof buildApp;
  startJobQueue: typeof startJobQueue;
  registerJobs: typeof registerJobs;
}> {
  const [app, queue, registry] = await Promise.all([
    import('./http/app.js'),
    import('./jobs/queue.js'),
    import('./jobs/registry.js'),
  ]);
  return { buildApp: app.buildApp, startJobQueue: queue.startJobQueue, registerJobs: registry.registerJobs };
}

export async function startServer(config: Config, log: (message: string) => void): Promise<RunningServer> {
  const started = performance.now();
  const loading = loadServerModules();
  // Observed here so that a database that fails to open does not leave the load's failure unhandled.
  loading.catch(() => undefined);
  const db = await openDatabase(config, {
    role: 'server',
    log,
    migrate: config.databaseUrl === undefined,
    onMigrated: (result) => {
      if (result.applied.length)
        log(`migrated the database from version ${result.from} to ${result.to}: ${result.applied.join(', ')}`);
    },
  });
  let app: App;
  // First run: the one-time code that claims an empty installation, printed here (never logged to a file).
  let setupUrl = '';
  const setup = createSetupGate((code) =>
    process.stderr.write(
      `\n  No clinic is set up yet. Open ${setupUrl || 'the console'}/app/ in a browser and choose "Set up your clinic".\n` +
        `  One-time setup code: ${code}\n\n`,
    ),
  );
  let jobs: JobQueue | undefined;
  let disk: DiskWatch | undefined;
  try {
    const probe = await db.client();
    let role: Awaited<ReturnType<typeof useAppRole>>;
    try {
      role = await useAppRole(db.pool, probe, log);
    } finally {
      await probe.end();
    }
    const system: SystemStatusSource = {
      mode: db.mode,
      disk: () => disk?.current(),
      diskNow: () => disk?.refresh(),
      database: () => db.watchdog?.status(),
      backups: {
        directory: backupDirectory(config.backupDir, db.embedded?.dataDir),
        schedule: config.backupSchedule,
        timeZone: config.backupTimeZone,
        keepDaily: config.backupKeepDaily,
        keepWeekly: config.backupKeepWeekly,
        get scheduled() {
          return jobs !== undefined;
        },
      },
    };
    const { buildApp, startJobQueue, registerJobs } = await loading;
    // The job queue starts while the app is built: pg-boss's start and the registrations mostly wait on
    // PostgreSQL, building the app is compiling routes and schemas (decision 036).
    const jobLog = (level: 'info' | 'warn' | 'error', message: string): void =>
      built ? built.log[level](message) : log(message);
    let built: App | undefined;
    const starting = config.jobs
      ? startJobs(startJobQueue, registerJobs, db, role === 'switched' ? APP_ROLE : undefined, config, jobLog)
      : Promise.resolve(undefined);
    try {
      app = built = await buildApp(config, { pool: db.pool, system, setup });
    } finally {
      jobs = await starting;
    }
    if (db.embedded)
      disk = startDiskWatch(
        db.embedded.cluster.pgData,
        {
          warnFreePercent: config.diskWarnFreePercent,
          warnFreeBytes: config.diskWarnFreeMb * 1048576,
          refuseUploadsFreeBytes: config.diskRefuseUploadsFreeMb * 1048576,
        },
        (level, message) => app.log[level](message),
      );
    db.supervise((level, message) => app.log[level](message), {
      maxBackoffMs: config.dbRestartMaxBackoffSeconds * 1000,
    });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await jobs?.stop().catch(() => undefined);
    disk?.stop();
    await db.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  if (db.embedded)
    writeServerRecord(db.embedded.dataDir, {
      pid: process.pid,
      host: config.host,
      port,
      startedAt: new Date().toISOString(),
    });
  // While the database is away every pass fails the same way: say so once a minute, not every second.
  const sealerLog = onceAMinute((message) => app.log.error(message));
  const sealer = startAuditSealer(db.pool, {
    keyring: keyringFor(config, db.embedded?.dataDir),
    log: sealerLog,
  });
  app.log.info({ url, mode: db.mode, readyMs: Math.round(performance.now() - started) }, 'ketaclinic is ready');
  setupUrl = url;
  if ((await organizationCount(db.pool).catch(() => 1)) === 0) setup.open();

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const grace = setTimeout(() => {
        app.log.warn('in-flight requests did not finish in time; closing their connections');
        app.server.closeAllConnections();
      }, config.shutdownGraceMs);
      grace.unref();
      await app.close();
      clearTimeout(grace);
      await jobs?.stop();
      disk?.stop();
      await sealer.stop();
      if (db.embedded) removeServerRecord(db.embedded.dataDir);
      await db.close();
      app.log.info(db.embedded ? `ketaclinic stopped; the data stays in ${db.embedded.dataDir}` : 'ketaclinic stopped');
    })();
    return stopping;
  };
  return { app, db, url, jobs, stop };
}

/** The job queue with every worker and schedule registered; undefined (logged) when it could not start. */
async function startJobs(
  start: typeof startJobQueue,
  register: typeof registerJobs,
  db: Database,
  role: string | undefined,
  config: Config,
  log: (level: 'info' | 'warn' | 'error', message: string) => void,
): Promise<JobQueue | undefined> {
  let queue: JobQueue | undefined;
  try {
    queue = await start(db.connection, { log, role });
    await register(queue, { config, pool: db.pool, embeddedDataDir: db.embedded?.dataDir, log });
    return queue;
  } catch (error) {
    // The clinic can still work without scheduled jobs; the backup panel shows the missing backups.
    log(
      'error',
      `the job queue did not start, so scheduled jobs (backups) will not run on this server: ${(error as Error).message} — see docs/decisions/011-job-queue-pg-boss.md`,
    );
    await queue?.stop().catch(() => undefined);
    return undefined;
  }
}

function onceAMinute(log: (message: string) => void): (message: string) => void {
  const last = new Map<string, number>();
  return (message) => {
    const now = Date.now();
    if ((last.get(message) ?? -Infinity) > now - 60_000) return;
    if (last.size > 50) last.clear();
    last.set(message, now);
    log(message);
  };
}
