import { afterAll } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { loadConfig } from '../../src/config.js';
import { buildApp, type App } from '../../src/http/app.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

/**
 * The real app on a loopback port with the demo clinic loaded, and no minimum fill time (a test fills the
 * form faster than a person could; the spam rule itself is covered by test/http/intake-api.test.ts).
 */
export async function startIntakeServer(): Promise<{ app: App; db: TestDatabase; url: string }> {
  const db = await createTestDatabase();
  const client = await db.client();
  await loadDemoClinic(client);
  await client.end();
  const app = await buildApp(loadConfig({ PORT: '0', KETACLINIC_INTAKE_MIN_FILL_SECONDS: '0', KETACLINIC_INTAKE_RATE_LIMIT: '1000' }), { pool: db.pool, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  afterAll(async () => {
    await app.close();
  });
  return { app, db, url: `http://127.0.0.1:${port}` };
}
