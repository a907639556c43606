import { DomainError } from '../../domain/errors.js';
import { can, type Principal } from '../../domain/permissions/index.js';
import { requirePrincipal, type AppContext } from '../context.js';

/**
 * The portal's pages are always about the signed-in patient's own record: the patient id comes from the
 * session, never from the request, so no id in a URL or body can reach another patient.
 */
export type PatientPrincipal = Principal & { readonly patientId: string };

export function requireOwnPatient(
  ctx: AppContext,
  action: 'portal.read' | 'portal.submit' = 'portal.read',
): PatientPrincipal {
  const principal = requirePrincipal(ctx);
  if (principal.kind !== 'patient' || !principal.patientId || !can(principal, action))
    throw new DomainError('forbidden', 'You do not have permission to do this.');
  return principal as PatientPrincipal;
}
