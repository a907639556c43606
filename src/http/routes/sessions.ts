import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type AppContext } from '../../app/context.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import { inRequestPart } from '../request-part.js';
import { endOrganSymptoms } from '../../domain/session/index.js';
import { remsLevels } from '../../domain/session/esketamine-rems.js';
import { announceSessionChange, BoardHub, openBoardStream, type BoardEvent } from '../../app/sessions/board-hub.js';
import { vialsForSession } from '../../app/sessions/dose-vials.js';
import { idempotent } from '../../app/sessions/idempotency.js';
import { sessionNotePdf } from '../../app/sessions/session-note.js';
import type { SessionView } from '../../app/sessions/session-read.js';
import {
  acknowledgeAlert,
  amendSession,
  checkIn,
  cosignSession,
  discharge,
  endWithoutDose,
  getSession,
  infusionEvent,
  orderDose,
  overrideHold,
  recordEntry,
  recordPrechecks,
  recordSessionWaste,
  recordSessionQuestionnaire,
  recordVitals,
  sessionBoard,
  signSession,
  startDose,
} from '../../app/sessions/sessions.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import { versionField } from '../../contracts/common.js';

/**
 * The treatment session (CLINICAL.md §3) under /api/v1/sessions. Nurses run it (sessions.record),
 * prescribers override and co-sign (sessions.sign), coordinators check patients in and see the board
 * without clinical detail, patients have no access. Every write needs an Idempotency-Key header and the
 * session's version; the use-cases decide every hold on the server and audit in the same transaction.
 */
const idParams = z.object({ id: z.uuid('Not a session id') });

/**
 * Discharge and sign name the input's fields relative to it ("/collectedBy": the route puts them under
 * "/body" with inRequestPart) and, for what is not a field of the request, the session's own readiness
 * item ("/readiness/vitals_too_old", "/rems/bp_40_min", "/waste/volumeMl"), left as it is.
 */
async function inSessionRequest<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!isDomainError(error) || error.errors.length === 0) throw error;
    const prefixed = await inRequestPart('body', () => Promise.reject(error)).catch((e: unknown) => e);
    if (!isDomainError(prefixed)) throw error;
    const readinessItem = /^\/(readiness|rems|waste)\//;
    throw new DomainError(error.code, error.message, {
      errors: error.errors.map((e, i) => (readinessItem.test(e.path) ? e : (prefixed.errors[i] ?? e))),
      ...(error.details ? { details: { ...error.details } } : {}),
    });
  }
}
/** A booked dosing visit on the board whose patient has not arrived yet (from the calendar). */
const expectedSchema = z.object({
  appointmentId: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  locationId: z.uuid(),
  chair: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['scheduled', 'confirmed']),
  visit: z.string(),
  companionName: z.string().nullable(),
  version: z.number().int(),
});
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, 'Must not be empty');
const isoTime = z.iso.datetime({ offset: true, error: 'Use an ISO 8601 time with a zone' });

