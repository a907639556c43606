import type { AppContext } from '../context.js';
import { audit } from './record.js';

/**
 * A request for a patient's (or an intake's) record that was refused — not found in the caller's
 * clinic, or not theirs to see — is audited with the id that was asked for, outside the refused
 * request's transaction (which rolled back), so probing for other clinics' records leaves a trace.
 */
export async function auditDeniedRecordAccess(
  ctx: AppContext,
  input: { resourceType: 'patient' | 'intake'; idAsked: string; route: string; method: string; code: string },
): Promise<void> {
  await audit(ctx, {
    action: `${input.resourceType === 'patient' ? 'patients' : 'intakes'}.access_denied`,
    outcome: 'denied',
    resourceType: input.resourceType,
    resourceId: input.idAsked.slice(0, 200),
    details: { route: input.route, method: input.method, code: input.code },
  });
}
