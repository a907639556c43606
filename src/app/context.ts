import type { DatabaseClient, DatabasePool, Queryable } from '../db/kysely.js';
import { inClientTransaction, inTransaction } from '../db/transaction.js';
import { DomainError } from '../domain/errors.js';
import type { Principal } from '../domain/permissions/index.js';

export type { DatabaseClient, DatabasePool, Queryable };
export { inClientTransaction };

/**
 * What every use-case receives besides its input: the database (a pool, or the client of an open
 * transaction; repositories build their typed queries on it), who is asking, the time (injected,
 * never read inside), and where the request came from (for the audit log).
 */
export interface AppContext {
  readonly db: Queryable;
  readonly principal: Principal | null;
  readonly now: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** The session the request came with (the sha-256 id), when there is one. */
  readonly sessionId?: string | null;
}

/**
 * Runs `fn` in one transaction: the write and the audit entry that records it commit together or
 * not at all. Inside a transaction already (ctx.db is a client), `fn` simply joins it.
 */
export async function withTransaction<T>(ctx: AppContext, fn: (tx: AppContext) => Promise<T>): Promise<T> {
  return inTransaction(ctx.db, (db) => fn(db === ctx.db ? ctx : { ...ctx, db }));
}

export function requirePrincipal(ctx: AppContext): Principal {
  if (!ctx.principal) throw new DomainError('unauthenticated', 'Sign in to continue.');
  return ctx.principal;
}
