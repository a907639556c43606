import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  bookAppointment,
  changeAppointmentStatus,
  getAppointment,
  listCalendar,
  rescheduleAppointment,
  todayList,
} from '../../app/scheduling/appointments.js';
import { listOutbox } from '../../app/scheduling/confirmations.js';
import { createFeed, listCalendarFeeds, renderFeed, revokeCalendarFeed } from '../../app/scheduling/feeds.js';
import {
  bookSeries,
  bookSeriesReplacement,
  proposeReplacement,
  proposeSeriesForPatient,
} from '../../app/scheduling/series.js';
import {
  createChair,
  createLocation,
  editAppointmentType,
  editChair,
  editLocation,
  listLocationStaffHours,
  listScheduleLocations,
  listTypes,
  setStaffHours,
} from '../../app/scheduling/setup.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import { inRequestPart } from '../request-part.js';
import { idParams } from '../../contracts/common.js';
import {
  appointmentSchema,
  appointmentStatusBody,
  appointmentTypeBody,
  appointmentTypeListSchema,
  appointmentTypeSchema,
  bookingBody,
  calendarQuery,
  calendarSchema,
  chairBody,
  chairEditBody,
  chairSchema,
  feedBody,
  feedCreatedSchema,
  feedFileParams,
  feedListSchema,
  feedQuery,
  feedSchema,
  idempotencyHeaders,
  locationBody,
  locationEditBody,
  locationListSchema,
  locationSchema,
  outboxPageSchema,
  outboxQuery,
  proposedSessionSchema,
  replacementBody,
  rescheduleBody,
  seriesBookedSchema,
  seriesBookingBody,
  seriesProposalBody,
  seriesProposalSchema,
  staffHoursBody,
  staffHoursListSchema,
  staffHoursParams,
  todayQuery,
  todaySchema,
} from '../../contracts/scheduling.js';

/**
 * Scheduling: set-up (admin), the calendar and the front desk's day (every member of staff reads),
 * booking and series booking (coordinator), status changes (by who does them: the front desk confirms,
 * cancels and checks in; nurses run the session).
 */
const tags = ['schedule'];

/** The use-cases name fields relative to the body they were given; the request path says "/body/…". */
const body = <T>(fn: () => Promise<T>): Promise<T> => inRequestPart('body', fn);

