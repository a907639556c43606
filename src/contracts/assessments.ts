import { z } from 'zod';
import { clearances } from '../domain/eligibility/assess-eligibility.js';
import { optionalUserRef, patientIdParams, protocolRef, versionField } from './common.js';

/** Wire shapes of the assessment routes (src/http/routes/assessments.ts). */
// ---- assessments -------------------------------------------------------------------------------

const bloodPressure = z.object({ systolicMmHg: z.number(), diastolicMmHg: z.number() });

/** The structured findings (EligibilityInput); blood pressure may be empty while a draft is written. */
export const eligibilityInputSchema = z.object({
  diagnoses: z.array(z.object({ icd10: z.string().trim().max(10), label: z.string().max(300).optional() })).max(20),
  bloodPressureReadings: z.array(bloodPressure).max(6),
  hypertension: z.enum(['none', 'controlled', 'uncontrolled']),
  aneurysmalVascularDisease: z.boolean(),
  arteriovenousMalformation: z.boolean(),
  intracerebralHaemorrhageHistory: z.boolean(),
  recentStroke: z.boolean(),
  severeCardiacDisease: z.boolean(),
  eclampsiaOrPreEclampsia: z.boolean(),
  untreatedHyperthyroidism: z.boolean(),
  ketamineHypersensitivity: z.boolean(),
  psychosis: z.enum(['none', 'history', 'active']),
  bipolar: z.enum(['none', 'on_mood_stabiliser', 'without_mood_stabiliser', 'current_mania']),
  substanceUse: z.object({
    disorderSeverity: z.enum(['none', 'mild', 'moderate', 'severe']),
    nonPrescribedUseLast4Weeks: z.boolean(),
  }),
  benzodiazepineLorazepamEqMgPerDay: z.number().min(0).max(100),
  maoi: z.boolean(),
  suicidality: z.enum(['none', 'ideation_without_intent', 'active_intent']),
  pregnant: z.boolean(),
  breastfeeding: z.boolean(),
  raisedIntracranialPressure: z.boolean(),
  raisedIntraocularPressure: z.boolean(),
  severeHepaticImpairment: z.boolean(),
  seizureDisorder: z.boolean(),
  // Protocol 2026.2 (CLINICAL.md §1): asked explicitly, required on every save.
  ketamineOrPcpMisuseHistory: z.boolean({ error: 'Answer yes or no: any history of ketamine or PCP misuse' }),
  bladderSymptoms: z.boolean({ error: 'Answer yes or no: ketamine-associated bladder symptoms' }),
  stopBangScore: z
    .number({ error: 'Give the STOP-BANG score (0 to 8), or null when not done' })
    .int()
    .min(0)
    .max(8)
    .nullable(),
});

/**
 * The stored input as read back: drafts saved before protocol 2026.2 lack the new questions (they are then
 * unanswered, and the draft cannot be signed until they are answered).
 */
export const storedEligibilityInputSchema = eligibilityInputSchema.extend({
  ketamineOrPcpMisuseHistory: z.boolean().optional(),
  bladderSymptoms: z.boolean().optional(),
  stopBangScore: z.number().nullable().optional(),
});

const finding = z.discriminatedUnion('severity', [
  z.object({ code: z.string(), severity: z.enum(['exclusion', 'caution']), message: z.string(), source: z.string() }),
  z.object({
    code: z.string(),
    severity: z.literal('needs_clearance'),
    clearance: z.enum(clearances),
    message: z.string(),
    source: z.string(),
  }),
]);

export const eligibilityResultSchema = z.object({
  decision: z.enum(['eligible', 'eligible_with_clearance', 'not_eligible']),
  findings: z.array(finding),
  clearances: z.array(z.enum(clearances)),
  restingBloodPressure: bloodPressure,
});

export const assessmentSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  status: z.enum(['draft', 'signed']),
  input: storedEligibilityInputSchema,
  goals: z.string(),
  notes: z.string(),
  baselineResultIds: z.array(z.uuid()),
  protocol: protocolRef,
  result: eligibilityResultSchema.nullable(),
  decision: z.enum(['eligible', 'eligible_with_clearance', 'not_eligible']).nullable(),
  clearanceNote: z.string().nullable(),
  notEligibleReason: z.string().nullable(),
  overrideReason: z.string().nullable(),
  signedBy: optionalUserRef,
  signedAt: z.string().nullable(),
  amendsAssessmentId: z.uuid().nullable(),
  amendmentReason: z.string().nullable(),
  amendedBy: z.array(z.uuid()),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

export const assessmentListSchema = z.object({ items: z.array(assessmentSchema) });
export const assessmentParams = patientIdParams.extend({ assessmentId: z.uuid('Not an assessment id') });

/** A new draft: the findings, goals and notes, and the baseline questionnaires it rests on. */
export const assessmentDraftBody = z.object({
  input: eligibilityInputSchema,
  goals: z.string().max(4000).optional(),
  notes: z.string().max(8000).optional(),
  baselineResultIds: z.array(z.uuid()).max(20).optional(),
});
/** An edit of a draft: any of its fields, based on the version the editor saw. */
export const assessmentUpdateBody = assessmentDraftBody.partial().extend({ version: versionField });
/** The prescriber's decision; a clearance or a reason where the decision needs one. */
export const assessmentSignBody = z.object({
  decision: z.enum(['eligible', 'eligible_with_clearance', 'not_eligible']),
  clearanceNote: z.string().max(2000).nullable().optional(),
  notEligibleReason: z.string().max(2000).nullable().optional(),
  overrideReason: z.string().max(2000).nullable().optional(),
  version: versionField,
});
export const assessmentAmendBody = z.object({ reason: z.string().max(2000) });

export type Assessment = z.infer<typeof assessmentSchema>;
export type EligibilityResultWire = z.infer<typeof eligibilityResultSchema>;
export type AssessmentDraftBody = z.infer<typeof assessmentDraftBody>;
export type AssessmentUpdateBody = z.infer<typeof assessmentUpdateBody>;
export type AssessmentSignBody = z.infer<typeof assessmentSignBody>;
export type AssessmentAmendBody = z.infer<typeof assessmentAmendBody>;
export type EligibilityInputBody = z.infer<typeof eligibilityInputSchema>;
export type StoredEligibilityInput = z.infer<typeof storedEligibilityInputSchema>;
