import { loadConfig } from '../../src/config.js';
import { buildApp, type App } from '../../src/http/app.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { afterAll } from 'vitest';

/** buildApp on this file's own database, with logging off; requests go through app.inject(). */
export async function createTestApp(env: NodeJS.ProcessEnv = {}): Promise<{ app: App; db: TestDatabase }> {
  const db = await createTestDatabase();
  const app = await buildApp(loadConfig({ ...env }), { pool: db.pool, logger: false });
  afterAll(async () => {
    await app.close();
  });
  return { app, db };
}
