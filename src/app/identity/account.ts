import { revokeUserSessions } from '../../db/repositories/sessions.js';
import {
  disableMfa as clearMfa,
  enableMfa,
  findUserById,
  replaceRecoveryCodes,
  setPassword,
  setPendingMfaSecret,
  type UserRow,
} from '../../db/repositories/users.js';
import { DomainError } from '../../domain/errors.js';
import { checkPassword } from '../../domain/identity/index.js';
import { requiresMfa } from '../../domain/permissions/index.js';
import { audit } from '../audit/record.js';
import { requirePrincipal, withTransaction, type AppContext } from '../context.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { newRecoveryCode, recoveryCodeHash } from './tokens.js';
import { newTotpSecret, otpauthUri, qrSvg, verifyTotp } from './totp.js';

/** The signed-in person's own account: password, two-step sign-in. */
async function currentUser(ctx: AppContext, forUpdate = false): Promise<UserRow> {
  const principal = requirePrincipal(ctx);
  const user = await findUserById(ctx.db, principal.userId, { forUpdate });
  if (!user?.active) throw new DomainError('session_expired', 'Your session has ended; sign in again.');
  return user;
}

export async function changePassword(
  input: { currentPassword: string; newPassword: string },
  ctx: AppContext,
): Promise<void> {
  const user = await currentUser(ctx);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError('password_incorrect', 'The current password is not right.', {
      errors: [{ path: '/body/currentPassword', message: 'The current password is not right' }],
    });
  }
  const problems = checkPassword(input.newPassword, { email: user.email, name: user.name }, '/body/newPassword');
  if (input.newPassword === input.currentPassword)
    problems.push({ path: '/body/newPassword', message: 'Choose a password different from the current one' });
  if (problems.length) throw new DomainError('password_weak', problems[0]!.message, { errors: problems });
  const passwordHash = await hashPassword(input.newPassword);
  await withTransaction(ctx, async (tx) => {
    await setPassword(tx.db, user.id, passwordHash, false, tx.now);
    // Anyone else signed in with the old password is signed out; this browser stays signed in.
    const revoked = await revokeUserSessions(tx.db, user.id, tx.now, tx.sessionId);
    await audit(tx, {
      action: 'account.password_changed',
      resourceType: 'user',
      resourceId: user.id,
      details: { otherSessionsRevoked: revoked },
    });
  });
}

export interface MfaEnrolment {
  readonly secret: string;
  readonly otpauthUri: string;
  readonly qrSvg: string;
}

export async function startMfaEnrolment(ctx: AppContext): Promise<MfaEnrolment> {
  const user = await currentUser(ctx);
  const secret = newTotpSecret();
  const uri = otpauthUri(secret, user.email, `ketaclinic (${user.organizationName})`);
  await withTransaction(ctx, async (tx) => {
    await setPendingMfaSecret(tx.db, user.id, secret, tx.now);
    await audit(tx, { action: 'account.mfa_enrolment_started', resourceType: 'user', resourceId: user.id });
  });
  return { secret, otpauthUri: uri, qrSvg: await qrSvg(uri) };
}

export const RECOVERY_CODE_COUNT = 10;

export async function confirmMfaEnrolment(
  input: { code: string },
  ctx: AppContext,
): Promise<{ recoveryCodes: string[] }> {
  return withTransaction(ctx, async (tx) => {
    const user = await currentUser(tx, true);
    if (!user.mfaPendingSecret) throw new DomainError('mfa_not_started', 'Start two-step sign-in set-up first.');
    const step = verifyTotp(user.mfaPendingSecret, input.code.trim(), tx.now, null);
    if (step === null) {
      throw new DomainError(
        'mfa_invalid',
        'The code is not right. Check the time on your phone and enter the current code.',
        { errors: [{ path: '/body/code', message: 'The code is not right' }] },
      );
    }
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await enableMfa(tx.db, user.id, user.mfaPendingSecret, step, tx.now);
    await replaceRecoveryCodes(tx.db, user.id, codes.map(recoveryCodeHash), tx.now);
    await audit(tx, { action: 'account.mfa_enabled', resourceType: 'user', resourceId: user.id });
    return { recoveryCodes: codes };
  });
}

export async function disableMfa(input: { password: string }, ctx: AppContext): Promise<void> {
  const user = await currentUser(ctx);
  if (requiresMfa(user.roles))
    throw new DomainError(
      'mfa_required_for_role',
      'Two-step sign-in is required for your role and cannot be turned off.',
    );
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    throw new DomainError('password_incorrect', 'The password is not right.', {
      errors: [{ path: '/body/password', message: 'The password is not right' }],
    });
  }
  await withTransaction(ctx, async (tx) => {
    await clearMfa(tx.db, user.id, tx.now);
    await audit(tx, { action: 'account.mfa_disabled', resourceType: 'user', resourceId: user.id });
  });
}
