import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The audit chain's secret (decision 013). The chain is an HMAC-SHA-256 chain under this key, so
 * someone who can write the database but not read this key cannot re-compute hashes after changing,
 * inserting or removing an entry. The key lives outside PostgreSQL: KETACLINIC_AUDIT_KEY (a config
 * secret, the same on every app server), or else `audit-chain.key` in the data directory, created
 * on first use with mode 0600 for the user the server runs as (PostgreSQL runs as another OS user in
 * the embedded set-up, and no database role can read files). The signed checkpoint file sits next
 * to it.
 */
export interface AuditKeyring {
  readonly key: Buffer;
  /** Where the sealer writes, and verify-audit reads, the signed checkpoint; null: no checkpoint. */
  readonly checkpointPath: string | null;
}

export const AUDIT_KEY_FILE = 'audit-chain.key';
export const AUDIT_CHECKPOINT_FILE = 'audit-checkpoint.json';
export const MIN_AUDIT_SECRET_LENGTH = 32;

/** The key from a secret, or from (created if missing) the key file in `directory`. */
export function loadAuditKeyring(options: { secret?: string | undefined; directory: string }): AuditKeyring {
  fs.mkdirSync(options.directory, { recursive: true, mode: 0o700 });
  const checkpointPath = path.join(options.directory, AUDIT_CHECKPOINT_FILE);
  if (options.secret !== undefined) return { key: Buffer.from(options.secret, 'utf8'), checkpointPath };
  const file = path.join(options.directory, AUDIT_KEY_FILE);
  try {
    fs.writeFileSync(file, `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${file} is not an audit chain key (64 hex digits)`);
  return { key: Buffer.from(text, 'hex'), checkpointPath };
}

/**
 * The keyring for this configuration: the secret if given, else the key file in the data directory
 * (the embedded cluster's, or ./data in server mode without KETACLINIC_DATA_DIR).
 */
export function keyringFor(
  config: { readonly auditKey: string | undefined; readonly dataDir: string | undefined },
  embeddedDataDir?: string,
): AuditKeyring {
  const directory = config.dataDir ?? embeddedDataDir ?? path.resolve('data');
  return loadAuditKeyring({ secret: config.auditKey, directory });
}

/** A keyring held in memory only (tests). */
export const memoryKeyring = (
  key: Buffer = crypto.randomBytes(32),
  checkpointPath: string | null = null,
): AuditKeyring => ({
  key,
  checkpointPath,
});
