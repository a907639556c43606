import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type AppContext } from '../../app/context.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import { BoardHub, SessionAnnouncer, openBoardStream, type BoardEvent } from '../../app/sessions/board-hub.js';
import { vialsForSession } from '../../app/sessions/dose-vials.js';
import { idempotent, requireIdempotencyKey } from '../../app/idempotency.js';
import { idempotencyKeyOf, idempotentRequest, sendIdempotent } from '../idempotency.js';
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
  recordSessionBagWaste,
  recordSessionWaste,
  recordSessionQuestionnaire,
  recordVitals,
  sessionBoard,
  signSession,
  startDose,
} from '../../app/sessions/sessions.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import { inRequestPart } from '../request-part.js';
import {
  acknowledgeBody,
  acknowledgeParams,
  amendmentBody,
  boardEventsHeaders,
  boardEventsQuery,
  boardQuery,
  boardResponse,
  checkInBody,
  dischargeBody,
  endBody,
  entryBody,
  idempotencyHeaders,
  infusionBody,
  orderBody,
  overrideBody,
  prechecksBody,
  sessionIdParams,
  sessionQuestionnaireBody,
  sessionSchema,
  sessionVialsResponse,
  signBody,
  startBody,
  vitalsBody,
  vitalsRecordedSchema,
  wasteBody,
  bagWasteBody,
} from '../../contracts/sessions.js';

/**
 * Discharge and sign name the input's fields relative to it ("/collectedBy": the route puts them under
 * "/body" with inRequestPart) and, for what is not a field of the request, the session's own readiness
 * item ("/readiness/vitals_too_old", "/rems/bp_40_min", "/waste/volumeMl", "/bagWaste/volumeMl"), left as it is.
 */
async function inSessionRequest<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!isDomainError(error) || error.errors.length === 0) throw error;
    const prefixed = await inRequestPart('body', () => Promise.reject(error)).catch((e: unknown) => e);
    if (!isDomainError(prefixed)) throw error;
    const readinessItem = /^\/(readiness|rems|waste|bagWaste)\//;
    throw new DomainError(error.code, error.message, {
      errors: error.errors.map((e, i) => (readinessItem.test(e.path) ? e : (prefixed.errors[i] ?? e))),
      ...(error.details ? { details: { ...error.details } } : {}),
    });
  }
}

/**
 * The treatment session (CLINICAL.md §3) under /api/v1/sessions. Nurses run it (sessions.record),
 * prescribers override and co-sign (sessions.sign), coordinators check patients in and see the board
 * without clinical detail, patients have no access. Every write needs an Idempotency-Key header and the
 * session's version; the use-cases decide every hold on the server and audit in the same transaction.
 */
