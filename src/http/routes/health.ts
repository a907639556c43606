import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { z } from 'zod';
import { latestVersion } from '../../db/migrate.js';
import { problem, sendProblem } from '../plugins/problem.js';

/** /healthz: the process answers. /readyz: the database answers and its schema is current. */
export const healthRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool }> = async (app, { pool }) => {
  const expected = latestVersion();

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
      let applied: number;
      try {
        const res = await pool.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
        applied = res.rows[0]?.v ?? 0;
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check: database unavailable');
        return sendProblem(reply, problem('not_ready', 'The database is not reachable.'));
      }
      if (applied !== expected) {
        return sendProblem(
          reply,
          problem(
            'not_ready',
            `The database schema is at version ${applied}; this build needs ${expected}. Run: ketaclinic migrate`,
          ),
        );
      }
      return { status: 'ready' as const, schemaVersion: applied };
    },
  );
};
