import {
  decideRoleGrant,
  findOpenRoleGrant,
  openRoleGrant,
  openRoleGrantsOf,
  type RoleGrantRow,
} from '../../db/repositories/role-grants.js';
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
import { requirePrincipal, withTransaction, type AppContext, type Queryable } from '../context.js';
import { hashPassword } from './passwords.js';

/**
 * Staff account administration within the admin's own organization. A user of another organization
 * is "not found" (never "forbidden"), so ids are not confirmed across clinics.
 *
 * Role rules (issue 9): an admin never changes their own roles; a change that adds prescribing (on
 * an existing account or a new one) does not take effect until a second admin — not the one who
 * asked, and not the person concerned — confirms it. Request, confirmation and cancellation are
 * audited with both admins named.
 */
export interface PendingRoleGrant {
  readonly id: string;
  readonly roles: string[];
  readonly requestedBy: string;
  readonly requestedAt: Date;
}

export type UserSummary = UserListRow & { readonly pendingRoleGrant: PendingRoleGrant | null };

/** Roles whose grant needs a second admin: prescribing (controlled-substance orders). */
export const rolesNeedingSecondAdmin: readonly string[] = ['prescriber'];

const pending = (g: RoleGrantRow | undefined): PendingRoleGrant | null =>
  g ? { id: g.id, roles: [...g.roles], requestedBy: g.requestedBy, requestedAt: g.requestedAt } : null;

async function withGrant(db: Queryable, u: UserRow | UserListRow): Promise<UserSummary> {
  const [grant] = await openRoleGrantsOf(db, [u.id]);
  return { ...summaryOf(u), pendingRoleGrant: pending(grant) };
}

