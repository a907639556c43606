import { z } from 'zod';
import { patientStatuses } from '../domain/chart/patient-status.js';
import { isoDate, optText, pageOf, patientIdParams, versionField } from './common.js';

/** Wire shapes of the patient routes (src/http/routes/patients.ts): list, chart, demographics, chart items. */

export const patientStatusField = z.enum(patientStatuses);

export const patientListItemSchema = z.object({
  id: z.uuid(),
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.string(),
  status: patientStatusField,
  statusLabel: z.string(),
});

const contactSchema = z.object({
  name: z.string().nullable(),
  phone: z.string().nullable(),
  relationship: z.string().nullable(),
});

export const patientSchema = z.object({
  id: z.uuid(),
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.string(),
  ageYears: z.number().int(),
  sex: z.enum(['female', 'male']).nullable(),
  genderIdentity: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.object({
    line1: z.string().nullable(),
    line2: z.string().nullable(),
    city: z.string().nullable(),
    state: z.string().nullable(),
    postalCode: z.string().nullable(),
  }),
  emergencyContact: contactSchema,
  companion: contactSchema,
  heightCm: z.number().nullable(),
  weightKg: z.number().nullable(),
  bmi: z.number().nullable(),
  measuredAt: z.string().nullable(),
  substanceUse: z.record(z.string(), z.unknown()),
  medicalHistory: z.record(z.string(), z.unknown()),
  status: patientStatusField,
  statusChangedAt: z.string().nullable(),
  allowedStatuses: z.array(patientStatusField),
  createdAt: z.string(),
  version: z.number().int(),
});

const contactInput = z.object({ name: optText(200), phone: optText(40), relationship: optText(100) }).optional();

export const demographicsBody = z.object({
  version: versionField,
  givenName: z.string().trim().min(1).max(100).optional(),
  familyName: z.string().trim().min(1).max(100).optional(),
  preferredName: optText(100),
  dateOfBirth: z.string().optional(),
  sex: z.enum(['female', 'male']).nullable().optional(),
  genderIdentity: optText(100),
  email: optText(320),
  phone: optText(40),
  address: z
    .object({
      line1: optText(200),
      line2: optText(200),
      city: optText(100),
      state: z
        .string()
        .trim()
        .regex(/^[A-Z]{2}$/, 'Use the 2-letter state code')
        .nullable()
        .optional(),
      postalCode: optText(20),
    })
    .optional(),
  emergencyContact: contactInput,
  companion: contactInput,
  // Units are checked by the domain (a clear message for inches or pounds), so only "a number" here.
  heightCm: z.number().nullable().optional(),
  weightKg: z.number().nullable().optional(),
  substanceUse: z.record(z.string(), z.union([z.string().max(2000), z.boolean(), z.number(), z.null()])).optional(),
  medicalHistory: z.record(z.string(), z.union([z.string().max(2000), z.boolean(), z.number(), z.null()])).optional(),
});

