import { CamelCasePlugin, Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.generated.js';

/**
 * The typed query builder (decision 012). Table types come from the migrated database
 * (src/db/schema.generated.ts, `npm run db:types`); every statement lives in a repository
 * (src/db/repositories/*). Columns are snake_case in PostgreSQL and camelCase in TypeScript; the keys
 * inside jsonb documents stay as written.
 */
export type Db = Kysely<DB>;
export type { DB };

/**
 * What the use-cases hold and pass to repositories: the pool, or the client of the transaction they
 * opened (src/db/transaction.ts). The pool's Kysely is created once, on first use, from that pool;
 * a transaction's client gets its own, which sends every query to that client.
 */
export type Queryable = pg.Pool | pg.ClientBase;
/** The server's pool (what buildApp and the routes are given). */
export type DatabasePool = pg.Pool;
/** One connection a command holds for itself (backup, restore), outside any transaction. */
export type DatabaseClient = pg.ClientBase;

const plugins = [new CamelCasePlugin({ maintainNestedObjectKeys: true })];
const instances = new WeakMap<Queryable, Db>();

export function kysely(q: Queryable): Db {
  let db = instances.get(q);
  if (!db) {
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: q instanceof pg.Pool ? q : borrowed(q) }), plugins });
    instances.set(q, db);
  }
  return db;
}

/** A client already checked out, lent to Kysely as a one-client pool that never releases or ends it. */
function borrowed(client: pg.ClientBase): PostgresPool {
  const lent: PostgresPoolClient = {
    query: client.query.bind(client),
    release: () => undefined,
  };
  return { connect: async () => lent, end: async () => undefined, options: {} };
}
