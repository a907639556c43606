import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { confirmOwnAppointment, readPortalHome } from '../../app/portal/home.js';
import { readPortalProgress } from '../../app/portal/progress.js';
import {
  listDocumentSharing,
  listOwnSharedDocuments,
  readOwnSharedDocument,
  setDocumentSharing,
} from '../../app/portal/shared-documents.js';
import { documentContentTypes } from '../../domain/chart/index.js';
import { appointmentStatuses } from '../../domain/scheduling/index.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import { patientIdParams } from '../../contracts/common.js';

/**
 * The patient portal's pages (issue 17, decision 020): home (next session, confirm with a companion,
 * past sessions), progress (own scores, session markers, aftercare) and the documents the clinic shares.
 * Every route is about the signed-in patient's own record (the id comes from the session), and every
 * read is audited. Staff choose which chart documents are shared.
 */
const preparationStep = z.object({
  id: z.enum(['fasting', 'clear_fluids', 'companion', 'no_driving', 'no_preparation']),
  title: z.string(),
  text: z.string(),
});

const portalAppointment = z.object({
  id: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  typeLabel: z.string(),
  hasDose: z.boolean(),
  status: z.enum(appointmentStatuses),
  statusLabel: z.string(),
  location: z.object({ name: z.string(), addressLines: z.array(z.string()), phone: z.string().nullable() }),
  companionName: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  canConfirm: z.boolean(),
  preparation: z.array(preparationStep),
  version: z.number().int(),
});

const fileBytes = z.unknown().meta({ type: 'string', format: 'binary' });
const documentParams = patientIdParams.extend({ documentId: z.uuid('Not a document id') });

export const portalPageRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  const ctx = (request: Parameters<typeof requestContext>[0]) => requestContext(request, deps);

  app.get(
    '/portal/home',
    {
      config: { access: { action: 'portal.read' } },
      schema: {
        tags: ['portal'],
        summary:
          "The patient's home: their next session (when, where, how to prepare), the sessions after it, and past sessions (audited)",
        response: {
          200: z.object({
            next: portalAppointment.nullable(),
            later: z.array(portalAppointment),
            past: z.array(
              z.object({
                id: z.uuid(),
                startsAt: z.string(),
                typeLabel: z.string(),
                locationName: z.string(),
                status: z.enum(appointmentStatuses),
                statusLabel: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return readPortalHome(ctx(request));
    },
  );

  app.post(
    '/portal/appointments/:id/confirm',
    {
      config: { access: { action: 'portal.submit' } },
      schema: {
        tags: ['portal'],
        summary:
          'Confirm my coming session and name the adult who takes me home (or change the name); a retry with the same name changes nothing; 404 for anyone else’s appointment',
        params: z.object({ id: z.uuid('Not an appointment id') }),
        body: z.object({ companionName: z.string().max(200), version: z.number().int().min(1) }),
        response: { 200: portalAppointment },
      },
    },
    async (request) => confirmOwnAppointment(request.params.id, request.body, ctx(request)),
  );

  app.get(
    '/portal/progress',
    {
      config: { access: { action: 'portal.read' } },
      schema: {
        tags: ['portal'],
        summary:
          "The patient's own questionnaire scores over time with severity bands, their session dates, and the aftercare of the last session (audited)",
        response: {
          200: z.object({
            series: z.array(
              z.object({
                instrumentId: z.string(),
                title: z.string(),
                shortTitle: z.string(),
                measures: z.string(),
                range: z.object({ min: z.number(), max: z.number() }),
                bands: z.array(z.object({ id: z.string(), label: z.string(), min: z.number(), max: z.number() })),
                points: z.array(
                  z.object({
                    id: z.uuid(),
                    completedAt: z.string(),
                    total: z.number(),
                    bandId: z.string().nullable(),
                    bandLabel: z.string().nullable(),
                  }),
                ),
              }),
            ),
            sessions: z.array(z.object({ id: z.uuid(), number: z.number().int().nullable(), at: z.string() })),
            aftercare: z
              .object({
                sessionId: z.uuid(),
                sessionNumber: z.number().int().nullable(),
                dischargedAt: z.string(),
                collectedBy: z.string().nullable(),
                instructions: z.array(z.string()),
              })
              .nullable(),
          }),
        },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return readPortalProgress(ctx(request));
    },
  );

  app.get(
    '/portal/documents',
    {
      config: { access: { action: 'portal.read' } },
      schema: {
        tags: ['portal'],
        summary: 'The documents the clinic has shared with me (audited)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                title: z.string(),
                contentType: z.string(),
                sizeBytes: z.number().int(),
                sharedAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return { items: await listOwnSharedDocuments(ctx(request)) };
    },
  );

  app.get(
    '/portal/documents/:documentId/content',
    {
      config: { access: { action: 'portal.read' } },
      schema: {
        tags: ['portal'],
        summary: 'Download a document the clinic shared with me (audited); 404 for anything not shared with me',
        params: z.object({ documentId: z.uuid('Not a document id') }),
        response: {
          200: {
            description: 'The file as uploaded, as an attachment',
            content: Object.fromEntries(documentContentTypes.map((type) => [type, { schema: fileBytes }])),
          },
        },
      },
    },
    async (request, reply) => {
      const file = await readOwnSharedDocument(request.params.documentId, ctx(request));
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(file.content);
    },
  );

  app.get(
    '/patients/:id/document-sharing',
    {
      config: { access: { action: 'patients.read' } },
      schema: {
        tags: ['patients'],
        summary: "Which of the patient's documents (that I may see) are shared with the patient in the portal",
        params: patientIdParams,
        response: { 200: z.object({ items: z.array(z.object({ documentId: z.uuid(), sharedAt: z.string() })) }) },
      },
    },
    async (request) => ({ items: await listDocumentSharing(request.params.id, ctx(request)) }),
  );

  app.post(
    '/patients/:id/documents/:documentId/sharing',
    {
      config: { access: { action: 'patients.read' } },
      schema: {
        tags: ['patients'],
        summary:
          'Share a chart document with the patient in the portal, or stop sharing it (who may upload the kind may share it; setting the current state again changes nothing; audited)',
        params: documentParams,
        body: z.object({ shared: z.boolean() }),
        response: {
          200: z.object({ id: z.uuid(), sharedWithPatient: z.boolean(), sharedAt: z.string().nullable() }),
        },
      },
    },
    async (request) => setDocumentSharing(request.params.id, request.params.documentId, request.body, ctx(request)),
  );
};
