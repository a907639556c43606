import { pruneIdempotencyKeys } from '../db/repositories/treatment-sessions.js';
import type { JobDeps, JobRegistration } from './registry.js';

/**
 * Idempotency-Key answers are kept 30 days (a tablet's queue of unsent entries survives a reload and a day
 * offline; a retry after a month does not happen), then removed once a night. Each holds a copy of the
 * answer to a clinical write: kept no longer than a retry could need it.
 */
export const IDEMPOTENCY_PRUNE_JOB = 'idempotency-keys-prune';
export const IDEMPOTENCY_KEEP_DAYS = 30;

export async function runIdempotencyPrune(deps: JobDeps, now: Date): Promise<number> {
  return pruneIdempotencyKeys(deps.pool, new Date(now.getTime() - IDEMPOTENCY_KEEP_DAYS * 86_400_000));
}

export const registerIdempotencyPrune: JobRegistration = async (queue, deps) => {
  await queue.work(
    IDEMPOTENCY_PRUNE_JOB,
    async () => {
      const removed = await runIdempotencyPrune(deps, new Date());
      if (removed > 0)
        deps.log('info', `idempotency keys: ${removed} older than ${IDEMPOTENCY_KEEP_DAYS} days removed`);
    },
    { policy: 'singleton', expireInSeconds: 900 },
  );
  await queue.schedule(IDEMPOTENCY_PRUNE_JOB, '41 3 * * *');
};
