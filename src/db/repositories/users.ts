import { normaliseEmail } from '../../domain/identity/email.js';
import { kysely, type Queryable } from '../kysely.js';

/** SQL for user accounts. Secrets (password hash, TOTP secret) stay in this row type and never leave app/. */

export interface UserRow {
  readonly id: string;
  readonly organizationId: string;
  readonly organizationName: string;
  readonly organizationTimeZone: string;
  readonly email: string;
  readonly name: string;
  readonly kind: 'staff' | 'patient';
  readonly roles: string[];
  readonly patientId: string | null;
  readonly passwordHash: string;
  readonly mustChangePassword: boolean;
  readonly active: boolean;
  readonly mfaSecret: string | null;
  readonly mfaPendingSecret: string | null;
  readonly mfaEnabled: boolean;
  readonly mfaLastStep: number | null;
  readonly lastLoginAt: Date | null;
  readonly version: number;
}

const userColumns = `u.id, u.organization_id AS "organizationId", o.name AS "organizationName", o.time_zone AS "organizationTimeZone", u.email, u.name, u.kind, u.roles,
  u.patient_id AS "patientId", u.password_hash AS "passwordHash", u.must_change_password AS "mustChangePassword", u.active,
  u.mfa_secret AS "mfaSecret", u.mfa_pending_secret AS "mfaPendingSecret", u.mfa_enabled AS "mfaEnabled",
  u.mfa_last_step::float8 AS "mfaLastStep", u.last_login_at AS "lastLoginAt", u.version`;

/** Every account (one per organization at most) whose email has this key (domain normaliseEmail). */
export async function findUsersByEmail(db: Queryable, email: string): Promise<UserRow[]> {
  const res = await db.query<UserRow>(
    `SELECT ${userColumns} FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.email_key = $1 ORDER BY u.id`,
    [normaliseEmail(email)],
  );
  return res.rows;
}

export async function findUserById(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<UserRow | undefined> {
  const res = await db.query<UserRow>(
    `SELECT ${userColumns} FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1${options.forUpdate ? ' FOR UPDATE OF u' : ''}`,
    [id],
  );
  return res.rows[0];
}

export interface NewUser {
  readonly organizationId: string;
  readonly email: string;
  readonly name: string;
  readonly kind: 'staff' | 'patient';
  readonly roles: readonly string[];
  readonly patientId: string | null;
  readonly passwordHash: string;
  readonly mustChangePassword: boolean;
  readonly mfaSecret: string | null;
  readonly now: Date;
}

/** Inserts a user; undefined when the email is already taken in that organization. */
export async function insertUser(db: Queryable, u: NewUser): Promise<string | undefined> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO users (organization_id, email, email_key, name, kind, roles, patient_id, password_hash, must_change_password,
                        mfa_secret, mfa_enabled, password_changed_at, created_at, updated_at)
     VALUES ($1, $2, $11, $3, $4, $5, $6, $7, $8, $9::text, $9::text IS NOT NULL, $10, $10, $10)
     ON CONFLICT (organization_id, email_key) DO NOTHING
     RETURNING id`,
    [
      u.organizationId,
      u.email,
      u.name,
      u.kind,
      u.roles,
      u.patientId,
      u.passwordHash,
      u.mustChangePassword,
      u.mfaSecret,
      u.now,
      normaliseEmail(u.email),
    ],
  );
  return res.rows[0]?.id;
}

export interface UserListRow {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly kind: 'staff' | 'patient';
  readonly roles: string[];
  readonly active: boolean;
  readonly mfaEnabled: boolean;
  readonly lastLoginAt: Date | null;
  readonly version: number;
}

export async function listUsersOfOrganization(
  db: Queryable,
  organizationId: string,
  afterId: string | undefined,
  limit: number,
): Promise<UserListRow[]> {
  const res = await db.query<UserListRow>(
    `SELECT id, email, name, kind, roles, active, mfa_enabled AS "mfaEnabled", last_login_at AS "lastLoginAt", version
       FROM users WHERE organization_id = $1 AND kind = 'staff' AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [organizationId, afterId ?? null, limit],
  );
  return res.rows;
}

