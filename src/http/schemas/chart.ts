import { z } from 'zod';
import { outcomeInstruments, patientStatuses } from '../../domain/chart/index.js';

/** Request and response shapes of the chart routes (patients, assessments, consents, plans, protocols). */
export const patientIdParams = z.object({ id: z.uuid('Not a patient id') });
export const versionField = z.number().int().min(1);
const optText = (max: number) => z.string().trim().max(max).nullable().optional();
const isoDate = z.string();

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
});

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

const finding = z.object({
  code: z.string(),
  severity: z.enum(['exclusion', 'caution', 'needs_clearance']),
  clearance: z.string().optional(),
  message: z.string(),
  source: z.string(),
});

export const eligibilityResultSchema = z.object({
  decision: z.enum(['eligible', 'eligible_with_clearance', 'not_eligible']),
  findings: z.array(finding),
  clearances: z.array(z.string()),
  restingBloodPressure: bloodPressure,
});

const userRef = z.object({ id: z.uuid(), name: z.string() }).nullable();
const protocolRef = z.object({ id: z.uuid(), number: z.number().int(), label: z.string() });

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
  signedBy: userRef,
  signedAt: z.string().nullable(),
  amendsAssessmentId: z.uuid().nullable(),
  amendmentReason: z.string().nullable(),
  amendedBy: z.array(z.uuid()),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

// ---- consents ----------------------------------------------------------------------------------

export const consentTemplateSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  currentVersion: z.object({ id: z.uuid(), number: z.number().int(), body: z.string(), createdAt: z.string() }),
  versions: z.array(z.object({ id: z.uuid(), number: z.number().int(), createdAt: z.string() })),
  version: z.number().int(),
});

export const consentSchema = z.object({
  id: z.uuid(),
  templateId: z.uuid(),
  templateTitle: z.string(),
  templateVersion: z.object({ id: z.uuid(), number: z.number().int(), body: z.string() }),
  signedName: z.string(),
  signatureKind: z.enum(['click', 'drawn']),
  signatureDrawing: z.string().nullable(),
  signedAt: z.string(),
  ip: z.string().nullable(),
  channel: z.enum(['clinic_tablet', 'portal']),
  witnessedBy: userRef,
  withdrawnAt: z.string().nullable(),
  withdrawalReason: z.string().nullable(),
  status: z.enum(['signed', 'withdrawn']),
  version: z.number().int(),
});

// ---- plans -------------------------------------------------------------------------------------

const planCommon = {
  conditions: z.array(z.string().trim().max(10)).max(10),
  induction: z.object({ sessions: z.number().int(), startDate: z.string(), preferredTime: z.string() }),
  maintenance: z.object({
    intent: z.enum(['individual', 'andrade2017', 'esketamine_label', 'none']),
    note: z.string().max(2000),
  }),
  outcome: z.object({
    instrumentId: z.enum(outcomeInstruments),
    responseDropPercent: z.number(),
    remissionAtOrBelow: z.number().int().min(0).nullable(),
  }),
  stopRule: z.object({ reviewBySession: z.number().int(), minImprovementPercent: z.number() }),
};

const ketaminePlanContentSchema = z.object({
  ...planCommon,
  route: z.enum(['IV', 'IM']),
  startMgPerKg: z.number().positive().max(4.5),
  weightBasis: z.enum(['actual', 'ideal', 'adjusted']),
  concentrationMgPerMl: z.number().positive().max(100),
  infusionMinutes: z.number().int().positive().max(600).nullable(),
  titration: z.object({ stepMgPerKg: z.number().min(0).max(1), maxMgPerKg: z.number().positive().max(4.5) }),
});

/** Esketamine nasal spray: a fixed dose in mg (56 or 84, checked by the domain), never weight-based. */
const esketaminePlanContentSchema = z.strictObject({
  ...planCommon,
  route: z.literal('IN'),
  startMg: z.number(),
  maxMg: z.number(),
});

export const planContentSchema = z.discriminatedUnion('route', [
  ketaminePlanContentSchema,
  esketaminePlanContentSchema,
]);

