import pg from 'pg';
import { loadConfig } from '../config.js';
import { buildApp } from './app.js';

/**
 * The OpenAPI document as generated from the route schemas, without a database (the pool is never
 * connected). Checked in at docs/api/openapi.json; a test fails when the two drift apart.
 */
export async function generateOpenApi(): Promise<string> {
  const pool = new pg.Pool({ max: 1 });
  const app = await buildApp(loadConfig({}), { pool, logger: false });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await pool.end();
  }
}
