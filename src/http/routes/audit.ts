import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAudit } from '../../app/audit/list.js';
import { getAuditStatus } from '../../app/audit/status.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import { auditEntrySchema, limitField } from '../../contracts/identity.js';

/** The audit log of the admin's organization, newest first. */
export const auditRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  app.get(
    '/audit',
    {
      config: { access: { action: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, filtered by patient, user and time (from inclusive, to exclusive)',
        querystring: z.object({
          patientId: z.uuid().optional(),
          userId: z.uuid().optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          cursor: z
            .string()
            .regex(/^\d{1,18}$/)
            .optional(),
          limit: limitField,
        }),
        response: { 200: z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listAudit(
        { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined },
        requestContext(request, deps),
      );
      return {
        items: page.items.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/audit/status',
    {
      config: { access: { action: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'Where the hash chain stands: the last sealed position and the entries still waiting to be sealed',
        response: {
          200: z.object({
            lastSealedSeq: z.number().int().nullable(),
            lastSealedAt: z.string().nullable(),
            unsealedCount: z.number().int(),
            oldestUnsealedAt: z.string().nullable(),
            sealerBehind: z.boolean(),
          }),
        },
      },
    },
    async (request) => {
      const s = await getAuditStatus({}, requestContext(request, deps));
      return {
        ...s,
        lastSealedAt: s.lastSealedAt?.toISOString() ?? null,
        oldestUnsealedAt: s.oldestUnsealedAt?.toISOString() ?? null,
      };
    },
  );
};
