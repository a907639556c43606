import { z } from 'zod';
import { outcomeInstruments } from '../domain/chart/plan.js';
import { optionalUserRef, patientIdParams, protocolRef, versionField } from './common.js';

/** Wire shapes of the treatment-plan routes (src/http/routes/plans.ts). */
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
  signedBy: optionalUserRef,
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
  signedBy: optionalUserRef,
  signedAt: z.string().nullable(),
  supersededAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});

/** What plans.read gives: the whole plan to clinical staff, the schedule to everyone else. */
export const planForReaderSchema = z.union([planSchema, planScheduleSchema]);

export type PlanContentBody = z.infer<typeof planContentSchema>;
export type Plan = z.infer<typeof planSchema>;
export type PlanSchedule = z.infer<typeof planScheduleSchema>;
export type PlanForReader = z.infer<typeof planForReaderSchema>;

export const planListSchema = z.object({ items: z.array(planForReaderSchema) });
export const planParams = patientIdParams.extend({ planId: z.uuid('Not a plan id') });

/** A new draft (or the next version of the signed plan, with a change reason). */
export const planDraftBody = z.object({
  content: planContentSchema,
  overrideReason: z.string().max(2000).nullable().optional(),
  /** For a new version of a signed plan: why it changes. */
  changeReason: z.string().max(2000).nullable().optional(),
});
export const planUpdateBody = planDraftBody.extend({ version: versionField });
export const planSignBody = z.object({ version: versionField });

export type PlanDraftBody = z.infer<typeof planDraftBody>;
export type PlanUpdateBody = z.infer<typeof planUpdateBody>;
export type PlanSignBody = z.infer<typeof planSignBody>;
