import pg from 'pg';
import type { Queryable } from './kysely.js';

/**
 * Runs `fn` on one client inside BEGIN … COMMIT (ROLLBACK when it throws). Given a client (already
 * inside a transaction), `fn` simply joins it. Use-cases decide where transactions begin and end
 * (src/app/context.ts withTransaction); this is only the mechanics.
 */
export async function inTransaction<T>(q: Queryable, fn: (client: Queryable) => Promise<T>): Promise<T> {
  if (!(q instanceof pg.Pool)) return fn(q);
  const client = await q.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Runs `fn` inside BEGIN … COMMIT on a client the caller holds for itself (a command's own connection,
 * not inside a transaction yet). `snapshot` is one consistent read-only view (REPEATABLE READ READ ONLY).
 */
export async function inClientTransaction<T>(
  client: pg.ClientBase,
  fn: () => Promise<T>,
  mode: 'read-write' | 'snapshot' = 'read-write',
): Promise<T> {
  await client.query(mode === 'snapshot' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