export const patientSearchQuery = z.object({
  q: z.string().max(100).optional(),
  status: patientStatusField.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export const patientPageSchema = pageOf(patientListItemSchema);

export const statusChangeBody = z.object({
  status: patientStatusField,
  reason: z.string().trim().min(1, 'Give the reason').max(500),
  version: versionField,
});
export const statusChangedSchema = z.object({ status: patientStatusField, version: z.number().int() });

export const allergyBody = z.object({
  substance: z.string().trim().min(1, 'Name the substance').max(200),
  reaction: z.string().trim().max(500).nullable().optional(),
  severity: z.enum(['mild', 'moderate', 'severe', 'unknown']),
});

export const noKnownAllergiesBody = z.object({ noKnownAllergies: z.boolean() });
export const noKnownAllergiesSchema = z.object({ noKnownAllergies: z.boolean(), recordedAt: z.string().nullable() });

export const diagnosisBody = z.object({
  icd10: z.string().trim().min(1).max(10),
  label: z.string().trim().max(300).nullable().optional(),
  isPrimary: z.boolean().default(false),
});
export const diagnosisAddedSchema = z.object({ id: z.uuid(), icd10: z.string(), label: z.string() });

export const medicationBody = z.object({
  name: z.string().trim().min(1, 'Name the medication').max(200),
  doseText: z.string().trim().max(200).nullable().optional(),
  dailyMg: z.number().min(0).max(10000).nullable().optional(),
  lorazepamEqMgPerDay: z.number().min(0).max(100).nullable().optional(),
});
export const medicationAddedSchema = z.object({
  id: z.uuid(),
  benzodiazepine: z.boolean(),
  lorazepamEqMgPerDay: z.number().nullable(),
  maoi: z.boolean(),
});

export const vitalsBody = z.object({
  systolicMmHg: z.number().int().min(50).max(300).nullable().optional(),
  diastolicMmHg: z.number().int().min(20).max(200).nullable().optional(),
  heartRateBpm: z.number().int().min(20).max(250).nullable().optional(),
  spo2Percent: z.number().int().min(50).max(100).nullable().optional(),
  respiratoryRatePerMin: z.number().int().min(4).max(60).nullable().optional(),
  weightKg: z.number().nullable().optional(),
  heightCm: z.number().nullable().optional(),
  context: z.enum(['clinic', 'assessment']).optional(),
});

export const questionnaireBody = z.object({
  instrumentId: z.string().max(40),
  answers: z.record(z.string(), z.union([z.number(), z.boolean(), z.null()])),
  context: z.enum(['baseline', 'follow_up']).optional(),
});
export const questionnaireRecordedSchema = z.object({
  id: z.uuid(),
  total: z.number().nullable(),
  severity: z.object({ id: z.string(), label: z.string() }).nullable(),
  flags: z.array(z.string()),
});

export const chartItemParams = patientIdParams.extend({
  list: z.enum(['allergies', 'diagnoses', 'medications']),
  itemId: z.uuid(),
});

const severity = z.object({ id: z.string(), label: z.string() }).nullable();

export const chartSchema = z.object({
  patient: patientSchema.extend({ statusLabel: z.string() }),
  allergies: z.array(
    z.object({
      id: z.uuid(),
      substance: z.string(),
      reaction: z.string().nullable(),
      severity: z.string(),
      recordedAt: isoDate,
    }),
  ),
  noKnownAllergies: z.object({ recordedAt: isoDate }).nullable(),
  diagnoses: z.array(
    z.object({ id: z.uuid(), icd10: z.string(), label: z.string(), isPrimary: z.boolean(), recordedAt: isoDate }),
  ),
  medications: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      doseText: z.string().nullable(),
      dailyMg: z.number().nullable(),
      benzodiazepine: z.boolean(),
      lorazepamEqMgPerDay: z.number().nullable(),
      maoi: z.boolean(),
      recordedAt: isoDate,
    }),
  ),
  benzodiazepineTotal: z.object({ mgPerDay: z.number(), unknownDose: z.array(z.string()) }),
  maoi: z.boolean(),
  vitals: z.array(
    z.object({
      id: z.uuid(),
      recordedAt: isoDate,
      context: z.string(),
      systolicMmHg: z.number().nullable(),
      diastolicMmHg: z.number().nullable(),
      heartRateBpm: z.number().nullable(),
      spo2Percent: z.number().nullable(),
      respiratoryRatePerMin: z.number().nullable(),
      weightKg: z.number().nullable(),
      heightCm: z.number().nullable(),
    }),
  ),
  questionnaires: z.array(
    z.object({
      id: z.string(),
      source: z.enum(['intake', 'chart']),
      instrumentId: z.string(),
      total: z.number().nullable(),
      severity,
      flags: z.array(z.string()),
      completedAt: isoDate,
    }),
  ),
  documents: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(['assessment', 'consent', 'plan']),
      title: z.string(),
      status: z.string(),
      date: isoDate,
    }),
  ),
  timeline: z.array(
    z.object({
      id: z.string(),
      occurredAt: isoDate,
      kind: z.string(),
      summary: z.string(),
      actor: z.string().nullable(),
    }),
  ),
  consent: z.discriminatedUnion('status', [
    z.object({ status: z.literal('none') }),
    z.object({ status: z.literal('active'), consentId: z.uuid(), signedAt: isoDate }),
    z.object({ status: z.literal('withdrawn'), consentId: z.uuid(), withdrawnAt: isoDate }),
  ]),
  eligibility: z.object({ assessmentId: z.uuid(), decision: z.string(), signedAt: isoDate }).nullable(),
  planning: z.object({
    calendar: z.object({
      timeZone: z.string(),
      openingHours: z.record(z.string(), z.object({ opens: z.string(), closes: z.string() })),
      closedDates: z.array(z.string()),
    }),
    protocolVersionId: z.uuid(),
    protocolNumber: z.number().int(),
  }),
  portalAccount: z.object({ email: z.string(), createdAt: isoDate, passwordSet: z.boolean() }).nullable(),
  clinicalRedacted: z.boolean(),
  olderPages: z.object({
    vitals: z.string().nullable(),
    questionnaires: z.string().nullable(),
    timeline: z.string().nullable(),
  }),
});

/** An older page of a chart history (GET /patients/{id}/{vitals|questionnaires|timeline}?cursor=…). */
export const chartHistoryPageSchemas = {
  vitals: z.object({ items: chartSchema.shape.vitals, nextCursor: z.string().nullable() }),
  questionnaires: z.object({ items: chartSchema.shape.questionnaires, nextCursor: z.string().nullable() }),
  timeline: z.object({ items: chartSchema.shape.timeline, nextCursor: z.string().nullable() }),
};

export type PatientListItem = z.infer<typeof patientListItemSchema>;
export type PatientSearchQuery = z.infer<typeof patientSearchQuery>;
export type Patient = z.infer<typeof patientSchema>;
/** The patient as the chart shows it: with the label of their status. */
export type ChartPatient = Patient & { statusLabel: string };
export type DemographicsBody = z.infer<typeof demographicsBody>;
export type StatusChangeBody = z.infer<typeof statusChangeBody>;
export type StatusChanged = z.infer<typeof statusChangedSchema>;
export type AllergyBody = z.infer<typeof allergyBody>;
export type NoKnownAllergies = z.infer<typeof noKnownAllergiesSchema>;
export type DiagnosisBody = z.input<typeof diagnosisBody>;
export type DiagnosisAdded = z.infer<typeof diagnosisAddedSchema>;
export type MedicationBody = z.infer<typeof medicationBody>;
export type MedicationAdded = z.infer<typeof medicationAddedSchema>;
export type VitalsBody = z.infer<typeof vitalsBody>;
export type QuestionnaireBody = z.infer<typeof questionnaireBody>;
export type QuestionnaireRecorded = z.infer<typeof questionnaireRecordedSchema>;
