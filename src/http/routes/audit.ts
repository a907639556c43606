import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listAudit } from '../../app/audit/list.js';
import { getAuditStatus } from '../../app/audit/status.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import { auditPageSchema, auditQuery, auditStatusSchema } from '../../contracts/audit.js';

/** The audit log of the admin's organization, newest first. */
export const auditRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  app.get(
    '/audit',
    {
      config: { access: { action: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, filtered by patient, user and time (from inclusive, to exclusive)',
        querystring: auditQuery,
        response: { 200: auditPageSchema },
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
        response: { 200: auditStatusSchema },
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
