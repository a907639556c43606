import type { ClinicContact } from '../../contracts/portal.js';
import { DomainError } from '../../domain/errors.js';
import { can } from '../../domain/permissions/index.js';
import { loadClinicProfile } from '../public-site/public-organization.js';
import { requirePrincipal, type AppContext } from '../context.js';

export type { ClinicContact };

/** How a patient reaches their own clinic (name, phone, email, addresses): shown on every portal page. */
export async function portalClinicContact(ctx: AppContext): Promise<ClinicContact> {
  const principal = requirePrincipal(ctx);
  if (principal.kind !== 'patient' || !can(principal, 'portal.read'))
    throw new DomainError('forbidden', 'You do not have permission to do this.');
  const profile = await loadClinicProfile(ctx.db, principal.organizationId);
  if (!profile) throw new DomainError('not_found', 'The clinic was not found.');
  return {
    name: profile.name,
    phone: profile.phone ?? profile.locations.find((l) => l.phone)?.phone ?? null,
    email: profile.email,
    locations: profile.locations.map((l) => ({ name: l.name, addressLines: [...l.addressLines], phone: l.phone })),
  };
}
