import { z } from 'zod';
import { pageOf } from './common.js';
import { limitField } from './identity.js';

/** Wire shapes of the audit log (src/http/routes/audit.ts): admins only. */
export const auditEntrySchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  actorUserId: z.uuid().nullable(),
  actorRoles: z.array(z.string()),
  action: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  patientId: z.uuid().nullable(),
  patientName: z.string().nullable(),
  patientMrn: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  outcome: z.enum(['success', 'denied', 'failed']),
  details: z.record(z.string(), z.unknown()),
  sealed: z.boolean(),
});

/** What the log filters by: ids and instants only (from inclusive, to exclusive). */
export const auditQuery = z.object({
  patientId: z.uuid().optional(),
  userId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
  limit: limitField,
});
export const auditPageSchema = pageOf(auditEntrySchema);

export const auditStatusSchema = z.object({
  lastSealedSeq: z.number().int().nullable(),
  lastSealedAt: z.string().nullable(),
  unsealedCount: z.number().int(),
  oldestUnsealedAt: z.string().nullable(),
  sealerBehind: z.boolean(),
});

export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditPage = z.infer<typeof auditPageSchema>;
export type AuditStatus = z.infer<typeof auditStatusSchema>;
/** The filters a screen sets (the cursor and page size are the client's own business). */
export type AuditFilters = Pick<z.input<typeof auditQuery>, 'patientId' | 'userId' | 'from' | 'to'>;
