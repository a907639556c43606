import { revokeUserSessions } from '../../db/repositories/sessions.js';
import {
  findUserById,
  insertUser,
  listUsersOfOrganization,
  updateUserFields,
  type UserListRow,
  type UserRow,
} from '../../db/repositories/users.js';
import { DomainError } from '../../domain/errors.js';
import { checkPassword } from '../../domain/identity/index.js';
import { can, isStaffRole } from '../../domain/permissions/index.js';
import { audit } from '../audit/record.js';
import { requirePrincipal, withTransaction, type AppContext } from '../context.js';
import { hashPassword } from './passwords.js';

/**
 * Staff account administration within the admin's own organization. A user of another organization
 * is "not found" (never "forbidden"), so ids are not confirmed across clinics.
 */
export type UserSummary = UserListRow;

const summary = (u: UserRow): UserSummary => ({
  id: u.id,
  email: u.email,
  name: u.name,
  kind: u.kind,
  roles: [...u.roles],
  active: u.active,
  mfaEnabled: u.mfaEnabled,
  lastLoginAt: u.lastLoginAt,
  version: u.version,
});

const notFound = (): DomainError => new DomainError('not_found', 'No such user.');

function assertRoles(roles: readonly string[], path: string): void {
  const bad = roles.filter((r) => !isStaffRole(r));
  if (bad.length || !roles.length) {
    throw new DomainError('validation_failed', 'Give one or more of: admin, prescriber, nurse, coordinator.', {
      errors: [{ path, message: bad.length ? `unknown role ${bad.join(', ')}` : 'at least one role' }],
    });
  }
}

export async function listUsers(
  input: { cursor?: string | undefined; limit: number },
  ctx: AppContext,
): Promise<{ items: UserSummary[]; nextCursor: string | null }> {
  const principal = requirePrincipal(ctx);
  if (!can(principal, 'users.read')) throw new DomainError('forbidden', 'Only an admin may list accounts.');
  const rows = await listUsersOfOrganization(ctx.db, principal.organizationId, input.cursor, input.limit + 1);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? items.at(-1)!.id : null };
}

/** Anyone may read their own account; an admin, any account of their organization. */
export async function getUser(id: string, ctx: AppContext): Promise<UserSummary> {
  const principal = requirePrincipal(ctx);
  const user = await findUserById(ctx.db, id);
  const visible =
    user &&
    (user.id === principal.userId ||
      (can(principal, 'users.read') && user.organizationId === principal.organizationId));
  if (!user || !visible) throw notFound();
  return summary(user);
}

export interface CreateUserInput {
  readonly email: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly temporaryPassword: string;
}

export async function createUser(input: CreateUserInput, ctx: AppContext): Promise<UserSummary> {
  const principal = requirePrincipal(ctx);
  if (!can(principal, 'users.manage')) throw new DomainError('forbidden', 'Only an admin may create accounts.');
  assertRoles(input.roles, '/body/roles');
  const problems = checkPassword(
    input.temporaryPassword,
    { email: input.email, name: input.name },
    '/body/temporaryPassword',
  );
  if (problems.length) throw new DomainError('password_weak', problems[0]!.message, { errors: problems });
  const passwordHash = await hashPassword(input.temporaryPassword);
  return withTransaction(ctx, async (tx) => {
    const id = await insertUser(tx.db, {
      organizationId: principal.organizationId,
      email: input.email.trim(),
      name: input.name.trim(),
      kind: 'staff',
      roles: [...new Set(input.roles)],
      patientId: null,
      passwordHash,
      mustChangePassword: true,
      mfaSecret: null,
      now: tx.now,
    });
    if (!id)
      throw new DomainError('email_taken', 'An account with this email already exists in this clinic.', {
        errors: [{ path: '/body/email', message: 'already in use' }],
      });
    await audit(tx, { action: 'users.create', resourceType: 'user', resourceId: id, details: { roles: input.roles } });
    return summary((await findUserById(tx.db, id))!);
  });
}

export interface UpdateUserInput {
  readonly roles?: readonly string[] | undefined;
  readonly active?: boolean | undefined;
  readonly name?: string | undefined;
  readonly version: number;
}

export async function updateUser(id: string, input: UpdateUserInput, ctx: AppContext): Promise<UserSummary> {
  const principal = requirePrincipal(ctx);
  if (!can(principal, 'users.manage')) throw new DomainError('forbidden', 'Only an admin may change accounts.');
  if (input.roles) assertRoles(input.roles, '/body/roles');
  return withTransaction(ctx, async (tx) => {
    const user = await findUserById(tx.db, id, { forUpdate: true });
    if (!user || user.organizationId !== principal.organizationId) throw notFound();
    if (user.kind === 'patient' && input.roles)
      throw new DomainError('validation_failed', 'A patient account has no staff roles.', {
        errors: [{ path: '/body/roles', message: 'patients hold no roles' }],
      });
    // An admin who deactivates or demotes themself could leave the clinic with nobody to undo it.
    if (user.id === principal.userId && (input.active === false || (input.roles && !input.roles.includes('admin')))) {
      throw new DomainError(
        'conflict',
        'You cannot deactivate yourself or remove your own admin role; ask another admin.',
      );
    }
    if (user.version !== input.version)
      throw new DomainError('stale_version', 'Someone else changed this account; reload it and try again.', {
        details: { currentVersion: user.version },
      });
    await updateUserFields(
      tx.db,
      id,
      input.version,
      { roles: input.roles ? [...new Set(input.roles)] : undefined, active: input.active, name: input.name?.trim() },
      tx.now,
    );
    const revoked = input.active === false ? await revokeUserSessions(tx.db, id, tx.now) : 0;
    const changed = (['roles', 'active', 'name'] as const).filter((k) => input[k] !== undefined);
    await audit(tx, {
      action: 'users.update',
      resourceType: 'user',
      resourceId: id,
      details: { changed, roles: input.roles ?? null, active: input.active ?? null, sessionsRevoked: revoked },
    });
    return summary((await findUserById(tx.db, id))!);
  });
}

export async function revokeSessionsOfUser(id: string, ctx: AppContext): Promise<void> {
  const principal = requirePrincipal(ctx);
  if (!can(principal, 'users.manage')) throw new DomainError('forbidden', 'Only an admin may sign others out.');
  await withTransaction(ctx, async (tx) => {
    const user = await findUserById(tx.db, id);
    if (!user || user.organizationId !== principal.organizationId) throw notFound();
    const revoked = await revokeUserSessions(tx.db, id, tx.now);
    await audit(tx, {
      action: 'users.revoke_sessions',
      resourceType: 'user',
      resourceId: id,
      details: { sessionsRevoked: revoked },
    });
  });
}
