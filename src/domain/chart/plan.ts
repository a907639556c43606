import { calculateDose, type DoseCalculation, type ExceededLimit, type WeightBasis } from '../dosing/index.js';
import { DomainError, type FieldError } from '../errors.js';
import {
  planInductionSeries,
  type ClinicCalendar,
  type InductionPlan,
  type SeriesConstraints,
} from '../planning/index.js';
import type { ClinicProtocol } from '../protocol/index.js';
import { isLocalDate, isLocalTime } from '../time/local-date.js';
import { esketaminePlanDoseErrors } from '../dosing/esketamine-dose.js';
import { esketamineDevices, remsObservationMinutes } from '../session/esketamine-rems.js';
import { icd10Pattern } from './diagnoses.js';

/**
 * The treatment plan a prescriber signs as the order nurses follow (CLINICAL.md §2 dose, §4 plan).
 * The content is what the prescriber chose; the dose and the induction dates are derived by the domain
 * (calculateDose, planInductionSeries) and stored beside it so the signed order can be read back as-is.
 */
export type KetaminePlanRoute = 'IV' | 'IM';
/** IN: esketamine nasal spray (Spravato; SNOMED route nasal 46713006 — CLINICAL.md §2, §5). */
export type PlanRoute = KetaminePlanRoute | 'IN';
export const planRoutes: readonly PlanRoute[] = ['IV', 'IM', 'IN'];

export type MaintenanceIntent = 'individual' | 'andrade2017' | 'esketamine_label' | 'none';
export const outcomeInstruments = ['phq9', 'madrs', 'qids_sr16', 'gad7', 'pcl5', 'pain_nrs'] as const;
export type OutcomeInstrument = (typeof outcomeInstruments)[number];

interface PlanCommon {
  /** ICD-10 codes of the conditions targeted. */
  readonly conditions: readonly string[];
  readonly induction: { readonly sessions: number; readonly startDate: string; readonly preferredTime: string };
  readonly maintenance: { readonly intent: MaintenanceIntent; readonly note: string };
  readonly outcome: {
    readonly instrumentId: OutcomeInstrument;
    readonly responseDropPercent: number;
    readonly remissionAtOrBelow: number | null;
  };
  readonly stopRule: { readonly reviewBySession: number; readonly minImprovementPercent: number };
}

/**
 * Esketamine nasal spray: a fixed dose in mg by 28 mg device (56 or 84 mg), never weight-based, so no
 * weight basis, concentration, infusion or mg/kg titration (esketaminePlanDoseErrors).
 */
export interface EsketaminePlanContent extends PlanCommon {
  readonly route: 'IN';
  readonly startMg: number;
  /** The highest dose the plan allows (56 or 84 mg, not below the start). */
  readonly maxMg: number;
}

export type PlanContent = KetaminePlanContent | EsketaminePlanContent;

export const isEsketaminePlan = (content: PlanContent): content is EsketaminePlanContent => content.route === 'IN';

export interface KetaminePlanContent {
  /** ICD-10 codes of the conditions targeted. */
  readonly conditions: readonly string[];
  readonly route: KetaminePlanRoute;
  readonly startMgPerKg: number;
  readonly weightBasis: WeightBasis;
  readonly concentrationMgPerMl: number;
  /** IV: the infusion duration (an IV dose is always an infusion — CLINICAL.md §2); IM: null. */
  readonly infusionMinutes: number | null;
  readonly titration: { readonly stepMgPerKg: number; readonly maxMgPerKg: number };
  readonly induction: { readonly sessions: number; readonly startDate: string; readonly preferredTime: string };
  readonly maintenance: { readonly intent: MaintenanceIntent; readonly note: string };
  readonly outcome: {
    readonly instrumentId: OutcomeInstrument;
    /** Response = at least this % drop from baseline (CLINICAL.md §5: ≥ 50 %). */
    readonly responseDropPercent: number;
    /** Remission at or below this total (PHQ-9 < 5 → 4; MADRS ≤ 10; QIDS ≤ 5), or null. */
    readonly remissionAtOrBelow: number | null;
  };
  /** Flag for prescriber review (never an automatic stop) if improvement is below this by that session (CLINICAL.md §4). */
  readonly stopRule: { readonly reviewBySession: number; readonly minImprovementPercent: number };
}

