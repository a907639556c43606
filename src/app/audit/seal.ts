import type pg from 'pg';
import { lastSeal, unsealedRows, writeSeals } from '../../db/repositories/audit-log.js';
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
  pool: pg.Pool,
  options: { now: () => Date; keyring: AuditKeyring; batchSize?: number },
): Promise<SealResult> {
  const batchSize = options.batchSize ?? 1000;
  let sealed = 0;
  for (;;) {
    const client = await pool.connect();
    let batch: number;
    try {
      await client.query('BEGIN');
      const lock = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [SEALER_LOCK_KEY]);
      if (!lock.rows[0]?.ok) {
        await client.query('ROLLBACK');
        return { sealed, ran: sealed > 0 };
      }
      const rows = await unsealedRows(client, batchSize);
      const last = await lastSeal(client);
      let seq = last?.seq ?? 0;
      let prev = last?.hash ?? GENESIS_HASH;
      const seals = rows.map((row) => {
        seq += 1;
        const hash = chainHash(options.keyring.key, prev, row, seq);
        const seal = { id: row.id, seq, prevHash: prev, hash };
        prev = hash;
        return seal;
      });
      await writeSeals(client, seals, options.now());
      await client.query('COMMIT');
      batch = rows.length;
      // Published after the commit: the file never names a position the table does not hold.
      const head = seals.at(-1);
      if (head) writeCheckpoint(options.keyring, head.seq, head.hash, options.now());
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    sealed += batch;
    if (batch < batchSize) return { sealed, ran: true };
  }
}
