import { claimTotpStep, findUserById, useRecoveryCode } from '../../db/repositories/users.js';
import { DomainError } from '../../domain/errors.js';
import { can, type Principal } from '../../domain/permissions/index.js';
import { audit } from '../audit/record.js';
import type { AppContext } from '../context.js';
import { verifyAgainstDummy, verifyPassword } from '../identity/passwords.js';
import { countSignInAttempt, defaultLoginLimits, ipKey, refundSignInAttempt } from '../identity/rate-limit.js';
import { recoveryCodeHash } from '../identity/tokens.js';
import { verifyTotp } from '../identity/totp.js';

/**
 * A second member of staff confirms, at that moment and on the recorder's screen, that they witnessed (a
 * waste, a discrepancy, a receipt check): with their own password or, if they use two-step sign-in, a
 * code from their authenticator app. Throttled like sign-in (per witness account and per IP, counted in
 * PostgreSQL), so the confirmation cannot be used to guess a colleague's password. Runs before the
 * write's transaction, so a failed attempt is remembered even though nothing is written.
 */
export interface WitnessInput {
  readonly witnessUserId: string;
  readonly witnessPassword?: string | undefined;
  readonly witnessCode?: string | undefined;
}

export interface ConfirmedWitness {
  readonly userId: string;
  readonly name: string;
  readonly method: 'password' | 'totp';
}

/** Refused: the error names the field the witness filled in (the code when no password was typed). */
const notConfirmed = (byCode: boolean): DomainError =>
  new DomainError('ledger_witness_not_confirmed', "The witness's password or code is not right.", {
    errors: [
      {
        path: byCode ? '/witnessCode' : '/witnessPassword',
        message: byCode
          ? 'The code is not right or was already used: the witness enters a new code from their app'
          : 'The witness types their own password or authenticator code',
      },
    ],
  });

export async function confirmWitness(
  input: WitnessInput,
  principal: Principal,
  ctx: AppContext,
  purpose: string,
): Promise<ConfirmedWitness> {
  if (input.witnessUserId === principal.userId) {
    throw new DomainError('ledger_witness_same_person', 'Nobody can witness their own entry.', {
      errors: [{ path: '/witnessUserId', message: 'Choose another member of staff as witness' }],
    });
  }
  const keys = { account: `witness:${input.witnessUserId}`, ip: ipKey(ctx.ip) };
  // Counted before the secret is checked (atomically, so parallel guesses cannot slip past), refunded when right.
  await countSignInAttempt(ctx.db, keys, ctx.now, defaultLoginLimits);
  const witness = await findUserById(ctx.db, input.witnessUserId);
  const eligible =
    witness !== undefined &&
    witness.active &&
    witness.kind === 'staff' &&
    witness.organizationId === principal.organizationId &&
    can({ kind: 'staff', roles: witness.roles }, 'ledger.witness');

  let method: 'password' | 'totp' | null = null;
  const password = input.witnessPassword ?? '';
  const code = input.witnessCode?.trim() ?? '';
  if (!eligible) {
    // Same work as a real check, so timing does not tell who may witness.
    if (password) await verifyAgainstDummy(password);
  } else if (password) {
    if (await verifyPassword(witness.passwordHash, password)) method = 'password';
  } else if (code && witness.mfaEnabled && witness.mfaSecret) {
    const step = verifyTotp(witness.mfaSecret, code, ctx.now, witness.mfaLastStep);
    const accepted =
      step !== null
        ? await claimTotpStep(ctx.db, witness.id, step)
        : /^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/.test(code) &&
          (await useRecoveryCode(ctx.db, witness.id, recoveryCodeHash(code), ctx.now));
    if (accepted) method = 'totp';
  }
  if (!eligible || method === null) {
    await audit(ctx, {
      action: 'ledger.witness_confirm',
      outcome: 'failed',
      resourceType: 'user',
      resourceId: input.witnessUserId,
      details: { purpose, reason: eligible ? 'wrong_secret' : 'not_a_witness' },
    });
    if (
      !eligible &&
      witness?.organizationId === principal.organizationId &&
      witness.kind === 'staff' &&
      witness.active
    ) {
      throw new DomainError(
        'ledger_witness_not_confirmed',
        'This member of staff may not witness controlled-substance entries.',
        {
          errors: [{ path: '/witnessUserId', message: 'Choose a nurse or prescriber as witness' }],
        },
      );
    }
    throw notConfirmed(!password && code !== '');
  }
  await refundSignInAttempt(ctx.db, keys);
  return { userId: witness.id, name: witness.name, method };
}
