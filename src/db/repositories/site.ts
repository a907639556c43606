import { sql } from 'kysely';
import { kysely, type Queryable } from '../kysely.js';

/** The public site's own state: its server-side secret and the intake form's per-client rate counters. */

/** The one site secret, created on first use from PostgreSQL's strong random source. */
export async function ensureSiteSecret(db: Queryable): Promise<string | undefined> {
  const k = kysely(db);
  await k
    .insertInto('intakeSiteSecrets')
    .values({
      secret: sql<string>`replace(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await k.selectFrom('intakeSiteSecrets').select('secret').executeTakeFirst();
  return row?.secret;
}

/** Counts one request of `client` in the window starting at `windowStart`; returns the window's count. */
export async function countRateLimitHit(db: Queryable, client: string, windowStart: Date): Promise<number> {
  const row = await kysely(db)
    .insertInto('intakeRateLimits')
    .values({ client, windowStart, count: 1 })
    .onConflict((oc) =>
      oc.columns(['client', 'windowStart']).doUpdateSet((eb) => ({ count: eb('intakeRateLimits.count', '+', 1) })),
    )
    .returning('count')
    .executeTakeFirst();
  return row?.count ?? 0;
}

export async function deleteRateLimitWindowsBefore(db: Queryable, before: Date): Promise<void> {
  await kysely(db).deleteFrom('intakeRateLimits').where('windowStart', '<', before).execute();
}
