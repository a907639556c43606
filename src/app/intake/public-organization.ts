import type { Queryable } from '../context.js';

/**
 * The public site belongs to one clinic: the only organization in the database, or the one named by
 * KETACLINIC_PUBLIC_ORGANIZATION_ID when there are several. `null` when none can be chosen (the site then
 * shows a generic fallback and the intake answers 503 clinic_not_configured).
 */
export async function resolvePublicOrganization(
  db: Queryable,
  configuredId: string | undefined,
): Promise<string | null> {
  if (configuredId !== undefined) {
    const res = await db.query<{ id: string }>('SELECT id FROM organizations WHERE id = $1', [configuredId]);
    return res.rows[0]?.id ?? null;
  }
  const res = await db.query<{ id: string }>('SELECT id FROM organizations ORDER BY created_at LIMIT 2');
  return res.rows.length === 1 ? res.rows[0]!.id : null;
}

export interface OpeningHours {
  /** ISO weekday, 1 = Monday. */
  readonly day: number;
  readonly opens: string;
  readonly closes: string;
}

export interface ClinicLocation {
  readonly name: string;
  readonly addressLines: readonly string[];
  readonly phone: string | null;
  readonly hours: readonly OpeningHours[];
}

/** What the public pages say about the clinic: settings from the database, never from code. */
export interface ClinicProfile {
  readonly organizationId: string;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly website: string | null;
  readonly timeZone: string;
  readonly locations: readonly ClinicLocation[];
}

export async function loadClinicProfile(db: Queryable, organizationId: string): Promise<ClinicProfile | null> {
  const org = await db.query<{
    name: string;
    phone: string | null;
    email: string | null;
    website: string | null;
    time_zone: string;
  }>('SELECT name, phone, email, website, time_zone FROM organizations WHERE id = $1', [organizationId]);
  const o = org.rows[0];
  if (!o) return null;
  const locs = await db.query<{
    name: string;
    address_line1: string | null;
    address_line2: string | null;
    city: string | null;
    state: string | null;
    postal_code: string | null;
    phone: string | null;
    opening_hours: unknown;
  }>(
    'SELECT name, address_line1, address_line2, city, state, postal_code, phone, opening_hours FROM locations WHERE organization_id = $1 ORDER BY name',
    [organizationId],
  );
  return {
    organizationId,
    name: o.name,
    phone: o.phone,
    email: o.email,
    website: o.website,
    timeZone: o.time_zone,
    locations: locs.rows.map((l) => ({
      name: l.name,
      addressLines: [
        l.address_line1,
        l.address_line2,
        [l.city, [l.state, l.postal_code].filter(Boolean).join(' ')].filter(Boolean).join(', '),
      ].filter((line): line is string => typeof line === 'string' && line.length > 0),
      phone: l.phone,
      hours: parseHours(l.opening_hours),
    })),
  };
}

function parseHours(value: unknown): OpeningHours[] {
  if (!Array.isArray(value)) return [];
  const hours: OpeningHours[] = [];
  for (const entry of value as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { day, opens, closes } = entry as Record<string, unknown>;
    if (typeof day === 'number' && typeof opens === 'string' && typeof closes === 'string')
      hours.push({ day, opens, closes });
  }
  return hours.sort((a, b) => a.day - b.day);
}
