import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inRequestPart } from '../plugins/problem.js';
import { createPlan, discardPlan, getPlan, listPlans, signPlan, updatePlan } from '../../app/plans/plans.js';
import { keyedWrite } from '../idempotency.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import {
  planDraftBody,
  planForReaderSchema,
  planListSchema,
  planParams,
  planSchema,
  planSignBody,
  planUpdateBody,
} from '../../contracts/plans.js';
import { draftVersionQuery, optionalIdempotencyHeaders, patientIdParams } from '../../contracts/common.js';

/** Treatment plans: drafts, versions, and the prescriber's signature (plans.sign) that makes one the order. */

export const planRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  const ctx = (request: Parameters<typeof requestContext>[0]) => requestContext(request, deps);

  app.get(
    '/patients/:id/plans',
    {
      config: { access: { action: 'plans.read' } },
      schema: {
        tags: ['plans'],
        summary:
          'Every plan version of a patient (clinical staff: the whole plan; others, e.g. coordinators: the schedule only, no dose)',
        params: patientIdParams,
        response: { 200: planListSchema },
      },
    },
    async (request) => ({ items: await listPlans(request.params.id, ctx(request)) }),
  );

  app.get(
    '/patients/:id/plans/:planId',
    {
      config: { access: { action: 'plans.read' } },
      schema: {
        tags: ['plans'],
        summary:
          'One plan version with its dose calculation and series dates (coordinators: the schedule only, no dose)',
        params: planParams,
        response: { 200: planForReaderSchema },
      },
    },
    async (request) => getPlan(request.params.id, request.params.planId, ctx(request)),
  );

  app.post(
    '/patients/:id/plans',
    {
      config: { access: { action: 'plans.write' } },
      schema: {
        tags: ['plans'],
        summary:
          'Draft a plan (or the next version of the signed one, with a change reason); a dose above the protocol limit needs an override reason',
        params: patientIdParams,
        headers: optionalIdempotencyHeaders,
        body: planDraftBody,
        response: { 201: planSchema },
      },
    },
    async (request, reply) =>
      keyedWrite(request, reply, ctx(request), 201, (c) => createPlan(request.params.id, request.body, c)),
  );

  app.patch(
    '/patients/:id/plans/:planId',
    {
      config: { access: { action: 'plans.write' } },
      schema: {
        tags: ['plans'],
        summary: 'Edit a draft plan; a signed plan answers 409 document_signed',
        params: planParams,
        body: planUpdateBody,
        response: { 200: planSchema },
      },
    },
    async (request) =>
      inRequestPart('body', () => updatePlan(request.params.id, request.params.planId, request.body, ctx(request))),
  );

  app.delete(
    '/patients/:id/plans/:planId',
    {
      config: { access: { action: 'plans.write' } },
      schema: {
        tags: ['plans'],
        summary:
          'Discard a draft plan (audited, on the timeline; a signed plan in force stays the order); a signed plan answers 409 document_signed, a stale version 409 stale_version',
        params: planParams,
        querystring: draftVersionQuery,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await discardPlan(request.params.id, request.params.planId, request.query.version, ctx(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/patients/:id/plans/:planId/sign',
    {
      config: { access: { action: 'plans.sign' } },
      schema: {
        tags: ['plans'],
        summary: 'Sign the plan as the order: needs consent on file and a signed eligible assessment',
        params: planParams,
        body: planSignBody,
        response: { 200: planSchema },
      },
    },
    async (request) => signPlan(request.params.id, request.params.planId, request.body, ctx(request)),
  );
};
