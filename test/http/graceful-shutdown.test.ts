import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { createTestDatabase } from '../setup/database.js';

it('on close, stops accepting new requests but finishes the ones in flight', async () => {
  const db = await createTestDatabase();
  const app = await buildApp(loadConfig({}), { pool: db.pool, logger: false });
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let arrived: () => void = () => undefined;
  const inHandler = new Promise<void>((resolve) => (arrived = resolve));
  app.get('/test-slow', { config: { access: 'public' } }, async () => {
    arrived();
    await held;
    const res = await db.pool.query<{ one: number }>('SELECT 1 AS one');
    return { finished: res.rows[0]?.one === 1 };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const inFlight = fetch(`${url}/test-slow`);
  await inHandler;
  const closing = app.close();
  await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  release();
  const res = await inFlight;
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ finished: true });
  await closing;
});
