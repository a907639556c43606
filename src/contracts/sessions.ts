import { z } from 'zod';
import { endOrganSymptoms } from '../domain/session/index.js';
import { remsLevels } from '../domain/session/esketamine-rems.js';
import { versionField } from './common.js';

/**
 * Wire shapes of the treatment session routes (src/http/routes/sessions.ts, /api/v1/sessions/…). Every
 * write carries an Idempotency-Key header and the session's version.
 */
export const sessionIdParams = z.object({ id: z.uuid('Not a session id') });
/** A booked dosing visit on the board whose patient has not arrived yet (from the calendar). */
export const expectedArrivalSchema = z.object({
  appointmentId: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  locationId: z.uuid(),
  chair: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['scheduled', 'confirmed']),
  visit: z.string(),
  companionName: z.string().nullable(),
  version: z.number().int(),
});
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, 'Must not be empty');
const isoTime = z.iso.datetime({ offset: true, error: 'Use an ISO 8601 time with a zone' });

// Physiological ranges: a value outside is a typing error, not a reading (the database checks the same).
const vital = (min: number, max: number, label: string) =>
  z
    .number(`${label} must be a number`)
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be at least ${min}`)
    .max(max, `${label} must be at most ${max}`)
    .nullable()
    .optional();
export const vitalsFields = z.object({
  takenAt: isoTime,
  systolicMmHg: vital(50, 300, 'Systolic'),
  diastolicMmHg: vital(20, 200, 'Diastolic'),
  heartRateBpm: vital(20, 250, 'Heart rate'),
  spo2Percent: vital(50, 100, 'SpO2'),
  respiratoryRatePerMin: vital(4, 60, 'Respiratory rate'),
  temperatureC: z.number('Temperature must be a number').min(30).max(45).nullable().optional(),
  onRoomAir: z.boolean().optional(),
  symptomatic: z.boolean().optional(),
  symptoms: z.array(z.enum(endOrganSymptoms)).max(5).optional(),
});

const json = z.record(z.string(), z.unknown());
export const sessionVitalsSchema = z.object({
  id: z.uuid(),
  takenAt: z.string(),
  kind: z.enum(['pre_dose', 'observation']),
  systolicMmHg: z.number().nullable(),
  diastolicMmHg: z.number().nullable(),
  heartRateBpm: z.number().nullable(),
  spo2Percent: z.number().nullable(),
  respiratoryRatePerMin: z.number().nullable(),
  temperatureC: z.number().nullable(),
  onRoomAir: z.boolean(),
  symptomatic: z.boolean(),
  recordedBy: z.string().nullable(),
});
const alertSchema = z.object({
  id: z.uuid(),
  vitalsId: z.uuid(),
  level: z.enum(['notice', 'alert', 'stop']),
  vital: z.string(),
  message: z.string(),
  threshold: z.string(),
  source: z.string(),
  raisedAt: z.string(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgement: z.string().nullable(),
});
const signature = z.object({ by: z.string(), at: z.string() }).nullable();
export const sessionSchema = z.object({
  id: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  planId: z.uuid(),
  appointmentId: z.uuid().nullable(),
  locationId: z.uuid().nullable(),
  chair: z.string().nullable(),
  route: z.enum(['IV', 'IM', 'IN']),
  doseNumber: z.number().nullable(),
  clinicDate: z.string(),
  phase: z.enum(['checked_in', 'pre_checks', 'dosing', 'observation', 'discharged', 'ended_without_dose']),
  boardPhase: z.string(),
  boardPhaseLabel: z.string(),
  checkedInAt: z.string(),
  minutesElapsed: z.number(),
  minutesSinceDose: z.number().nullable(),
  clinical: z.boolean().describe('False for a coordinator: the clinical fields are empty'),
  prechecks: json.nullable(),
  gate: json
    .nullable()
    .describe('The pre-dose gate as last computed on the server: outcome, holds, overridden, warnings'),
  order: json.nullable(),
  doseOverrideReason: z.string().nullable(),
  orderedBy: z.string().nullable(),
  doseStartedAt: z.string().nullable(),
  doseEndedAt: z.string().nullable(),
  delivered: json.nullable(),
  infusion: json.nullable(),
  baselineVitalsId: z.uuid().nullable(),
  vitals: z.array(sessionVitalsSchema),
  lastVitals: sessionVitalsSchema.nullable(),
  nextVitalsDue: z
    .object({ dueAt: z.string(), intervalMinutes: z.number(), overdue: z.boolean(), minutesOverdue: z.number() })
    .nullable(),
  alerts: z.array(alertSchema),
  openAlerts: z.number(),
  overrides: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      reason: z.string(),
      repeatVitalsId: z.uuid().nullable(),
      by: z.string(),
      at: z.string(),
    }),
  ),
  entries: z.array(z.object({ id: z.uuid(), kind: z.string(), at: z.string(), content: json, by: z.string() })),
  discharge: json.nullable(),
  dischargedAt: z.string().nullable(),
  rems: z
    .object({
      complete: z.boolean(),
      observationEndsAt: z.string().nullable(),
      checks: z.array(z.object({ item: z.string(), dueAt: z.string().nullable(), done: z.boolean() })),
      missing: z.array(z.object({ item: z.string(), message: z.string() })),
    })
    .nullable()
    .describe('Esketamine (IN) sessions: the REMS checklist, each check with its due time and done state'),
  vialRemainder: z
    .object({ vialId: z.uuid(), lotNumber: z.string(), vialNumber: z.number(), remainingMl: z.number() })
    .nullable()
    .describe("What the dose's vial still holds (unsigned record): wasted with a witness before the nurse signs"),
  bagRemainder: z
    .object({
      vialId: z.uuid(),
      lotNumber: z.string(),
      vialNumber: z.number(),
      concentrationMgPerMl: z.number(),
      drawnMl: z.number(),
      drawnMg: z.number(),
      deliveredMg: z.number(),
      volumeInfusedMl: z.number(),
      finalVolumeMl: z.number(),
      remainingMl: z.number().describe('mL of undiluted drug (at the vial concentration) still in the bag'),
      remainingMg: z.number(),
    })
    .nullable()
    .describe(
      'IV stopped early (unsigned record): the drug drawn into the bag and not infused; wasted with a witness (POST /sessions/{id}/bag-waste) before the nurse signs',
    ),
  endedReason: z.string().nullable(),
  nurseSignature: signature,
  prescriberSignature: signature,
  amendments: z.array(z.object({ id: z.uuid(), reason: z.string(), text: z.string(), by: z.string(), at: z.string() })),
  version: z.number(),
});
export type SessionWire = z.infer<typeof sessionSchema>;
export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().max(200).optional().describe('Required: a unique key per write (8–200 characters)'),
});

export const injectionSites = [
  'deltoid_left',
  'deltoid_right',
  'vastus_lateralis_left',
  'vastus_lateralis_right',
  'ventrogluteal_left',
  'ventrogluteal_right',
] as const;

const nextVitalsDue = z
  .object({ dueAt: z.string(), intervalMinutes: z.number(), overdue: z.boolean(), minutesOverdue: z.number() })
  .nullable();

export const boardResponse = z.object({
  date: z.string(),
  items: z.array(sessionSchema),
  expected: z.array(expectedArrivalSchema),
});
export const boardQuery = z.object({ date: z.string().max(10).optional(), locationId: z.uuid().optional() });
export const boardEventsQuery = z.object({ locationId: z.uuid().optional() });
export const boardEventsHeaders = z.object({ 'last-event-id': z.string().max(40).optional() });

export const sessionVialsResponse = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      locationId: z.uuid(),
      locationName: z.string(),
      drug: z.string(),
      strengthMgPerMl: z.number(),
      number: z.number(),
      lot: z.string(),
      expiresOn: z.string(),
      remainingMl: z.number(),
      status: z.enum(['sealed', 'open']),
    }),
  ),
});

export const wasteBody = z.object({
  version: versionField,
  volumeMl: z.number('Enter the volume in mL').gt(0, 'More than 0 mL').max(1000),
  reason: text(500),
  witnessUserId: z.uuid('Choose the witness'),
  witnessPassword: z.string().max(200).optional(),
  witnessCode: z.string().max(20).optional(),
});

export const bagWasteBody = z.object({
  version: versionField,
  volumeMl: z
    .number('Enter the volume of drug in mL')
    .gt(0, 'More than 0 mL')
    .max(1000)
    .describe("mL of undiluted drug left in the bag: exactly the session's bagRemainder.remainingMl"),
  reason: text(500),
  witnessUserId: z.uuid('Choose the witness'),
  witnessPassword: z.string().max(200).optional(),
  witnessCode: z.string().max(20).optional(),
});

export const checkInBody = z.object({
  patientId: z.uuid('Not a patient id'),
  appointmentId: z.uuid().nullable().optional(),
  locationId: z.uuid().nullable().optional(),
  chair: text(60).nullable().optional(),
});

export const prechecksBody = z.object({
  version: versionField,
  companion: z.object({ name: text(200), phone: text(40) }).nullable(),
  fastingAttested: z.boolean(),
  pregnancyTest: z.enum(['not_applicable', 'negative', 'positive', 'not_done']),
  medicationChanges: z.object({ reviewed: z.boolean(), changes: z.string().max(2000) }),
  weightKg: z.number('Weight must be a number').min(20).max(350).nullable(),
});

export const sessionQuestionnaireBody = z.object({
  version: versionField,
  instrumentId: z.string().max(40),
  answers: z.record(z.string().max(60), z.union([z.number(), z.boolean(), z.null()])),
});

export const vitalsBody = vitalsFields.extend({ version: versionField });

/** The answer to a vitals write: light (the reading, its alerts, the chair's state, the version). */
export const vitalsRecordedSchema = z.object({
  id: z.uuid().describe('The session'),
  phase: sessionSchema.shape.phase,
  boardPhase: z.string(),
  boardPhaseLabel: z.string(),
  gate: json
    .nullable()
    .describe('Before the dose: the pre-dose gate recomputed with this reading; from the dose on: null (unchanged)'),
  vitals: sessionVitalsSchema.describe('The reading as recorded'),
  alerts: z.array(alertSchema).describe("The alerts this reading raised (the session's others: GET /sessions/{id})"),
  openAlerts: z.number().describe('Alerts above a notice not yet acknowledged, this reading’s included'),
  nextVitalsDue,
  version: z.number().describe("The session's new version"),
});
export type VitalsRecordedWire = z.infer<typeof vitalsRecordedSchema>;

export const overrideBody = z.object({
  version: versionField,
  code: z.string().max(60),
  reason: text(2000),
  repeatVitals: vitalsFields.nullable().optional(),
});

export const orderBody = z.object({
  version: versionField,
  titrate: z.boolean().default(false),
  vialId: z.uuid('Choose the vial the dose is drawn from').optional(),
  doseMg: z.number('Enter the dose in mg').optional(),
  devices: z
    .array(z.object({ vialId: z.uuid('Choose the device from the stock list') }))
    .max(10)
    .optional(),
  diluent: z.enum(['sodium_chloride_0_9', 'dextrose_5']).nullable().optional(),
  finalVolumeMl: z.number().min(1).max(1000).nullable().optional(),
  site: z.enum(injectionSites).nullable().optional(),
  overrideReason: z.string().max(2000).nullable().optional(),
});

export const startBody = z.object({ version: versionField, at: isoTime });

export const infusionBody = z.object({
  version: versionField,
  kind: z.enum(['pause', 'resume', 'rate_change', 'stop']),
  at: isoTime,
  rateMlPerHour: z.number().gt(0).max(2000).nullable().optional(),
  volumeInfusedMl: z.number().min(0).max(1000).nullable().optional(),
  reason: z.string().max(2000).nullable().optional(),
});

export const acknowledgeParams = sessionIdParams.extend({ alertId: z.uuid('Not an alert id') });
export const acknowledgeBody = z.object({ version: versionField, note: text(2000) });

export const entryBody = z.discriminatedUnion('kind', [
  z.object({
    version: versionField,
    kind: z.literal('cadss6'),
    at: isoTime,
    answers: z.record(z.string().max(60), z.union([z.number(), z.null()])),
  }),
  z.object({
    version: versionField,
    kind: z.literal('adverse_event'),
    at: isoTime,
    event: z.enum([
      'dissociation',
      'sedation',
      'hypertension',
      'tachycardia',
      'nausea_vomiting',
      'headache',
      'anxiety',
      'dizziness',
      'emergence_reaction',
      'respiratory_depression',
      'laryngospasm',
      'diplopia_nystagmus',
      'other',
    ]),
    severity: z.enum(['mild', 'moderate', 'severe']),
    intervention: z.string().max(2000),
    outcome: text(2000),
  }),
  z.object({
    version: versionField,
    kind: z.literal('intervention'),
    at: isoTime,
    intervention: z.enum(['antiemetic', 'antihypertensive', 'oxygen', 'reassurance', 'repositioning', 'other']),
    detail: text(2000),
  }),
  z.object({ version: versionField, kind: z.literal('note'), at: isoTime, text: text(8000) }),
  z.object({
    version: versionField,
    kind: z.literal('sedation'),
    at: isoTime,
    level: z.enum(remsLevels, 'Choose none, mild, moderate or severe'),
  }),
  z.object({
    version: versionField,
    kind: z.literal('dissociation'),
    at: isoTime,
    level: z.enum(remsLevels, 'Choose none, mild, moderate or severe'),
  }),
]);

export const dischargeBody = z.object({
  version: versionField,
  speechAtBaseline: z.boolean(),
  awarenessAtBaseline: z.boolean(),
  purposefulMovement: z.boolean(),
  companionPresent: z.boolean(),
  collectedBy: z.string().max(200).nullable().optional(),
  aftercareGiven: z.boolean(),
});

export const endBody = z.object({ version: versionField, reason: text(2000) });
export const signBody = z.object({ version: versionField });
export const amendmentBody = z.object({ reason: text(2000), text: text(8000) });
