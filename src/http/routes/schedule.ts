import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
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
import { appointmentStatuses } from '../../domain/scheduling/index.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import {
  appointmentSchema,
  appointmentTypeBody,
  appointmentTypeSchema,
  bookingBody,
  chairSchema,
  idempotencyHeaders,
  localDateField,
  localTimeField,
  locationBody,
  locationSchema,
  placementFields,
  proposedSessionSchema,
  seriesProposalSchema,
  staffHoursSchema,
} from '../../contracts/scheduling.js';

/**
 * Scheduling: set-up (admin), the calendar and the front desk's day (every member of staff reads),
 * booking and series booking (coordinator), status changes (by who does them: the front desk confirms,
 * cancels and checks in; nurses run the session).
 */
const idParams = z.object({ id: z.uuid('Not an id') });
const versionField = z.number().int().min(1);
const tags = ['schedule'];

export const scheduleRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  const ctx = (request: Parameters<typeof requestContext>[0]) => requestContext(request, deps);

  app.get(
    '/schedule/locations',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags,
        summary: 'Locations with time zone, opening hours, closed days and chairs',
        response: { 200: z.object({ items: z.array(locationSchema) }) },
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
    async (request, reply) => reply.code(201).send(await createLocation(request.body, ctx(request))),
  );

  app.patch(
    '/schedule/locations/:id',
    {
      config: { access: { action: 'organization.manage' } },
      schema: {
        tags,
        summary: 'Change a location’s time zone, opening hours or closed days (version required)',
        params: idParams,
        body: locationBody.extend({ version: versionField }),
        response: { 200: locationSchema },
      },
    },
    async (request) => editLocation(request.params.id, request.body, ctx(request)),
  );

  app.post(
    '/schedule/chairs',
    {
      config: { access: { action: 'organization.manage' } },
      schema: {
        tags,
        summary: 'Add a treatment chair or room to a location',
        body: z.object({
          locationId: z.uuid('Not a location id'),
          name: z.string().trim().min(1, 'Enter a name').max(100),
          kind: z.enum(['chair', 'room']).default('chair'),
        }),
        response: { 201: chairSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createChair(request.body, ctx(request))),
  );

  app.patch(
    '/schedule/chairs/:id',
    {
      config: { access: { action: 'organization.manage' } },
      schema: {
        tags,
        summary: 'Rename a chair or take it out of use (version required)',
        params: idParams,
        body: z.object({
          name: z.string().trim().min(1).max(100),
          kind: z.enum(['chair', 'room']),
          active: z.boolean(),
          version: versionField,
        }),
        response: { 200: chairSchema },
      },
    },
    async (request) => editChair(request.params.id, request.body, ctx(request)),
  );

  app.get(
    '/schedule/locations/:id/staff-hours',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags,
        summary: 'Who works at a location, when',
        params: idParams,
        response: { 200: z.object({ items: z.array(staffHoursSchema) }) },
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
        params: idParams.extend({ userId: z.uuid('Not a user id') }),
        body: z.object({
          hours: z
            .array(z.object({ weekday: z.number().int().min(1).max(7), opens: localTimeField, closes: localTimeField }))
            .max(7),
        }),
        response: { 200: z.object({ items: z.array(staffHoursSchema) }) },
      },
    },
    async (request) => ({
      items: await setStaffHours(request.params.id, request.params.userId, request.body.hours, ctx(request)),
    }),
  );

  app.get(
    '/schedule/appointment-types',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags,
        summary: 'Appointment types with durations (defaults from the protocol)',
        response: { 200: z.object({ items: z.array(appointmentTypeSchema) }) },
      },
    },
    async (request) => ({ items: (await listTypes(ctx(request))) as z.infer<typeof appointmentTypeSchema>[] }),
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
    async (request) =>
      (await editAppointmentType(request.params.id, request.body, ctx(request))) as z.infer<
        typeof appointmentTypeSchema
      >,
  );

  app.get(
    '/schedule/calendar',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags,
        summary: 'A location’s appointments over 1 (day) to 31 local days',
        querystring: z.object({
          locationId: z.uuid('Not a location id'),
          from: localDateField,
          days: z.coerce.number().int().min(1).max(31).default(1),
          chairId: z.uuid('Not a chair id').optional(),
        }),
        response: {
          200: z.object({
            items: z.array(appointmentSchema),
            location: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
            from: z.string(),
            to: z.string(),
          }),
        },
      },
    },
    async (request) => listCalendar(request.query, ctx(request)),
  );

  app.get(
    '/schedule/today',
    {
      config: { access: { action: 'sessions.read' } },
      schema: {
        tags,
        summary: 'The front desk’s day: who is due, confirmed, companion named, questionnaires done',
        querystring: z.object({ locationId: z.uuid('Not a location id') }),
        response: { 200: z.object({ date: z.string(), items: z.array(appointmentSchema) }) },
      },
    },
    async (request) => todayList(request.query, ctx(request)),
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
      const result = await bookAppointment(request.body, ctx(request), request.headers['idempotency-key']);
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
        body: z.object({ ...placementFields, version: versionField }),
        response: { 200: appointmentSchema },
      },
    },
    async (request) => await rescheduleAppointment(request.params.id, request.body, ctx(request)),
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
        body: z.object({
          status: z.enum(appointmentStatuses),
          version: versionField,
          reason: z.string().trim().max(500).optional(),
          companionName: z.string().trim().max(200).optional(),
        }),
        response: { 200: appointmentSchema },
      },
    },
    async (request) => await changeAppointmentStatus(request.params.id, request.body, ctx(request)),
  );

  app.post(
    '/schedule/series/proposal',
    {
      config: { access: { action: 'sessions.schedule' } },
      schema: {
        tags,
        summary:
          'Propose the whole induction series (or a maintenance cadence) from the patient’s signed plan into free chair + nurse + prescriber slots. Stores nothing.',
        body: z.object({
          patientId: z.uuid('Not a patient id'),
          locationId: z.uuid('Not a location id'),
          kind: z.enum(['induction', 'maintenance']).default('induction'),
          startDate: localDateField.optional(),
          preferredTime: localTimeField.optional(),
        }),
        response: { 200: seriesProposalSchema },
      },
    },
    async (request) => proposeSeriesForPatient(request.body, ctx(request)),
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
        body: z.object({
          patientId: z.uuid('Not a patient id'),
          locationId: z.uuid('Not a location id'),
          kind: z.enum(['induction', 'maintenance']).default('induction'),
          preferredTime: localTimeField.optional(),
          sessions: z
            .array(
              z.object({
                date: localDateField,
                startTime: localTimeField,
                chairId: placementFields.chairId,
                staffUserId: placementFields.staffUserId,
              }),
            )
            .min(1, 'Give at least one session')
            .max(30),
        }),
        response: {
          200: z.object({ seriesId: z.string(), appointments: z.array(appointmentSchema) }),
          201: z.object({ seriesId: z.string(), appointments: z.array(appointmentSchema) }),
        },
      },
    },
    async (request, reply) => {
      const result = await bookSeries(request.body, ctx(request), request.headers['idempotency-key']);
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
        body: z.object({
          date: localDateField,
          startTime: localTimeField,
          chairId: placementFields.chairId,
          staffUserId: placementFields.staffUserId,
        }),
        response: { 201: appointmentSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await bookSeriesReplacement(request.params.id, request.body, ctx(request))),
  );
};

