import type { SetupGate } from '../../src/app/setup/first-run.js';
import type { FastifyServerOptions } from 'fastify';
import { afterAll, expect } from 'vitest';
import type { LoginLimits } from '../../src/app/identity/rate-limit.js';
import type { SystemStatusSource } from '../../src/app/ops/system-status.js';
import { loadConfig } from '../../src/config.js';
import { useAppRole } from '../../src/db/app-role.js';
import { createPool } from '../../src/db/pg-types.js';
import { buildApp, type App } from '../../src/http/app.js';
import { runningClock, type Clock } from './clock.js';
import { createTestDatabase, type Cleanup, type TestDatabase } from './database.js';

export interface TestAppOptions {
  /** Extra settings, as environment variables. */
  readonly env?: NodeJS.ProcessEnv;
  /** The app's clock (default: real time, which the test may still advance). */
  readonly clock?: Clock;
  readonly loginLimits?: LoginLimits;
  /** The disk and database status the app reports (tests fake a full disk). */
  readonly system?: SystemStatusSource;
  /** The first-run setup code holder (a test opens it to know the code). */
  readonly setup?: SetupGate;
  /** Logger settings (default off). */
  readonly logger?: FastifyServerOptions['logger'];
  /** A database already prepared (e.g. with the demo clinic); default a fresh copy of the template. */
  readonly db?: TestDatabase;
  /** When the app closes: after the file's tests (default), or `onTestFinished` for an app made per attempt. */
  readonly cleanup?: Cleanup;
}

export interface TestApp {
  readonly app: App;
  /** This file's database; `db.pool` connects as the owner (fixtures, checks), never as the app. */
  readonly db: TestDatabase;
  readonly clock: Clock;
}

/**
 * The one way tests build the app (inject or listen): on this file's own database, through its own
 * pool switched to the `ketaclinic_app` role as the real server's is (decision 004), with an injected
 * clock. A role that could not be switched fails the test file instead of silently running as owner.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const cleanup = options.cleanup ?? afterAll;
  const db = options.db ?? (await createTestDatabase(cleanup));
  const appPool = createPool({ ...db.config, max: 5 });
  const probe = await db.client();
  try {
    expect(
      await useAppRole(appPool, probe, (message) => {
        throw new Error(message);
      }),
    ).toBe('switched');
  } finally {
    await probe.end();
  }
  const clock = options.clock ?? runningClock();
  const app = await buildApp(loadConfig({ ...options.env }), {
    pool: appPool,
    logger: options.logger ?? false,
    now: () => clock.now,
    // Every response the tests produce is also serialized by its Zod contract: the compiled serializers
    // must write the same bytes (decision 027).
    checkResponses: true,
    ...(options.loginLimits ? { loginLimits: options.loginLimits } : {}),
    ...(options.system ? { system: options.system } : {}),
    ...(options.setup ? { setup: options.setup } : {}),
  });
  cleanup(async () => {
    await app.close();
    await appPool.end();
  });
  return { app, db, clock };
}
