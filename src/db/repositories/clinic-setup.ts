import { sql } from 'kysely';
import { kysely, type Queryable } from '../kysely.js';

/** The first run: whether any clinic exists yet, and creating the first one with its first site. */
export async function organizationCount(db: Queryable): Promise<number> {
  const row = await kysely(db)
    .selectFrom('organizations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Serialises two set-ups racing on an empty database (and `ketaclinic user create`). */
export async function lockProvisioning(db: Queryable): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('ketaclinic-provision'))`.execute(kysely(db));
}

export interface NewClinic {
  readonly name: string;
  readonly phone: string;
  readonly email: string | null;
  readonly timeZone: string;
  readonly address: {
    readonly line1: string;
    readonly line2: string | null;
    readonly city: string;
    readonly state: string;
    readonly postalCode: string;
  };
  /** Opening hours of the first site, ISO weekday 1 = Monday. */
  readonly openingHours: readonly { day: number; opens: string; closes: string }[];
}

export async function insertClinic(db: Queryable, c: NewClinic): Promise<string> {
  const k = kysely(db);
  const org = await k
    .insertInto('organizations')
    .values({ name: c.name, phone: c.phone, email: c.email, timeZone: c.timeZone })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k
    .insertInto('locations')
    .values({
      organizationId: org.id,
      name: c.name,
      addressLine1: c.address.line1,
      addressLine2: c.address.line2,
      city: c.address.city,
      state: c.address.state,
      postalCode: c.address.postalCode,
      phone: c.phone,
      openingHours: JSON.stringify(c.openingHours),
    })
    .execute();
  return org.id;
}