const feedSchema = z.object({
  id: z.string(),
  kind: z.enum(['patient', 'chair']),
  patientId: z.string().nullable(),
  chairId: z.string().nullable(),
  createdAt: z.string(),
});

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
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(25),
          before: z.iso.datetime({ offset: true }).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                to: z.string(),
                subject: z.string(),
                text: z.string(),
                kind: z.string(),
                status: z.string(),
                attempts: z.number(),
                lastError: z.string().nullable(),
                createdAt: z.string(),
                sentAt: z.string().nullable(),
              }),
            ),
            next: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => listOutbox(request.query, ctx(request)),
  );

  app.post(
    '/schedule/feeds',
    {
      config: { access: { action: 'account.self' } },
      schema: {
        tags,
        summary:
          'Make a secret calendar feed URL for a patient (front desk, or the patient for themself) or a chair (front desk, admin). The URL is shown once.',
        body: z.object({
          patientId: z.uuid('Not a patient id').optional(),
          chairId: z.uuid('Not a chair id').optional(),
        }),
        response: { 201: feedSchema.extend({ url: z.string() }) },
      },
    },
    async (request, reply) => reply.code(201).send(await createFeed(request.body, ctx(request), deps.publicUrl)),
  );

  app.get(
    '/schedule/feeds',
    {
      config: { access: { action: 'account.self' } },
      schema: {
        tags,
        summary: 'Active calendar feeds (a patient sees their own)',
        querystring: z.object({
          patientId: z.uuid('Not a patient id').optional(),
          chairId: z.uuid('Not a chair id').optional(),
        }),
        response: { 200: z.object({ items: z.array(feedSchema) }) },
      },
    },
    async (request) => ({ items: await listCalendarFeeds(request.query, ctx(request)) }),
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
        params: z.object({ file: z.string().max(100) }),
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
