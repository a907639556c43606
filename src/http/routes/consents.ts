import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { inRequestPart } from '../plugins/problem.js';
import {
  addConsentTemplateVersion,
  createConsentTemplate,
  listConsentTemplates,
  listConsents,
  signConsent,
  withdrawConsent,
} from '../../app/consents/consents.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import {
  consentListSchema,
  consentParams,
  consentSchema,
  consentTemplateBody,
  consentTemplateListSchema,
  consentTemplateParams,
  consentTemplateSchema,
  consentTemplateVersionBody,
  signConsentBody,
  withdrawConsentBody,
} from '../../contracts/consents.js';
import { patientIdParams } from '../../contracts/common.js';

/**
 * Consent templates (admin, versioned) and patients' signed consents. The patient routes are also the
 * portal's (the patient signs their own), so their wall is `account.self` and the use-case decides:
 * a prescriber (consents.record) in clinic, or the patient themself (portal.submit); others get 403/404.
 */

export const consentRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  const ctx = (request: Parameters<typeof requestContext>[0]) => requestContext(request, deps);

  app.get(
    '/consent-templates',
    {
      config: { access: { action: 'clinic_settings.read' } },
      schema: {
        tags: ['consents'],
        summary: 'Consent templates with their current text and version history',
        response: { 200: consentTemplateListSchema },
      },
    },
    async (request) => ({ items: await listConsentTemplates(ctx(request)) }),
  );

  app.post(
    '/consent-templates',
    {
      config: { access: { action: 'protocol.manage' } },
      schema: {
        tags: ['consents'],
        summary: 'Create a consent template (version 1)',
        body: consentTemplateBody,
        response: { 201: consentTemplateSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await inRequestPart('body', () => createConsentTemplate(request.body, ctx(request)))),
  );

  app.post(
    '/consent-templates/:templateId/versions',
    {
      config: { access: { action: 'protocol.manage' } },
      schema: {
        tags: ['consents'],
        summary: 'A new version of the text; signed consents keep the version they signed',
        params: consentTemplateParams,
        body: consentTemplateVersionBody,
        response: { 201: consentTemplateSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addConsentTemplateVersion(request.params.templateId, request.body, ctx(request))),
  );

  app.get(
    '/patients/:id/consents',
    {
      config: { access: { action: 'account.self' } },
      schema: {
        tags: ['consents'],
        summary: "The patient's consents (signed and withdrawn)",
        params: patientIdParams,
        response: { 200: consentListSchema },
      },
    },
    async (request) => ({ items: await listConsents(request.params.id, ctx(request)) }),
  );

  app.post(
    '/patients/:id/consents',
    {
      config: { access: { action: 'account.self' } },
      schema: {
        tags: ['consents'],
        summary:
          'The patient signs the current version of a template: typed name and a click or drawn signature (time, IP, version recorded)',
        params: patientIdParams,
        body: signConsentBody,
        response: { 201: consentSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await inRequestPart('body', () => signConsent(request.params.id, request.body, ctx(request)))),
  );

  app.post(
    '/patients/:id/consents/:consentId/withdraw',
    {
      config: { access: { action: 'account.self' } },
      schema: {
        tags: ['consents'],
        summary: 'Record that the patient withdrew consent: new sessions are blocked',
        params: consentParams,
        body: withdrawConsentBody,
        response: { 200: consentSchema },
      },
    },
    async (request) =>
      inRequestPart('body', () =>
        withdrawConsent(request.params.id, request.params.consentId, request.body, ctx(request)),
      ),
  );
};
