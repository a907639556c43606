import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listDocuments, readDocumentContent, retractDocument, uploadDocument } from '../../app/documents/documents.js';
import {
  clearanceNames,
  documentContentTypes,
  maxDocumentBytes,
  uploadedDocumentKinds,
} from '../../domain/chart/index.js';
import { DomainError } from '../../domain/errors.js';
import { inRequestPart } from '../plugins/problem.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import { keyedWrite } from '../idempotency.js';
import { optionalIdempotencyHeaders, patientIdParams, versionField } from '../../contracts/common.js';

/**
 * Documents uploaded to the chart (src/app/documents/documents.ts decides who may see and add which kind).
 * The wall is patients.read: clinical kinds need clinical_notes.read/write, checked per document.
 * Uploads are JSON with the file as base64 — one request, one schema, no multipart parser — so the
 * upload route alone accepts a body of up to 14 MiB (10 MiB of file is 13.3 MiB of base64); anything
 * bigger is refused with 413 before it is parsed.
 */
export const documentUploadBodyLimit = 14 * 1024 * 1024;

const userRef = z.object({ id: z.uuid(), name: z.string() });

export const patientDocumentSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  kind: z.enum(uploadedDocumentKinds),
  kindLabel: z.string(),
  title: z.string(),
  clearance: z.enum(clearanceNames).nullable(),
  contentType: z.enum(documentContentTypes),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: userRef,
  uploadedAt: z.string(),
  retracted: z.object({ at: z.string(), by: userRef, reason: z.string() }).nullable(),
  version: z.number().int(),
});

// The bytes are sent as a Buffer (never serialized); for the document they are a binary string.
const fileBytes = z.unknown().meta({ type: 'string', format: 'binary' });
// Strict base64 (RFC 4648 §4, padded). Buffer.from() silently skips anything else, so the decoded
// bytes are encoded again and must give back exactly what was sent: linear in the size, and no
// regular expression over a 13 MiB string (which overflowed the stack above ~3.2 MiB).
function isStrictBase64(text: string, bytes: Buffer): boolean {
  return text.length % 4 === 0 && bytes.toString('base64') === text;
}

/** The uploaded file from its base64 text; an oversized file is refused before it is decoded. */
function decodeContent(contentBase64: string): Buffer {
  const padding = contentBase64.endsWith('==') ? 2 : contentBase64.endsWith('=') ? 1 : 0;
  const size = (contentBase64.length / 4) * 3 - padding;
  if (size > maxDocumentBytes) {
    throw new DomainError('document_too_large', 'The file is larger than 10 MB; upload a smaller file or split it.', {
      errors: [{ path: '/body/contentBase64', message: 'Upload a file of 10 MB or less' }],
      details: { maxBytes: maxDocumentBytes },
    });
  }
  const bytes = Buffer.from(contentBase64, 'base64');
  if (!isStrictBase64(contentBase64, bytes)) {
    throw new DomainError('validation_failed', 'The file content is not valid base64.', {
      errors: [{ path: '/body/contentBase64', message: 'Send the file as base64' }],
    });
  }
  return bytes;
}

const documentParams = patientIdParams.extend({ documentId: z.uuid('Not a document id') });

export const patientDocumentRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  const ctx = (request: Parameters<typeof requestContext>[0]) => requestContext(request, deps);
  const access = { access: { action: 'patients.read' } } as const;

  app.post(
    '/patients/:id/documents',
    {
      config: access,
      bodyLimit: documentUploadBodyLimit,
      schema: {
        tags: ['patients'],
        summary:
          'Upload a document (PDF, PNG or JPEG up to 10 MB, as base64); the bytes must match the declared type. Clinical kinds: clinical staff only',
        params: patientIdParams,
        headers: optionalIdempotencyHeaders,
        body: z.object({
          kind: z.enum(uploadedDocumentKinds),
          title: z.string().max(500),
          // Checked against the eligibility rules' clearances by the domain, with a message for people.
          clearance: z.string().max(40).nullable().optional(),
          contentType: z.string().max(100),
          contentBase64: z.string().min(1, 'Choose a file'),
        }),
        response: { 201: patientDocumentSchema },
      },
    },
    async (request, reply) => {
      const { contentBase64, ...rest } = request.body;
      // The use-case takes bytes; its field paths are relative to its input ("/content").
      const input = { ...rest, content: decodeContent(contentBase64) };
      return keyedWrite(request, reply, ctx(request), 201, (c) => uploadDocument(request.params.id, input, c), {
        '/content': '/contentBase64',
      });
    },
  );

  app.get(
    '/patients/:id/documents',
    {
      config: access,
      schema: {
        tags: ['patients'],
        summary:
          "The chart's uploaded documents, newest first, with retracted ones marked (metadata only; audited); clinical kinds only for clinical staff",
        params: patientIdParams,
        response: {
          200: z.object({
            items: z.array(patientDocumentSchema),
            clinicalRedacted: z.boolean(),
            clearances: z.array(
              z.object({
                clearance: z.enum(clearanceNames),
                label: z.string(),
                assessmentId: z.uuid(),
                assessmentStatus: z.enum(['draft', 'signed']),
                documentIds: z.array(z.uuid()),
              }),
            ),
          }),
        },
      },
    },
    async (request) => listDocuments(request.params.id, ctx(request)),
  );

  app.get(
    '/patients/:id/documents/:documentId/content',
    {
      config: access,
      schema: {
        tags: ['patients'],
        summary: 'Download the stored file, byte for byte, as an attachment (audited)',
        params: documentParams,
        response: {
          200: {
            description:
              'The file as uploaded, with its stored type; Content-Disposition: attachment, X-Content-Type-Options: nosniff, Cache-Control: no-store',
            content: Object.fromEntries(documentContentTypes.map((type) => [type, { schema: fileBytes }])),
          },
        },
      },
    },
    async (request, reply) => {
      const file = await readDocumentContent(request.params.id, request.params.documentId, ctx(request));
      return (
        reply
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'no-store')
          .header('content-security-policy', "default-src 'none'; sandbox")
          // RFC 9530: lets a client check it received exactly the stored bytes.
          .header('repr-digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`)
          .send(file.content)
      );
    },
  );

  app.post(
    '/patients/:id/documents/:documentId/retract',
    {
      config: access,
      schema: {
        tags: ['patients'],
        summary:
          'Retract a document uploaded in error, with the reason; it stays on the chart, marked (409 when already retracted or stale)',
        params: documentParams,
        body: z.object({ reason: z.string().max(2000), version: versionField.optional() }),
        response: { 200: patientDocumentSchema },
      },
    },
    async (request) =>
      inRequestPart('body', () =>
        retractDocument(request.params.id, request.params.documentId, request.body, ctx(request)),
      ),
  );
};
