import crypto from 'node:crypto';
import type { ChainRow } from '../../db/repositories/audit-log.js';

/**
 * The hash chain: hash(n) = "k1:" + HMAC-SHA-256(key, hash(n-1) + "\n" + canonical(row n)), where
 * canonical is a JSON array of every recorded field in a fixed order, including the row's id and
 * chain position, so that moving, removing, inserting or editing any entry breaks every hash after
 * it, and only the holder of the key (never the database) can compute a hash (decision 013).
 *
 * Entries sealed before the key existed carry a plain SHA-256 hash (no prefix); they are verified as
 * they were made, and may only come before the first keyed entry.
 */
export const GENESIS_HASH = '0'.repeat(64);

export function canonicalEntry(row: ChainRow, seq: number): string {
  return JSON.stringify([
    row.id,
    seq,
    row.occurredAt,
    row.organizationId,
    row.actorUserId,
    row.actorRoles,
    row.action,
    row.resourceType,
    row.resourceId,
    row.patientId,
    row.ip,
    row.userAgent,
    row.outcome,
    row.details,
  ]);
}

export const KEYED_PREFIX = 'k1:';

export const isKeyedHash = (hash: string | null): boolean => hash !== null && hash.startsWith(KEYED_PREFIX);

// The key as a KeyObject, made once: an HMAC under a raw Buffer re-checks and re-imports the key every time
// (about 6× the cost of the HMAC itself, per sealed entry).
const keyObjects = new WeakMap<Buffer, crypto.KeyObject>();
function keyObject(key: Buffer): crypto.KeyObject {
  let object = keyObjects.get(key);
  if (!object) keyObjects.set(key, (object = crypto.createSecretKey(key)));
  return object;
}

export function chainHash(key: Buffer, prevHash: string, row: ChainRow, seq: number): string {
  return `${KEYED_PREFIX}${crypto
    .createHmac('sha256', keyObject(key))
    .update(`${prevHash}\n${canonicalEntry(row, seq)}`)
    .digest('hex')}`;
}

/** The hash of an entry sealed before the chain was keyed (migration 0007); verification only. */
export function legacyChainHash(prevHash: string, row: ChainRow, seq: number): string {
  return crypto
    .createHash('sha256')
    .update(`${prevHash}\n${canonicalEntry(row, seq)}`)
    .digest('hex');
}
