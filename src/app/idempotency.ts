import { createHash } from 'node:crypto';
import {
  findSessionIdempotentResult,
  insertSessionIdempotentResult,
  lockSessionIdempotencyKey,
} from '../db/repositories/treatment-sessions.js';
import { DomainError, errorCatalogue } from '../domain/errors.js';
import { requirePrincipal, withTransaction, type AppContext } from './context.js';

/**
 * Idempotency-Key: required on every session write (a nurse's tablet retries after losing Wi-Fi), taken
 * when sent on the chart's writes. In one transaction with the write, the first answer is stored under
 * (organization, user, key) in session_idempotency_keys; the same key with the same request returns that
 * answer and writes nothing; with a different request it is refused. A failed write stores nothing, so its
 * retry runs again.
 */
const keyPattern = /^[\x21-\x7e]{8,200}$/;

export interface IdempotentResult<T> {
  readonly statusCode: number;
  readonly body: T;
  readonly replayed: boolean;
}

/** The request's Idempotency-Key, or 400 when it is missing or not 8–200 visible characters. */
export function requireIdempotencyKey(key: string | undefined): string {
  if (key === undefined || !keyPattern.test(key)) {
    throw new DomainError('idempotency_key_required', 'Send an Idempotency-Key header (8–200 visible characters).', {
      errors: [{ path: '/headers/idempotency-key', message: 'Send a unique key (8–200 visible characters) per write' }],
    });
  }
  return key;
}

/** What a key is bound to: the request (method, URL, body), hashed. */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

/**
 * A refusal that keeps what the request recorded. A prescriber's repeat blood pressure at the absolute limit
 * is refused as an override, but it is a reading of the day and must stand (it bars the dose for the day).
 * The use-case throws this after its writes; `idempotent` commits them, stores the refusal under the key like
 * any answer (a retry gets the same refusal and records nothing twice) and then throws the refusal.
 */
export class RecordedRefusal extends Error {
  constructor(readonly refusal: DomainError) {
    super(refusal.message);
    this.name = 'RecordedRefusal';
  }
}

interface StoredRefusal {
  readonly refused: {
    readonly code: DomainError['code'];
    readonly message: string;
    readonly errors: DomainError['errors'];
    readonly details: DomainError['details'] | null;
  };
}

const isStoredRefusal = (body: unknown): body is StoredRefusal =>
  typeof body === 'object' && body !== null && 'refused' in body && Object.keys(body).length === 1;

function refusalError({ refused }: StoredRefusal): DomainError {
  return new DomainError(refused.code, refused.message, {
    errors: refused.errors,
    ...(refused.details ? { details: { ...refused.details } } : {}),
  });
}

/** The first answer stored under a key: returned again for the same request, refused for another. */
export function replay<T>(
  previous: { requestHash: string; statusCode: number; response: unknown },
  hash: string,
): IdempotentResult<T> {
  if (previous.requestHash !== hash) {
    throw new DomainError(
      'idempotency_key_reused',
      'This Idempotency-Key was already used for a different request; send a new key.',
    );
  }
  if (previous.statusCode >= 400 && isStoredRefusal(previous.response)) throw refusalError(previous.response);
  return { statusCode: previous.statusCode, body: previous.response as T, replayed: true };
}

export async function idempotent<T>(
  ctx: AppContext,
  key: string | undefined,
  request: unknown,
  fn: (tx: AppContext) => Promise<{ statusCode: number; body: T }>,
): Promise<IdempotentResult<T>> {
  const principal = requirePrincipal(ctx);
  const checked = requireIdempotencyKey(key);
  const hash = requestHash(request);
  const outcome = await withTransaction(ctx, async (tx): Promise<IdempotentResult<T> | { refused: DomainError }> => {
    await lockSessionIdempotencyKey(tx.db, `${principal.organizationId}:${principal.userId}:${checked}`);
    const previous = await findSessionIdempotentResult(tx.db, principal.organizationId, principal.userId, checked);
    if (previous) return replay<T>(previous, hash);
    let result: { statusCode: number; body: unknown };
    let refused: DomainError | undefined;
    try {
      result = await fn(tx);
    } catch (error) {
      if (!(error instanceof RecordedRefusal)) throw error;
      refused = error.refusal;
      const stored: StoredRefusal = {
        refused: {
          code: refused.code,
          message: refused.message,
          errors: refused.errors,
          details: refused.details ?? null,
        },
      };
      result = { statusCode: errorCatalogue[refused.code].status, body: stored };
    }
    await insertSessionIdempotentResult(tx.db, {
      organizationId: principal.organizationId,
      userId: principal.userId,
      key: checked,
      requestHash: hash,
      statusCode: result.statusCode,
      response: result.body,
      createdAt: tx.now,
    });
    return refused ? { refused } : { ...(result as { statusCode: number; body: T }), replayed: false };
  });
  // Committed: what the refused request recorded stands, and the client is told no.
  if ('refused' in outcome) throw outcome.refused;
  return outcome;
}

/**
 * A write that takes a key when the client sends one: with a key, as `idempotent` (its own transaction);
 * without, the write as it is (a chart append then shares its statement with its neighbours).
 */
export async function idempotentIfKeyed<T>(
  ctx: AppContext,
  key: string | undefined,
  request: unknown,
  statusCode: number,
  fn: (ctx: AppContext) => Promise<T>,
): Promise<IdempotentResult<T>> {
  if (key === undefined) return { statusCode, body: await fn(ctx), replayed: false };
  return idempotent(ctx, key, request, async (tx) => ({ statusCode, body: await fn(tx) }));
}
