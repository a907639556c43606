import { z } from 'zod';

/**
 * Wire shapes of the patient's own questionnaires in the portal (src/http/routes/questionnaires.ts,
 * /api/v1/portal/questionnaires…): answered one question at a time on the server, then submitted.
 */
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

export type AnswerValue = z.infer<typeof answerValue>;
export type Assignment = z.infer<typeof assignmentSchema>;
export type AnswerBody = z.infer<typeof answerBody>;
export type SubmitResult = z.infer<typeof submitResultSchema>;
