import { createHash } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import { requirePrincipal, withTransaction, type AppContext } from '../context.js';

/**
 * Idempotency-Key for every session write (a nurse's tablet retries after losing Wi-Fi): in one
 * transaction with the write, the first answer is stored under (organization, user, key); the same key
 * with the same request returns that answer and writes nothing; with a different request it is refused.
 * A failed write stores nothing, so its retry runs again.
 */
const keyPattern = /^[\x21-\x7e]{8,200}$/;

export interface IdempotentResult<T> {
  readonly statusCode: number;
  readonly body: T;
  readonly replayed: boolean;
}

export async function idempotent<T>(
  ctx: AppContext,
  key: string | undefined,
  request: unknown,
  fn: (tx: AppContext) => Promise<{ statusCode: number; body: T }>,
): Promise<IdempotentResult<T>> {
  const principal = requirePrincipal(ctx);
  if (key === undefined || !keyPattern.test(key)) {
    throw new DomainError('idempotency_key_required', 'Send an Idempotency-Key header (8–200 visible characters).', {
      errors: [{ path: '/headers/idempotency-key', message: 'Send a unique key (8–200 visible characters) per write' }],
    });
  }
  const hash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  return withTransaction(ctx, async (tx) => {
    await tx.db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 15))', [
      `${principal.organizationId}:${principal.userId}:${key}`,
    ]);
    const found = await tx.db.query<{ request_hash: string; status_code: number; response: T }>(
      'SELECT request_hash, status_code, response FROM session_idempotency_keys WHERE organization_id = $1 AND user_id = $2 AND key = $3',
      [principal.organizationId, principal.userId, key],
    );
    const previous = found.rows[0];
    if (previous) {
      if (previous.request_hash !== hash) {
        throw new DomainError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request; send a new key.',
        );
      }
      return { statusCode: previous.status_code, body: previous.response, replayed: true };
    }
    const result = await fn(tx);
    await tx.db.query(
      `INSERT INTO session_idempotency_keys (organization_id, user_id, key, request_hash, status_code, response, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [principal.organizationId, principal.userId, key, hash, result.statusCode, JSON.stringify(result.body), tx.now],
    );
    return { ...result, replayed: false };
  });
}
