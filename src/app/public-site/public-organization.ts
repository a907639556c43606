import {
  findOrganizationContact,
  findOrganizationId,
  listLocations,
  listOrganizationIds,
} from '../../db/repositories/organizations.js';
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
    return (await findOrganizationId(db, configuredId)) ?? null;
  }
  const ids = await listOrganizationIds(db, 2);
  return ids.length === 1 ? ids[0]! : null;
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
  const o = await findOrganizationContact(db, organizationId);
  if (!o) return null;
  const locations = await listLocations(db, organizationId);
  return {
    organizationId,
    name: o.name,
    phone: o.phone,
    email: o.email,
    website: o.website,
    timeZone: o.timeZone,
    locations: locations.map((l) => ({
      name: l.name,
      addressLines: [
        l.addressLine1,
        l.addressLine2,
        [l.city, [l.state, l.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', '),
      ].filter((line): line is string => typeof line === 'string' && line.length > 0),
      phone: l.phone,
      hours: parseHours(l.openingHours),
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
