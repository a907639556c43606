import { kysely, type Queryable } from '../kysely.js';

/**
 * Sign-in attempts per key ("account:…", "ip:…", "totp:…"), shared by every app server through
 * PostgreSQL. Each attempt is counted by one atomic statement BEFORE any password or code is checked,
 * so concurrent attempts each see their own number and at most the limit of them go on to be checked.
 */

export interface AttemptCount {
  readonly attempts: number;
  readonly windowStartedAt: Date;
}

/** Counts one attempt for `key` in a fixed window of `windowMs`; a window that has passed restarts at 1. */
export async function countAttempt(db: Queryable, key: string, now: Date, windowMs: number): Promise<AttemptCount> {
  const windowEndedBefore = new Date(now.getTime() - windowMs);
  return kysely(db)
    .insertInto('loginAttempts')
    .values({ key, windowStartedAt: now, attempts: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => {
        const passed = eb('loginAttempts.windowStartedAt', '<=', windowEndedBefore);
        return {
          attempts: eb
            .case()
            .when(passed)
            .then(1)
            .else(eb('loginAttempts.attempts', '+', 1))
            .end(),
          windowStartedAt: eb.case().when(passed).then(now).else(eb.ref('loginAttempts.windowStartedAt')).end(),
        };
      }),
    )
    .returning(['attempts', 'windowStartedAt'])
    .executeTakeFirstOrThrow();
}

/** Takes back one counted attempt (it turned out not to be a failure). */
export async function refundAttempt(db: Queryable, key: string): Promise<void> {
  await kysely(db)
    .updateTable('loginAttempts')
    .set((eb) => ({ attempts: eb.fn<number>('greatest', [eb('attempts', '-', 1), eb.lit(0)]) }))
    .where('key', '=', key)
    .execute();
}

export async function clearAttempts(db: Queryable, key: string): Promise<void> {
  await kysely(db).deleteFrom('loginAttempts').where('key', '=', key).execute();
}

/** Windows that ended long ago tell nothing; dropped now and then so the table stays small. */
export async function pruneAttempts(db: Queryable, before: Date): Promise<void> {
  await kysely(db).deleteFrom('loginAttempts').where('windowStartedAt', '<', before).execute();
}
