import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkReadiness } from '../../app/readiness.js';
import type { DatabasePool } from '../../app/context.js';
import { problem, sendProblem } from '../plugins/problem.js';

/** /healthz: the process answers. /readyz: the database answers and its schema is current. */
export const healthRoutes: FastifyPluginAsyncZod<{ pool: DatabasePool }> = async (app, { pool }) => {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'The database is reachable and migrations are current',
        response: { 200: z.object({ status: z.literal('ready'), schemaVersion: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const readiness = await checkReadiness(pool);
      if (readiness.ready) return { status: 'ready' as const, schemaVersion: readiness.schemaVersion };
      if (readiness.reason === 'database_unavailable') {
        request.log.warn({ err: readiness.error }, 'readiness check: database unavailable');
        return sendProblem(reply, problem('not_ready', 'The database is not reachable.'));
      }
      return sendProblem(
        reply,
        problem(
          'not_ready',
          `The database schema is at version ${readiness.applied}; this build needs ${readiness.expected}. Run: ketaclinic migrate`,
        ),
      );
    },
  );
};
