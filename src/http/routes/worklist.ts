import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getWorklist } from '../../app/worklist/worklist.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';

const section = z.object({
  id: z.enum([
    'urgent_intakes',
    'my_intakes',
    'open_intakes',
    'draft_assessments',
    'draft_plans',
    'consents_waiting',
    'withdrawals',
    'alerts',
    'session_alerts',
    'todays_sessions',
    'accounts_without_mfa',
    'safety_alerts',
    'maintenance_due',
    'non_responders',
  ]),
  title: z.string(),
  count: z.number().int(),
  urgent: z.boolean(),
  path: z.string().nullable(),
  items: z.array(
    z.object({
      id: z.uuid(),
      patientId: z.uuid().nullable(),
      name: z.string(),
      mrn: z.string().nullable(),
      at: z.string(),
      detail: z.string().nullable(),
      path: z.string(),
    }),
  ),
});

/** The signed-in member of staff's worklist: what waits for their roles, with counts. */
export const worklistRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  app.get(
    '/worklist',
    {
      config: { access: { action: 'worklist.read' } },
      schema: {
        tags: ['worklist'],
        summary: 'What is waiting for the signed-in member of staff, by role: lists with counts and their first items',
        response: { 200: z.object({ sections: z.array(section) }) },
      },
    },
    async (request) => {
      const sections = await getWorklist({}, requestContext(request, deps));
      return {
        sections: sections.map((s) => ({ ...s, items: s.items.map((i) => ({ ...i, at: i.at.toISOString() })) })),
      };
    },
  );
};
