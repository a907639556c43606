import { z } from 'zod';
import {
  conditionIds,
  contactMethodIds,
  contactTimeIds,
  usStates,
  type PrescreenAnswer,
} from '../domain/intake/index.js';

/**
 * Wire shapes of the public "Get started" request (POST /api/v1/intake, src/http/routes/intake.ts), sent by
 * the public site's intake form (web/src/public/intake). Messages speak to the person filling it in.
 */
const trimmed = (max: number, message: string) =>
  z.string().trim().min(1, message).max(max, `Use at most ${max} characters`);
const answerValue = z.union([z.number(), z.boolean(), z.null()]);
const instrumentAnswers = z.record(z.string().max(40), answerValue);
const stateCodes = usStates.map(([code]) => code) as [string, ...string[]];

export const intakeBody = z.object({
  contact: z.object({
    givenName: trimmed(100, 'Enter your first name'),
    familyName: trimmed(100, 'Enter your last name'),
    email: z
      .string()
      .trim()
      .max(320)
      .pipe(z.email('Enter an email address in the correct format, like name@example.com')),
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^\+?[0-9 ().-]{7,}$/, 'Enter a phone number, like 555 010 0199')
      .refine(
        (v) => v.replace(/\D/g, '').length >= 7 && v.replace(/\D/g, '').length <= 15,
        'Enter a phone number with 7 to 15 digits',
      ),
    // The rule (a real date, in the past, an adult) is the domain's: evaluateIntake reports it.
    dateOfBirth: z.string().max(40),
    state: z.enum(stateCodes, 'Choose the state you live in'),
  }),
  conditions: z
    .array(z.enum(conditionIds, 'Choose from the list'))
    .min(1, 'Choose at least one thing that brings you here')
    .max(conditionIds.length)
    .refine((list) => new Set(list).size === list.length, 'Choose each one only once'),
  answers: z.strictObject({
    phq9: instrumentAnswers.optional(),
    cssrs_screener: instrumentAnswers.optional(),
    gad7: instrumentAnswers.optional(),
    pcl5: instrumentAnswers.optional(),
    pain_nrs: instrumentAnswers.optional(),
  }),
  prescreen: z.record(
    z.string().max(60),
    z.enum(['yes', 'no', 'not_sure'] as const satisfies readonly PrescreenAnswer[], 'Choose yes, no or not sure'),
  ),
  medications: z.object({ current: z.string().trim().max(2000, 'Use at most 2000 characters') }),
  contactPreferences: z.object({
    times: z
      .array(z.enum(contactTimeIds, 'Choose from the list'))
      .min(1, 'Choose at least one time we can contact you')
      .max(contactTimeIds.length),
    method: z.enum(contactMethodIds, 'Choose how we should contact you'),
  }),
  consent: z.object({ contact: z.boolean(), privacyNotice: z.boolean() }),
  /** Honeypot: hidden from people (decision 005). */
  website: z.string().max(500).default(''),
  formToken: z.string().max(100),
});

/** The answer to a stored (or dropped as spam) request: the reference and nothing else. */
export const intakeReceiptSchema = z.object({ reference: z.string() });

export type IntakeBody = z.infer<typeof intakeBody>;
/** What the form sends (the honeypot may be left out). */
export type IntakeRequest = z.input<typeof intakeBody>;
export type IntakeReceipt = z.infer<typeof intakeReceiptSchema>;
