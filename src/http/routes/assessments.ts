import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inRequestPart } from '../plugins/problem.js';
import {
  amendAssessment,
  createAssessment,
  getAssessment,
  listAssessments,
  signAssessment,
  updateAssessment,
} from '../../app/assessments/assessments.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import { assessmentSchema, eligibilityInputSchema } from '../../contracts/assessments.js';
import { patientIdParams, versionField } from '../../contracts/common.js';

/** The initial assessment and its eligibility sign-off (CLINICAL.md §1). Signing needs assessments.sign (prescribers). */
const params = patientIdParams.extend({ assessmentId: z.uuid('Not an assessment id') });
const draftBody = z.object({
  input: eligibilityInputSchema,
  goals: z.string().max(4000).optional(),
  notes: z.string().max(8000).optional(),
  baselineResultIds: z.array(z.uuid()).max(20).optional(),
});
type Wire = z.infer<typeof assessmentSchema>;

export const assessmentRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  const ctx = (request: Parameters<typeof requestContext>[0]) => requestContext(request, deps);

  app.get(
    '/patients/:id/assessments',
    {
      config: { access: { action: 'assessments.read' } },
      schema: {
        tags: ['assessments'],
        summary: 'Assessments of a patient, oldest first (drafts carry the live eligibility proposal)',
        params: patientIdParams,
        response: { 200: z.object({ items: z.array(assessmentSchema) }) },
      },
    },
    async (request) => ({ items: (await listAssessments(request.params.id, ctx(request))) as Wire[] }),
  );

  app.get(
    '/patients/:id/assessments/:assessmentId',
    {
      config: { access: { action: 'assessments.read' } },
      schema: { tags: ['assessments'], summary: 'One assessment', params, response: { 200: assessmentSchema } },
    },
    async (request) => (await getAssessment(request.params.id, request.params.assessmentId, ctx(request))) as Wire,
  );

  app.post(
    '/patients/:id/assessments',
    {
      config: { access: { action: 'assessments.write' } },
      schema: {
        tags: ['assessments'],
        summary: 'Start an assessment (draft) on the current protocol version',
        params: patientIdParams,
        body: draftBody,
        response: { 201: assessmentSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          (await inRequestPart('body', () => createAssessment(request.params.id, request.body, ctx(request)))) as Wire,
        ),
  );

  app.patch(
    '/patients/:id/assessments/:assessmentId',
    {
      config: { access: { action: 'assessments.write' } },
      schema: {
        tags: ['assessments'],
        summary: 'Edit a draft; a signed assessment answers 409 document_signed; a stale version 409 stale_version',
        params,
        body: draftBody.partial().extend({ version: versionField }),
        response: { 200: assessmentSchema },
      },
    },
    async (request) =>
      (await inRequestPart('body', () =>
        updateAssessment(request.params.id, request.params.assessmentId, request.body, ctx(request)),
      )) as Wire,
  );

  app.post(
    '/patients/:id/assessments/:assessmentId/sign',
    {
      config: { access: { action: 'assessments.sign' } },
      schema: {
        tags: ['assessments'],
        summary:
          'Sign the decision (eligible, eligible_with_clearance with the clearance, not_eligible with the reason); less restrictive than the findings needs an override reason',
        params,
        body: z.object({
          decision: z.enum(['eligible', 'eligible_with_clearance', 'not_eligible']),
          clearanceNote: z.string().max(2000).nullable().optional(),
          notEligibleReason: z.string().max(2000).nullable().optional(),
          overrideReason: z.string().max(2000).nullable().optional(),
          version: versionField,
        }),
        response: { 200: assessmentSchema },
      },
    },
    async (request) =>
      (await inRequestPart('body', () =>
        signAssessment(request.params.id, request.params.assessmentId, request.body, ctx(request)),
      )) as Wire,
  );

  app.post(
    '/patients/:id/assessments/:assessmentId/amendments',
    {
      config: { access: { action: 'assessments.write' } },
      schema: {
        tags: ['assessments'],
        summary: 'Amend a signed assessment: a new draft that references it, with the reason',
        params,
        body: z.object({ reason: z.string().max(2000) }),
        response: { 201: assessmentSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          (await inRequestPart('body', () =>
            amendAssessment(request.params.id, request.params.assessmentId, request.body, ctx(request)),
          )) as Wire,
        ),
  );
};
