import { auditSealState } from '../../db/repositories/audit-status.js';
import { DomainError } from '../../domain/errors.js';
import { can } from '../../domain/permissions/index.js';
import { requirePrincipal, type AppContext } from '../context.js';
import { STALE_UNSEALED_AFTER_MS } from './verify.js';

/**
 * Where the audit chain stands, for the admin's audit log page: the last chain position sealed and
 * what is still waiting for the sealer. `sealerBehind` uses the threshold verify-audit uses. This is
 * a cheap look, not a verification: re-hashing the whole chain is `ketaclinic verify-audit`'s job.
 * It names no patient, so reading it is not itself audited.
 */
export interface AuditStatus {
  readonly lastSealedSeq: number | null;
  readonly lastSealedAt: Date | null;
  readonly unsealedCount: number;
  readonly oldestUnsealedAt: Date | null;
  readonly sealerBehind: boolean;
}

export async function getAuditStatus(_input: Record<string, never>, ctx: AppContext): Promise<AuditStatus> {
  const principal = requirePrincipal(ctx);
  if (!can(principal, 'audit.read')) throw new DomainError('forbidden', 'Only an admin may read the audit log.');
  const state = await auditSealState(ctx.db, principal.organizationId);
  const sealerBehind =
    state.oldestUnsealedAt !== null && ctx.now.getTime() - state.oldestUnsealedAt.getTime() > STALE_UNSEALED_AFTER_MS;
  return { ...state, sealerBehind };
}