export const scheduleRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  const ctx = (request: Parameters<typeof requestContext>[0]) => requestContext(request, deps);

  app.get(
    '/schedule/locations',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags,
        summary: 'Locations with time zone, opening hours, closed days and chairs',
        response: { 200: locationListSchema },
      },
    },
    async (request) => ({ items: await listScheduleLocations(ctx(request)) }),
  );

  app.post(
    '/schedule/locations',
    {
      config: { access: { action: 'organization.manage' } },
      schema: { tags, summary: 'Add a location', body: locationBody, response: { 201: locationSchema } },
    },
    async (request, reply) => reply.code(201).send(await body(() => createLocation(request.body, ctx(request)))),
  );

  app.patch(
    '/schedule/locations/:id',
    {
      config: { access: { action: 'organization.manage' } },
      schema: {
        tags,
        summary: 'Change a location’s time zone, opening hours or closed days (version required)',
        params: idParams,
        body: locationEditBody,
        response: { 200: locationSchema },
      },
    },
    async (request) => body(() => editLocation(request.params.id, request.body, ctx(request))),
  );

  app.post(
    '/schedule/chairs',
    {
      config: { access: { action: 'organization.manage' } },
      schema: {
        tags,
        summary: 'Add a treatment chair or room to a location',
        body: chairBody,
        response: { 201: chairSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await body(() => createChair(request.body, ctx(request)))),
  );

  app.patch(
    '/schedule/chairs/:id',
    {
      config: { access: { action: 'organization.manage' } },
      schema: {
        tags,
        summary: 'Rename a chair or take it out of use (version required)',
        params: idParams,
        body: chairEditBody,
        response: { 200: chairSchema },
      },
    },
    async (request) => body(() => editChair(request.params.id, request.body, ctx(request))),
  );

  app.get(
    '/schedule/locations/:id/staff-hours',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags,
        summary: 'Who works at a location, when',
        params: idParams,
        response: { 200: staffHoursListSchema },
      },
    },
    async (request) => ({ items: await listLocationStaffHours(request.params.id, ctx(request)) }),
  );

  app.put(
    '/schedule/locations/:id/staff-hours/:userId',
    {
      config: { access: { action: 'organization.manage' } },
      schema: {
        tags,
        summary: 'Set a member of staff’s weekly working hours at a location',
        params: staffHoursParams,
        body: staffHoursBody,
        response: { 200: staffHoursListSchema },
      },
    },
    async (request) => ({
      items: await body(() =>
        setStaffHours(request.params.id, request.params.userId, request.body.hours, ctx(request)),
      ),
    }),
  );

  app.get(
    '/schedule/appointment-types',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags,
        summary: 'Appointment types with durations (defaults from the protocol)',
        response: { 200: appointmentTypeListSchema },
      },
    },
    async (request) => ({ items: await listTypes(ctx(request)) }),
  );

  app.patch(
    '/schedule/appointment-types/:id',
    {
      config: { access: { action: 'organization.manage' } },
      schema: {
        tags,
        summary: 'Edit an appointment type (version required)',
        params: idParams,
        body: appointmentTypeBody,
        response: { 200: appointmentTypeSchema },
      },
    },
    async (request) => body(() => editAppointmentType(request.params.id, request.body, ctx(request))),
  );

  app.get(
    '/schedule/calendar',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags,
        summary: 'A location’s appointments over 1 (day) to 31 local days',
        querystring: calendarQuery,
        response: { 200: calendarSchema },
      },
    },
    async (request) => inRequestPart('query', () => listCalendar(request.query, ctx(request))),
  );

  app.get(
    '/schedule/today',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags,
        summary: 'The front desk’s day: who is due, confirmed, companion named, questionnaires done',
        querystring: todayQuery,
        response: { 200: todaySchema },
      },
    },
    async (request) => inRequestPart('query', () => todayList(request.query, ctx(request))),
  );

  app.post(
    '/schedule/appointments',
    {
      config: { access: { action: 'sessions.schedule' } },
      schema: {
        tags,
        summary:
          'Book one appointment. Checks the calendar (past, opening hours, closed days, DST gaps), the signed plan for dosing sessions, and free chair and staff; the database refuses a double booking (409 slot_taken). Idempotency-Key makes a retry safe.',
        headers: idempotencyHeaders,
        body: bookingBody,
        response: { 200: appointmentSchema, 201: appointmentSchema },
      },
    },
    async (request, reply) => {
      const result = await body(() => bookAppointment(request.body, ctx(request), request.headers['idempotency-key']));
      return reply.code(result.status).send(result.body);
    },
  );

  app.get(
    '/schedule/appointments/:id',
    {
      config: { access: { action: 'sessions.read' } },
      schema: { tags, summary: 'One appointment', params: idParams, response: { 200: appointmentSchema } },
    },
    async (request) => await getAppointment(request.params.id, ctx(request)),
  );

  app.post(
    '/schedule/appointments/:id/reschedule',
    {
      config: { access: { action: 'sessions.schedule' } },
      schema: {
        tags,
        summary: 'Move an appointment (same checks as booking; version required)',
        params: idParams,
        body: rescheduleBody,
        response: { 200: appointmentSchema },
      },
    },
    async (request) => body(() => rescheduleAppointment(request.params.id, request.body, ctx(request))),
  );

  app.post(
    '/schedule/appointments/:id/status',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags,
        summary:
          'Change the status: confirm or cancel (front desk; a reason is required, late cancellations are flagged), check in or no-show (front desk and nurses), in session, recovery, discharged (nurses)',
        params: idParams,
        body: appointmentStatusBody,
        response: { 200: appointmentSchema },
      },
    },
    async (request) => body(() => changeAppointmentStatus(request.params.id, request.body, ctx(request))),
  );

  app.post(
    '/schedule/series/proposal',
    {
      config: { access: { action: 'sessions.schedule' } },
      schema: {
        tags,
        summary:
          'Propose the whole induction series (or a maintenance cadence) from the patient’s signed plan into free chair + nurse + prescriber slots. Stores nothing.',
        body: seriesProposalBody,
        response: { 200: seriesProposalSchema },
      },
    },
    async (request) => body(() => proposeSeriesForPatient(request.body, ctx(request))),
  );

  app.post(
    '/schedule/series',
    {
      config: { access: { action: 'sessions.schedule' } },
      schema: {
        tags,
        summary:
          'Book every session of a (possibly edited) proposal in one transaction: all or none. The spacing rules of the plan are checked. Idempotency-Key makes a retry safe.',
        headers: idempotencyHeaders,
        body: seriesBookingBody,
        response: { 200: seriesBookedSchema, 201: seriesBookedSchema },
      },
    },
    async (request, reply) => {
      const result = await body(() => bookSeries(request.body, ctx(request), request.headers['idempotency-key']));
      return reply.code(result.status).send(result.body);
    },
  );

  app.post(
    '/schedule/appointments/:id/replan',
    {
      config: { access: { action: 'sessions.schedule' } },
      schema: {
        tags,
        summary: 'Propose a replacement for a cancelled or missed series session that keeps the spacing rules',
        params: idParams,
        response: { 200: proposedSessionSchema },
      },
    },
    async (request) => proposeReplacement(request.params.id, ctx(request)),
  );

  app.post(
    '/schedule/appointments/:id/replacement',
    {
      config: { access: { action: 'sessions.schedule' } },
      schema: {
        tags,
        summary: 'Book the replacement for a cancelled or missed series session',
        params: idParams,
        body: replacementBody,
        response: { 201: appointmentSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await body(() => bookSeriesReplacement(request.params.id, request.body, ctx(request)))),
  );
};

/**
 * The email outbox (admins) and iCalendar feeds: staff make feeds for a patient or a chair, a patient
 * makes one for themself in the portal; the feed itself is public behind its secret URL.
 */
export const scheduleFeedRoutes: FastifyPluginAsyncZod<AuthDeps & { publicUrl: string }> = async (app, deps) => {
  const ctx = (request: Parameters<typeof requestContext>[0]) => requestContext(request, deps);

  app.get(
    '/schedule/outbox',
    {
      config: { access: { action: 'organization.manage' } },
      schema: {
        tags,
        summary: 'Every email the clinic sent or holds (the outbox, where messages wait without SMTP), newest first',
        querystring: outboxQuery,
        response: { 200: outboxPageSchema },
      },
    },
    async (request) => inRequestPart('query', () => listOutbox(request.query, ctx(request))),
  );

  app.post(
    '/schedule/feeds',
    {
      config: { access: { action: 'account.self' } },
      schema: {
        tags,
        summary:
          'Make a secret calendar feed URL for a patient (front desk, or the patient for themself) or a chair (front desk, admin). The URL is shown once.',
        body: feedBody,
        response: { 201: feedCreatedSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await body(() => createFeed(request.body, ctx(request), deps.publicUrl))),
  );

  app.get(
    '/schedule/feeds',
    {
      config: { access: { action: 'account.self' } },
      schema: {
        tags,
        summary: 'Active calendar feeds (a patient sees their own)',
        querystring: feedQuery,
        response: { 200: feedListSchema },
      },
    },
    async (request) => ({ items: await inRequestPart('query', () => listCalendarFeeds(request.query, ctx(request))) }),
  );

  app.delete(
    '/schedule/feeds/:id',
    {
      config: { access: { action: 'account.self' } },
      schema: {
        tags,
        summary: 'Turn a calendar feed off; its URL stops working at once',
        params: idParams,
        response: { 200: feedSchema },
      },
    },
    async (request) => revokeCalendarFeed(request.params.id, ctx(request)),
  );

  app.get(
    '/calendar-feeds/:file',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'An iCalendar feed (RFC 5545) behind its secret URL; 410 once turned off',
        params: feedFileParams,
      },
    },
    async (request, reply) => {
      const token = request.params.file.replace(/\.ics$/, '');
      const body = await renderFeed(token, deps.pool, deps.now());
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('referrer-policy', 'no-referrer')
        .send(body);
    },
  );
};
