import { listAuditEntries, type AuditListRow } from '../../db/repositories/audit-log.js';
import { DomainError } from '../../domain/errors.js';
import { can } from '../../domain/permissions/index.js';
import { requirePrincipal, type AppContext } from '../context.js';
import { audit } from './record.js';

/** The audit log of the admin's organization, newest first, filtered by patient, user and time. */
export interface ListAuditInput {
  readonly patientId?: string | undefined;
  readonly userId?: string | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

export async function listAudit(
  input: ListAuditInput,
  ctx: AppContext,
): Promise<{ items: AuditListRow[]; nextCursor: string | null }> {
  const principal = requirePrincipal(ctx);
  if (!can(principal, 'audit.read')) throw new DomainError('forbidden', 'Only an admin may read the audit log.');
  const beforeId = input.cursor === undefined ? undefined : Number(input.cursor);
  if (beforeId !== undefined && !Number.isSafeInteger(beforeId)) {
    throw new DomainError('validation_failed', 'The cursor is not valid.', {
      errors: [{ path: '/query/cursor', message: 'not a cursor from this list' }],
    });
  }
  const rows = await listAuditEntries(ctx.db, {
    organizationId: principal.organizationId,
    ...input,
    beforeId,
    limit: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  // Reading the audit log (which names patients) is itself recorded.
  await audit(ctx, {
    action: 'audit.read',
    resourceType: 'audit_log',
    patientId: input.patientId ?? null,
    details: { filteredByUser: input.userId ?? null, count: items.length },
  });
  return { items, nextCursor: rows.length > input.limit ? String(items.at(-1)!.id) : null };
}