export const sessionRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  const ctx = (request: FastifyRequest): AppContext => requestContext(request, deps);
  const hub = new BoardHub(deps.pool, deps.now, (message, error) => app.log.warn({ err: error }, message));
  const announcer = new SessionAnnouncer(deps.pool);
  // Open streams end before the server waits for its connections to close.
  app.addHook('preClose', async () => hub.close());

  /** Tells every board (any app server) after the commit; never holds up the answer. */
  const announce = (request: FastifyRequest, sessionId: string): void => {
    announcer.announce({ organizationId: requirePrincipal(ctx(request)).organizationId, sessionId }, (error) =>
      request.log.warn({ err: error }, 'board: notify failed'),
    );
  };

  /** Runs a write under the request's Idempotency-Key; a replay returns the first answer. */
  async function write(
    request: FastifyRequest,
    reply: FastifyReply,
    statusCode: number,
    fn: (tx: AppContext) => Promise<SessionView>,
    paths: 'body' | 'own' = 'body',
  ): Promise<SessionView> {
    const result = await idempotent(
      ctx(request),
      idempotencyKeyOf(request),
      idempotentRequest(request),
      async (tx) => ({
        statusCode,
        body: paths === 'body' ? await inRequestPart('body', () => fn(tx)) : await fn(tx),
      }),
    ).catch((error: unknown) => {
      // Refused, but what it recorded stands (a repeat reading at the absolute limit): the boards hear of it.
      const sessionId = (request.params as { id?: string }).id;
      if (isDomainError(error) && error.details?.recorded === true && sessionId) announce(request, sessionId);
      throw error;
    });
    if (!result.replayed) announce(request, result.body.id);
    return sendIdempotent(reply, result);
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
        querystring: boardQuery,
        response: { 200: boardResponse },
      },
    },
    async (request) => sessionBoard(request.query, ctx(request)),
  );

  app.get(
    '/sessions/board/events',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags: ['sessions'],
        summary:
          'The chair board, live (text/event-stream): an event per changed session from any app server; reconnect with Last-Event-ID to get what was missed',
        querystring: boardEventsQuery,
        headers: boardEventsHeaders,
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
        params: sessionIdParams,
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
        params: sessionIdParams,
        response: {
          200: sessionVialsResponse,
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
        params: sessionIdParams,
        headers: idempotencyHeaders,
        body: wasteBody,
        response: { 200: sessionSchema },
      },
    },
    async (request) => {
      const key = requireIdempotencyKey(idempotencyKeyOf(request));
      const session = await inRequestPart('body', () =>
        recordSessionWaste(request.params.id, request.body, ctx(request), key),
      );
      announce(request, session.id);
      return session;
    },
  );

  app.post(
    '/sessions/:id/bag-waste',
    {
      config: { access: { action: 'sessions.record' } },
      schema: {
        tags: ['sessions'],
        summary:
          'Waste the drug left in the IV bag when the infusion stopped early, witnessed by a second member of staff with their password or authenticator code: the whole rest, once; the register gets a correction of the draw and the witnessed waste (decision 028)',
        params: sessionIdParams,
        headers: idempotencyHeaders,
        body: bagWasteBody,
        response: { 200: sessionSchema },
      },
    },
    async (request) => {
      const key = requireIdempotencyKey(idempotencyKeyOf(request));
      const session = await inRequestPart('body', () =>
        recordSessionBagWaste(request.params.id, request.body, ctx(request), key),
      );
      announce(request, session.id);
      return session;
    },
  );

  app.get(
    '/sessions/:id',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags: ['sessions'],
        summary: 'One session record (audited)',
        params: sessionIdParams,
        response: { 200: sessionSchema },
      },
    },
    async (request) => getSession(request.params.id, ctx(request)),
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
          body: checkInBody,
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
    options: {
      params?: z.ZodObject;
      /** 'own': the use-case's error paths are not body fields (the esketamine REMS items, /rems/<item>). */
      paths?: 'body' | 'own';
    } = {},
  ): void => {
    const params = options.params ?? sessionIdParams;
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
        return write(request, reply, 200, (tx) => run(p.id!, request.body as z.infer<B>, tx, p), options.paths);
      },
    );
  };

  post(
    '/sessions/:id/pre-checks',
    'sessions.record',
    "Record the pre-checks (companion, fasting, pregnancy test, medication changes, today's weight); the gate is recomputed",
    prechecksBody,
    (id, body, tx) => recordPrechecks(id, body, tx),
  );

  post(
    '/sessions/:id/questionnaires',
    'sessions.record',
    "Today's questionnaire on the clinic tablet (PHQ-9 or the plan's measure, C-SSRS screener), scored by the domain",
    sessionQuestionnaireBody,
    (id, body, tx) => recordSessionQuestionnaire(id, body, tx),
  );

  app.post(
    '/sessions/:id/vitals',
    {
      config: { access: { action: 'sessions.record' } },
      schema: {
        tags: ['sessions'],
        summary:
          'A set of vitals: before the dose it feeds the gate; afterwards the domain raises alerts. Answers the reading, its alerts, the chair’s state and the new version (the whole record: GET /sessions/{id})',
        params: sessionIdParams,
        headers: idempotencyHeaders,
        body: vitalsBody,
        response: { 200: vitalsRecordedSchema },
      },
    },
    async (request, reply) => {
      const key = requireIdempotencyKey(idempotencyKeyOf(request));
      const result = await inRequestPart('body', () =>
        recordVitals(request.params.id, request.body, ctx(request), { key, request: idempotentRequest(request) }),
      );
      if (!result.replayed) announce(request, result.body.id);
      return sendIdempotent(reply, result);
    },
  );

  post(
    '/sessions/:id/overrides',
    'sessions.record',
    'A prescriber lifts an overridable hold with a reason (blood pressure: with a repeat reading); absolute limits cannot be lifted',
    overrideBody,
    (id, body, tx) => overrideHold(id, body, tx),
  );

  post(
    '/sessions/:id/order',
    'sessions.record',
    "Today's order: IV/IM — the plan's dose (titrated when asked) on today's weight, drawn from a chosen vial (sealed or in use, in date, here, holding the dose): mL at its strength, IV dilution and pump rate or IM site; over the limit needs a prescriber and a reason. IN (esketamine) — 56 or 84 mg (the plan's start when absent, at most its ceiling) as 2 or 3 sealed nasal-spray devices from the ledger, lot and expiry from it",
    orderBody,
    (id, body, tx) => orderDose(id, body, tx),
  );

  post(
    '/sessions/:id/start',
    'sessions.record',
    'Start the infusion or give the injection: the dose is drawn from the ordered vial as a controlled-substance ledger administration (lot and expiry from the vial); refused while the gate says hold or when the vial can no longer give it',
    startBody,
    (id, body, tx) => startDose(id, body, tx),
  );

  post(
    '/sessions/:id/infusion',
    'sessions.record',
    'Pause, resume, change the rate of, or stop the infusion (stop records the volume infused: the delivered dose)',
    infusionBody,
    (id, body, tx) => infusionEvent(id, body, tx),
  );

  post(
    '/sessions/:id/alerts/:alertId/acknowledge',
    'sessions.record',
    'Acknowledge an alert (an alert or a stop: prescriber only)',
    acknowledgeBody,
    (id, body, tx, p) => acknowledgeAlert(id, p.alertId!, body, tx),
    { params: acknowledgeParams },
  );

  post(
    '/sessions/:id/entries',
    'sessions.record',
    'CADSS-6, an adverse event (severity, time, intervention, outcome), an intervention, a note, or (esketamine) a sedation or dissociation assessment (none, mild, moderate, severe)',
    entryBody,
    (id, body, tx) => recordEntry(id, body, tx),
  );

  post(
    '/sessions/:id/discharge',
    'sessions.record',
    'Discharge: the domain readiness (recovery time, vitals near baseline and inside limits, mental status), the companion who collected the patient, aftercare given',
    dischargeBody,
    (id, body, tx) => inSessionRequest(() => discharge(id, body, tx)),
    { paths: 'own' },
  );

  post(
    '/sessions/:id/end',
    'sessions.record',
    'End the session without a dose (e.g. a hold nobody can lift today), with the reason',
    endBody,
    (id, body, tx) => endWithoutDose(id, body, tx),
  );

  post(
    '/sessions/:id/sign',
    'sessions.record',
    'The nurse signs the completed record; it is then immutable but for the co-signature and amendments',
    signBody,
    (id, body, tx) => inSessionRequest(() => signSession(id, body, tx)),
    { paths: 'own' },
  );

  post(
    '/sessions/:id/cosign',
    'sessions.sign',
    'The prescriber co-signs the nurse-signed record',
    signBody,
    (id, body, tx) => cosignSession(id, body, tx),
  );

  post(
    '/sessions/:id/amendments',
    'sessions.record',
    'Amend a signed record: a new entry with the reason, the original unchanged',
    amendmentBody,
    (id, body, tx) => amendSession(id, body, tx),
  );
};
