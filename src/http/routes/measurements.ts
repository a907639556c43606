import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportMeasurements } from '../../app/measurements/export.js';
import { listMeasurementCare, measurementListIds } from '../../app/measurements/lists.js';
import { getPatientMeasurements } from '../../app/measurements/measurements.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import { patientIdParams } from '../../contracts/common.js';

/**
 * Measurement-based care for clinicians (issue 17): one patient's measurements and outcome rules, the lists
 * of patients due for maintenance or for a non-response review, and the history as CSV or PDF. Clinical staff
 * (questionnaires.read at the wall; the use-cases also need clinical_notes.read). Every read is audited.
 */
const labelled = z.object({ code: z.string(), label: z.string() });
const at = z.string();

const instrumentSchema = z.object({
  instrumentId: z.string(),
  label: z.string(),
  range: z.object({ min: z.number().int(), max: z.number().int() }),
  bands: z.array(z.object({ id: z.string(), label: z.string(), min: z.number().int(), max: z.number().int() })),
  primary: z.boolean(),
  scores: z.array(
    z.object({
      id: z.uuid(),
      at,
      total: z.number().int().nullable(),
      severityLabel: z.string().nullable(),
      context: z.string(),
      flags: z.array(z.string()),
      change: z.number().int().nullable(),
      percentChange: z.number().nullable(),
      findings: z.array(labelled),
      baseline: z.boolean(),
    }),
  ),
  unusable: z.number().int(),
  baseline: z.object({ at, total: z.number().int() }).nullable(),
  latest: z
    .object({ at, total: z.number().int(), change: z.number().int().nullable(), percentChange: z.number().nullable() })
    .nullable(),
  responseRemission: z.object({ applicable: z.boolean(), label: z.string() }),
  latestFindings: z.array(labelled),
  everResponded: z.boolean(),
  everRemitted: z.boolean(),
  earlyImprovement: z.object({
    status: z.enum(['not_applicable', 'not_due', 'awaiting_score', 'improved', 'review_recommended']),
    label: z.string(),
    bySession: z.number().int().nullable(),
    message: z.string().nullable(),
  }),
  maintenance: z.object({
    status: z.enum(['not_applicable', 'in_induction', 'awaiting_score', 'session_given_since', 'holding', 'due']),
    label: z.string(),
    due: z.boolean(),
    reasons: z.array(labelled),
    detail: z.string().nullable(),
  }),
});

export const measurementViewSchema = z.object({
  patient: z.object({
    id: z.uuid(),
    mrn: z.string(),
    name: z.string(),
    dateOfBirth: z.string(),
    status: z.string(),
    statusLabel: z.string(),
  }),
  timeZone: z.string(),
  plan: z
    .object({
      id: z.uuid(),
      inductionSessions: z.number().int(),
      outcomeInstrumentId: z.string(),
      reviewBySession: z.number().int(),
      minImprovementPercent: z.number(),
    })
    .nullable(),
  sessions: z.array(
    z.object({
      id: z.uuid(),
      doseNumber: z.number().int().nullable(),
      at,
      route: z.string(),
      cadss6: z.array(z.object({ at, total: z.number().int() })),
      adverseEvents: z.array(
        z.object({ at, event: z.string(), severity: z.string(), intervention: z.string(), outcome: z.string() }),
      ),
    }),
  ),
  instruments: z.array(instrumentSchema),
  maintenanceDue: z.boolean(),
  nonResponseReview: z.boolean(),
  nextSession: z.object({ id: z.uuid(), startsAt: at }).nullable(),
});

const listSchema = z.object({
  list: z.enum(measurementListIds),
  title: z.string(),
  count: z.number().int(),
  items: z.array(
    z.object({
      patientId: z.uuid(),
      name: z.string(),
      mrn: z.string(),
      status: z.string(),
      statusLabel: z.string(),
      instruments: z.array(z.object({ instrumentId: z.string(), label: z.string() })),
      detail: z.string(),
      since: at,
      nextSession: z.object({ id: z.uuid(), startsAt: at }).nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

const fileBytes = z.unknown().meta({ type: 'string', format: 'binary' });

export const measurementRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  const ctx = (request: Parameters<typeof requestContext>[0]) => requestContext(request, deps);
  const config = { access: { action: 'questionnaires.read' } } as const;
  const tags = ['measurements'];

  app.get(
    '/patients/:id/measurements',
    {
      config,
      schema: {
        tags,
        summary:
          'Every instrument over time with baseline, change, response and remission, early improvement and maintenance due; CADSS-6 and adverse events per dose (audited)',
        params: patientIdParams,
        response: { 200: measurementViewSchema },
      },
    },
    async (request) => getPatientMeasurements(request.params.id, ctx(request)),
  );

  app.get(
    '/patients/:id/measurements/export',
    {
      config,
      schema: {
        tags,
        summary: 'The measurement history as CSV or PDF (audited; Cache-Control: no-store)',
        params: patientIdParams,
        querystring: z.object({ format: z.enum(['csv', 'pdf'], 'Choose csv or pdf') }),
        response: {
          200: {
            description: 'The history as an attachment (Content-Disposition)',
            content: { 'text/csv': { schema: fileBytes }, 'application/pdf': { schema: fileBytes } },
          },
        },
      },
    },
    async (request, reply) => {
      const file = await exportMeasurements(request.params.id, request.query.format, ctx(request));
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );

  app.get(
    '/measurement-lists/:list',
    {
      config,
      schema: {
        tags,
        summary:
          'Patients due for a maintenance session, or without early improvement by the plan’s review session; newest first (audited)',
        params: z.object({ list: z.enum(measurementListIds, 'Choose maintenance_due or non_responders') }),
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).optional(),
          cursor: z.string().max(40).optional(),
        }),
        response: { 200: listSchema },
      },
    },
    async (request) =>
      listMeasurementCare(
        { list: request.params.list, limit: request.query.limit, cursor: request.query.cursor },
        ctx(request),
      ),
  );
};
