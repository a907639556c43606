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
import { keyedWrite } from '../idempotency.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import { inRequestPart } from '../request-part.js';
import { createdId, optionalIdempotencyHeaders, patientIdParams } from '../../contracts/common.js';
import {
  chartHistoryPageSchemas,
  allergyBody,
  chartItemParams,
  chartSchema,
  demographicsBody,
  diagnosisAddedSchema,
  diagnosisBody,
  medicationAddedSchema,
  medicationBody,
  noKnownAllergiesBody,
  noKnownAllergiesSchema,
  patientPageSchema,
  patientSchema,
  patientSearchQuery,
  questionnaireBody,
  questionnaireRecordedSchema,
  statusChangeBody,
  statusChangedSchema,
  vitalsBody,
} from '../../contracts/patients.js';

/**
 * The patient list and chart. Reads and writes are audited by the use-cases. GET /patients/{id} is also
 * the patient's own record in the portal, so its wall is `account.self` and the use-case decides: staff
 * with patients.read in the same clinic, or the patient themself — anyone else gets 404.
 */
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
        querystring: patientSearchQuery,
        response: { 200: patientPageSchema },
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
    async (request) => inRequestPart('body', () => updateDemographics(request.params.id, request.body, ctx(request))),
  );

  app.post(
    '/patients/:id/status',
    {
      config: { access: { action: 'patients.manage' } },
      schema: {
        tags: ['patients'],
        summary: 'Move the patient to another status (paused, discharged, …); eligible only by signing an assessment',
        params: patientIdParams,
        headers: optionalIdempotencyHeaders,
        body: statusChangeBody,
        response: { 200: statusChangedSchema },
      },
    },
    async (request, reply) =>
      keyedWrite(request, reply, ctx(request), 200, (c) => changePatientStatus(request.params.id, request.body, c)),
  );

  app.post(
    '/patients/:id/allergies',
    {
      config: clinical,
      schema: {
        tags: ['patients'],
        summary: 'Record an allergy; 409 already_on_chart while the same substance is listed',
        params: patientIdParams,
        headers: optionalIdempotencyHeaders,
        body: allergyBody,
        response: { 201: createdId },
      },
    },
    async (request, reply) =>
      keyedWrite(request, reply, ctx(request), 201, (c) => addAllergy(request.params.id, request.body, c)),
  );

  app.post(
    '/patients/:id/no-known-allergies',
    {
      config: clinical,
      schema: {
        tags: ['patients'],
        summary: 'Record "No known drug allergies" (true) or take it off (false); refused while allergies are listed',
        params: patientIdParams,
        headers: optionalIdempotencyHeaders,
        body: noKnownAllergiesBody,
        response: { 200: noKnownAllergiesSchema },
      },
    },
    async (request, reply) =>
      keyedWrite(request, reply, ctx(request), 200, (c) => setNoKnownAllergies(request.params.id, request.body, c)),
  );

  app.post(
    '/patients/:id/diagnoses',
    {
      config: clinical,
      schema: {
        tags: ['patients'],
        summary:
          'Record a diagnosis by ICD-10-CM code (label from the catalogue, or given); 409 already_on_chart while the code is listed',
        params: patientIdParams,
        headers: optionalIdempotencyHeaders,
        body: diagnosisBody,
        response: { 201: diagnosisAddedSchema },
      },
    },
    async (request, reply) =>
      keyedWrite(request, reply, ctx(request), 201, (c) => addDiagnosis(request.params.id, request.body, c)),
  );

  app.post(
    '/patients/:id/medications',
    {
      config: clinical,
      schema: {
        tags: ['patients'],
        summary:
          'Record a medication; benzodiazepine (lorazepam-equivalent mg/day) and MAOI flags are derived; 409 already_on_chart for the same name and dose text',
        params: patientIdParams,
        headers: optionalIdempotencyHeaders,
        body: medicationBody,
        response: { 201: medicationAddedSchema },
      },
    },
    async (request, reply) =>
      keyedWrite(request, reply, ctx(request), 201, (c) => addMedication(request.params.id, request.body, c)),
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
        headers: optionalIdempotencyHeaders,
        body: vitalsBody,
        response: { 201: createdId },
      },
    },
    async (request, reply) =>
      keyedWrite(request, reply, ctx(request), 201, (c) => recordVitals(request.params.id, request.body, c)),
  );

  app.post(
    '/patients/:id/questionnaires',
    {
      config: clinical,
      schema: {
        tags: ['patients'],
        summary: 'Record a completed questionnaire (scored by the domain; a missing answer is never scored as 0)',
        params: patientIdParams,
        headers: optionalIdempotencyHeaders,
        body: questionnaireBody,
        response: { 201: questionnaireRecordedSchema },
      },
    },
    async (request, reply) =>
      keyedWrite(request, reply, ctx(request), 201, async (c) => {
        const result = await recordQuestionnaire(request.params.id, request.body, c);
        return { ...result, flags: [...result.flags] };
      }),
  );

  app.delete(
    '/patients/:id/:list/:itemId',
    {
      config: clinical,
      schema: {
        tags: ['patients'],
        summary: 'Take an allergy or diagnosis off the chart, or stop a medication (kept in history)',
        params: chartItemParams,
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
