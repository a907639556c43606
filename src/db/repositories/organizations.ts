import { sql } from 'kysely';
import { kysely, type Queryable } from '../kysely.js';

/** The clinic (organization) settings the use-cases read: its time zone and its first location's hours. */

export async function findTimeZone(db: Queryable, organizationId: string): Promise<string | undefined> {
  const row = await kysely(db)
    .selectFrom('organizations')
    .select('timeZone')
    .where('id', '=', organizationId)
    .executeTakeFirst();
  return row?.timeZone;
}

export interface OpeningHoursRow {
  readonly day: number;
  readonly opens: string;
  readonly closes: string;
}

/** The time zone and the opening hours of the clinic's first location by name (none yet: null). */
export async function findCalendarSettings(
  db: Queryable,
  organizationId: string,
): Promise<{ timeZone: string; openingHours: OpeningHoursRow[] | null } | undefined> {
  const row = await kysely(db)
    .selectFrom('organizations as o')
    .select((eb) => [
      'o.timeZone',
      eb
        .selectFrom('locations')
        .select('openingHours')
        .whereRef('locations.organizationId', '=', 'o.id')
        .orderBy('name')
        .limit(1)
        .as('openingHours'),
    ])
    .where('o.id', '=', organizationId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { timeZone: row.timeZone, openingHours: (row.openingHours as OpeningHoursRow[] | null) ?? null };
}

/** `id` when that organization exists; else none. */
export async function findOrganizationId(db: Queryable, id: string): Promise<string | undefined> {
  const row = await kysely(db).selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst();
  return row?.id;
}

/** The ids of the first organizations by creation (at most `limit`). */
export async function listOrganizationIds(db: Queryable, limit: number): Promise<string[]> {
  const rows = await kysely(db).selectFrom('organizations').select('id').orderBy('createdAt').limit(limit).execute();
  return rows.map((r) => r.id);
}

export async function findOrganizationContact(db: Queryable, id: string) {
  return kysely(db)
    .selectFrom('organizations')
    .select(['name', 'phone', 'email', 'website', 'timeZone'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The organization's locations by name. `openingHours` is the jsonb as stored (the caller checks its shape). */
export async function listLocations(db: Queryable, organizationId: string) {
  return kysely(db)
    .selectFrom('locations')
    .select(['name', 'addressLine1', 'addressLine2', 'city', 'state', 'postalCode', 'phone', 'openingHours'])
    .where('organizationId', '=', organizationId)
    .orderBy('name')
    .execute();
}

/** Locks the organization row until commit: serializes writes that number per organization. */
export async function lockOrganization(db: Queryable, id: string): Promise<void> {
  await kysely(db).selectFrom('organizations').select('id').where('id', '=', id).forUpdate().execute();
}

/** Until commit, serialises account provisioning from the command line (one organization, not two). */
export async function lockProvisioning(db: Queryable): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('ketaclinic-provision'))`.execute(kysely(db));
}

/** Every organization, oldest first. */
export async function listOrganizations(db: Queryable): Promise<{ id: string; name: string }[]> {
  return kysely(db).selectFrom('organizations').select(['id', 'name']).orderBy('createdAt').orderBy('id').execute();
}

export async function insertOrganization(db: Queryable, name: string): Promise<{ id: string; name: string }> {
  return kysely(db).insertInto('organizations').values({ name }).returning(['id', 'name']).executeTakeFirstOrThrow();
}