/** The default stop rule: no ≥ 20 % improvement by session 4 strongly predicts non-response (Translational Psychiatry 2024 — CLINICAL.md §4). */
export const defaultStopRule = { reviewBySession: 4, minImprovementPercent: 20 } as const;

export interface PlanPatient {
  readonly weightKg: number;
  readonly heightCm: number;
  readonly sex: 'female' | 'male';
}

/** An esketamine plan's dose: mg and 28 mg devices, the same for every patient (no weight basis). */
export interface EsketamineDerivedDose {
  readonly startMg: number;
  readonly startDevices: number;
  readonly maxMg: number;
  readonly maxDevices: number;
}

export type DerivedPlan = DerivedKetaminePlan | DerivedEsketaminePlan;

export interface DerivedEsketaminePlan {
  readonly esketamine: EsketamineDerivedDose;
  readonly exceededLimits: readonly [];
  readonly series: InductionPlan;
  readonly appointmentMinutes: number;
}

export const isEsketamineDerived = (d: DerivedPlan): d is DerivedEsketaminePlan => 'esketamine' in d;

export interface DerivedKetaminePlan {
  /** The first dose as ordered. */
  readonly startDose: DoseCalculation;
  /** The dose at the titration ceiling: the order covers it, so its limits are checked too. */
  readonly maxDose: DoseCalculation;
  readonly exceededLimits: readonly (ExceededLimit & { readonly dose: 'start' | 'titration_max' })[];
  readonly series: InductionPlan;
  readonly appointmentMinutes: number;
}

// Check-in, pre-checks and vitals before the dose (minutes of chair time).
const checkInMinutes = 30;
// An IM injection takes a few minutes of chair time before observation starts.
const injectionMinutes = 5;

export function planContentErrors(content: PlanContent): FieldError[] {
  const errors: FieldError[] = [];
  if (content.conditions.length === 0)
    errors.push({ path: '/conditions', message: 'Choose at least one condition the plan treats' });
  content.conditions.forEach((code, i) => {
    if (!icd10Pattern.test(code))
      errors.push({ path: `/conditions/${i}`, message: 'Use an ICD-10 code such as F33.2' });
  });
  if (!planRoutes.includes(content.route))
    errors.push({ path: '/route', message: 'Choose IV, IM or intranasal esketamine' });
  else if (isEsketaminePlan(content)) errors.push(...esketaminePlanDoseErrors(content));
  else errors.push(...ketamineDoseErrors(content));
  errors.push(...commonErrors(content));
  return errors;
}

function ketamineDoseErrors(content: KetaminePlanContent): FieldError[] {
  const errors: FieldError[] = [];
  if (content.route === 'IV' && (content.infusionMinutes === null || content.infusionMinutes <= 0)) {
    errors.push({
      path: '/infusionMinutes',
      message: 'An IV dose is always an infusion: give its duration in minutes',
    });
  }
  if (content.route === 'IM' && content.infusionMinutes !== null) {
    errors.push({ path: '/infusionMinutes', message: 'Leave the infusion duration empty for IM' });
  }
  if (!(content.titration.stepMgPerKg >= 0))
    errors.push({ path: '/titration/stepMgPerKg', message: 'Give a step of 0 or more mg/kg' });
  if (!(content.titration.maxMgPerKg >= content.startMgPerKg)) {
    errors.push({ path: '/titration/maxMgPerKg', message: 'The titration maximum must be at least the starting dose' });
  }
  return errors;
}

