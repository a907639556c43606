import type { SetupGate } from '../../src/app/setup/first-run.js';
import type { LightMyRequestResponse } from 'fastify';
import type pg from 'pg';
import { hashPassword } from '../../src/app/identity/passwords.js';
import { newTotpSecret, totpCode } from '../../src/app/identity/totp.js';
import type { LoginLimits } from '../../src/app/identity/rate-limit.js';
import type { SystemStatusSource } from '../../src/app/ops/system-status.js';
import { insertUser } from '../../src/db/repositories/users.js';
import type { App } from '../../src/http/app.js';
import { createTestApp } from './app.js';
import { makeClock, type Clock } from './clock.js';
import type { TestDatabase } from './database.js';

/**
 * Identity fixtures: an app on its own database with a clock the test moves (no sleeping), running
 * as the ketaclinic_app role like the real server; organizations and users made directly; sign-in.
 */
export { makeClock, type Clock };

export interface IdentityTestApp {
  readonly app: App;
  readonly db: TestDatabase;
  readonly clock: Clock;
}

export async function createIdentityTestApp(
  options: { env?: NodeJS.ProcessEnv; loginLimits?: LoginLimits; system?: SystemStatusSource; setup?: SetupGate } = {},
): Promise<IdentityTestApp> {
  return createTestApp({ ...options, clock: makeClock() });
}

export async function createOrganization(pool: pg.Pool, name: string): Promise<string> {
  const res = await pool.query<{ id: string }>('INSERT INTO organizations (name) VALUES ($1) RETURNING id', [name]);
  return res.rows[0]!.id;
}

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly organizationId: string;
  readonly totpSecret: string | null;
  readonly patientId: string | null;
}

export async function createUser(
  pool: pg.Pool,
  input: {
    organizationId: string;
    email: string;
    roles?: string[];
    kind?: 'staff' | 'patient';
    password?: string;
    mfa?: boolean;
    mustChangePassword?: boolean;
    name?: string;
  },
): Promise<TestUser> {
  const password = input.password ?? 'a long test password 1';
  const kind = input.kind ?? 'staff';
  let patientId: string | null = null;
  if (kind === 'patient') {
    const patient = await pool.query<{ id: string }>(
      "INSERT INTO patients (organization_id, mrn, given_name, family_name, date_of_birth) VALUES ($1, $2, 'Test', 'Patient', '1980-01-01') RETURNING id",
      [input.organizationId, `T-${crypto.randomUUID().slice(0, 8)}`],
    );
    patientId = patient.rows[0]!.id;
  }
  const totpSecret = input.mfa ? newTotpSecret() : null;
  const id = await insertUser(pool, {
    organizationId: input.organizationId,
    email: input.email,
    name: input.name ?? input.email.split('@')[0]!,
    kind,
    roles: kind === 'patient' ? [] : (input.roles ?? ['nurse']),
    patientId,
    passwordHash: await hashPassword(password),
    mustChangePassword: input.mustChangePassword ?? false,
    mfaSecret: totpSecret,
    now: new Date('2026-11-01T00:00:00Z'),
  });
  if (!id) throw new Error(`user ${input.email} exists`);
  return { id, email: input.email, password, organizationId: input.organizationId, totpSecret, patientId };
}

export interface Session {
  readonly cookie: string;
  readonly csrf: string;
  readonly headers: Record<string, string>;
  readonly me: Record<string, unknown>;
}

export function sessionCookie(res: LightMyRequestResponse): string | undefined {
  const cookie = res.cookies.find((c) => c.name === 'kc_session');
  return cookie ? `kc_session=${cookie.value}` : undefined;
}

export async function signIn(t: IdentityTestApp, user: TestUser, options: { totp?: string } = {}): Promise<Session> {
  const totp = options.totp ?? (user.totpSecret ? totpCode(user.totpSecret, t.clock.now) : undefined);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: user.password, ...(totp ? { totp } : {}) },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${user.email} failed: ${res.statusCode} ${res.body}`);
  // A TOTP code is single-use; later sign-ins of the same user need the next window.
  t.clock.advance(30_000);
  const cookie = sessionCookie(res)!;
  const body = res.json<{ user: Record<string, unknown>; csrfToken: string }>();
  return { cookie, csrf: body.csrfToken, headers: { cookie, 'x-csrf-token': body.csrfToken }, me: body.user };
}
