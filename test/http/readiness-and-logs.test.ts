import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildApp, loggerOptions } from '../../src/http/app.js';
import { createEmptyDatabase, createTestDatabase } from '../setup/database.js';

describe('readiness', () => {
  it('is not ready (503 problem) while the database schema is behind this build', async () => {
    const db = await createEmptyDatabase();
    await db.pool.query(
      'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const app = await buildApp(loadConfig({}), { pool: db.pool, logger: false });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'not_ready' });
    expect(res.json().detail).toMatch(/ketaclinic migrate/);
    await app.close();
  });
});

describe('request logs', () => {
  it('record method, path, status and request id at debug — never the query string, body or headers', async () => {
    const db = await createTestDatabase();
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = { ...(loggerOptions(loadConfig({ LOG_LEVEL: 'debug' })) as object), stream };
    const app = await buildApp(loadConfig({}), { pool: db.pool, logger });
    await app.inject({
      method: 'POST',
      url: '/api/v1/instruments/phq9/score?patient=Jane%20Doe',
      headers: { cookie: 'kc_session=secret-cookie', 'content-type': 'application/json' },
      payload: { answers: [3, 3, 3, 3, 3, 3, 3, 3, 3] },
    });
    await app.close();
    const text = lines.join('');
    expect(text).toContain('/api/v1/instruments/phq9/score');
    expect(text).not.toContain('Jane');
    expect(text).not.toContain('secret-cookie');
    expect(text).not.toContain('answers');
    expect(text).toMatch(/"statusCode":200/);
  });
});
