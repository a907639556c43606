import { sql } from 'kysely';
import { kysely, type Queryable } from '../kysely.js';

/** SQL for loading the fictional demo clinic (src/app/demo*.ts); every statement runs in the loader's transaction. */

/** Serialises concurrent `demo` runs so the clinic is created once (held until the transaction ends). */
export async function lockDemoLoading(db: Queryable): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('ketaclinic-demo'))`.execute(kysely(db));
}

export async function organizationIdByName(db: Queryable, name: string): Promise<string | undefined> {
  const row = await kysely(db).selectFrom('organizations').select('id').where('name', '=', name).executeTakeFirst();
  return row?.id;
}

export async function organizationTimeZone(db: Queryable, organizationId: string): Promise<string | undefined> {
  const row = await kysely(db)
    .selectFrom('organizations')
    .select('timeZone')
    .where('id', '=', organizationId)
    .executeTakeFirst();
  return row?.timeZone;
}

export interface DemoOrganization {
  readonly name: string;
  readonly timeZone: string;
  readonly phone: string;
  readonly email: string;
  readonly website: string;
}

export async function insertDemoOrganization(db: Queryable, org: DemoOrganization): Promise<string> {
  const row = await kysely(db).insertInto('organizations').values(org).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface DemoLocation {
  readonly name: string;
  readonly addressLine1: string;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
  readonly phone: string;
  readonly openingHours: readonly { day: number; opens: string; closes: string }[];
}

export async function insertDemoLocations(
  db: Queryable,
  organizationId: string,
  locations: readonly DemoLocation[],
): Promise<void> {
  await kysely(db)
    .insertInto('locations')
    .values(
      locations.map((l) => ({
        organizationId,
        name: l.name,
        addressLine1: l.addressLine1,
        city: l.city,
        state: l.state,
        postalCode: l.postalCode,
        phone: l.phone,
        openingHours: JSON.stringify(l.openingHours),
      })),
    )
    .execute();
}

/** Whether the clinic already holds an intake from this email, whatever its status. */
export async function intakeFromEmailExists(db: Queryable, organizationId: string, email: string): Promise<boolean> {
  const row = await kysely(db)
    .selectFrom('intakes')
    .select(sql<number>`1`.as('one'))
    .where('organizationId', '=', organizationId)
    .where('email', '=', email)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the clinic already holds a patient with this family name (the demo's marker that its patients exist). */
export async function patientWithFamilyNameExists(
  db: Queryable,
  organizationId: string,
  familyName: string,
): Promise<boolean> {
  const row = await kysely(db)
    .selectFrom('patients')
    .select(sql<number>`1`.as('one'))
    .where('organizationId', '=', organizationId)
    .where('familyName', '=', familyName)
    .executeTakeFirst();
  return row !== undefined;
}

/** The clinic's active staff, oldest account first (the demo acts as the first prescriber, nurse and admin). */
export async function activeStaffByAge(
  db: Queryable,
  organizationId: string,
): Promise<{ id: string; roles: string[] }[]> {
  return kysely(db)
    .selectFrom('users')
    .select(['id', 'roles'])
    .where('organizationId', '=', organizationId)
    .where('kind', '=', 'staff')
    .where('active', '=', true)
    .orderBy('createdAt')
    .execute();
}

export interface DemoPatient {
  readonly mrn: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: string;
  readonly email: string;
  readonly phone: string;
  readonly addressLine1: string;
  readonly createdAt: Date;
}

/** A demo patient in Springfield, MA, numbered from the demo's own MRN range by the caller. */
export async function insertDemoPatient(db: Queryable, organizationId: string, p: DemoPatient): Promise<string> {
  const row = await kysely(db)
    .insertInto('patients')
    .values({ organizationId, ...p, city: 'Springfield', state: 'MA', postalCode: '01103' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function patientVersion(db: Queryable, patientId: string): Promise<number> {
  const row = await kysely(db)
    .selectFrom('patients')
    .select('version')
    .where('id', '=', patientId)
    .executeTakeFirstOrThrow();
  return row.version;
}
