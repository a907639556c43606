import { findFirstPatientForPortalByFamilyName } from '../../db/repositories/portal-accounts.js';
import { emailInUse, insertUser } from '../../db/repositories/users.js';
import type { DatabaseClient } from '../context.js';
import { audit } from '../audit/record.js';
import { hashPassword } from './passwords.js';
import { otpauthUri } from './totp.js';

/**
 * One demo account per staff role, with fixed, printed, obviously-demo passwords, and fixed TOTP
 * secrets for the roles that must use two-step sign-in, so a newcomer can sign in at once. Never
 * use these outside the demo clinic. One demo patient account signs in to the portal (below).
 */
export interface DemoAccount {
  readonly email: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly password: string;
  readonly totpSecret: string | null;
}

export const demoAccounts: readonly DemoAccount[] = [
  {
    email: 'admin@larkspur-demo.example.org',
    name: 'Avery Admin (demo)',
    roles: ['admin'],
    password: 'larkspur-demo-admin',
    totpSecret: 'DEMOADMINTOTPSECRETLARKSPURDEMOA',
  },
  {
    email: 'prescriber@larkspur-demo.example.org',
    name: 'Dr. Pat Prescriber (demo)',
    roles: ['prescriber'],
    password: 'larkspur-demo-prescriber',
    totpSecret: 'DEMOPRESCRIBERTOTPSECRETLARKSPUR',
  },
  {
    email: 'nurse@larkspur-demo.example.org',
    name: 'Noor Nurse (demo)',
    roles: ['nurse'],
    password: 'larkspur-demo-nurse',
    totpSecret: null,
  },
  {
    email: 'coordinator@larkspur-demo.example.org',
    name: 'Casey Coordinator (demo)',
    roles: ['coordinator'],
    password: 'larkspur-demo-coordinator',
    totpSecret: null,
  },
];

export const demoOtpauthUri = (account: DemoAccount, organizationName: string): string | null =>
  account.totpSecret ? otpauthUri(account.totpSecret, account.email, `ketaclinic (${organizationName})`) : null;

/** Creates the demo accounts that are missing (inside the caller's transaction); returns how many. */
export async function ensureDemoAccounts(client: DatabaseClient, organizationId: string, now: Date): Promise<number> {
  let created = 0;
  for (const account of demoAccounts) {
    if (await emailInUse(client, organizationId, account.email)) continue;
    const id = await insertUser(client, {
      organizationId,
      email: account.email,
      name: account.name,
      kind: 'staff',
      roles: account.roles,
      patientId: null,
      passwordHash: await hashPassword(account.password),
      mustChangePassword: false,
      mfaSecret: account.totpSecret,
      now,
    });
    if (!id) continue;
    created += 1;
    await audit(
      { db: client, principal: null, now, ip: null, userAgent: 'ketaclinic-demo' },
      {
        action: 'users.create',
        resourceType: 'user',
        resourceId: id,
        organizationId,
        details: { via: 'demo', roles: account.roles },
      },
    );
  }
  return created;
}

/**
 * The demo patient's portal sign-in: linked to Arlo Assessworth, who is being assessed and has not yet
 * signed the consent, so the portal has something for them to do. No forced password change, so the
 * printed password keeps working.
 */
export const demoPatientAccount = {
  email: 'patient@larkspur-demo.example.org',
  password: 'larkspur-demo-patient',
  familyName: 'Assessworth',
} as const;

/** Creates the demo patient account when the demo patient exists and has none (inside the caller's transaction). */
export async function ensureDemoPatientAccount(
  client: DatabaseClient,
  organizationId: string,
  now: Date,
): Promise<boolean> {
  const row = await findFirstPatientForPortalByFamilyName(client, organizationId, demoPatientAccount.familyName);
  if (!row || row.accountUserId) return false;
  const id = await insertUser(client, {
    organizationId,
    email: demoPatientAccount.email,
    name: `${row.givenName} ${row.familyName}`,
    kind: 'patient',
    roles: [],
    patientId: row.id,
    passwordHash: await hashPassword(demoPatientAccount.password),
    mustChangePassword: false,
    mfaSecret: null,
    now,
  });
  if (!id) return false;
  await audit(
    { db: client, principal: null, now, ip: null, userAgent: 'ketaclinic-demo' },
    {
      action: 'patients.portal_access',
      resourceType: 'user',
      resourceId: id,
      patientId: row.id,
      organizationId,
      details: { via: 'demo', kind: 'patient' },
    },
  );
  return true;
}
