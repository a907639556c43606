import { randomInt } from 'node:crypto';
import { findPatientForPortal } from '../../db/repositories/portal-accounts.js';
import { insertUser } from '../../db/repositories/users.js';
import type { PortalAccess } from '../../contracts/portal.js';
import { DomainError } from '../../domain/errors.js';
import { checkPassword } from '../../domain/identity/index.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { findPatientKey, requireStaffAction } from '../chart/access.js';
import { recordPatientEvent } from '../chart/events.js';
import { hashPassword } from './passwords.js';

/**
 * Staff give a patient a portal account: a patient user for that chart, with the chart's email, and a
 * temporary password shown once to the member of staff (who passes it on), to be changed at first
 * sign-in. One account per patient (a second request is 409); the temporary password is never stored
 * in clear or written to the audit log.
 */
export type PortalAccessResult = PortalAccess;

// No 0/o, 1/l/i: the password is read out over the phone or copied from a screen.
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Four groups of four (about 79 bits): long enough for checkPassword, easy to read aloud. */
export function temporaryPassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join(''),
  );
  return groups.join('-');
}

export async function grantPortalAccess(patientId: string, ctx: AppContext): Promise<PortalAccessResult> {
  const principal = requireStaffAction(ctx, 'patients.manage');
  return withTransaction(ctx, async (tx) => {
    // The row lock serialises two clicks on the button: the second one sees the first account.
    await findPatientKey(tx, patientId, { forUpdate: true });
    const patient = (await findPatientForPortal(tx.db, patientId))!;
    if (patient.accountUserId)
      throw new DomainError(
        'portal_account_exists',
        'This patient already has a portal account. If they cannot sign in, ask an administrator to reset it.',
      );
    const email = patient.email?.trim();
    if (!email) {
      throw new DomainError(
        'patient_email_missing',
        "Add the patient's email address to their details first: it is what they sign in with.",
        { errors: [{ path: '/patient/email', message: 'Add an email address to the chart' }] },
      );
    }
    // The sign-in email must be an address (the chart's email field is free text).
    if (email.length < 3 || email.length > 320 || email.indexOf('@') < 1 || /\s/.test(email)) {
      throw new DomainError(
        'patient_email_missing',
        "The email address on the patient's details is not a valid address; correct it first: it is what they sign in with.",
        { errors: [{ path: '/patient/email', message: 'Enter a valid email address on the chart' }] },
      );
    }
    // Given and family names are up to 100 characters each; users.name holds both (migration 0007).
    const name = `${patient.givenName} ${patient.familyName}`.trim();
    let password = temporaryPassword();
    // Vanishingly unlikely, but a generated password must pass the same rules as a chosen one.
    while (checkPassword(password, { email, name }).length) password = temporaryPassword();
    const userId = await insertUser(tx.db, {
      organizationId: principal.organizationId,
      email,
      name,
      kind: 'patient',
      roles: [],
      patientId,
      passwordHash: await hashPassword(password),
      mustChangePassword: true,
      mfaSecret: null,
      now: tx.now,
    });
    if (!userId) {
      throw new DomainError(
        'email_taken',
        "Another account in this clinic already uses this email address. Give the patient's own email address on their details.",
        { errors: [{ path: '/patient/email', message: 'already used by another account' }] },
      );
    }
    await audit(tx, {
      action: 'patients.portal_access',
      resourceType: 'user',
      resourceId: userId,
      patientId,
      details: { kind: 'patient', mustChangePassword: true },
    });
    await recordPatientEvent(tx, {
      patientId,
      kind: 'portal_access_granted',
      summary: 'Patient portal account created (temporary password given to the patient)',
      resourceType: 'user',
      resourceId: userId,
    });
    return { userId, email, name, temporaryPassword: password, mustChangePassword: true };
  });
}
