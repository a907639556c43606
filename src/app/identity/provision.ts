import { insertOrganization, listOrganizations, lockProvisioning } from '../../db/repositories/organizations.js';
import { insertUser } from '../../db/repositories/users.js';
import { DomainError } from '../../domain/errors.js';
import { checkPassword } from '../../domain/identity/index.js';
import { isStaffRole, requiresMfa } from '../../domain/permissions/index.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { hashPassword } from './passwords.js';
import { newTotpSecret, otpauthUri } from './totp.js';

/**
 * Accounts made from the command line (`ketaclinic user create`, the demo): the operator at the
 * server's console is trusted, and the first account of an empty database must be possible. Roles
 * that need two-step sign-in are enrolled at once (the secret is printed), so the person can sign in.
 */
export const DEFAULT_ORGANIZATION_NAME = 'ketaclinic clinic';

export interface ProvisionInput {
  readonly email: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly password: string;
  /** Organization by name; created when the database has none (or when `createOrganization`). */
  readonly organization?: string | undefined;
  /** A fixed TOTP secret (the demo); otherwise a new one for roles that need MFA. */
  readonly totpSecret?: string | undefined;
  readonly mustChangePassword?: boolean;
}

export interface ProvisionResult {
  readonly userId: string;
  readonly organizationId: string;
  readonly organizationName: string;
  readonly organizationCreated: boolean;
  readonly totpSecret: string | null;
  readonly otpauthUri: string | null;
}

export async function provisionStaffUser(input: ProvisionInput, ctx: AppContext): Promise<ProvisionResult> {
  const bad = input.roles.filter((r) => !isStaffRole(r));
  if (!input.roles.length || bad.length)
    throw new DomainError(
      'validation_failed',
      `roles must be one or more of admin, prescriber, nurse, coordinator${bad.length ? ` (got ${bad.join(', ')})` : ''}`,
    );
  const problems = checkPassword(input.password, { email: input.email, name: input.name });
  if (problems.length)
    throw new DomainError('password_weak', problems.map((p) => p.message).join('; '), { errors: problems });
  const passwordHash = await hashPassword(input.password);
  return withTransaction(ctx, async (tx) => {
    // Two `user create` at once on an empty database must make one organization, not two.
    await lockProvisioning(tx.db);
    const orgs = await listOrganizations(tx.db);
    let org = input.organization
      ? orgs.find((o) => o.name === input.organization)
      : orgs.length === 1
        ? orgs[0]
        : undefined;
    let organizationCreated = false;
    if (!org) {
      if (orgs.length && !input.organization) {
        throw new DomainError(
          'validation_failed',
          `there are ${orgs.length} organizations; name one with --org (${orgs.map((o) => JSON.stringify(o.name)).join(', ')})`,
        );
      }
      if (orgs.length && input.organization)
        throw new DomainError('not_found', `no organization named ${JSON.stringify(input.organization)}`);
      org = await insertOrganization(tx.db, input.organization ?? DEFAULT_ORGANIZATION_NAME);
      organizationCreated = true;
    }
    const totpSecret = requiresMfa(input.roles) ? (input.totpSecret ?? newTotpSecret()) : null;
    const userId = await insertUser(tx.db, {
      organizationId: org.id,
      email: input.email.trim(),
      name: input.name.trim(),
      kind: 'staff',
      roles: [...new Set(input.roles)],
      patientId: null,
      passwordHash,
      mustChangePassword: input.mustChangePassword ?? false,
      mfaSecret: totpSecret,
      now: tx.now,
    });
    if (!userId) throw new DomainError('email_taken', `${input.email} already has an account in ${org.name}`);
    await audit(tx, {
      action: 'users.create',
      resourceType: 'user',
      resourceId: userId,
      actor: null,
      organizationId: org.id,
      details: { via: 'cli', roles: input.roles, organizationCreated },
    });
    return {
      userId,
      organizationId: org.id,
      organizationName: org.name,
      organizationCreated,
      totpSecret,
      otpauthUri: totpSecret ? otpauthUri(totpSecret, input.email.trim(), `ketaclinic (${org.name})`) : null,
    };
  });
}
