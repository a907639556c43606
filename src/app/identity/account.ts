import { revokeUserSessions } from '../../db/repositories/sessions.js';
import {
  claimTotpStep,
  disableMfa as clearMfa,
  enableMfa,
  findUserById,
  replaceRecoveryCodes,
  setPassword,
  setPendingMfaSecret,
  useRecoveryCode,
  type UserRow,
} from '../../db/repositories/users.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import { checkPassword } from '../../domain/identity/index.js';
import { requiresMfa } from '../../domain/permissions/index.js';
import { audit } from '../audit/record.js';
import { requirePrincipal, withTransaction, type AppContext } from '../context.js';
import { hashPassword, verifyPassword } from './passwords.js';
import {
  accountKey,
  countSignInAttempt,
  countTotpAttempt,
  defaultLoginLimits,
  ipKey,
  noteSuccess,
  type LoginLimits,
} from './rate-limit.js';
import { newRecoveryCode, recoveryCodeHash } from './tokens.js';
import { newTotpSecret, otpauthUri, qrSvg, verifyTotp } from './totp.js';

/**
 * The signed-in person's own account: password, two-step sign-in. Changing the password, replacing an
 * enrolled second factor and turning it off are step-up actions (issue 9): a session is not enough;
 * they need the current password AND, when two-step sign-in is on, a current code or a recovery
 * code — counted against the same limits as sign-in (the account's email key, the address, and the
 * account's second factor), before anything is checked.
 */
export interface StepUpProof {
  readonly password: string;
  readonly code?: string | undefined;
}

async function stepUp(
  ctx: AppContext,
  user: UserRow,
  proof: StepUpProof,
  paths: { password: string; code: string },
  limits: LoginLimits = defaultLoginLimits,
): Promise<void> {
  const keys = { account: accountKey(user.email), ip: ipKey(ctx.ip) };
  await countSignInAttempt(ctx.db, keys, ctx.now, limits);
  if (!(await verifyPassword(user.passwordHash, proof.password))) {
    throw new DomainError('password_incorrect', 'The current password is not right.', {
      errors: [{ path: paths.password, message: 'The current password is not right' }],
    });
  }
  if (user.mfaEnabled && user.mfaSecret) {
    const code = proof.code?.trim() ?? '';
    if (!code)
      throw new DomainError('mfa_code_incorrect', 'Enter the code from your authenticator app, or a recovery code.', {
        errors: [{ path: paths.code, message: 'Enter the current code from your authenticator app' }],
      });
    await countTotpAttempt(ctx.db, user.id, ctx.now, limits);
    const step = verifyTotp(user.mfaSecret, code, ctx.now, user.mfaLastStep);
    const accepted =
      step !== null
        ? await claimTotpStep(ctx.db, user.id, step)
        : /^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/.test(code) &&
          (await useRecoveryCode(ctx.db, user.id, recoveryCodeHash(code), ctx.now));
    if (!accepted)
      throw new DomainError('mfa_code_incorrect', 'The code is not right or was already used.', {
        errors: [{ path: paths.code, message: 'The code is not right or was already used' }],
      });
  }
  await noteSuccess(ctx.db, keys, user.id);
}

/** The signed-in person's own account: password, two-step sign-in. */
async function currentUser(ctx: AppContext, forUpdate = false): Promise<UserRow> {
  const principal = requirePrincipal(ctx);
  const user = await findUserById(ctx.db, principal.userId, { forUpdate });
  if (!user?.active) throw new DomainError('session_expired', 'Your session has ended; sign in again.');
  return user;
}

export async function changePassword(
  input: { currentPassword: string; newPassword: string; code?: string | undefined },
  ctx: AppContext,
  limits?: LoginLimits,
): Promise<void> {
  const user = await currentUser(ctx);
  await stepUp(
    ctx,
    user,
    { password: input.currentPassword, code: input.code },
    { password: '/currentPassword', code: '/code' },
    limits,
  );
  const problems = checkPassword(input.newPassword, { email: user.email, name: user.name }, '/newPassword');
  if (input.newPassword === input.currentPassword)
    problems.push({ path: '/newPassword', message: 'Choose a password different from the current one' });
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

export async function startMfaEnrolment(
  input: Partial<StepUpProof> | null | undefined,
  ctx: AppContext,
  limits?: LoginLimits,
): Promise<MfaEnrolment> {
  const user = await currentUser(ctx);
  // Replacing an enrolled second factor needs the password and a current code; a first set-up does not.
  if (user.mfaEnabled)
    await stepUp(
      ctx,
      user,
      { password: input?.password ?? '', code: input?.code },
      { password: '/password', code: '/code' },
      limits,
    );
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
        { errors: [{ path: '/code', message: 'The code is not right' }] },
      );
    }
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await enableMfa(tx.db, user.id, user.mfaPendingSecret, step, tx.now);
    await replaceRecoveryCodes(tx.db, user.id, codes.map(recoveryCodeHash), tx.now);
    await audit(tx, { action: 'account.mfa_enabled', resourceType: 'user', resourceId: user.id });
    return { recoveryCodes: codes };
  });
}

export async function disableMfa(input: StepUpProof, ctx: AppContext, limits?: LoginLimits): Promise<void> {
  const user = await currentUser(ctx);
  if (requiresMfa(user.roles))
    throw new DomainError(
      'mfa_required_for_role',
      'Two-step sign-in is required for your role and cannot be turned off.',
    );
  await stepUp(ctx, user, input, { password: '/password', code: '/code' }, limits);
  await withTransaction(ctx, async (tx) => {
    await clearMfa(tx.db, user.id, tx.now);
    await audit(tx, { action: 'account.mfa_disabled', resourceType: 'user', resourceId: user.id });
  });
}

/**
 * The clinic tablet's patient mode ends only when the staff member whose session it is proves they hold
 * the tablet again: the same step-up check and throttling as a password change. A hand-back that fails
 * is audited as well, so repeated guessing on a handed-over tablet shows in the log.
 */
export async function reauthenticate(
  input: StepUpProof & { readonly patientId?: string | undefined },
  ctx: AppContext,
  limits?: LoginLimits,
): Promise<void> {
  const user = await currentUser(ctx);
  const entry = {
    action: 'auth.reauthenticate',
    resourceType: 'user',
    resourceId: user.id,
    details: { reason: 'tablet_patient_mode', ...(input.patientId ? { patientId: input.patientId } : {}) },
  } as const;
  try {
    await stepUp(ctx, user, input, { password: '/password', code: '/code' }, limits);
  } catch (error) {
    if (isDomainError(error) && error.code !== 'rate_limited')
      await audit(ctx, { ...entry, outcome: 'failed', details: { ...entry.details, failure: error.code } });
    throw error;
  }
  await audit(ctx, entry);
}
