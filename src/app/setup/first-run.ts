import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  insertClinic,
  lockProvisioning,
  organizationCount,
  type NewClinic,
} from '../../db/repositories/clinic-setup.js';
import { insertUser } from '../../db/repositories/users.js';
import { DomainError } from '../../domain/errors.js';
import { checkPassword } from '../../domain/identity/index.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { hashPassword } from '../identity/passwords.js';

/**
 * First run without the command line: on an empty database the console offers "Set up your clinic",
 * guarded by a one-time code the server prints at start-up (only someone who can see the server's
 * terminal can claim the clinic). After five wrong codes the code is replaced by a new one (printed
 * again), so guessing it is hopeless; once the clinic exists the code is gone for good.
 */
export interface SetupGate {
  /** The code while the clinic is not set up; null once it is (or before start-up opened the gate). */
  readonly code: string | null;
  /** Makes a new code and returns it (start-up on an empty database, and after too many wrong codes). */
  open(): string;
  /** Whether `attempt` is the current code; counts a wrong one. */
  check(attempt: string): boolean;
  close(): void;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const MAX_WRONG = 5;

export function newSetupCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

const normalise = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

export function createSetupGate(onNewCode: (code: string) => void = () => undefined): SetupGate {
  let code: string | null = null;
  let wrong = 0;
  const gate: SetupGate = {
    get code() {
      return code;
    },
    open() {
      code = newSetupCode();
      wrong = 0;
      onNewCode(code);
      return code;
    },
    check(attempt) {
      if (code === null) return false;
      const a = Buffer.from(normalise(attempt));
      const b = Buffer.from(normalise(code));
      const ok = a.length === b.length && timingSafeEqual(a, b);
      if (!ok && ++wrong >= MAX_WRONG) gate.open();
      return ok;
    },
    close() {
      code = null;
    },
  };
  return gate;
}

export async function setupNeeded(ctx: AppContext): Promise<boolean> {
  return (await organizationCount(ctx.db)) === 0;
}

export interface SetupInput {
  readonly setupCode: string;
  readonly clinic: Omit<NewClinic, 'openingHours'>;
  readonly admin: { readonly name: string; readonly email: string; readonly password: string };
}

/** Weekdays 08:00–18:00 until the admin sets the real hours. */
const defaultHours = [1, 2, 3, 4, 5].map((day) => ({ day, opens: '08:00', closes: '18:00' }));

export async function setUpClinic(
  input: SetupInput,
  gate: SetupGate,
  ctx: AppContext,
): Promise<{ organizationId: string; adminEmail: string }> {
  if (!gate.check(input.setupCode))
    throw new DomainError('validation_failed', 'The setup code is not right.', {
      errors: [{ path: '/setupCode', message: 'Enter the setup code the server printed when it started' }],
    });
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: input.clinic.timeZone });
  } catch {
    throw new DomainError('validation_failed', 'The time zone is not known.', {
      errors: [{ path: '/clinic/timeZone', message: 'Choose the clinic’s time zone from the list' }],
    });
  }
  const weak = checkPassword(
    input.admin.password,
    { email: input.admin.email, name: input.admin.name },
    '/admin/password',
  );
  if (weak.length) throw new DomainError('password_weak', weak.map((p) => p.message).join('; '), { errors: weak });
  const passwordHash = await hashPassword(input.admin.password);
  const result = await withTransaction(ctx, async (tx) => {
    await lockProvisioning(tx.db);
    if ((await organizationCount(tx.db)) > 0)
      throw new DomainError('conflict', 'This clinic is already set up. Sign in instead.');
    const organizationId = await insertClinic(tx.db, { ...input.clinic, openingHours: defaultHours });
    // The admin sets up two-step sign-in at the first sign-in (their role requires it).
    const userId = await insertUser(tx.db, {
      organizationId,
      email: input.admin.email.trim(),
      name: input.admin.name.trim(),
      kind: 'staff',
      roles: ['admin'],
      patientId: null,
      passwordHash,
      mustChangePassword: false,
      mfaSecret: null,
      now: tx.now,
    });
    await audit(tx, {
      action: 'clinic.setup',
      resourceType: 'clinic',
      resourceId: organizationId,
      actor: null,
      organizationId,
      details: { adminUserId: userId ?? null },
    });
    return { organizationId, adminEmail: input.admin.email.trim() };
  });
  gate.close();
  return result;
}
