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
