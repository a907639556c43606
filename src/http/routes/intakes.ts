import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DatabasePool } from '../../app/context.js';
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
import {
  intakeAssignBody,
  intakeContactedBody,
  intakeContactedSchema,
  intakeConvertBody,
  intakeConvertedSchema,
  intakeDeclineBody,
  intakeDeclinedSchema,
  intakeDetailSchema,
  intakeNoteAddedSchema,
  intakeNoteBody,
  intakePageSchema,
  intakeParams,
  intakeQueueQuery,
  intakeVersionSchema,
} from '../../contracts/intakes.js';

/**
 * The staff intake queue: coordinators and prescribers (`intake.read`, `intake.manage`). Every view and
 * every action is audited by the use-case. Response schemas are the guard on what leaves the server.
 */
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
        querystring: intakeQueueQuery,
        response: { 200: intakePageSchema },
      },
    },
    async (request) => {
      const { filter, cursor, limit, assigned, q } = request.query;
      const page = await listIntakes(
        { filter, cursor, limit, assignedToMe: assigned === 'me', q },
        requestContext(request, { pool, now }),
      );
      return page;
    },
  );

  app.get(
    '/intakes/:id',
    {
      config: read,
      schema: {
        tags: ['intake'],
        summary: 'One intake with its answers, scores, flags and notes',
        params: intakeParams,
        response: { 200: intakeDetailSchema },
      },
    },
    async (request) => getIntake(request.params.id, requestContext(request, { pool, now })),
  );

  app.post(
    '/intakes/:id/assign',
    {
      config: manage,
      schema: {
        tags: ['intake'],
        summary: 'Assign the intake to a member of staff (yourself when no userId is given; null unassigns)',
        params: intakeParams,
        body: intakeAssignBody,
        response: { 200: intakeVersionSchema },
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
        params: intakeParams,
        body: intakeNoteBody,
        response: { 201: intakeNoteAddedSchema },
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
        params: intakeParams,
        body: intakeContactedBody,
        response: { 200: intakeContactedSchema },
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
        params: intakeParams,
        body: intakeDeclineBody,
        response: { 200: intakeDeclinedSchema },
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
        params: intakeParams,
        body: intakeConvertBody,
        response: { 201: intakeConvertedSchema },
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
