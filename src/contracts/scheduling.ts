import { z } from 'zod';
import { appointmentKinds, appointmentStatuses } from '../domain/scheduling/index.js';
import { isLocalDate } from '../domain/time/local-date.js';
import { idParams, optionalIdempotencyHeaders, versionField } from './common.js';

/** Wire shapes of the scheduling API (/api/v1/schedule/…). Dates and times are the location's wall clock. */
export const localDateField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date YYYY-MM-DD')
  // A day that exists (not 2026-02-30, which would roll over into March), in a year a clinic works with.
  .refine((d) => isLocalDate(d) && d >= '2000-01-01' && d <= '2099-12-31', 'Use a real date YYYY-MM-DD (2000–2099)');
export const localTimeField = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time HH:MM (24-hour)');
const ref = z.object({ id: z.string(), name: z.string() });

export const appointmentSchema = z.object({
  id: z.string(),
  patient: z.object({ id: z.string(), name: z.string(), mrn: z.string() }),
  type: z.object({ id: z.string(), kind: z.string(), label: z.string() }),
  location: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  chair: ref.nullable(),
  staff: ref.nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  localDate: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  status: z.enum(appointmentStatuses),
  series: z.object({ id: z.string(), number: z.number() }).nullable(),
  companionName: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  confirmedVia: z.string().nullable(),
  cancelReason: z.string().nullable(),
  lateCancel: z.boolean(),
  questionnairesDone: z.number(),
  version: z.number(),
});

export const chairSchema = z.object({
  id: z.string(),
  locationId: z.string(),
  name: z.string(),
  kind: z.enum(['chair', 'room']),
  active: z.boolean(),
  version: z.number(),
});

const hoursItem = z.object({ day: z.number().int().min(1).max(7), opens: localTimeField, closes: localTimeField });

export const locationSchema = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  ownTimeZone: z.string().nullable(),
  openingHours: z.array(hoursItem),
  closedDates: z.array(z.string()),
  chairs: z.array(chairSchema),
  version: z.number(),
});

export const locationBody = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(200),
  timeZone: z.string().min(1).max(64).nullable(),
  openingHours: z.array(hoursItem).max(7),
  closedDates: z.array(localDateField).max(400),
});

export const appointmentTypeSchema = z.object({
  id: z.string(),
  kind: z.enum(appointmentKinds),
  label: z.string(),
  minutes: z.number(),
  preCheckMinutes: z.number().nullable(),
  doseMinutes: z.number().nullable(),
  observationMinutes: z.number().nullable(),
  needsChair: z.boolean(),
  staffRole: z.enum(['nurse', 'prescriber']).nullable(),
  prescriberOnSite: z.boolean(),
  requiresSignedPlan: z.boolean(),
  source: z.string(),
  active: z.boolean(),
  version: z.number(),
});

const minutes = (max: number) => z.number().int().min(0).max(max).nullable();
export const appointmentTypeBody = z.object({
  label: z.string().trim().min(1, 'Enter a label').max(100),
  minutes: z.number().int().min(5).max(720),
  preCheckMinutes: minutes(240),
  doseMinutes: minutes(240),
  observationMinutes: minutes(480),
  needsChair: z.boolean(),
  staffRole: z.enum(['nurse', 'prescriber']).nullable(),
  prescriberOnSite: z.boolean(),
  requiresSignedPlan: z.boolean(),
  active: z.boolean(),
  version: z.number().int().min(1),
});

export const staffHoursSchema = z.object({
  userId: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  hours: z.array(z.object({ weekday: z.number(), opens: z.string(), closes: z.string() })),
});

export const placementFields = {
  date: localDateField,
  startTime: localTimeField,
  endTime: localTimeField.optional(),
  chairId: z.uuid('Not a chair id').nullable().optional(),
  staffUserId: z.uuid('Not a staff id').nullable().optional(),
};

export const bookingBody = z
  .object({
    patientId: z.uuid('Not a patient id'),
    locationId: z.uuid('Not a location id'),
    appointmentTypeId: z.uuid('Not an appointment type id').optional(),
    kind: z.enum(appointmentKinds).optional(),
    ...placementFields,
  })
  .refine((b) => b.appointmentTypeId !== undefined || b.kind !== undefined, {
    error: 'Give appointmentTypeId or kind',
    path: ['appointmentTypeId'],
  });

export const proposedSessionSchema = z.object({
  number: z.number(),
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  chair: ref.nullable(),
  staff: ref.nullable(),
  adjusted: z.boolean(),
});

export const seriesProposalSchema = z.object({
  patientId: z.string(),
  planId: z.string(),
  kind: z.enum(['induction', 'maintenance']),
  type: z.object({ id: z.string(), kind: z.string(), label: z.string(), minutes: z.number() }),
  location: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  startDate: z.string(),
  preferredTime: z.string(),
  constraints: z
    .object({
      sessions: z.number(),
      maxSpanDays: z.number(),
      minSessionsPerWeek: z.number(),
      maxSessionsPerWeek: z.number(),
      minSpacingDays: z.number(),
      minSpacingHours: z.number(),
    })
    .nullable(),
  sessions: z.array(proposedSessionSchema),
});

