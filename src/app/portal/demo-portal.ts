import type { Queryable } from '../context.js';
import { findUsersByEmail, insertUser } from '../../db/repositories/users.js';
import { findPatientIdByFamilyName } from '../../db/repositories/portal-links.js';
import { audit } from '../audit/record.js';
import { hashPassword } from '../identity/passwords.js';

/**
 * A second demo portal sign-in (issue 17): Ines Inductova, in induction, whose portal shows a coming
 * session to confirm, her PHQ-9 scores with this morning's session and its aftercare. (The first demo
 * patient, Arlo Assessworth, is being assessed: his portal has a consent to sign.) Fictional.
 */
export const demoInductionPortalAccount = {
  email: 'ines@larkspur-demo.example.org',
  password: 'larkspur-demo-ines',
  familyName: 'Inductova',
} as const;

export async function ensureDemoInductionPortalAccount(
  client: Queryable,
  organizationId: string,
  now: Date,
): Promise<boolean> {
  const patientId = await findPatientIdByFamilyName(client, organizationId, demoInductionPortalAccount.familyName);
  if (!patientId) return false;
  if ((await findUsersByEmail(client, demoInductionPortalAccount.email)).length > 0) return false;
  const id = await insertUser(client, {
    organizationId,
    email: demoInductionPortalAccount.email,
    name: 'Ines Inductova',
    kind: 'patient',
    roles: [],
    patientId,
    passwordHash: await hashPassword(demoInductionPortalAccount.password),
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
      patientId,
      organizationId,
      details: { via: 'demo', kind: 'patient' },
    },
  );
  return true;
}
