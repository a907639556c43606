import type { SetupGate } from '../../src/app/setup/first-run.js';
import { loadDemoClinic, type DemoResult } from '../../src/app/demo.js';
import type { SystemStatusSource } from '../../src/app/ops/system-status.js';
import type { App } from '../../src/http/app.js';
import { createTestApp } from './app.js';
import type { Clock } from './clock.js';
import { createTestDatabase, type Cleanup, type TestDatabase } from './database.js';

export interface TestServerOptions {
  /** Extra settings, as environment variables (e.g. a lower intake rate limit). */
  readonly env?: NodeJS.ProcessEnv;
  /** Load the fictional demo clinic and its sign-ins first. */
  readonly demo?: boolean;
  /** With the demo: also its fictional "Get started" requests (default true; false leaves the queue empty). */
  readonly demoIntakes?: boolean;
  /** The first-run setup code holder (a test opens it to know the code). */
  readonly setup?: SetupGate;
  /** The installation's health for the admin's console (disk, database, backups); the real server passes one. */
  readonly system?: SystemStatusSource;
  /** The app's clock (default: real time, which the test may advance). */
  readonly clock?: Clock;
  /**
   * When the server and its database go: after the file's tests (default), or `onTestFinished` for a server
   * started inside a test, one per attempt, so a retry on CI (vitest.config.ts) starts from the demo clinic
   * again rather than from what the failed attempt signed, booked or set up.
   */
  readonly cleanup?: Cleanup;
}

export interface TestServer {
  readonly app: App;
  readonly db: TestDatabase;
  readonly url: string;
  /** The server's injected clock: sign-in codes are computed from it (test/setup/browser.ts). */
  readonly clock: Clock;
  /** Set when the demo clinic was loaded. */
  readonly demo: DemoResult | undefined;
}

/** The real app on a loopback port, on this file's own database (for browser tests). */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const db = await createTestDatabase(options.cleanup);
  let demo: DemoResult | undefined;
  if (options.demo) {
    const client = await db.client();
    try {
      demo = await loadDemoClinic(client, { intakes: options.demoIntakes ?? true });
    } finally {
      await client.end();
    }
  }
  const { app, clock } = await createTestApp({
    db,
    ...(options.clock ? { clock: options.clock } : {}),
    env: { PORT: '0', ...options.env },
    ...(options.setup ? { setup: options.setup } : {}),
    ...(options.system ? { system: options.system } : {}),
    ...(options.cleanup ? { cleanup: options.cleanup } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, db, clock, url: `http://127.0.0.1:${port}`, demo };
}
