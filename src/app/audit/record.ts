import { insertAuditEntry, type AuditOutcome } from '../../db/repositories/audit-log.js';
import type { AppContext } from '../context.js';

/**
 * Writes one audit entry with the context's actor, time, IP and user agent. Call it with the
 * transaction's context (withTransaction) so the entry commits with the write it records — a
 * rolled-back write leaves no entry claiming success. Reads of patient data are audited too.
 * `details` holds ids and reasons only, never PHI.
 */
export interface AuditInput {
  readonly action: string;
  readonly resourceType?: string | null;
  readonly resourceId?: string | null;
  readonly patientId?: string | null;
  readonly outcome?: AuditOutcome;
  readonly details?: Readonly<Record<string, unknown>>;
  /** For entries without a signed-in principal (sign-in attempts): who it concerned, if known. */
  readonly actor?: {
    readonly userId: string;
    readonly organizationId: string;
    readonly roles: readonly string[];
  } | null;
  /** The organization concerned when there is no actor (the command line). */
  readonly organizationId?: string | null;
}

export async function audit(ctx: AppContext, entry: AuditInput): Promise<number> {
  const actor =
    entry.actor ??
    (ctx.principal
      ? { userId: ctx.principal.userId, organizationId: ctx.principal.organizationId, roles: ctx.principal.roles }
      : null);
  return insertAuditEntry(ctx.db, {
    occurredAt: ctx.now,
    organizationId: actor?.organizationId ?? entry.organizationId ?? null,
    actorUserId: actor?.userId ?? null,
    actorRoles: actor ? [...actor.roles] : [],
    action: entry.action,
    resourceType: entry.resourceType ?? null,
    resourceId: entry.resourceId ?? null,
    patientId: entry.patientId ?? null,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    outcome: entry.outcome ?? 'success',
    details: entry.details ?? {},
  });
}