export async function updateUserFields(
  db: Queryable,
  id: string,
  version: number,
  fields: { roles?: readonly string[] | undefined; active?: boolean | undefined; name?: string | undefined },
  now: Date,
): Promise<boolean> {
  const res = await db.query(
    `UPDATE users SET roles = coalesce($3, roles), active = coalesce($4, active), name = coalesce($5, name),
                      updated_at = $6, version = version + 1
      WHERE id = $1 AND version = $2`,
    [id, version, fields.roles ?? null, fields.active ?? null, fields.name ?? null, now],
  );
  return res.rowCount === 1;
}

export async function setPassword(
  db: Queryable,
  id: string,
  passwordHash: string,
  mustChange: boolean,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE users SET password_hash = $2, must_change_password = $3, password_changed_at = $4, updated_at = $4, version = version + 1 WHERE id = $1`,
    [id, passwordHash, mustChange, now],
  );
}

export async function recordLogin(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('UPDATE users SET last_login_at = $2 WHERE id = $1', [id, now]);
}

/**
 * Accepts a TOTP time step only if it is later than the last one accepted — atomically, so two
 * concurrent sign-ins with the same code cannot both succeed (RFC 6238 §5.2: a code is used once).
 */
export async function claimTotpStep(db: Queryable, id: string, step: number): Promise<boolean> {
  const res = await db.query(
    'UPDATE users SET mfa_last_step = $2 WHERE id = $1 AND (mfa_last_step IS NULL OR mfa_last_step < $2)',
    [id, step],
  );
  return res.rowCount === 1;
}

export async function setPendingMfaSecret(db: Queryable, id: string, secret: string, now: Date): Promise<void> {
  await db.query('UPDATE users SET mfa_pending_secret = $2, updated_at = $3 WHERE id = $1', [id, secret, now]);
}

export async function enableMfa(db: Queryable, id: string, secret: string, step: number, now: Date): Promise<void> {
  await db.query(
    `UPDATE users SET mfa_secret = $2, mfa_enabled = true, mfa_pending_secret = NULL, mfa_last_step = $3, updated_at = $4, version = version + 1 WHERE id = $1`,
    [id, secret, step, now],
  );
}

export async function disableMfa(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE users SET mfa_secret = NULL, mfa_enabled = false, mfa_pending_secret = NULL, mfa_last_step = NULL, updated_at = $2, version = version + 1 WHERE id = $1`,
    [id, now],
  );
  await db.query('DELETE FROM user_recovery_codes WHERE user_id = $1', [id]);
}

export async function replaceRecoveryCodes(
  db: Queryable,
  userId: string,
  hashes: readonly string[],
  now: Date,
): Promise<void> {
  await db.query('DELETE FROM user_recovery_codes WHERE user_id = $1', [userId]);
  await db.query(
    'INSERT INTO user_recovery_codes (user_id, code_hash, created_at) SELECT $1, h, $3 FROM unnest($2::text[]) AS h',
    [userId, hashes, now],
  );
}

/** Marks an unused recovery code used; false when there is no such unused code. */
export async function useRecoveryCode(db: Queryable, userId: string, hash: string, now: Date): Promise<boolean> {
  const res = await db.query(
    'UPDATE user_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL',
    [userId, hash, now],
  );
  return res.rowCount === 1;
}

export async function organizationCount(db: Queryable): Promise<number> {
  const res = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM organizations');
  return res.rows[0]?.n ?? 0;
}

/** Whether `id` is an active staff account of the organization. */
export async function isActiveStaff(db: Queryable, organizationId: string, id: string): Promise<boolean> {
  const row = await kysely(db)
    .selectFrom('users')
    .select('id')
    .where('id', '=', id)
    .where('organizationId', '=', organizationId)
    .where('kind', '=', 'staff')
    .where('active', '=', true)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the organization has an account with this email (by its normalised key). */
export async function emailInUse(db: Queryable, organizationId: string, email: string): Promise<boolean> {
  const row = await kysely(db)
    .selectFrom('users')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('emailKey', '=', normaliseEmail(email))
    .executeTakeFirst();
  return row !== undefined;
}
