import { sealedRowsAfter, unsealedSummary } from '../../db/repositories/audit-log.js';
import type { Queryable } from '../context.js';
import { chainHash, GENESIS_HASH, isKeyedHash, legacyChainHash } from './chain.js';
import { readCheckpoint } from './checkpoint.js';
import type { AuditKeyring } from './keyring.js';

/**
 * Re-computes the whole chain in `seq` order with the chain key. The first entry whose stored
 * previous hash, position or own hash does not match what its content gives is reported by id; so is
 * a gap (a deleted entry), and an unkeyed entry after a keyed one. Then the signed checkpoint file:
 * the chain must reach its position and hold its hash there — otherwise the newest entries were
 * removed, or the chain was re-hashed. Entries left unsealed longer than `staleAfterMs` mean the
 * sealer is not running.
 */
/** An entry still unsealed after this long means the sealer (about once a second) is not running. */
export const STALE_UNSEALED_AFTER_MS = 60_000;

export interface VerifyResult {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBroken: { readonly id: number | null; readonly seq: number; readonly reason: string } | null;
  /** The signed checkpoint the chain was held against (null: no checkpoint file yet). */
  readonly checkpoint: { readonly seq: number; readonly hash: string } | null;
  readonly staleUnsealed: { readonly count: number; readonly oldestId: number | null };
}

export async function verifyAuditChain(
  db: Queryable,
  options: { now: Date; keyring: AuditKeyring; staleAfterMs?: number; batchSize?: number },
): Promise<VerifyResult> {
  const batchSize = options.batchSize ?? 5000;
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let firstBroken: VerifyResult['firstBroken'] = null;
  let keyedSeen = false;
  const hashAt = new Map<number, string>();
  const checkpointRead = readCheckpoint(options.keyring);
  const checkpoint = checkpointRead.status === 'valid' ? checkpointRead.checkpoint : null;
  outer: for (;;) {
    const rows = await sealedRowsAfter(db, expectedSeq - 1, batchSize);
    for (const seal of rows) {
      const { seq, entry } = seal;
      let reason: string | undefined;
      if (seq !== expectedSeq) reason = `chain position ${expectedSeq} is missing (an entry was removed)`;
      else if (seal.prevHash !== prev) reason = 'its previous-hash does not match the entry before it';
      else if (entry === null) reason = 'the entry sealed at this position is missing (it was removed)';
      else if (isKeyedHash(seal.hash)) {
        keyedSeen = true;
        if (chainHash(options.keyring.key, prev, entry, seq) !== seal.hash)
          reason = 'its content does not match its keyed hash (it was changed, or hashed without the chain key)';
      } else if (keyedSeen) reason = 'it carries an unkeyed hash after keyed entries (the chain was re-hashed)';
      else if (legacyChainHash(prev, entry, seq) !== seal.hash)
        reason = 'its content does not match its hash (it was changed)';
      if (reason) {
        firstBroken = { id: seal.auditId, seq, reason };
        break outer;
      }
      prev = seal.hash;
      if (checkpoint && seq === checkpoint.seq) hashAt.set(seq, seal.hash);
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < batchSize) break;
  }
  if (!firstBroken) {
    if (checkpointRead.status === 'invalid') firstBroken = { id: null, seq: checked, reason: checkpointRead.reason };
    else if (checkpointRead.status === 'none' && keyedSeen && options.keyring.checkpointPath)
      firstBroken = {
        id: null,
        seq: checked,
        reason: 'the signed checkpoint file is missing, so removal of the newest entries cannot be ruled out',
      };
    else if (checkpoint && checked < checkpoint.seq)
      firstBroken = {
        id: null,
        seq: checked + 1,
        reason: `the chain ends at position ${checked} but the signed checkpoint records position ${checkpoint.seq}: the newest ${checkpoint.seq - checked} entries were removed`,
      };
    else if (checkpoint && hashAt.get(checkpoint.seq) !== checkpoint.hash)
      firstBroken = {
        id: null,
        seq: checkpoint.seq,
        reason: `position ${checkpoint.seq} does not hold the hash the signed checkpoint records: the chain was re-hashed`,
      };
  }
  const staleUnsealed = await unsealedSummary(
    db,
    new Date(options.now.getTime() - (options.staleAfterMs ?? STALE_UNSEALED_AFTER_MS)),
  );
  return {
    ok: firstBroken === null && staleUnsealed.count === 0,
    checked,
    firstBroken,
    checkpoint: checkpoint ? { seq: checkpoint.seq, hash: checkpoint.hash } : null,
    staleUnsealed,
  };
}
