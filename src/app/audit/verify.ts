import { sealedRowsAfter, unsealedSummary } from '../../db/repositories/audit-log.js';
import type { Queryable } from '../context.js';
import { chainHash, GENESIS_HASH } from './chain.js';

/**
 * Re-computes the whole chain in `seq` order. The first entry whose stored previous hash, position
 * or own hash does not match what its content gives is reported by id; so is a gap (a deleted
 * entry). Entries left unsealed longer than `staleAfterMs` mean the sealer is not running.
 */
/** An entry still unsealed after this long means the sealer (about once a second) is not running. */
export const STALE_UNSEALED_AFTER_MS = 60_000;

export interface VerifyResult {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBroken: { readonly id: number; readonly seq: number; readonly reason: string } | null;
  readonly staleUnsealed: { readonly count: number; readonly oldestId: number | null };
}

export async function verifyAuditChain(
  db: Queryable,
  options: { now: Date; staleAfterMs?: number; batchSize?: number },
): Promise<VerifyResult> {
  const batchSize = options.batchSize ?? 5000;
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let firstBroken: VerifyResult['firstBroken'] = null;
  outer: for (;;) {
    const rows = await sealedRowsAfter(db, expectedSeq - 1, batchSize);
    for (const row of rows) {
      const seq = row.seq!;
      let reason: string | undefined;
      if (seq !== expectedSeq) reason = `chain position ${expectedSeq} is missing (an entry was removed)`;
      else if (row.prevHash !== prev) reason = 'its previous-hash does not match the entry before it';
      else if (chainHash(prev, row, seq) !== row.hash) reason = 'its content does not match its hash (it was changed)';
      if (reason) {
        firstBroken = { id: row.id, seq, reason };
        break outer;
      }
      prev = row.hash!;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < batchSize) break;
  }
  const staleUnsealed = await unsealedSummary(
    db,
    new Date(options.now.getTime() - (options.staleAfterMs ?? STALE_UNSEALED_AFTER_MS)),
  );
  return { ok: firstBroken === null && staleUnsealed.count === 0, checked, firstBroken, staleUnsealed };
}