function commonErrors(content: PlanCommon): FieldError[] {
  const errors: FieldError[] = [];
  if (!isLocalDate(content.induction.startDate))
    errors.push({ path: '/induction/startDate', message: 'Give the first possible date as YYYY-MM-DD' });
  if (!isLocalTime(content.induction.preferredTime))
    errors.push({ path: '/induction/preferredTime', message: 'Give the preferred time as HH:MM' });
  if (
    !Number.isInteger(content.induction.sessions) ||
    content.induction.sessions < 4 ||
    content.induction.sessions > 8
  ) {
    // Real-world induction is 4–8 infusions (Osmind ORKA-1 — CLINICAL.md §4).
    errors.push({ path: '/induction/sessions', message: 'An induction series has 4 to 8 sessions' });
  }
  const { reviewBySession, minImprovementPercent } = content.stopRule;
  if (!Number.isInteger(reviewBySession) || reviewBySession < 1 || reviewBySession > content.induction.sessions) {
    errors.push({ path: '/stopRule/reviewBySession', message: 'Review by a session within the induction series' });
  }
  if (!(minImprovementPercent > 0 && minImprovementPercent <= 100)) {
    errors.push({ path: '/stopRule/minImprovementPercent', message: 'Give an improvement between 1 and 100 %' });
  }
  if (!(content.outcome.responseDropPercent > 0 && content.outcome.responseDropPercent <= 100)) {
    errors.push({ path: '/outcome/responseDropPercent', message: 'Give a response drop between 1 and 100 %' });
  }
  return errors;
}

/**
 * Chair time for one session: check-in, the dose, and the recovery minimum for the route (the protocol's
 * for IV/IM; for esketamine the REMS 2 hours counted from the first device, which no protocol shortens).
 */
export function appointmentMinutesFor(
  content: Pick<KetaminePlanContent, 'route' | 'infusionMinutes'> | Pick<EsketaminePlanContent, 'route'>,
  protocol: ClinicProtocol,
): number {
  if (content.route === 'IN') return checkInMinutes + remsObservationMinutes;
  const dosing =
    content.route === 'IV'
      ? (('infusionMinutes' in content ? content.infusionMinutes : null) ??
        protocol.doseLimits.IV.defaultInfusionMinutes ??
        40)
      : injectionMinutes;
  return checkInMinutes + dosing + protocol.recoveryMinutes[content.route];
}

/**
 * The dose at the start and at the titration ceiling (calculateDose, with the protocol's limit check)
 * and the induction dates (planInductionSeries with the protocol's induction rules). Throws
 * validation_failed for a bad plan, series_plan_unsatisfiable when the dates cannot be found.
 */
export function derivePlan(
  content: KetaminePlanContent,
  patient: PlanPatient,
  protocol: ClinicProtocol,
  calendar: ClinicCalendar,
): DerivedKetaminePlan;
export function derivePlan(
  content: PlanContent,
  patient: PlanPatient,
  protocol: ClinicProtocol,
  calendar: ClinicCalendar,
): DerivedPlan;
export function derivePlan(
  content: PlanContent,
  patient: PlanPatient,
  protocol: ClinicProtocol,
  calendar: ClinicCalendar,
): DerivedPlan {
  const errors = planContentErrors(content);
  if (errors.length > 0) throw new DomainError('validation_failed', errors[0]!.message, { errors });
  if (isEsketaminePlan(content)) {
    const start = esketamineDevices(content.startMg);
    const max = esketamineDevices(content.maxMg);
    const appointmentMinutes = appointmentMinutesFor(content, protocol);
    return {
      esketamine: {
        startMg: content.startMg,
        startDevices: start.ok ? start.devices : 0,
        maxMg: content.maxMg,
        maxDevices: max.ok ? max.devices : 0,
      },
      exceededLimits: [],
      series: inductionSeries(content, protocol, calendar, appointmentMinutes),
      appointmentMinutes,
    };
  }
  return deriveKetaminePlan(content, patient, protocol, calendar);
}

