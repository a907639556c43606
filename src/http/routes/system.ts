import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { systemStatus, type SystemStatusSource } from '../../app/ops/system-status.js';
import type { AuthDeps } from '../plugins/auth.js';

/** The installation's health for the admin: database, disk, last verified backup (issue 18). */
export const systemRoutes: FastifyPluginAsyncZod<AuthDeps & { system: SystemStatusSource | undefined }> = async (
  app,
  deps,
) => {
  const unknownSource: SystemStatusSource = {
    mode: 'server',
    disk: () => undefined,
    diskNow: () => undefined,
    database: () => undefined,
    backups: { directory: undefined, schedule: '', timeZone: 'UTC', keepDaily: 0, keepWeekly: 0, scheduled: false },
  };
  app.get(
    '/system/status',
    {
      config: { access: { action: 'organization.manage' } },
      schema: {
        tags: ['system'],
        summary:
          'The database (and whether the server is restarting it), the free disk space, and the last verified backup with its age',
        response: {
          200: z.object({
            database: z.object({
              mode: z.enum(['embedded', 'server']),
              state: z.enum(['running', 'restarting', 'down']),
              reason: z.string().nullable(),
            }),
            disk: z
              .object({
                path: z.string(),
                totalBytes: z.number(),
                freeBytes: z.number(),
                low: z.boolean(),
                refuseUploads: z.boolean(),
                checkedAt: z.string(),
              })
              .nullable(),
            backups: z.object({
              directory: z.string().nullable(),
              schedule: z.string(),
              timeZone: z.string(),
              keepDaily: z.number().int(),
              keepWeekly: z.number().int(),
              scheduled: z.boolean(),
              overdue: z.boolean(),
              lastGood: z
                .object({
                  finishedAt: z.string(),
                  ageSeconds: z.number().int(),
                  fileName: z.string(),
                  directory: z.string(),
                  bytes: z.number(),
                  rows: z.number(),
                })
                .nullable(),
              lastRun: z
                .object({
                  finishedAt: z.string(),
                  status: z.enum(['verified', 'failed']),
                  error: z.string().nullable(),
                })
                .nullable(),
            }),
          }),
        },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return systemStatus(deps.pool, deps.system ?? unknownSource, deps.now());
    },
  );
};
