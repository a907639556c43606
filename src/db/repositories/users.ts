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

function users(db: Queryable) {
  return (
    kysely(db)
      .selectFrom('users as u')
      .innerJoin('organizations as o', 'o.id', 'u.organizationId')
      .select((eb) => [
        'u.id',
        'u.organizationId',
        'o.name as organizationName',
        'o.timeZone as organizationTimeZone',
        'u.email',
        'u.name',
        'u.kind',
        'u.roles',
        'u.patientId',
        'u.passwordHash',
        'u.mustChangePassword',
        'u.active',
        'u.mfaSecret',
        'u.mfaPendingSecret',
        'u.mfaEnabled',
        // bigint: a number whatever the pool's type parsers (as before the query builder).
        eb.cast<number | null>('u.mfaLastStep', 'float8').as('mfaLastStep'),
        'u.lastLoginAt',
        'u.version',
      ])
      // CHECK constraint (0002_identity.sql).
      .$narrowType<{ kind: 'staff' | 'patient' }>()
  );
}

/** Every account (one per organization at most) whose email has this key (domain normaliseEmail). */
export async function findUsersByEmail(db: Queryable, email: string): Promise<UserRow[]> {
  return users(db).where('u.emailKey', '=', normaliseEmail(email)).orderBy('u.id').execute();
}

export async function findUserById(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<UserRow | undefined> {
  let query = users(db).where('u.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('u');
  return query.executeTakeFirst();
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
  const row = await kysely(db)
    .insertInto('users')
    .values({
      organizationId: u.organizationId,
      email: u.email,
      emailKey: normaliseEmail(u.email),
      name: u.name,
      kind: u.kind,
      roles: [...u.roles],
      patientId: u.patientId,
      passwordHash: u.passwordHash,
      mustChangePassword: u.mustChangePassword,
      mfaSecret: u.mfaSecret,
      mfaEnabled: u.mfaSecret !== null,
      passwordChangedAt: u.now,
      createdAt: u.now,
      updatedAt: u.now,
    })
    .onConflict((oc) => oc.columns(['organizationId', 'emailKey']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
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
  let query = kysely(db)
    .selectFrom('users')
    .select(['id', 'email', 'name', 'kind', 'roles', 'active', 'mfaEnabled', 'lastLoginAt', 'version'])
    .where('organizationId', '=', organizationId)
    .where('kind', '=', 'staff')
    .$narrowType<{ kind: 'staff' }>();
  if (afterId !== undefined) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

/** Changes the given fields if the row is still at `version`; false when it is not. */
export async function updateUserFields(
  db: Queryable,
  id: string,
  version: number,
  fields: { roles?: readonly string[] | undefined; active?: boolean | undefined; name?: string | undefined },
  now: Date,
): Promise<boolean> {
  const res = await kysely(db)
    .updateTable('users')
    .set((eb) => ({
      ...(fields.roles !== undefined && { roles: [...fields.roles] }),
      ...(fields.active !== undefined && { active: fields.active }),
      ...(fields.name !== undefined && { name: fields.name }),
      updatedAt: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function setPassword(
  db: Queryable,
  id: string,
  passwordHash: string,
  mustChange: boolean,
  now: Date,
): Promise<void> {
  await kysely(db)
    .updateTable('users')
    .set((eb) => ({
      passwordHash,
      mustChangePassword: mustChange,
      passwordChangedAt: now,
      updatedAt: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

export async function recordLogin(db: Queryable, id: string, now: Date): Promise<void> {
  await kysely(db).updateTable('users').set({ lastLoginAt: now }).where('id', '=', id).execute();
}

/**
 * Accepts a TOTP time step only if it is later than the last one accepted — atomically, so two
 * concurrent sign-ins with the same code cannot both succeed (RFC 6238 §5.2: a code is used once).
 */
export async function claimTotpStep(db: Queryable, id: string, step: number): Promise<boolean> {
  const res = await kysely(db)
    .updateTable('users')
    .set({ mfaLastStep: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('mfaLastStep', 'is', null), eb('mfaLastStep', '<', step)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function setPendingMfaSecret(db: Queryable, id: string, secret: string, now: Date): Promise<void> {
  await kysely(db)
    .updateTable('users')
    .set({ mfaPendingSecret: secret, updatedAt: now })
    .where('id', '=', id)
    .execute();
}

export async function enableMfa(db: Queryable, id: string, secret: string, step: number, now: Date): Promise<void> {
  await kysely(db)
    .updateTable('users')
    .set((eb) => ({
      mfaSecret: secret,
      mfaEnabled: true,
      mfaPendingSecret: null,
      mfaLastStep: step,
      updatedAt: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

export async function disableMfa(db: Queryable, id: string, now: Date): Promise<void> {
  await kysely(db)
    .updateTable('users')
    .set((eb) => ({
      mfaSecret: null,
      mfaEnabled: false,
      mfaPendingSecret: null,
      mfaLastStep: null,
      updatedAt: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
  await kysely(db).deleteFrom('userRecoveryCodes').where('userId', '=', id).execute();
}

export async function replaceRecoveryCodes(
  db: Queryable,
  userId: string,
  hashes: readonly string[],
  now: Date,
): Promise<void> {
  await kysely(db).deleteFrom('userRecoveryCodes').where('userId', '=', userId).execute();
  if (!hashes.length) return;
  await kysely(db)
    .insertInto('userRecoveryCodes')
    .values(hashes.map((codeHash) => ({ userId, codeHash, createdAt: now })))
    .execute();
}

/** Marks an unused recovery code used; false when there is no such unused code. */
export async function useRecoveryCode(db: Queryable, userId: string, hash: string, now: Date): Promise<boolean> {
  const res = await kysely(db)
    .updateTable('userRecoveryCodes')
    .set({ usedAt: now })
    .where('userId', '=', userId)
    .where('codeHash', '=', hash)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function organizationCount(db: Queryable): Promise<number> {
  const row = await kysely(db)
    .selectFrom('organizations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return row?.n ?? 0;
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
