import { z } from 'zod';
import { userRef } from './common.js';

/**
 * Wire shapes of the staff intake queue (src/http/routes/intakes.ts): coordinators and prescribers triage
 * the public "Get started" requests (the request itself is src/contracts/intake.ts's business).
 */
// ---- the queue ---------------------------------------------------------------------------------

const severity = z.object({ id: z.string(), label: z.string() }).nullable();
const score = z.object({
  instrumentId: z.string(),
  shortTitle: z.string(),
  version: z.string(),
  total: z.number().nullable(),
  max: z.number().nullable(),
  severity,
  flags: z.array(z.string()),
});
const prescreenFlag = z.object({
  flag: z.string(),
  questionId: z.string(),
  label: z.string(),
  answer: z.enum(['yes', 'not_sure']),
  severity: z.enum(['absolute', 'relative']),
  source: z.string(),
});

/** What the queue shows for one intake: enough to triage, with the scores already computed at submission. */
export const intakeSummarySchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(['new', 'contacted', 'converted', 'declined']),
  urgent: z.boolean(),
  urgentReasons: z.array(z.string()),
  givenName: z.string(),
  familyName: z.string(),
  state: z.string(),
  conditions: z.array(z.string()),
  submittedAt: z.string(),
  /** Seconds since submission at the time of the request (the console ticks from here). */
  waitingSeconds: z.number().int(),
  scores: z.array(score),
  prescreenFlags: z.array(prescreenFlag),
  assignedTo: userRef.nullable(),
  contactedAt: z.string().nullable(),
  version: z.number().int(),
});

const intakeNoteSchema = z.object({ id: z.uuid(), body: z.string(), author: userRef, createdAt: z.string() });

export const intakeDetailSchema = intakeSummarySchema.extend({
  email: z.string(),
  phone: z.string(),
  dateOfBirth: z.string(),
  /** `null` for people without `assessments.read` (coordinators): they triage from scores and flags. */
  answers: z.record(z.string(), z.record(z.string(), z.union([z.number(), z.boolean(), z.null()]))).nullable(),
  prescreen: z.record(z.string(), z.string()).nullable(),
  medications: z.string().nullable(),
  contactTimes: z.array(z.string()),
  contactMethod: z.string(),
  declineReason: z.string().nullable(),
  patientId: z.uuid().nullable(),
  notes: z.array(intakeNoteSchema),
});

export const intakePageSchema = z.object({ items: z.array(intakeSummarySchema), nextCursor: z.string().nullable() });

export const intakeQueueQuery = z.object({
  filter: z.enum(['open', 'converted', 'declined', 'all'], 'Choose open, converted, declined or all').default('open'),
  assigned: z.enum(['me'], 'The only assignment filter is "me"').optional(),
  q: z.string().trim().max(100, 'Search with at most 100 characters').optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// ---- actions -----------------------------------------------------------------------------------

export const intakeParams = z.object({ id: z.uuid('Not an intake id') });
/** The version the caller saw (409 when stale); left out, the action applies to the current one. */
const intakeVersion = z.number().int().positive().optional();

export const intakeAssignBody = z.object({
  userId: z.uuid('Choose a member of staff').nullable().optional(),
  version: intakeVersion,
});
export const intakeVersionSchema = z.object({ version: z.number().int() });
export const intakeNoteBody = z.object({
  body: z.string().trim().min(1, 'Write the note').max(4000, 'Use at most 4000 characters'),
});
export const intakeNoteAddedSchema = z.object({ id: z.uuid(), createdAt: z.string() });
export const intakeContactedBody = z.object({ version: intakeVersion }).default({});
export const intakeContactedSchema = z.object({ version: z.number().int(), contactedAt: z.string() });
export const intakeDeclineBody = z.object({
  reason: z.string().trim().min(1, 'Give the reason').max(1000, 'Use at most 1000 characters'),
  version: intakeVersion,
});
/** The decline email for the coordinator to send (the reason itself stays internal). */
export const intakeDeclinedSchema = z.object({
  version: z.number().int(),
  email: z.object({ to: z.string(), subject: z.string(), body: z.string() }),
});
export const intakeConvertBody = z
  .object({ requestAssessment: z.boolean().default(true), version: intakeVersion })
  .default({ requestAssessment: true });
export const intakeConvertedSchema = z.object({
  patientId: z.uuid(),
  mrn: z.string(),
  assessmentRequestId: z.uuid().nullable(),
});

export type IntakeSummary = z.infer<typeof intakeSummarySchema>;
export type IntakeNote = z.infer<typeof intakeNoteSchema>;
export type IntakeDetail = z.infer<typeof intakeDetailSchema>;
export type IntakePage = z.infer<typeof intakePageSchema>;
export type IntakeQueueQuery = z.input<typeof intakeQueueQuery>;
export type IntakeAssignBody = z.infer<typeof intakeAssignBody>;
export type IntakeNoteBody = z.infer<typeof intakeNoteBody>;
export type IntakeContactedBody = z.input<typeof intakeContactedBody>;
export type IntakeDeclineBody = z.infer<typeof intakeDeclineBody>;
export type IntakeConvertBody = z.input<typeof intakeConvertBody>;
export type IntakeDeclined = z.infer<typeof intakeDeclinedSchema>;
export type IntakeConverted = z.infer<typeof intakeConvertedSchema>;
