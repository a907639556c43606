import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getChart, getChartHistory } from '../../app/chart/chart-read.js';
import {
  addAllergy,
  setNoKnownAllergies,
  addDiagnosis,
  addMedication,
  recordQuestionnaire,
  recordVitals,
  removeChartItem,
} from '../../app/chart/chart-items.js';
import { changePatientStatus, searchPatients, updateDemographics } from '../../app/chart/patients.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import {
  chartHistoryPageSchemas,
  chartSchema,
  demographicsBody,
  patientIdParams,
  patientListItemSchema,
  patientSchema,
  patientStatusField,
  versionField,
} from '../schemas/chart.js';

/**
 * The patient list and chart. Reads and writes are audited by the use-cases. GET /patients/{id} is also
 * the patient's own record in the portal, so its wall is `account.self` and the use-case decides: staff
 * with patients.read in the same clinic, or the patient themself — anyone else gets 404.
 */
const created = z.object({ id: z.uuid() });

export const patientRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  const ctx = (request: Parameters<typeof requestContext>[0]) => requestContext(request, deps);
  const clinical = { access: { action: 'clinical_notes.write' } } as const;

  app.get(
    '/patients',
    {
      config: { access: { action: 'patients.read' } },
      schema: {
        tags: ['patients'],
        summary: 'Search patients by name, date of birth (YYYY-MM-DD) or MRN; filter by status; cursor-paginated',
        querystring: z.object({
          q: z.string().max(100).optional(),
          status: patientStatusField.optional(),
          cursor: z.string().max(500).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(25),
        }),
        response: { 200: z.object({ items: z.array(patientListItemSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => searchPatients(request.query, ctx(request)),
  );

  app.get(
    '/patients/:id',
    {
      config: { access: { action: 'account.self' } },
      schema: {
        tags: ['patients'],
        summary: 'The chart: demographics, lists, documents, timeline (audited)',
        params: patientIdParams,
        response: { 200: chartSchema },
      },
    },
    async (request) => (await getChart(request.params.id, ctx(request))) as z.infer<typeof chartSchema>,
  );

  // Older pages of the histories the chart carries the newest page of (its `olderPages` cursors).
  for (const kind of ['vitals', 'questionnaires', 'timeline'] as const) {
    app.get(
      `/patients/:id/${kind}`,
      {
        config: { access: { action: 'account.self' } },
        schema: {
          tags: ['patients'],
          summary: `An older page of the chart's ${kind === 'questionnaires' ? 'questionnaire results' : kind}, newest first (cursor from the chart's olderPages; audited)`,
          params: patientIdParams,
          querystring: z.object({ cursor: z.string().min(1).max(200) }),
          response: { 200: chartHistoryPageSchemas[kind] },
        },
      },
      async (request) =>
        (await getChartHistory(request.params.id, kind, request.query.cursor, ctx(request))) as z.infer<
          (typeof chartHistoryPageSchemas)[typeof kind]
        >,
    );
  }

  app.patch(
    '/patients/:id',
    {
      config: { access: { action: 'patients.manage' } },
      schema: {
        tags: ['patients'],
        summary:
          'Demographics, contacts (incl. usual companion/driver), height/weight, history; 409 on a stale version',
        params: patientIdParams,
        body: demographicsBody,
        response: { 200: patientSchema },
      },
    },
    async (request) => updateDemographics(request.params.id, request.body, ctx(request)),
  );

  app.post(
    '/patients/:id/status',
    {
      config: { access: { action: 'patients.manage' } },
      schema: {
        tags: ['patients'],
        summary: 'Move the patient to another status (paused, discharged, …); eligible only by signing an assessment',
        params: patientIdParams,
        body: z.object({
          status: patientStatusField,
          reason: z.string().trim().min(1, 'Give the reason').max(500),
          version: versionField,
        }),
        response: { 200: z.object({ status: patientStatusField, version: z.number().int() }) },
      },
    },
    async (request) => changePatientStatus(request.params.id, request.body, ctx(request)),
  );

  app.post(
    '/patients/:id/allergies',
    {
      config: clinical,
      schema: {
        tags: ['patients'],
        summary: 'Record an allergy',
        params: patientIdParams,
        body: z.object({
          substance: z.string().trim().min(1, 'Name the substance').max(200),
          reaction: z.string().trim().max(500).nullable().optional(),
          severity: z.enum(['mild', 'moderate', 'severe', 'unknown']),
        }),
        response: { 201: created },
      },
    },
    async (request, reply) => reply.code(201).send(await addAllergy(request.params.id, request.body, ctx(request))),
  );

  app.post(
    '/patients/:id/no-known-allergies',
    {
      config: clinical,
      schema: {
        tags: ['patients'],
        summary: 'Record "No known drug allergies" (true) or take it off (false); refused while allergies are listed',
        params: patientIdParams,
        body: z.object({ noKnownAllergies: z.boolean() }),
        response: { 200: z.object({ noKnownAllergies: z.boolean(), recordedAt: z.string().nullable() }) },
      },
    },
    async (request) => setNoKnownAllergies(request.params.id, request.body, ctx(request)),
  );

  app.post(
    '/patients/:id/diagnoses',
    {
      config: clinical,
      schema: {
        tags: ['patients'],
        summary: 'Record a diagnosis by ICD-10-CM code (label from the catalogue, or given)',
        params: patientIdParams,
        body: z.object({
          icd10: z.string().trim().min(1).max(10),
          label: z.string().trim().max(300).nullable().optional(),
          isPrimary: z.boolean().default(false),
        }),
        response: { 201: z.object({ id: z.uuid(), icd10: z.string(), label: z.string() }) },
      },
    },
    async (request, reply) => reply.code(201).send(await addDiagnosis(request.params.id, request.body, ctx(request))),
  );

  app.post(
    '/patients/:id/medications',
    {
      config: clinical,
      schema: {
        tags: ['patients'],
        summary: 'Record a medication; benzodiazepine (lorazepam-equivalent mg/day) and MAOI flags are derived',
        params: patientIdParams,
        body: z.object({
          name: z.string().trim().min(1, 'Name the medication').max(200),
          doseText: z.string().trim().max(200).nullable().optional(),
          dailyMg: z.number().min(0).max(10000).nullable().optional(),
          lorazepamEqMgPerDay: z.number().min(0).max(100).nullable().optional(),
        }),
        response: {
          201: z.object({
            id: z.uuid(),
            benzodiazepine: z.boolean(),
            lorazepamEqMgPerDay: z.number().nullable(),
            maoi: z.boolean(),
          }),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await addMedication(request.params.id, request.body, ctx(request))),
  );

  app.post(
    '/patients/:id/vitals',
    {
      config: clinical,
      schema: {
        tags: ['patients'],
        summary:
          'Record vital signs, height or weight (kg, cm: a value that looks like pounds, inches or metres is refused with a hint)',
        params: patientIdParams,
        body: z.object({
          systolicMmHg: z.number().int().min(50).max(300).nullable().optional(),
          diastolicMmHg: z.number().int().min(20).max(200).nullable().optional(),
          heartRateBpm: z.number().int().min(20).max(250).nullable().optional(),
          spo2Percent: z.number().int().min(50).max(100).nullable().optional(),
          respiratoryRatePerMin: z.number().int().min(4).max(60).nullable().optional(),
          weightKg: z.number().nullable().optional(),
          heightCm: z.number().nullable().optional(),
          context: z.enum(['clinic', 'assessment']).optional(),
        }),
        response: { 201: created },
      },
    },
    async (request, reply) => reply.code(201).send(await recordVitals(request.params.id, request.body, ctx(request))),
  );

  app.post(
    '/patients/:id/questionnaires',
    {
      config: clinical,
      schema: {
        tags: ['patients'],
        summary: 'Record a completed questionnaire (scored by the domain; a missing answer is never scored as 0)',
        params: patientIdParams,
        body: z.object({
          instrumentId: z.string().max(40),
          answers: z.record(z.string(), z.union([z.number(), z.boolean(), z.null()])),
          context: z.enum(['baseline', 'follow_up']).optional(),
        }),
        response: {
          201: z.object({
            id: z.uuid(),
            total: z.number().nullable(),
            severity: z.object({ id: z.string(), label: z.string() }).nullable(),
            flags: z.array(z.string()),
          }),
        },
      },
    },
    async (request, reply) => {
      const result = await recordQuestionnaire(request.params.id, request.body, ctx(request));
      return reply.code(201).send({ ...result, flags: [...result.flags] });
    },
  );

  app.delete(
    '/patients/:id/:list/:itemId',
    {
      config: clinical,
      schema: {
        tags: ['patients'],
        summary: 'Take an allergy or diagnosis off the chart, or stop a medication (kept in history)',
        params: patientIdParams.extend({ list: z.enum(['allergies', 'diagnoses', 'medications']), itemId: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const kind = ({ allergies: 'allergy', diagnoses: 'diagnosis', medications: 'medication' } as const)[
        request.params.list
      ];
      await removeChartItem(request.params.id, kind, request.params.itemId, ctx(request));
      return reply.code(204).send(null);
    },
  );
};
