import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AuditKeyring } from './keyring.js';

/**
 * The chain's head published outside the table: after each pass that sealed something, the sealer
 * writes the last chain position and its hash, signed (HMAC) with the chain key, to a file next to
 * the key. verify-audit then knows how long the chain was at least and how it ended, so removing
 * the newest entries (which leaves a shorter, internally valid chain) or re-hashing the chain is
 * reported. The file only moves forward: a pass never writes a position lower than the file's.
 */
export interface Checkpoint {
  readonly seq: number;
  readonly hash: string;
  readonly writtenAt: string;
}

const mac = (key: Buffer, c: Checkpoint): string =>
  crypto
    .createHmac('sha256', key)
    .update(`ketaclinic audit checkpoint\n${c.seq}\n${c.hash}\n${c.writtenAt}`)
    .digest('hex');

export type CheckpointRead =
  | { readonly status: 'none' }
  | { readonly status: 'valid'; readonly checkpoint: Checkpoint }
  | { readonly status: 'invalid'; readonly reason: string };

export function readCheckpoint(keyring: AuditKeyring): CheckpointRead {
  if (!keyring.checkpointPath) return { status: 'none' };
  let text: string;
  try {
    text = fs.readFileSync(keyring.checkpointPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'none' };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<Checkpoint> & { mac?: unknown };
    if (
      typeof parsed.seq !== 'number' ||
      typeof parsed.hash !== 'string' ||
      typeof parsed.writtenAt !== 'string' ||
      typeof parsed.mac !== 'string'
    )
      return { status: 'invalid', reason: 'the checkpoint file is damaged' };
    const checkpoint = { seq: parsed.seq, hash: parsed.hash, writtenAt: parsed.writtenAt };
    const expected = Buffer.from(mac(keyring.key, checkpoint), 'hex');
    const given = Buffer.from(parsed.mac, 'hex');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
      return { status: 'invalid', reason: 'the checkpoint file is not signed with this chain key' };
    return { status: 'valid', checkpoint };
  } catch {
    return { status: 'invalid', reason: 'the checkpoint file is damaged' };
  }
}

/** Writes the checkpoint atomically (temporary file + rename) unless the file is already further on. */
export function writeCheckpoint(keyring: AuditKeyring, seq: number, hash: string, now: Date): void {
  if (!keyring.checkpointPath) return;
  const current = readCheckpoint(keyring);
  if (current.status === 'valid' && current.checkpoint.seq >= seq) return;
  const checkpoint: Checkpoint = { seq, hash, writtenAt: now.toISOString() };
  const tmp = `${keyring.checkpointPath}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify({ ...checkpoint, mac: mac(keyring.key, checkpoint) })}\n`, { mode: 0o600 });
  fs.renameSync(tmp, keyring.checkpointPath);
}