// Physiological ranges: a value outside is a typing error, not a reading (the database checks the same).
const vital = (min: number, max: number, label: string) =>
  z
    .number(`${label} must be a number`)
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be at least ${min}`)
    .max(max, `${label} must be at most ${max}`)
    .nullable()
    .optional();
const vitalsFields = z.object({
  takenAt: isoTime,
  systolicMmHg: vital(50, 300, 'Systolic'),
  diastolicMmHg: vital(20, 200, 'Diastolic'),
  heartRateBpm: vital(20, 250, 'Heart rate'),
  spo2Percent: vital(50, 100, 'SpO2'),
  respiratoryRatePerMin: vital(4, 60, 'Respiratory rate'),
  temperatureC: z.number('Temperature must be a number').min(30).max(45).nullable().optional(),
  onRoomAir: z.boolean().optional(),
  symptomatic: z.boolean().optional(),
  symptoms: z.array(z.enum(endOrganSymptoms)).max(5).optional(),
});

const json = z.record(z.string(), z.unknown());
const vitalsSchema = z.object({
  id: z.uuid(),
  takenAt: z.string(),
  kind: z.enum(['pre_dose', 'observation']),
  systolicMmHg: z.number().nullable(),
  diastolicMmHg: z.number().nullable(),
  heartRateBpm: z.number().nullable(),
  spo2Percent: z.number().nullable(),
  respiratoryRatePerMin: z.number().nullable(),
  temperatureC: z.number().nullable(),
  onRoomAir: z.boolean(),
  symptomatic: z.boolean(),
  recordedBy: z.string().nullable(),
});
const signature = z.object({ by: z.string(), at: z.string() }).nullable();
export const sessionSchema = z.object({
  id: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  planId: z.uuid(),
  appointmentId: z.uuid().nullable(),
  locationId: z.uuid().nullable(),
  chair: z.string().nullable(),
  route: z.enum(['IV', 'IM', 'IN']),
  doseNumber: z.number().nullable(),
  clinicDate: z.string(),
  phase: z.enum(['checked_in', 'pre_checks', 'dosing', 'observation', 'discharged', 'ended_without_dose']),
  boardPhase: z.string(),
  boardPhaseLabel: z.string(),
  checkedInAt: z.string(),
  minutesElapsed: z.number(),
  minutesSinceDose: z.number().nullable(),
  clinical: z.boolean().describe('False for a coordinator: the clinical fields are empty'),
  prechecks: json.nullable(),
  gate: json
    .nullable()
    .describe('The pre-dose gate as last computed on the server: outcome, holds, overridden, warnings'),
  order: json.nullable(),
  doseOverrideReason: z.string().nullable(),
  orderedBy: z.string().nullable(),
  doseStartedAt: z.string().nullable(),
  doseEndedAt: z.string().nullable(),
  delivered: json.nullable(),
  infusion: json.nullable(),
  baselineVitalsId: z.uuid().nullable(),
  vitals: z.array(vitalsSchema),
  lastVitals: vitalsSchema.nullable(),
  nextVitalsDue: z
    .object({ dueAt: z.string(), intervalMinutes: z.number(), overdue: z.boolean(), minutesOverdue: z.number() })
    .nullable(),
  alerts: z.array(
    z.object({
      id: z.uuid(),
      vitalsId: z.uuid(),
      level: z.enum(['notice', 'alert', 'stop']),
      vital: z.string(),
      message: z.string(),
      threshold: z.string(),
      source: z.string(),
      raisedAt: z.string(),
      acknowledgedBy: z.string().nullable(),
      acknowledgedAt: z.string().nullable(),
      acknowledgement: z.string().nullable(),
    }),
  ),
  openAlerts: z.number(),
  overrides: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      reason: z.string(),
      repeatVitalsId: z.uuid().nullable(),
      by: z.string(),
      at: z.string(),
    }),
  ),
  entries: z.array(z.object({ id: z.uuid(), kind: z.string(), at: z.string(), content: json, by: z.string() })),
  discharge: json.nullable(),
  dischargedAt: z.string().nullable(),
  rems: z
    .object({
      complete: z.boolean(),
      observationEndsAt: z.string().nullable(),
      checks: z.array(z.object({ item: z.string(), dueAt: z.string().nullable(), done: z.boolean() })),
      missing: z.array(z.object({ item: z.string(), message: z.string() })),
    })
    .nullable()
    .describe('Esketamine (IN) sessions: the REMS checklist, each check with its due time and done state'),
  vialRemainder: z
    .object({ vialId: z.uuid(), lotNumber: z.string(), vialNumber: z.number(), remainingMl: z.number() })
    .nullable()
    .describe("What the dose's vial still holds (unsigned record): wasted with a witness before the nurse signs"),
  endedReason: z.string().nullable(),
  nurseSignature: signature,
  prescriberSignature: signature,
  amendments: z.array(z.object({ id: z.uuid(), reason: z.string(), text: z.string(), by: z.string(), at: z.string() })),
  version: z.number(),
});
type Wire = z.infer<typeof sessionSchema>;

const idempotencyHeaders = z.object({
  'idempotency-key': z.string().max(200).optional().describe('Required: a unique key per write (8–200 characters)'),
});

const injectionSites = [
  'deltoid_left',
  'deltoid_right',
  'vastus_lateralis_left',
  'vastus_lateralis_right',
  'ventrogluteal_left',
  'ventrogluteal_right',
] as const;

export const sessionRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  const ctx = (request: FastifyRequest): AppContext => requestContext(request, deps);
  const hub = new BoardHub(deps.pool, deps.now, (message, error) => app.log.warn({ err: error }, message));
  // Open streams end before the server waits for its connections to close.
  app.addHook('preClose', async () => hub.close());

  /** Runs a write under the request's Idempotency-Key; a replay returns the first answer. */
  async function write(
    request: FastifyRequest,
    reply: FastifyReply,
    statusCode: number,
    fn: (tx: AppContext) => Promise<SessionView>,
  ): Promise<Wire> {
    const header = request.headers['idempotency-key'];
    const key = typeof header === 'string' ? header : undefined;
    const result = await idempotent(
      ctx(request),
      key,
      { method: request.method, url: request.url, body: request.body ?? null },
      async (tx) => ({ statusCode, body: await fn(tx) }),
    );
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    else {
      const session = result.body;
      await announceSessionChange(deps.pool, {
        organizationId: requirePrincipal(ctx(request)).organizationId,
        sessionId: session.id,
      }).catch((error: unknown) => request.log.warn({ err: error }, 'board: notify failed'));
    }
    return reply.code(result.statusCode).send(result.body);
  }

  const writeRoute = (action: 'sessions.checkin' | 'sessions.record' | 'sessions.sign', summary: string) => ({
    config: { access: { action } },
    tags: ['sessions'],
    summary,
  });

  app.get(
    '/sessions/board',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags: ['sessions'],
        summary:
          "The chair board: the day's sessions (clinic date, default today) at a location or everywhere; coordinators see no clinical detail",
        querystring: z.object({ date: z.string().max(10).optional(), locationId: z.uuid().optional() }),
        response: {
          200: z.object({ date: z.string(), items: z.array(sessionSchema), expected: z.array(expectedSchema) }),
        },
      },
    },
    async (request) =>
      (await sessionBoard(request.query, ctx(request))) as {
        date: string;
        items: Wire[];
        expected: z.infer<typeof expectedSchema>[];
      },
  );

  app.get(
    '/sessions/board/events',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags: ['sessions'],
        summary:
          'The chair board, live (text/event-stream): an event per changed session from any app server; reconnect with Last-Event-ID to get what was missed',
        querystring: z.object({ locationId: z.uuid().optional() }),
        headers: z.object({ 'last-event-id': z.string().max(40).optional() }),
      },
    },
    async (request, reply) => {
      const locationId = request.query.locationId;
      const lastEventId = request.headers['last-event-id'];
      const principal = requirePrincipal(ctx(request));
      // An event stream for EventSource (Accept: text/event-stream); anything else asked for is 406.
      if (!/text\/event-stream/.test(request.headers.accept ?? '')) {
        throw new DomainError('not_acceptable', 'This is an event stream: ask for text/event-stream.');
      }
      const res = reply.raw;
      const send = (event: BoardEvent): void => {
        res.write(`id: ${event.id}\nevent: session\ndata: ${event.data}\n\n`);
      };
      // Subscribe before catching up, so nothing falls between; the board keeps the highest version.
      const queued: BoardEvent[] = [];
      let live = false;
      const unsubscribe = await hub.subscribe({
        principal,
        locationId,
        send: (event) => (live ? send(event) : queued.push(event)),
        end: () => res.end(),
      });
      let missed: BoardEvent[];
      try {
        missed = (await openBoardStream({ lastEventId, locationId }, ctx(request))).missed;
      } catch (error) {
        unsubscribe();
        throw error;
      }
      reply.hijack();
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      res.write('retry: 2000\n\n');
      for (const event of [...missed, ...queued]) send(event);
      live = true;
      res.write('event: ready\ndata: {}\n\n');
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      // A stream lives five minutes; the browser reconnects with Last-Event-ID and is authorized afresh.
      const expiry = setTimeout(() => res.end(), 5 * 60_000);
      request.raw.on('close', () => {
        clearInterval(ping);
        clearTimeout(expiry);
        unsubscribe();
      });
    },
  );

  app.get(
    '/sessions/:id/note.pdf',
    {
      config: { access: { action: 'sessions.record' } },
      schema: {
        tags: ['sessions'],
        summary:
          'The session note as PDF (audited): patient, plan, gate and overrides, order and vial, infusion, vitals table and chart, CADSS-6, adverse events, interventions, notes, alerts, discharge, signatures, amendments',
        params: idParams,
        response: {
          200: {
            description: 'The note as an attachment (Content-Disposition)',
            content: { 'application/pdf': { schema: z.unknown().meta({ type: 'string', format: 'binary' }) } },
          },
        },
      },
    },
    async (request, reply) => {
      const note = await sessionNotePdf(request.params.id, ctx(request));
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${note.filename}"`)
        .header('cache-control', 'no-store')
        .send(note.pdf);
    },
  );

  app.get(
    '/sessions/:id/vials',
    {
      config: { access: { action: 'sessions.record' } },
      schema: {
        tags: ['sessions'],
        summary:
          "The vials this session's dose may be drawn from: sealed or in use, in date, of the plan's drug, at the session's location (in-use first)",
        params: idParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                locationId: z.uuid(),
                locationName: z.string(),
                drug: z.string(),
                strengthMgPerMl: z.number(),
                number: z.number(),
                lot: z.string(),
                expiresOn: z.string(),
                remainingMl: z.number(),
                status: z.enum(['sealed', 'open']),
              }),
            ),
          }),
        },
      },
    },
    async (request) => vialsForSession(request.params.id, ctx(request)),
  );

  app.post(
    '/sessions/:id/waste',
    {
      config: { access: { action: 'sessions.record' } },
      schema: {
        tags: ['sessions'],
        summary:
          "Waste from the session's vial (left over, or drawn and not given), witnessed by a second member of staff with their password or authenticator code: the ledger's witnessed waste entry, named on the session",
        params: idParams,
        headers: idempotencyHeaders,
        body: z.object({
          version: versionField,
          volumeMl: z.number('Enter the volume in mL').gt(0, 'More than 0 mL').max(1000),
          reason: text(500),
          witnessUserId: z.uuid('Choose the witness'),
          witnessPassword: z.string().max(200).optional(),
          witnessCode: z.string().max(20).optional(),
        }),
        response: { 200: sessionSchema },
      },
    },
    async (request) => {
      const header = request.headers['idempotency-key'];
      const session = await recordSessionWaste(
        request.params.id,
        request.body,
        ctx(request),
        typeof header === 'string' ? header : undefined,
      );
      await announceSessionChange(deps.pool, {
        organizationId: requirePrincipal(ctx(request)).organizationId,
        sessionId: session.id,
      }).catch((error: unknown) => request.log.warn({ err: error }, 'board: notify failed'));
      return session as Wire;
    },
  );

  app.get(
    '/sessions/:id',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags: ['sessions'],
        summary: 'One session record (audited)',
        params: idParams,
        response: { 200: sessionSchema },
      },
    },
    async (request) => (await getSession(request.params.id, ctx(request))) as Wire,
  );

  {
    const r = writeRoute(
      'sessions.checkin',
      'Check a patient in (walk-in, or from an appointment) under the signed plan',
    );
    app.post(
      '/sessions',
      {
        config: r.config,
        schema: {
          tags: r.tags,
          summary: r.summary,
          headers: idempotencyHeaders,
          body: z.object({
            patientId: z.uuid('Not a patient id'),
            appointmentId: z.uuid().nullable().optional(),
            locationId: z.uuid().nullable().optional(),
            chair: text(60).nullable().optional(),
          }),
          response: { 201: sessionSchema },
        },
      },
      async (request, reply) => write(request, reply, 201, (tx) => checkIn(request.body, tx)),
    );
  }

  const post = <B extends z.ZodType>(
    path: string,
    action: 'sessions.record' | 'sessions.sign',
    summary: string,
    body: B,
    run: (id: string, body: z.infer<B>, tx: AppContext, params: Record<string, string>) => Promise<SessionView>,
    params: z.ZodObject = idParams,
  ): void => {
    app.post(
      path,
      {
        config: { access: { action } },
        schema: {
          tags: ['sessions'],
          summary,
          params,
          headers: idempotencyHeaders,
          body,
          response: { 200: sessionSchema },
        },
      },
      async (request, reply) => {
        const p = request.params as Record<string, string>;
        return write(request, reply, 200, (tx) => run(p.id!, request.body as z.infer<B>, tx, p));
      },
    );
  };

  post(
    '/sessions/:id/pre-checks',
    'sessions.record',
    "Record the pre-checks (companion, fasting, pregnancy test, medication changes, today's weight); the gate is recomputed",
    z.object({
      version: versionField,
      companion: z.object({ name: text(200), phone: text(40) }).nullable(),
      fastingAttested: z.boolean(),
      pregnancyTest: z.enum(['not_applicable', 'negative', 'positive', 'not_done']),
      medicationChanges: z.object({ reviewed: z.boolean(), changes: z.string().max(2000) }),
      weightKg: z.number('Weight must be a number').min(20).max(350).nullable(),
    }),
    (id, body, tx) => recordPrechecks(id, body, tx),
  );

  post(
    '/sessions/:id/questionnaires',
    'sessions.record',
    "Today's questionnaire on the clinic tablet (PHQ-9 or the plan's measure, C-SSRS screener), scored by the domain",
    z.object({
      version: versionField,
      instrumentId: z.string().max(40),
      answers: z.record(z.string().max(60), z.union([z.number(), z.boolean(), z.null()])),
    }),
    (id, body, tx) => recordSessionQuestionnaire(id, body, tx),
  );

  post(
    '/sessions/:id/vitals',
    'sessions.record',
    'A set of vitals: before the dose it feeds the gate; afterwards the domain raises alerts',
    vitalsFields.extend({ version: versionField }),
    (id, body, tx) => recordVitals(id, body, tx),
  );

  post(
    '/sessions/:id/overrides',
    'sessions.record',
    'A prescriber lifts an overridable hold with a reason (blood pressure: with a repeat reading); absolute limits cannot be lifted',
    z.object({
      version: versionField,
      code: z.string().max(60),
      reason: text(2000),
      repeatVitals: vitalsFields.nullable().optional(),
    }),
    (id, body, tx) => overrideHold(id, body, tx),
  );

  post(
    '/sessions/:id/order',
    'sessions.record',
    "Today's order: IV/IM — the plan's dose (titrated when asked) on today's weight, drawn from a chosen vial (sealed or in use, in date, here, holding the dose): mL at its strength, IV dilution and pump rate or IM site; over the limit needs a prescriber and a reason. IN (esketamine) — 56 or 84 mg (the plan's start when absent, at most its ceiling) as 2 or 3 sealed nasal-spray devices from the ledger, lot and expiry from it",
    z.object({
      version: versionField,
      titrate: z.boolean().default(false),
      vialId: z.uuid('Choose the vial the dose is drawn from').optional(),
      doseMg: z.number('Enter the dose in mg').optional(),
      devices: z
        .array(z.object({ vialId: z.uuid('Choose the device from the stock list') }))
        .max(10)
        .optional(),
      diluent: z.enum(['sodium_chloride_0_9', 'dextrose_5']).nullable().optional(),
      finalVolumeMl: z.number().min(1).max(1000).nullable().optional(),
      site: z.enum(injectionSites).nullable().optional(),
      overrideReason: z.string().max(2000).nullable().optional(),
    }),
    (id, body, tx) => orderDose(id, body, tx),
  );

  post(
    '/sessions/:id/start',
    'sessions.record',
    'Start the infusion or give the injection: the dose is drawn from the ordered vial as a controlled-substance ledger administration (lot and expiry from the vial); refused while the gate says hold or when the vial can no longer give it',
    z.object({
      version: versionField,
      at: isoTime,
    }),
    (id, body, tx) => startDose(id, body, tx),
  );

  post(
    '/sessions/:id/infusion',
    'sessions.record',
    'Pause, resume, change the rate of, or stop the infusion (stop records the volume infused: the delivered dose)',
    z.object({
      version: versionField,
      kind: z.enum(['pause', 'resume', 'rate_change', 'stop']),
      at: isoTime,
      rateMlPerHour: z.number().gt(0).max(2000).nullable().optional(),
      volumeInfusedMl: z.number().min(0).max(1000).nullable().optional(),
      reason: z.string().max(2000).nullable().optional(),
    }),
    (id, body, tx) => infusionEvent(id, body, tx),
  );

  post(
    '/sessions/:id/alerts/:alertId/acknowledge',
    'sessions.record',
    'Acknowledge an alert (an alert or a stop: prescriber only)',
    z.object({ version: versionField, note: text(2000) }),
    (id, body, tx, p) => acknowledgeAlert(id, p.alertId!, body, tx),
    idParams.extend({ alertId: z.uuid('Not an alert id') }),
  );

  post(
    '/sessions/:id/entries',
    'sessions.record',
    'CADSS-6, an adverse event (severity, time, intervention, outcome), an intervention, a note, or (esketamine) a sedation or dissociation assessment (none, mild, moderate, severe)',
    z.discriminatedUnion('kind', [
      z.object({
        version: versionField,
        kind: z.literal('cadss6'),
        at: isoTime,
        answers: z.record(z.string().max(60), z.union([z.number(), z.null()])),
      }),
      z.object({
        version: versionField,
        kind: z.literal('adverse_event'),
        at: isoTime,
        event: z.enum([
          'dissociation',
          'sedation',
          'hypertension',
          'tachycardia',
          'nausea_vomiting',
          'headache',
          'anxiety',
          'dizziness',
          'emergence_reaction',
          'respiratory_depression',
          'laryngospasm',
          'diplopia_nystagmus',
          'other',
        ]),
        severity: z.enum(['mild', 'moderate', 'severe']),
        intervention: z.string().max(2000),
        outcome: text(2000),
      }),
      z.object({
        version: versionField,
        kind: z.literal('intervention'),
        at: isoTime,
        intervention: z.enum(['antiemetic', 'antihypertensive', 'oxygen', 'reassurance', 'repositioning', 'other']),
        detail: text(2000),
      }),
      z.object({ version: versionField, kind: z.literal('note'), at: isoTime, text: text(8000) }),
      z.object({
        version: versionField,
        kind: z.literal('sedation'),
        at: isoTime,
        level: z.enum(remsLevels, 'Choose none, mild, moderate or severe'),
      }),
      z.object({
        version: versionField,
        kind: z.literal('dissociation'),
        at: isoTime,
        level: z.enum(remsLevels, 'Choose none, mild, moderate or severe'),
      }),
    ]),
    (id, body, tx) => recordEntry(id, body, tx),
  );

  post(
    '/sessions/:id/discharge',
    'sessions.record',
    'Discharge: the domain readiness (recovery time, vitals near baseline and inside limits, mental status), the companion who collected the patient, aftercare given',
    z.object({
      version: versionField,
      speechAtBaseline: z.boolean(),
      awarenessAtBaseline: z.boolean(),
      purposefulMovement: z.boolean(),
      companionPresent: z.boolean(),
      collectedBy: z.string().max(200).nullable().optional(),
      aftercareGiven: z.boolean(),
    }),
    (id, body, tx) => inSessionRequest(() => discharge(id, body, tx)),
  );

  post(
    '/sessions/:id/end',
    'sessions.record',
    'End the session without a dose (e.g. a hold nobody can lift today), with the reason',
    z.object({ version: versionField, reason: text(2000) }),
    (id, body, tx) => endWithoutDose(id, body, tx),
  );

  post(
    '/sessions/:id/sign',
    'sessions.record',
    'The nurse signs the completed record; it is then immutable but for the co-signature and amendments',
    z.object({ version: versionField }),
    (id, body, tx) => inSessionRequest(() => signSession(id, body, tx)),
  );

  post(
    '/sessions/:id/cosign',
    'sessions.sign',
    'The prescriber co-signs the nurse-signed record',
    z.object({ version: versionField }),
    (id, body, tx) => cosignSession(id, body, tx),
  );

  post(
    '/sessions/:id/amendments',
    'sessions.record',
    'Amend a signed record: a new entry with the reason, the original unchanged',
    z.object({ reason: text(2000), text: text(8000) }),
    (id, body, tx) => amendSession(id, body, tx),
  );
};
