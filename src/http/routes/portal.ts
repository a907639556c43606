import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listConsentTemplates } from '../../app/consents/consents.js';
import { grantPortalAccess } from '../../app/identity/portal-access.js';
import { portalClinicContact } from '../../app/portal/clinic-contact.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import { consentTemplateSchema } from '../../contracts/consents.js';
import { patientIdParams } from '../../contracts/common.js';
import { clinicContactSchema, portalAccessSchema } from '../../contracts/portal.js';

/**
 * The patient portal: staff give a patient an account (the temporary password is in this one response
 * and nowhere else), and the portal reads the clinic's consent texts before the patient signs one. The
 * patient's own record and consents are the chart routes (decision 007).
 */
export const portalRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  app.post(
    '/patients/:id/portal-access',
    {
      config: { access: { action: 'patients.manage' } },
      schema: {
        tags: ['portal'],
        summary:
          "Create the patient's portal account (email from the chart); the temporary password is returned once and must be changed at first sign-in; 409 if the patient already has one",
        params: patientIdParams,
        response: { 201: portalAccessSchema },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return reply.code(201).send(await grantPortalAccess(request.params.id, requestContext(request, deps)));
    },
  );

  app.get(
    '/portal/consent-templates',
    {
      config: { access: { action: 'portal.read' } },
      schema: {
        tags: ['portal'],
        summary: "The clinic's consent texts (current version) for the patient to read and sign",
        response: { 200: z.object({ items: z.array(consentTemplateSchema) }) },
      },
    },
    async (request) => ({ items: await listConsentTemplates(requestContext(request, deps)) }),
  );

  app.get(
    '/portal/clinic',
    {
      config: { access: { action: 'portal.read' } },
      schema: {
        tags: ['portal'],
        summary: "How the patient reaches their clinic: name, phone, email and the locations' addresses",
        response: { 200: clinicContactSchema },
      },
    },
    async (request) => portalClinicContact(requestContext(request, deps)),
  );
};
