import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inRequestPart } from '../plugins/problem.js';
import {
  amendAssessment,
  createAssessment,
  discardAssessment,
  getAssessment,
  listAssessments,
  signAssessment,
  updateAssessment,
} from '../../app/assessments/assessments.js';
import { keyedWrite } from '../idempotency.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import {
  assessmentAmendBody,
  assessmentDraftBody,
  assessmentListSchema,
  assessmentParams,
  assessmentSchema,
  assessmentSignBody,
  assessmentUpdateBody,
} from '../../contracts/assessments.js';
import { draftVersionQuery, optionalIdempotencyHeaders, patientIdParams } from '../../contracts/common.js';

/** The initial assessment and its eligibility sign-off (CLINICAL.md §1). Signing needs assessments.sign (prescribers). */
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
        response: { 200: assessmentListSchema },
      },
    },
    async (request) => ({ items: await listAssessments(request.params.id, ctx(request)) }),
  );

  app.get(
    '/patients/:id/assessments/:assessmentId',
    {
      config: { access: { action: 'assessments.read' } },
      schema: {
        tags: ['assessments'],
        summary: 'One assessment',
        params: assessmentParams,
        response: { 200: assessmentSchema },
      },
    },
    async (request) => getAssessment(request.params.id, request.params.assessmentId, ctx(request)),
  );

  app.post(
    '/patients/:id/assessments',
    {
      config: { access: { action: 'assessments.write' } },
      schema: {
        tags: ['assessments'],
        summary: 'Start an assessment (draft) on the current protocol version',
        params: patientIdParams,
        headers: optionalIdempotencyHeaders,
        body: assessmentDraftBody,
        response: { 201: assessmentSchema },
      },
    },
    async (request, reply) =>
      keyedWrite(request, reply, ctx(request), 201, (c) => createAssessment(request.params.id, request.body, c)),
  );

  app.patch(
    '/patients/:id/assessments/:assessmentId',
    {
      config: { access: { action: 'assessments.write' } },
      schema: {
        tags: ['assessments'],
        summary: 'Edit a draft; a signed assessment answers 409 document_signed; a stale version 409 stale_version',
        params: assessmentParams,
        body: assessmentUpdateBody,
        response: { 200: assessmentSchema },
      },
    },
    async (request) =>
      inRequestPart('body', () =>
        updateAssessment(request.params.id, request.params.assessmentId, request.body, ctx(request)),
      ),
  );

  app.delete(
    '/patients/:id/assessments/:assessmentId',
    {
      config: { access: { action: 'assessments.write' } },
      schema: {
        tags: ['assessments'],
        summary:
          'Discard a draft (audited, on the timeline); a signed assessment answers 409 document_signed, a stale version 409 stale_version',
        params: assessmentParams,
        querystring: draftVersionQuery,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await discardAssessment(request.params.id, request.params.assessmentId, request.query.version, ctx(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/patients/:id/assessments/:assessmentId/sign',
    {
      config: { access: { action: 'assessments.sign' } },
      schema: {
        tags: ['assessments'],
        summary:
          'Sign the decision (eligible, eligible_with_clearance with the clearance, not_eligible with the reason); less restrictive than the findings needs an override reason',
        params: assessmentParams,
        body: assessmentSignBody,
        response: { 200: assessmentSchema },
      },
    },
    async (request) =>
      inRequestPart('body', () =>
        signAssessment(request.params.id, request.params.assessmentId, request.body, ctx(request)),
      ),
  );

  app.post(
    '/patients/:id/assessments/:assessmentId/amendments',
    {
      config: { access: { action: 'assessments.write' } },
      schema: {
        tags: ['assessments'],
        summary: 'Amend a signed assessment: a new draft that references it, with the reason',
        params: assessmentParams,
        headers: optionalIdempotencyHeaders,
        body: assessmentAmendBody,
        response: { 201: assessmentSchema },
      },
    },
    async (request, reply) =>
      keyedWrite(request, reply, ctx(request), 201, (c) =>
        amendAssessment(request.params.id, request.params.assessmentId, request.body, c),
      ),
  );
};
