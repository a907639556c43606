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
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import { patientIdParams } from '../../contracts/common.js';
import {
  confirmAppointmentBody,
  documentSharedSchema,
  documentSharingBody,
  documentSharingListSchema,
  portalAppointmentSchema,
  portalHomeSchema,
  portalProgressSchema,
  sharedDocumentSchema,
} from '../../contracts/portal.js';

/**
 * The patient portal's pages (issue 17, decision 020): home (next session, confirm with a companion,
 * past sessions), progress (own scores, session markers, aftercare) and the documents the clinic shares.
 * Every route is about the signed-in patient's own record (the id comes from the session), and every
 * read is audited. Staff choose which chart documents are shared.
 */
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
          200: portalHomeSchema,
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
        body: confirmAppointmentBody,
        response: { 200: portalAppointmentSchema },
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
          200: portalProgressSchema,
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
          200: z.object({ items: z.array(sharedDocumentSchema) }),
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
        response: { 200: documentSharingListSchema },
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
        body: documentSharingBody,
        response: { 200: documentSharedSchema },
      },
    },
    async (request) => setDocumentSharing(request.params.id, request.params.documentId, request.body, ctx(request)),
  );
};
