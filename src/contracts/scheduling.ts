import { z } from 'zod';
import { appointmentKinds, appointmentStatuses } from '../domain/scheduling/index.js';

/** Wire shapes of the scheduling API (/api/v1/schedule/…). Dates and times are the location's wall clock. */
export const localDateField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date YYYY-MM-DD');
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

export const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });

export type Appointment = z.infer<typeof appointmentSchema>;
export type Chair = z.infer<typeof chairSchema>;
export type Location = z.infer<typeof locationSchema>;
export type StaffHours = z.infer<typeof staffHoursSchema>;
export type ProposedSession = z.infer<typeof proposedSessionSchema>;
export type SeriesProposal = z.infer<typeof seriesProposalSchema>;
