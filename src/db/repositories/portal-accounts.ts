import { kysely, type Queryable } from '../kysely.js';

/** A patient as the portal account is made from: contact details, and the account when there is one already. */
export interface PatientForPortal {
  readonly id: string;
  readonly email: string | null;
  readonly givenName: string;
  readonly familyName: string;
  /** The patient's portal account (users.patient_id), if any. */
  readonly accountUserId: string | null;
}

function patientsForPortal(db: Queryable) {
  return kysely(db)
    .selectFrom('patients as p')
    .select((eb) => [
      'p.id',
      'p.email',
      'p.givenName',
      'p.familyName',
      eb.selectFrom('users as u').select('u.id').whereRef('u.patientId', '=', 'p.id').as('accountUserId'),
    ]);
}

export async function findPatientForPortal(db: Queryable, patientId: string): Promise<PatientForPortal | undefined> {
  return patientsForPortal(db).where('p.id', '=', patientId).executeTakeFirst();
}

/** The organization's first-created patient with this family name (the demo's portal patient). */
export async function findFirstPatientForPortalByFamilyName(
  db: Queryable,
  organizationId: string,
  familyName: string,
): Promise<PatientForPortal | undefined> {
  return patientsForPortal(db)
    .where('p.organizationId', '=', organizationId)
    .where('p.familyName', '=', familyName)
    .orderBy('p.createdAt')
    .limit(1)
    .executeTakeFirst();
}