function deriveKetaminePlan(
  content: KetaminePlanContent,
  patient: PlanPatient,
  protocol: ClinicProtocol,
  calendar: ClinicCalendar,
): DerivedKetaminePlan {
  const dose = (mgPerKg: number): DoseCalculation =>
    calculateDose({
      route: content.route,
      mgPerKg,
      weightKg: patient.weightKg,
      heightCm: patient.heightCm,
      sex: patient.sex,
      basis: content.weightBasis,
      concentrationMgPerMl: content.concentrationMgPerMl,
      // An IV infusion is drawn into the clinic's usual bag (protocol setting; CLINICAL.md §2).
      ...(content.route === 'IV' && content.infusionMinutes !== null
        ? {
            infusionMinutes: content.infusionMinutes,
            dilution: {
              diluent: protocol.ivDilution.defaultDiluent,
              finalVolumeMl: protocol.ivDilution.defaultFinalVolumeMl,
            },
          }
        : {}),
      protocol,
    });
  const startDose = dose(content.startMgPerKg);
  const maxDose =
    content.titration.maxMgPerKg === content.startMgPerKg ? startDose : dose(content.titration.maxMgPerKg);
  const exceededLimits = [
    ...(startDose.limitCheck.status === 'override_required'
      ? startDose.limitCheck.limits.map((l) => ({ ...l, dose: 'start' as const }))
      : []),
    ...(maxDose !== startDose && maxDose.limitCheck.status === 'override_required'
      ? maxDose.limitCheck.limits.map((l) => ({ ...l, dose: 'titration_max' as const }))
      : []),
  ];
  const appointmentMinutes = appointmentMinutesFor(content, protocol);
  const series = inductionSeries(content, protocol, calendar, appointmentMinutes);
  return { startDose, maxDose, exceededLimits, series, appointmentMinutes };
}

function inductionSeries(
  content: PlanCommon,
  protocol: ClinicProtocol,
  calendar: ClinicCalendar,
  appointmentMinutes: number,
): InductionPlan {
  const c = protocol.induction;
  return planInductionSeries({
    constraints: {
      sessions: content.induction.sessions,
      maxSpanDays: c.maxSpanDays,
      minSessionsPerWeek: c.minSessionsPerWeek,
      maxSessionsPerWeek: c.maxSessionsPerWeek,
      minSpacingDays: c.minSpacingDays,
      minSpacingHours: c.minSpacingHours,
    } satisfies SeriesConstraints,
    calendar,
    startDate: content.induction.startDate,
    preferredTime: content.induction.preferredTime,
    appointmentMinutes,
  });
}

const limitWords: Readonly<Record<ExceededLimit['limit'], string>> = {
  max_mg_per_kg: 'mg/kg',
  max_total_mg: 'mg in total',
  max_infusion_rate: 'mg/kg/h',
};

/** A dose above the protocol's limits needs a prescriber override with a reason (CLINICAL.md §2). */
export function assertOverrideGiven(
  derived: Pick<DerivedPlan, 'exceededLimits'>,
  overrideReason: string | null | undefined,
): string | null {
  if (derived.exceededLimits.length === 0) return null;
  const reason = overrideReason?.trim() ?? '';
  if (reason.length >= 3) return reason;
  const described = derived.exceededLimits
    .map(
      (l) =>
        `${l.dose === 'start' ? 'starting dose' : 'titration maximum'} ${l.requested} ${limitWords[l.limit]} (limit ${l.allowed})`,
    )
    .join('; ');
  throw new DomainError(
    'dose_override_reason_required',
    `Above the protocol's limit: ${described}. Give an override reason or lower the dose.`,
    {
      errors: [{ path: '/overrideReason', message: 'Give the reason for a dose above the protocol limit' }],
      details: { limits: derived.exceededLimits },
    },
  );
}
