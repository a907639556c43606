import crypto from 'node:crypto';
import type { ChainRow } from '../../db/repositories/audit-log.js';

/**
 * The hash chain: hash(n) = SHA-256(hash(n-1) + "\n" + canonical(row n)), where canonical is a JSON
 * array of every recorded field in a fixed order, including the row's id and chain position, so
 * that moving, removing, inserting or editing any entry breaks every hash after it.
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

export function chainHash(prevHash: string, row: ChainRow, seq: number): string {
  return crypto
    .createHash('sha256')
    .update(`${prevHash}\n${canonicalEntry(row, seq)}`)
    .digest('hex');
}
