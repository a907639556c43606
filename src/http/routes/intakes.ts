import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DatabasePool } from '../../app/context.js';
import { z } from 'zod';
import { inRequestPart } from '../plugins/problem.js';
import {
  addIntakeNote,
  assignIntake,
  convertIntake,
  declineIntake,
  markIntakeContacted,
} from '../../app/intake/intake-actions.js';
import { getIntake, listIntakes } from '../../app/intake/intake-queue.js';
import { requestContext } from '../plugins/auth.js';

/**
 * The staff intake queue: coordinators and prescribers (`intake.read`, `intake.manage`). Every view and
 * every action is audited by the use-case. Response schemas are the guard on what leaves the server.
 */
const severity = z.object({ id: z.string(), label: z.string() }).nullable();
const score = z.object({
  instrumentId: z.string(),
  shortTitle: z.string(),
  version: z.string(),
  total: z.number().nullable(),
  max: z.number().nullable(),
  severity,
  flags: z.array(z.string()),
});
const prescreenFlag = z.object({
  flag: z.string(),
  questionId: z.string(),
  label: z.string(),
  answer: z.enum(['yes', 'not_sure']),
  severity: z.enum(['absolute', 'relative']),
  source: z.string(),
});
const summary = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(['new', 'contacted', 'converted', 'declined']),
  urgent: z.boolean(),
  urgentReasons: z.array(z.string()),
  givenName: z.string(),
  familyName: z.string(),
  state: z.string(),
  conditions: z.array(z.string()),
  submittedAt: z.string(),
  waitingSeconds: z.number().int(),
  scores: z.array(score),
  prescreenFlags: z.array(prescreenFlag),
  assignedTo: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  contactedAt: z.string().nullable(),
  version: z.number().int(),
});
const detail = summary.extend({
  email: z.string(),
  phone: z.string(),
  dateOfBirth: z.string(),
  answers: z.record(z.string(), z.record(z.string(), z.union([z.number(), z.boolean(), z.null()]))).nullable(),
  prescreen: z.record(z.string(), z.string()).nullable(),
  medications: z.string().nullable(),
  contactTimes: z.array(z.string()),
  contactMethod: z.string(),
  declineReason: z.string().nullable(),
  patientId: z.uuid().nullable(),
  notes: z.array(
    z.object({
      id: z.uuid(),
      body: z.string(),
      author: z.object({ id: z.uuid(), name: z.string() }),
      createdAt: z.string(),
    }),
  ),
});
const idParams = z.object({ id: z.uuid('Not an intake id') });
const version = z.number().int().positive().optional();

export interface IntakesRouteDeps {
  readonly pool: DatabasePool;
  readonly now: () => Date;
}

export const intakeQueueRoutes: FastifyPluginAsyncZod<IntakesRouteDeps> = async (app, { pool, now }) => {
  const read = { access: { action: 'intake.read' } } as const;
  const manage = { access: { action: 'intake.manage' } } as const;

  app.get(
    '/intakes',
    {
      config: read,
      schema: {
        tags: ['intake'],
        summary:
          'The intake queue: open (default), converted, declined or all intakes, optionally only those assigned to ' +
          'the caller or matching a name, email or reference; urgent first, then oldest first; cursor-paginated',
        querystring: z.object({
          filter: z
            .enum(['open', 'converted', 'declined', 'all'], 'Choose open, converted, declined or all')
            .default('open'),
          assigned: z.enum(['me'], 'The only assignment filter is "me"').optional(),
          q: z.string().trim().max(100, 'Search with at most 100 characters').optional(),
          cursor: z.string().max(500).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(summary), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { filter, cursor, limit, assigned, q } = request.query;
      const page = await listIntakes(
        { filter, cursor, limit, assignedToMe: assigned === 'me', q },
        requestContext(request, { pool, now }),
      );
      return { items: page.items as z.infer<typeof summary>[], nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/intakes/:id',
    {
      config: read,
      schema: {
        tags: ['intake'],
        summary: 'One intake with its answers, scores, flags and notes',
        params: idParams,
        response: { 200: detail },
      },
    },
    async (request) =>
      (await getIntake(request.params.id, requestContext(request, { pool, now }))) as z.infer<typeof detail>,
  );

  app.post(
    '/intakes/:id/assign',
    {
      config: manage,
      schema: {
        tags: ['intake'],
        summary: 'Assign the intake to a member of staff (yourself when no userId is given; null unassigns)',
        params: idParams,
        body: z.object({ userId: z.uuid('Choose a member of staff').nullable().optional(), version }),
        response: { 200: z.object({ version: z.number().int() }) },
      },
    },
    async (request) => {
      const ctx = requestContext(request, { pool, now });
      const userId = request.body.userId === undefined ? (ctx.principal?.userId ?? null) : request.body.userId;
      return inRequestPart('body', () =>
        assignIntake(
          {
            id: request.params.id,
            userId,
            ...(request.body.version === undefined ? {} : { version: request.body.version }),
          },
          ctx,
        ),
      );
    },
  );

  app.post(
    '/intakes/:id/notes',
    {
      config: manage,
      schema: {
        tags: ['intake'],
        summary: 'Add a note to the intake',
        params: idParams,
        body: z.object({ body: z.string().trim().min(1, 'Write the note').max(4000, 'Use at most 4000 characters') }),
        response: { 201: z.object({ id: z.uuid(), createdAt: z.string() }) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await addIntakeNote(
            { id: request.params.id, body: request.body.body },
            requestContext(request, { pool, now }),
          ),
        ),
  );

  app.post(
    '/intakes/:id/contacted',
    {
      config: manage,
      schema: {
        tags: ['intake'],
        summary: 'Record that the person has been contacted',
        params: idParams,
        body: z.object({ version }).default({}),
        response: { 200: z.object({ version: z.number().int(), contactedAt: z.string() }) },
      },
    },
    async (request) =>
      markIntakeContacted(
        { id: request.params.id, ...(request.body.version === undefined ? {} : { version: request.body.version }) },
        requestContext(request, { pool, now }),
      ),
  );

  app.post(
    '/intakes/:id/decline',
    {
      config: manage,
      schema: {
        tags: ['intake'],
        summary: 'Decline with a reason (kept internal); returns an email for the coordinator to send',
        params: idParams,
        body: z.object({
          reason: z.string().trim().min(1, 'Give the reason').max(1000, 'Use at most 1000 characters'),
          version,
        }),
        response: {
          200: z.object({
            version: z.number().int(),
            email: z.object({ to: z.string(), subject: z.string(), body: z.string() }),
          }),
        },
      },
    },
    async (request) =>
      declineIntake(
        {
          id: request.params.id,
          reason: request.body.reason,
          ...(request.body.version === undefined ? {} : { version: request.body.version }),
        },
        requestContext(request, { pool, now }),
      ),
  );

  app.post(
    '/intakes/:id/convert',
    {
      config: manage,
      schema: {
        tags: ['intake'],
        summary: 'Create the patient record from the intake and, optionally, an assessment appointment request',
        params: idParams,
        body: z.object({ requestAssessment: z.boolean().default(true), version }).default({ requestAssessment: true }),
        response: { 201: z.object({ patientId: z.uuid(), mrn: z.string(), assessmentRequestId: z.uuid().nullable() }) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await convertIntake(
          {
            id: request.params.id,
            requestAssessment: request.body.requestAssessment,
            ...(request.body.version === undefined ? {} : { version: request.body.version }),
          },
          requestContext(request, { pool, now }),
        ),
      ),
  );
};