const summaryOf = (u: UserRow | UserListRow): UserListRow => ({
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
  const page = rows.slice(0, input.limit);
  const grants = new Map(
    (
      await openRoleGrantsOf(
        ctx.db,
        page.map((u) => u.id),
      )
    ).map((g) => [g.userId, g]),
  );
  const items = page.map((u) => ({ ...summaryOf(u), pendingRoleGrant: pending(grants.get(u.id)) }));
  return { items, nextCursor: rows.length > input.limit ? page.at(-1)!.id : null };
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
  return withGrant(ctx.db, user);
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
  assertRoles(input.roles, '/roles');
  const problems = checkPassword(
    input.temporaryPassword,
    { email: input.email, name: input.name },
    '/temporaryPassword',
  );
  if (problems.length) throw new DomainError('password_weak', problems[0]!.message, { errors: problems });
  const passwordHash = await hashPassword(input.temporaryPassword);
  const requested = [...new Set(input.roles)];
  // Prescribing waits for a second admin: the account starts with the other roles.
  const needsSecond = requested.some((r) => rolesNeedingSecondAdmin.includes(r));
  const granted = needsSecond ? requested.filter((r) => !rolesNeedingSecondAdmin.includes(r)) : requested;
  return withTransaction(ctx, async (tx) => {
    const id = await insertUser(tx.db, {
      organizationId: principal.organizationId,
      email: input.email.trim(),
      name: input.name.trim(),
      kind: 'staff',
      roles: granted,
      patientId: null,
      passwordHash,
      mustChangePassword: true,
      mfaSecret: null,
      now: tx.now,
    });
    if (!id)
      throw new DomainError('email_taken', 'An account with this email already exists in this clinic.', {
        errors: [{ path: '/email', message: 'already in use' }],
      });
    await audit(tx, { action: 'users.create', resourceType: 'user', resourceId: id, details: { roles: granted } });
    if (needsSecond) await requestGrant(tx, principal.organizationId, id, requested);
    return withGrant(tx.db, (await findUserById(tx.db, id))!);
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
  if (input.roles) assertRoles(input.roles, '/roles');
  return withTransaction(ctx, async (tx) => {
    const user = await findUserById(tx.db, id, { forUpdate: true });
    if (!user || user.organizationId !== principal.organizationId) throw notFound();
    if (user.kind === 'patient' && input.roles)
      throw new DomainError('validation_failed', 'A patient account has no staff roles.', {
        errors: [{ path: '/roles', message: 'patients hold no roles' }],
      });
    // An admin who deactivates themself could leave the clinic with nobody to undo it.
    if (user.id === principal.userId && input.active === false) {
      throw new DomainError('conflict', 'You cannot deactivate yourself; ask another admin.');
    }
    // Nobody changes their own roles: not to demote themself by mistake, nor to grant themself more.
    const requested = input.roles ? [...new Set(input.roles)] : undefined;
    const rolesChange = requested && !sameRoles(requested, user.roles) ? requested : undefined;
    if (rolesChange && user.id === principal.userId) {
      throw new DomainError('forbidden', 'You cannot change your own roles; ask another admin.', {
        errors: [{ path: '/roles', message: 'another admin must change your roles' }],
      });
    }
    if (user.version !== input.version)
      throw new DomainError('stale_version', 'Someone else changed this account; reload it and try again.', {
        details: { currentVersion: user.version },
      });
    // Adding prescribing waits for a second admin; the rest of the change applies now.
    const addsGuarded = rolesChange?.some((r) => rolesNeedingSecondAdmin.includes(r) && !user.roles.includes(r));
    const applyRoles = addsGuarded ? undefined : rolesChange;
    await updateUserFields(
      tx.db,
      id,
      input.version,
      { roles: applyRoles, active: input.active, name: input.name?.trim() },
      tx.now,
    );
    const revoked = input.active === false ? await revokeUserSessions(tx.db, id, tx.now) : 0;
    const changed = (['active', 'name'] as const).filter((k) => input[k] !== undefined);
    await audit(tx, {
      action: 'users.update',
      resourceType: 'user',
      resourceId: id,
      details: {
        changed: applyRoles ? ['roles', ...changed] : changed,
        roles: applyRoles ?? null,
        active: input.active ?? null,
        sessionsRevoked: revoked,
      },
    });
    if (addsGuarded && rolesChange) await requestGrant(tx, principal.organizationId, id, rolesChange);
    return withGrant(tx.db, (await findUserById(tx.db, id))!);
  });
}

const sameRoles = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((r) => b.includes(r));

async function requestGrant(tx: AppContext, organizationId: string, userId: string, roles: string[]): Promise<void> {
  const principal = requirePrincipal(tx);
  const grant = await openRoleGrant(tx.db, {
    organizationId,
    userId,
    roles,
    requestedBy: principal.userId,
    now: tx.now,
  });
  await audit(tx, {
    action: 'users.role_grant_requested',
    resourceType: 'user',
    resourceId: userId,
    details: { grantId: grant.id, roles, needsSecondAdminFor: rolesNeedingSecondAdmin },
  });
}

/**
 * A second admin confirms (or any admin cancels) a pending grant. The confirming admin must be
 * neither the one who asked nor the person concerned; the roles then become exactly those asked for.
 */
export async function decidePendingRoleGrant(
  userId: string,
  grantId: string,
  decision: 'confirmed' | 'cancelled',
  ctx: AppContext,
): Promise<UserSummary> {
  const principal = requirePrincipal(ctx);
  if (!can(principal, 'users.manage')) throw new DomainError('forbidden', 'Only an admin may change roles.');
  return withTransaction(ctx, async (tx) => {
    const user = await findUserById(tx.db, userId, { forUpdate: true });
    if (!user || user.organizationId !== principal.organizationId) throw notFound();
    const grant = await findOpenRoleGrant(tx.db, grantId, { forUpdate: true });
    if (!grant || grant.userId !== userId)
      throw new DomainError('not_found', 'No pending role change with this id for this person.');
    if (decision === 'confirmed') {
      if (principal.userId === grant.requestedBy)
        throw new DomainError('forbidden', 'A second admin must confirm this: you asked for it.');
      if (principal.userId === userId)
        throw new DomainError('forbidden', 'You cannot confirm a change of your own roles; ask another admin.');
      await updateUserFields(tx.db, userId, user.version, { roles: grant.roles }, tx.now);
    }
    await decideRoleGrant(tx.db, grantId, decision, principal.userId, tx.now);
    await audit(tx, {
      action: decision === 'confirmed' ? 'users.role_grant_confirmed' : 'users.role_grant_cancelled',
      resourceType: 'user',
      resourceId: userId,
      details: {
        grantId,
        roles: grant.roles,
        previousRoles: user.roles,
        requestedBy: grant.requestedBy,
        decidedBy: principal.userId,
      },
    });
    return withGrant(tx.db, (await findUserById(tx.db, userId))!);
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
