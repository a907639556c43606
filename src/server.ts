import type { Config } from './config.js';
import { APP_ROLE, useAppRole } from './db/app-role.js';
import { openDatabase, type Database } from './db/database.js';
import { removeServerRecord, writeServerRecord } from './db/embedded/supervisor.js';
import { buildApp, type App } from './http/app.js';
import { startAuditSealer } from './jobs/audit-sealer.js';
import { startJobQueue, type JobQueue } from './jobs/queue.js';
import { registerJobs } from './jobs/registry.js';

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

export async function startServer(config: Config, log: (message: string) => void): Promise<RunningServer> {
  const started = performance.now();
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
  let jobs: JobQueue | undefined;
  try {
    const probe = await db.client();
    let role: Awaited<ReturnType<typeof useAppRole>>;
    try {
      role = await useAppRole(db.pool, probe, log);
    } finally {
      await probe.end();
    }
    app = await buildApp(config, { pool: db.pool });
    if (config.jobs) {
      const jobLog = (level: 'info' | 'warn' | 'error', message: string): void => app.log[level](message);
      try {
        const queue = await startJobQueue(db.connection, {
          log: jobLog,
          role: role === 'switched' ? APP_ROLE : undefined,
        });
        jobs = queue;
        await registerJobs(queue, { config, pool: db.pool, log: jobLog });
      } catch (error) {
        // The clinic can still work without scheduled jobs; the backup panel shows the missing backups.
        app.log.error(
          `the job queue did not start, so scheduled jobs (backups) will not run on this server: ${(error as Error).message} — see docs/decisions/011-job-queue-pg-boss.md`,
        );
        await jobs?.stop().catch(() => undefined);
        jobs = undefined;
      }
    }
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await jobs?.stop().catch(() => undefined);
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
  const sealer = startAuditSealer(db.pool, { log: (message) => app.log.error(message) });
  app.log.info({ url, mode: db.mode, readyMs: Math.round(performance.now() - started) }, 'ketaclinic is ready');

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
      await sealer.stop();
      if (db.embedded) removeServerRecord(db.embedded.dataDir);
      await db.close();
    })();
    return stopping;
  };
  return { app, db, url, jobs, stop };
}