const limit = z.object({ limit: z.string(), allowed: z.number(), requested: z.number() });
// Fields added in protocol 2026.2 (delivered-dose checks, dilution, weight basis) are optional: plans signed
// before them are served as they were stored.
const dose = z.object({
  route: z.string(),
  basis: z.string(),
  basisUsed: z.enum(['actual', 'ideal', 'adjusted']).optional(),
  basisChange: z.enum(['actual_below_ideal', 'height_below_devine_range']).nullable().optional(),
  weight: z.object({
    actualKg: z.number(),
    heightCm: z.number(),
    bmi: z.number(),
    idealKg: z.number().nullable(),
    adjustedKg: z.number().nullable(),
    dosingKg: z.number(),
  }),
  orderedMgPerKg: z.number(),
  doseMg: z.number(),
  volume: z.object({ exactMl: z.number(), roundedMl: z.number(), deltaMl: z.number(), stepMl: z.number() }),
  delivered: z.object({ mg: z.number(), mgPerKg: z.number(), mgPerKgActual: z.number().optional() }),
  infusion: z
    .object({
      minutes: z.number(),
      mlPerHour: z.number(),
      mgPerKgPerHour: z.number(),
      drugVolumeMl: z.number().optional(),
      diluent: z.enum(['sodium_chloride_0_9', 'dextrose_5', 'none']).optional(),
      diluentVolumeMl: z.number().optional(),
      finalVolumeMl: z.number().optional(),
      finalConcentrationMgPerMl: z.number().optional(),
    })
    .nullable(),
  limitCheck: z.object({ status: z.enum(['ok', 'override_required']), limits: z.array(limit).optional() }),
});

export const planSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  number: z.number().int(),
  status: z.enum(['draft', 'signed', 'superseded']),
  supersedesPlanId: z.uuid().nullable(),
  content: planContentSchema,
  derived: z.object({
    // IV/IM: the dose on the patient's weight; IN (esketamine): mg and 28 mg devices.
    startDose: dose.optional(),
    maxDose: dose.optional(),
    esketamine: z
      .object({ startMg: z.number(), startDevices: z.number(), maxMg: z.number(), maxDevices: z.number() })
      .optional(),
    exceededLimits: z.array(limit.extend({ dose: z.enum(['start', 'titration_max']) })),
    appointmentMinutes: z.number(),
    series: z.object({
      spanDays: z.number(),
      sessions: z.array(
        z.object({
          number: z.number(),
          localDate: z.string(),
          localTime: z.string(),
          weekday: z.string(),
          startsAt: z.string(),
          timeResolution: z.string(),
          timeAdjusted: z.boolean(),
        }),
      ),
    }),
  }),
  overrideReason: z.string().nullable(),
  changeReason: z.string().nullable(),
  protocol: protocolRef,
  consentId: z.uuid().nullable(),
  assessmentId: z.uuid().nullable(),
  signedBy: userRef,
  signedAt: z.string().nullable(),
  supersededAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});

/** A plan as a reader without clinical_notes.read (a coordinator) sees it: the schedule, no dose. */
export const planScheduleSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  number: z.number().int(),
  status: z.enum(['draft', 'signed', 'superseded']),
  supersedesPlanId: z.uuid().nullable(),
  scheduleOnly: z.literal(true),
  schedule: z.object({
    route: z.enum(['IV', 'IM', 'IN']),
    inductionSessions: z.number().int(),
    appointmentMinutes: z.number(),
    spanDays: z.number(),
    sessions: planSchema.shape.derived.shape.series.shape.sessions,
  }),
  signedBy: userRef,
  signedAt: z.string().nullable(),
  supersededAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});

/** What plans.read gives: the whole plan to clinical staff, the schedule to everyone else. */
export const planForReaderSchema = z.union([planSchema, planScheduleSchema]);

// ---- protocols ---------------------------------------------------------------------------------

export const protocolVersionSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  label: z.string(),
  // The full ClinicProtocol; validated by the domain (validateProtocol) on the way in.
  protocol: z.record(z.string(), z.unknown()),
  changeNote: z.string().nullable(),
  createdAt: z.string(),
  createdBy: userRef,
});
