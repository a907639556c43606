import { loadConfig } from '../src/config.js';
import { createPool } from '../src/db/pg-types.js';
import { buildApp } from '../src/http/app.js';

/**
 * The OpenAPI document as generated from the route schemas, without a database (the pool is never
 * connected). Checked in at docs/api/openapi.json; a test fails when the two drift apart.
 */
export async function generateOpenApi(): Promise<string> {
  const pool = createPool({ max: 1 });
  const app = await buildApp(loadConfig({}), { pool, logger: false, generateOpenapi: true });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await pool.end();
  }
}
