import type pg from 'pg';

/** Failed sign-ins per key ("account:…", "ip:…"), shared by every app server through PostgreSQL. */
type Queryable = pg.Pool | pg.ClientBase;

export async function recordFailure(db: Queryable, keys: readonly string[], now: Date): Promise<void> {
  await db.query('INSERT INTO login_failures (key, occurred_at) SELECT k, $2 FROM unnest($1::text[]) AS k', [
    keys,
    now,
  ]);
}

/** Count and oldest time of failures for `key` since `since`. */
export async function failuresSince(
  db: Queryable,
  key: string,
  since: Date,
): Promise<{ count: number; oldest: Date | null }> {
  const res = await db.query<{ count: number; oldest: Date | null }>(
    'SELECT count(*)::int AS count, min(occurred_at) AS oldest FROM login_failures WHERE key = $1 AND occurred_at > $2',
    [key, since],
  );
  return { count: res.rows[0]?.count ?? 0, oldest: res.rows[0]?.oldest ?? null };
}

export async function clearFailures(db: Queryable, key: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE key = $1', [key]);
}

/** Old rows tell nothing; dropped as sign-ins happen so the table stays small. */
export async function pruneFailures(db: Queryable, keys: readonly string[], before: Date): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE key = ANY($1::text[]) AND occurred_at < $2', [keys, before]);
}
