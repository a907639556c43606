import {
  claimTotpStep,
  findUserById,
  findUsersByEmail,
  recordLogin,
  useRecoveryCode,
  type UserRow,
} from '../../db/repositories/users.js';
import { DomainError } from '../../domain/errors.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { toMe, type Me } from './me.js';
import { verifyAgainstDummy, verifyPassword } from './passwords.js';
import {
  accountKey,
  countSignInAttempt,
  countTotpAttempt,
  defaultLoginLimits,
  ipKey,
  noteSuccess,
  refundSignInAttempt,
  type LoginLimits,
} from './rate-limit.js';
import { endSession, startSession, type SessionSettings } from './sessions.js';
import { recoveryCodeHash } from './tokens.js';
import { verifyTotp } from './totp.js';

/**
 * Sign-in: email + password, then (when enabled) a TOTP code or a recovery code in the same field.
 * An unknown email, a wrong password and an inactive account get the same answer, after the same
 * argon2 work. A successful sign-in always starts a NEW session (the id rotates; the session the
 * browser came with, if any, is revoked), so a planted session id is worthless.
 */
export interface LoginInput {
  readonly email: string;
  readonly password: string;
  readonly totp?: string | undefined;
  /** The session the browser already had (its sha-256 id), to be replaced. */
  readonly previousSessionId?: string | null;
}

export interface LoginResult {
  readonly me: Me;
  readonly token: string;
}

const invalid = (): DomainError => new DomainError('invalid_credentials', 'The email or password is not right.');

/**
 * Every sign-in does the same argon2 work whatever the email: this many password checks (against
 * the accounts holding the email, then against a dummy hash with the same parameters), and never
 * stops at the first match, so the response time does not tell whether the email is held in none,
 * one or several organizations (up to this many; decision 013).
 */
export const PASSWORD_CHECKS_PER_SIGN_IN = 3;

async function findMatchingUser(candidates: readonly UserRow[], password: string): Promise<UserRow | undefined> {
  // The same email may hold accounts in several organizations (emails are unique per organization):
  // the password decides which.
  let match: UserRow | undefined;
  const checks = Math.max(candidates.length, PASSWORD_CHECKS_PER_SIGN_IN);
  for (let i = 0; i < checks; i += 1) {
    const candidate = candidates[i];
    if (!candidate) await verifyAgainstDummy(password);
    else if ((await verifyPassword(candidate.passwordHash, password)) && !match) match = candidate;
  }
  return match;
}

export async function login(
  input: LoginInput,
  ctx: AppContext,
  settings: { session: SessionSettings; limits?: LoginLimits },
): Promise<LoginResult> {
  const keys = { account: accountKey(input.email), ip: ipKey(ctx.ip) };
  const limits = settings.limits ?? defaultLoginLimits;
  // Counted before anything is checked: a failure simply leaves its attempt counted.
  await countSignInAttempt(ctx.db, keys, ctx.now, limits);

  const candidates = await findUsersByEmail(ctx.db, input.email);
  const user = await findMatchingUser(candidates, input.password);
  const fail = async (error: DomainError, who: UserRow | undefined, reason: string): Promise<never> => {
    await audit(ctx, {
      action: 'auth.login',
      outcome: 'failed',
      resourceType: 'user',
      resourceId: who?.id ?? null,
      actor: who ? { userId: who.id, organizationId: who.organizationId, roles: who.roles } : null,
      details: { reason },
    });
    throw error;
  };
  if (!user)
    return fail(
      invalid(),
      candidates.length === 1 ? candidates[0] : undefined,
      candidates.length ? 'wrong_password' : 'unknown_account',
    );
  if (!user.active) return fail(invalid(), user, 'inactive');

  if (user.mfaEnabled && user.mfaSecret) {
    const code = input.totp?.trim();
    if (!code) {
      // The password was right: asking for the code is not a failed attempt.
      await refundSignInAttempt(ctx.db, keys);
      throw new DomainError('mfa_required', 'Enter the 6-digit code from your authenticator app, or a recovery code.');
    }
    await countTotpAttempt(ctx.db, user.id, ctx.now, limits);
    const step = verifyTotp(user.mfaSecret, code, ctx.now, user.mfaLastStep);
    const accepted =
      step !== null
        ? await claimTotpStep(ctx.db, user.id, step)
        : /^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/.test(code) &&
          (await useRecoveryCode(ctx.db, user.id, recoveryCodeHash(code), ctx.now));
    if (!accepted)
      return fail(
        new DomainError(
          'mfa_invalid',
          'The code is not right or was already used. Wait for the next code and try again.',
        ),
        user,
        'mfa_invalid',
      );
  }

  return withTransaction(ctx, async (tx) => {
    if (input.previousSessionId) await endSession(tx.db, input.previousSessionId, tx.now);
    const session = await startSession(tx.db, {
      userId: user.id,
      now: tx.now,
      ip: tx.ip,
      userAgent: tx.userAgent,
      settings: settings.session,
    });
    await recordLogin(tx.db, user.id, tx.now);
    await noteSuccess(tx.db, keys, user.id);
    await audit(tx, {
      action: 'auth.login',
      resourceType: 'user',
      resourceId: user.id,
      actor: { userId: user.id, organizationId: user.organizationId, roles: user.roles },
      details: { mfa: user.mfaEnabled },
    });
    return { me: toMe({ ...user, lastLoginAt: tx.now }, session.csrfToken), token: session.token };
  });
}

export async function logout(ctx: AppContext): Promise<void> {
  if (!ctx.sessionId) return;
  const sessionId = ctx.sessionId;
  await withTransaction(ctx, async (tx) => {
    const userId = await endSession(tx.db, sessionId, tx.now);
    if (!userId) return;
    const user = await findUserById(tx.db, userId);
    await audit(tx, {
      action: 'auth.logout',
      resourceType: 'user',
      resourceId: userId,
      actor: user ? { userId, organizationId: user.organizationId, roles: user.roles } : null,
    });
  });
}
