import { lastSeal, tryLockForTransaction, unsealedRows, writeSeals } from '../../db/repositories/audit-log.js';
import { inTransaction } from '../../db/transaction.js';
import type { DatabasePool } from '../context.js';
import { chainHash, GENESIS_HASH } from './chain.js';
import { writeCheckpoint } from './checkpoint.js';
import type { AuditKeyring } from './keyring.js';

/**
 * Seals committed audit entries into the hash chain, off the request path. Writers only INSERT, so
 * audited traffic never queues behind a "last hash" lock; one sealer at a time chains what has
 * committed since its last pass.
 *
 * Tricky: identity ids are handed out at INSERT, but transactions commit in any order — id 41 can
 * commit after id 42 was already visible and sealed. We therefore do not chain in id order. The
 * sealer assigns the chain position (`seq`) itself, in the order it sees rows commit (by id within
 * one pass); a late-committing id 41 simply gets the next free `seq` in a later pass. verify-audit
 * walks `seq`, not `id`. (The alternative — seal only below the smallest id still in flight — would
 * need to know in-flight ids and would stall the chain behind one slow transaction.)
 *
 * pg_try_advisory_xact_lock makes it safe to run on every app server: a second sealer skips its turn.
 */
export const SEALER_LOCK_KEY = 0x6b617564; // "kaud"

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
  for (;;) {
    const pass = await inTransaction(pool, async (tx) => {
      if (!(await tryLockForTransaction(tx, SEALER_LOCK_KEY))) return null;
      const rows = await unsealedRows(tx, batchSize);
      const last = await lastSeal(tx);
      let seq = last?.seq ?? 0;
      let prev = last?.hash ?? GENESIS_HASH;
      const seals = rows.map((row) => {
        seq += 1;
        const hash = chainHash(options.keyring.key, prev, row, seq);
        const seal = { id: row.id, seq, prevHash: prev, hash };
        prev = hash;
        return seal;
      });
      await writeSeals(tx, seals, options.now());
      return seals;
    });
    // Another sealer holds the lock: it chains what is waiting.
    if (pass === null) return { sealed, ran: sealed > 0 };
    // Published after the commit: the file never names a position the table does not hold.
    const head = pass.at(-1);
    if (head) writeCheckpoint(options.keyring, head.seq, head.hash, options.now());
    sealed += pass.length;
    if (pass.length < batchSize) return { sealed, ran: true };
  }
}
