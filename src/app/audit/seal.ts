import {
  lastSeal,
  sealHorizon,
  setSealHorizon,
  tryLockForTransaction,
  unsealedRows,
  writeSeals,
} from '../../db/repositories/audit-log.js';
import { inTransaction } from '../../db/transaction.js';
import type { DatabasePool } from '../context.js';
import { chainHash, GENESIS_HASH } from './chain.js';
import { writeCheckpoint } from './checkpoint.js';
import type { AuditKeyring } from './keyring.js';

/**
 * Seals committed audit entries into the hash chain, off the request path. Writers only INSERT, so
 * audited traffic never queues behind a "last hash" lock; one sealer at a time chains what has
 * committed since its last pass. A seal is a row of audit_seals; an entry itself is never updated
 * (decision 030).
 *
 * Tricky: identity ids are handed out at INSERT, but transactions commit in any order — id 41 can
 * commit after id 42 was already visible and sealed. We therefore do not chain in id order. The
 * sealer assigns the chain position (`seq`) itself, in the order it sees rows commit (by id within
 * one pass); a late-committing id 41 simply gets the next free `seq` in a later pass. verify-audit
 * walks `seq`, not `id`.
 *
 * Finding what to seal: each entry records its writing transaction (`xact`). The stored horizon says
 * that every entry of an older transaction is sealed. A pass reads this moment's oldest running
 * transaction (xmin) first, seals every committed entry of a transaction from the horizon up to the
 * newest (xmax), then stores xmin as the horizon: a transaction still running (at or above xmin) may
 * commit later, and one that has not yet written will get an id of at least xmax. Without a horizon (after the migration
 * or a restore), or with one beyond this cluster's transaction ids (a database restored by other
 * means), a pass reads the whole log once.
 *
 * pg_try_advisory_xact_lock makes it safe to run on every app server: a second sealer skips its turn.
 */
export const SEALER_LOCK_KEY = 0x6b617564; // "kaud"

/** Entries hashed between two turns of the event loop. */
const HASH_SLICE = 100;

const yieldToRequests = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface SealResult {
  readonly sealed: number;
  /** False when another sealer held the lock. */
  readonly ran: boolean;
}

export async function sealPending(
  pool: DatabasePool,
  options: { now: () => Date; keyring: AuditKeyring; batchSize?: number },
): Promise<SealResult> {
  const batchSize = options.batchSize ?? 1000;
  let sealed = 0;
  // Fixed by the first transaction of this pass, kept across its batches.
  let range: { from: bigint | null; below: bigint; horizon: bigint } | undefined;
  let afterId = 0;
  for (;;) {
    const pass = await inTransaction(pool, async (tx) => {
      if (!(await tryLockForTransaction(tx, SEALER_LOCK_KEY))) return null;
      if (!range) {
        const { stored, xmin, xmax } = await sealHorizon(tx);
        range = { from: stored !== null && stored <= xmax ? stored : null, below: xmax, horizon: xmin };
      }
      const rows = await unsealedRows(tx, { from: range.from, below: range.below, afterId, limit: batchSize });
      const last = await lastSeal(tx);
      let seq = last?.seq ?? 0;
      let prev = last?.hash ?? GENESIS_HASH;
      const seals: { id: number; seq: number; prevHash: string; hash: string }[] = [];
      for (const row of rows) {
        // The requests waiting meanwhile are answered between slices (a slice is about a millisecond of hashing).
        if (seals.length > 0 && seals.length % HASH_SLICE === 0) await yieldToRequests();
        seq += 1;
        const hash = chainHash(options.keyring.key, prev, row, seq);
        seals.push({ id: row.id, seq, prevHash: prev, hash });
        prev = hash;
      }
      await writeSeals(tx, seals, options.now());
      // Everything of the range is sealed: the next pass starts at the oldest transaction that was running.
      if (rows.length < batchSize) await setSealHorizon(tx, range.horizon);
      return seals;
    });
    // Another sealer holds the lock: it chains what is waiting.
    if (pass === null) return { sealed, ran: sealed > 0 };
    // Published after the commit: the file never names a position the table does not hold.
    const head = pass.at(-1);
    if (head) writeCheckpoint(options.keyring, head.seq, head.hash, options.now());
    sealed += pass.length;
    if (pass.length < batchSize) return { sealed, ran: true };
    afterId = head!.id;
  }
}
