import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inRequestPart } from '../plugins/problem.js';
import { createPlan, getPlan, listPlans, signPlan, updatePlan } from '../../app/plans/plans.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import { planContentSchema, planForReaderSchema, planSchema } from '../../contracts/plans.js';
import { patientIdParams, versionField } from '../../contracts/common.js';

/** Treatment plans: drafts, versions, and the prescriber's signature (plans.sign) that makes one the order. */
const params = patientIdParams.extend({ planId: z.uuid('Not a plan id') });
const draftBody = z.object({
  content: planContentSchema,
  overrideReason: z.string().max(2000).nullable().optional(),
  changeReason: z.string().max(2000).nullable().optional(),
});
type Wire = z.infer<typeof planSchema>;
type ReaderWire = z.infer<typeof planForReaderSchema>;

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
        response: { 200: z.object({ items: z.array(planForReaderSchema) }) },
      },
    },
    async (request) => ({ items: (await listPlans(request.params.id, ctx(request))) as ReaderWire[] }),
  );

  app.get(
    '/patients/:id/plans/:planId',
    {
      config: { access: { action: 'plans.read' } },
      schema: {
        tags: ['plans'],
        summary:
          'One plan version with its dose calculation and series dates (coordinators: the schedule only, no dose)',
        params,
        response: { 200: planForReaderSchema },
      },
    },
    async (request) => (await getPlan(request.params.id, request.params.planId, ctx(request))) as ReaderWire,
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
        body: draftBody,
        response: { 201: planSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send((await inRequestPart('body', () => createPlan(request.params.id, request.body, ctx(request)))) as Wire),
  );

  app.patch(
    '/patients/:id/plans/:planId',
    {
      config: { access: { action: 'plans.write' } },
      schema: {
        tags: ['plans'],
        summary: 'Edit a draft plan; a signed plan answers 409 document_signed',
        params,
        body: draftBody.extend({ version: versionField }),
        response: { 200: planSchema },
      },
    },
    async (request) =>
      (await inRequestPart('body', () =>
        updatePlan(request.params.id, request.params.planId, request.body, ctx(request)),
      )) as Wire,
  );

  app.post(
    '/patients/:id/plans/:planId/sign',
    {
      config: { access: { action: 'plans.sign' } },
      schema: {
        tags: ['plans'],
        summary: 'Sign the plan as the order: needs consent on file and a signed eligible assessment',
        params,
        body: z.object({ version: versionField }),
        response: { 200: planSchema },
      },
    },
    async (request) => (await signPlan(request.params.id, request.params.planId, request.body, ctx(request))) as Wire,
  );
};