export const idempotencyHeaders = optionalIdempotencyHeaders;

// ---- set-up ------------------------------------------------------------------------------------

export const locationListSchema = z.object({ items: z.array(locationSchema) });
export const locationEditBody = locationBody.extend({ version: versionField });
export const chairBody = z.object({
  locationId: z.uuid('Not a location id'),
  name: z.string().trim().min(1, 'Enter a name').max(100),
  kind: z.enum(['chair', 'room']).default('chair'),
});
export const chairEditBody = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['chair', 'room']),
  active: z.boolean(),
  version: versionField,
});
export const staffHoursListSchema = z.object({ items: z.array(staffHoursSchema) });
export const staffHoursParams = idParams.extend({ userId: z.uuid('Not a user id') });
export const staffHoursBody = z.object({
  hours: z
    .array(z.object({ weekday: z.number().int().min(1).max(7), opens: localTimeField, closes: localTimeField }))
    .max(7),
});
export const appointmentTypeListSchema = z.object({ items: z.array(appointmentTypeSchema) });

// ---- the calendar and the day --------------------------------------------------------------------

export const calendarQuery = z.object({
  locationId: z.uuid('Not a location id'),
  from: localDateField,
  days: z.coerce.number().int().min(1).max(31).default(1),
  chairId: z.uuid('Not a chair id').optional(),
});
export const calendarSchema = z.object({
  items: z.array(appointmentSchema),
  location: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  from: z.string(),
  to: z.string(),
});
export const todayQuery = z.object({ locationId: z.uuid('Not a location id') });
export const todaySchema = z.object({ date: z.string(), items: z.array(appointmentSchema) });

// ---- booking, status, series -------------------------------------------------------------------

export const rescheduleBody = z.object({ ...placementFields, version: versionField });
export const appointmentStatusBody = z.object({
  status: z.enum(appointmentStatuses),
  version: versionField,
  reason: z.string().trim().max(500).optional(),
  companionName: z.string().trim().max(200).optional(),
});
export const seriesProposalBody = z.object({
  patientId: z.uuid('Not a patient id'),
  locationId: z.uuid('Not a location id'),
  kind: z.enum(['induction', 'maintenance']).default('induction'),
  startDate: localDateField.optional(),
  preferredTime: localTimeField.optional(),
});
/** One session placed in a chair and with a member of staff (a series session or its replacement). */
const sessionPlacement = z.object({
  date: localDateField,
  startTime: localTimeField,
  chairId: placementFields.chairId,
  staffUserId: placementFields.staffUserId,
});
export const seriesBookingBody = z.object({
  patientId: z.uuid('Not a patient id'),
  locationId: z.uuid('Not a location id'),
  kind: z.enum(['induction', 'maintenance']).default('induction'),
  preferredTime: localTimeField.optional(),
  sessions: z.array(sessionPlacement).min(1, 'Give at least one session').max(30),
});
export const seriesBookedSchema = z.object({ seriesId: z.string(), appointments: z.array(appointmentSchema) });
export const replacementBody = sessionPlacement;

// ---- outbox and calendar feeds -----------------------------------------------------------------

export const outboxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  before: z.iso.datetime({ offset: true }).optional(),
});
export const outboxPageSchema = z.object({
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
});
export const feedSchema = z.object({
  id: z.string(),
  kind: z.enum(['patient', 'chair']),
  patientId: z.string().nullable(),
  chairId: z.string().nullable(),
  createdAt: z.string(),
});
/** A new feed: its secret URL, shown once. */
export const feedCreatedSchema = feedSchema.extend({ url: z.string() });
export const feedBody = z.object({
  patientId: z.uuid('Not a patient id').optional(),
  chairId: z.uuid('Not a chair id').optional(),
});
export const feedQuery = feedBody;
export const feedListSchema = z.object({ items: z.array(feedSchema) });
export const feedFileParams = z.object({ file: z.string().max(100) });

export type Appointment = z.infer<typeof appointmentSchema>;
export type Chair = z.infer<typeof chairSchema>;
export type Location = z.infer<typeof locationSchema>;
export type StaffHours = z.infer<typeof staffHoursSchema>;
export type ProposedSession = z.infer<typeof proposedSessionSchema>;
export type SeriesProposal = z.infer<typeof seriesProposalSchema>;
export type AppointmentType = z.infer<typeof appointmentTypeSchema>;
export type Calendar = z.infer<typeof calendarSchema>;
export type TodayList = z.infer<typeof todaySchema>;
export type CalendarFeed = z.infer<typeof feedSchema>;
export type OutboxPage = z.infer<typeof outboxPageSchema>;
