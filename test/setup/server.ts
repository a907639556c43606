import { afterAll } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildApp, type App } from '../../src/http/app.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/** The real app on a loopback port, on this file's own database (for browser tests). */
export async function startTestServer(): Promise<{ app: App; db: TestDatabase; url: string }> {
  const db = await createTestDatabase();
  const app = await buildApp(loadConfig({ PORT: '0' }), { pool: db.pool, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  afterAll(async () => {
    await app.close();
  });
  return { app, db, url: `http://127.0.0.1:${port}` };
}
