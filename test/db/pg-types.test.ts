import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { kysely } from '../../src/db/kysely.js';
import { createClient } from '../../src/db/pg-types.js';
import { inTransaction } from '../../src/db/transaction.js';
import { createTestDatabase } from '../setup/database.js';

const db = await createTestDatabase();

describe('row parsing, set per pool (src/db/pg-types.ts)', () => {
  const probe = `SELECT '2008-02-29'::date AS d, 42::int8 AS n, 9007199254740993::int8 AS big,
                        '2026-11-26T10:00:00Z'::timestamptz AS t, 1.50::numeric AS x`;

  it('pools and clients parse date as a string, safe int8 as a number, timestamptz as a Date, numeric as a string', async () => {
    const fromPool = (await db.pool.query(probe)).rows[0];
    const client = createClient(db.config);
    await client.connect();
    const fromClient = (await client.query(probe)).rows[0];
    await client.end();
    for (const row of [fromPool, fromClient]) {
      expect(row.d).toBe('2008-02-29');
      expect(row.n).toBe(42);
      expect(row.big).toBe('9007199254740993');
      expect(row.t).toEqual(new Date('2026-11-26T10:00:00Z'));
      expect(row.x).toBe('1.50');
    }
  });

  it("the pool's Kysely and a transaction's Kysely use the same parsers and the same connection", async () => {
    const row = await kysely(db.pool)
      .selectNoFrom([sql<string>`'2008-02-29'::date`.as('d'), sql<Date>`now()`.as('t')])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ d: '2008-02-29', t: expect.any(Date) });
    const pid = await inTransaction(db.pool, async (client) => {
      const row = await kysely(client)
        .selectNoFrom((eb) => eb.fn<number>('pg_backend_pid').as('pid'))
        .executeTakeFirstOrThrow();
      const same = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(row.pid).toBe(same.rows[0]?.pid);
      return row.pid;
    });
    expect(typeof pid).toBe('number');
  });
});
