import { z } from 'zod';
import { portalInstrumentIds, safetyAlertActions } from '../domain/questionnaires/index.js';
import { versionField } from './common.js';

/**
 * Wire shapes of questionnaires between visits (src/http/routes/questionnaires.ts): the schedule of a
 * plan, the patient's own questionnaires in the portal (answered one question at a time on the server,
 * then submitted) and the safety alerts a risky answer raises.
 */

// ---- the schedule of a plan (staff) -----------------------------------------------------------------

export const settingsSchema = z.object({
  instrumentIds: z.array(z.enum(portalInstrumentIds, 'Choose a questionnaire the patient fills in alone')).max(6),
  beforeEachSession: z.boolean(),
  preSessionOpensHours: z.number().int(),
  weeklyDuringInduction: z.boolean(),
  afterInductionWeeks: z.array(z.number().int()).max(12),
  maintenanceEveryWeeks: z.number().int().nullable(),
  opensDaysBefore: z.number().int(),
  graceDays: z.number().int(),
});

export const assignmentPoint = z.object({
  key: z.string(),
  instrumentId: z.string(),
  reason: z.string(),
  week: z.number().int().nullable(),
  opensAt: z.string(),
  dueAt: z.string(),
  closesAt: z.string(),
  state: z.string(),
});

export const scheduleSchema = z.object({
  planId: z.uuid(),
  settings: settingsSchema,
  version: z.number().int(),
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
  upcoming: z.array(assignmentPoint),
});

export const scheduleBody = z.object({ settings: settingsSchema, version: z.number().int().min(0) });

// ---- the patient's own (portal) -------------------------------------------------------------------
export const answerValue = z.union([z.number(), z.boolean(), z.null()]);

export const assignmentSchema = z.object({
  id: z.uuid(),
  instrumentId: z.string(),
  title: z.string(),
  /** Why it was sent: pre_session, induction_weekly, after_induction or maintenance. */
  reason: z.string(),
  opensAt: z.string(),
  dueAt: z.string(),
  closesAt: z.string(),
  state: z.enum(['upcoming', 'open', 'overdue', 'missed', 'completed']),
  status: z.enum(['assigned', 'in_progress', 'completed', 'cancelled']),
  answered: z.number().int(),
  questions: z.number().int(),
  draftAnswers: z.record(z.string(), answerValue),
  completedAt: z.string().nullable(),
  version: z.number().int(),
});

export const assignmentParams = z.object({ assignmentId: z.uuid('Not a questionnaire id') });
export const answerParams = assignmentParams.extend({
  itemId: z.string().regex(/^[a-z0-9_]{1,40}$/, 'Not a question id'),
});
export const answerBody = z.object({ value: answerValue });

export const submitResultSchema = z.object({
  assignment: assignmentSchema,
  total: z.number().int().nullable(),
  severity: z.object({ id: z.string(), label: z.string() }).nullable(),
  explanation: z.object({ headline: z.string(), paragraphs: z.array(z.string()) }),
  safetyAlert: z.boolean(),
});

// ---- safety alerts ---------------------------------------------------------------------------------

export const alertSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  patientName: z.string(),
  mrn: z.string(),
  resultId: z.uuid(),
  instrumentId: z.string(),
  reasons: z.array(z.string()),
  assignedUserId: z.uuid().nullable(),
  assignedUserName: z.string().nullable(),
  status: z.enum(['open', 'acknowledged', 'resolved']),
  raisedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolutionAction: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  version: z.number().int(),
});
export const alertParams = z.object({ alertId: z.uuid('Not an alert id') });
export const alertListQuery = z.object({
  status: z.enum(['unresolved', 'resolved'], 'Choose unresolved or resolved').default('unresolved'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const alertCountsSchema = z.object({ open: z.number().int(), acknowledged: z.number().int() });
export const acknowledgeAlertBody = z.object({ version: versionField });
export const resolveAlertBody = z.object({
  version: versionField,
  action: z.enum(safetyAlertActions, 'Choose what was done'),
  note: z.string().max(4000),
});
export const escalationSettingSchema = z.object({ minutes: z.number().int() });

// ---- overdue -------------------------------------------------------------------------------------

export const overdueQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const overdueListSchema = z.object({
  count: z.number().int(),
  items: z.array(
    z.object({
      patientId: z.uuid(),
      name: z.string(),
      mrn: z.string(),
      overdue: z.number().int(),
      oldestDueAt: z.string(),
      instrumentIds: z.array(z.string()),
    }),
  ),
});

export type OverdueList = z.infer<typeof overdueListSchema>;
export type ScheduleSettings = z.infer<typeof settingsSchema>;
export type QuestionnaireSchedule = z.infer<typeof scheduleSchema>;
export type ScheduleBody = z.infer<typeof scheduleBody>;
export type SafetyAlert = z.infer<typeof alertSchema>;
export type AlertCounts = z.infer<typeof alertCountsSchema>;
export type ResolveAlertBody = z.infer<typeof resolveAlertBody>;
export type AnswerValue = z.infer<typeof answerValue>;
export type Assignment = z.infer<typeof assignmentSchema>;
export type AnswerBody = z.infer<typeof answerBody>;
export type SubmitResult = z.infer<typeof submitResultSchema>;
