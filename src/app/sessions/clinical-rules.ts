import { calculateDose, suggestNextMgPerKg, type DoseCalculation } from '../../domain/dosing/index.js';
import { crossesBloodPressure, type BloodPressureThreshold, type ClinicProtocol } from '../../domain/protocol/index.js';
import {
  assessVitals,
  dischargeReadiness,
  nextVitalsDue,
  preDoseGate,
  type DischargeReadiness,
  type HoldCode,
  type PartialVitalSigns,
  type VitalAlert,
  type VitalsDue,
} from '../../domain/session/index.js';

/**
 * The one place the session use-cases call the clinical rules (src/domain/session, src/domain/dosing).
 * The rules are being extended (absolute BP limit, repeat readings, discharge limits); until they are, the
 * few missing checks CLINICAL.md §3 requires are made here, on top of the domain's answer, and go away
 * when the domain makes them itself. Nothing here is looser than the domain.
 */

/** CLINICAL.md §3: at or above ≥ 180 systolic or ≥ 110 diastolic, no dose that day, no override. */
const absoluteLimitDefault: BloodPressureThreshold = {
  systolicMmHg: 180,
  diastolicMmHg: 110,
  comparison: 'at_or_above',
  source:
    'Absolute limit: ≥ 180 systolic or ≥ 110 diastolic, no dose that day and no override (Swiss label > 180/100; ACC/AHA severe ≥ 180/120) — CLINICAL.md §3',
  verified: false,
};

/** CLINICAL.md §3 "other pre-dose holds": systolic < 90 or diastolic < 60. */
const lowBloodPressure = { systolicBelowMmHg: 90, diastolicBelowMmHg: 60 };

/** CLINICAL.md §3 discharge absolute limits (defaults). */
const dischargeLimits = {
  systolicBelowMmHg: 160,
  diastolicBelowMmHg: 100,
  heartRateMinBpm: 50,
  heartRateMaxBpm: 110,
  respiratoryRateMinPerMin: 10,
  respiratoryRateMaxPerMin: 24,
  maxReadingAgeMinutes: 15,
};

export type GateHoldCode =
  HoldCode | 'blood_pressure_at_or_above_absolute_limit' | 'blood_pressure_low' | 'cssrs_moderate_risk';

export interface GateHold {
  readonly code: GateHoldCode;
  readonly message: string;
  readonly overridable: boolean;
}

export interface GateOverride {
  readonly code: string;
  readonly reason: string;
  /** The repeat reading a blood-pressure override relied on. */
  readonly repeatReading: { readonly systolicMmHg: number; readonly diastolicMmHg: number } | null;
}

export interface GateInput {
  readonly baselineVitals: PartialVitalSigns | undefined;
  readonly companion: { readonly name: string; readonly phone: string } | undefined;
  readonly fastingAttested: boolean;
  readonly consent: 'on_file' | 'missing' | 'withdrawn';
  readonly phq9Done: boolean;
  /** Today's C-SSRS screener: undefined when not done. */
  readonly cssrs: { readonly risk: 'low' | 'moderate' | 'high' } | undefined;
  readonly pregnancyTest:
    | { readonly applicable: false }
    | { readonly applicable: true; readonly result: 'negative' | 'positive' | 'not_done' };
  readonly medicationChangesReviewed: boolean;
  /** Prescribers' overrides only: the use-case refuses anyone else's before it gets here. */
  readonly overrides: readonly GateOverride[];
}

export interface GateResult {
  readonly outcome: 'proceed' | 'hold';
  readonly holds: readonly GateHold[];
  readonly overridden: readonly (GateHold & { readonly reason: string })[];
  readonly warnings: readonly string[];
  /** A hold nobody can lift today (absolute BP limit, high suicide risk, positive pregnancy test, …). */
  readonly noDoseToday: boolean;
}

const noDoseCodes: readonly GateHoldCode[] = [
  'blood_pressure_at_or_above_absolute_limit',
  'cssrs_high_risk',
  'pregnancy_test_positive',
  'consent_withdrawn',
];

const bpCodes: readonly GateHoldCode[] = ['blood_pressure_at_or_above_hold', 'blood_pressure_low'];

export function isBloodPressureHold(code: string): boolean {
  return (bpCodes as readonly string[]).includes(code);
}

export function runPreDoseGate(input: GateInput, protocol: ClinicProtocol): GateResult {
  const domain = preDoseGate(
    {
      baselineVitals: input.baselineVitals,
      companion: input.companion,
      fastingAttested: input.fastingAttested,
      consent: input.consent,
      todaysQuestionnaires: { phq9Done: input.phq9Done, cssrsDone: input.cssrs !== undefined },
      cssrsRisk: input.cssrs?.risk,
      pregnancyTest: input.pregnancyTest,
      medicationChangesReviewed: input.medicationChangesReviewed,
      overrides: [],
    },
    protocol,
  );
  const holds: GateHold[] = domain.reasons.map((r) => ({
    code: r.code,
    message: r.message,
    overridable: r.overridable,
  }));
  const v = input.baselineVitals;
  if (v?.systolicMmHg !== undefined && v.diastolicMmHg !== undefined) {
    const crossed = crossesBloodPressure(absoluteLimitDefault, v.systolicMmHg, v.diastolicMmHg);
    if (crossed.systolic || crossed.diastolic) {
      // Above the absolute limit the ordinary hold is subsumed by the one nobody can lift.
      const i = holds.findIndex((h) => h.code === 'blood_pressure_at_or_above_hold');
      if (i >= 0) holds.splice(i, 1);
      holds.push({
        code: 'blood_pressure_at_or_above_absolute_limit',
        message: `Blood pressure ${v.systolicMmHg}/${v.diastolicMmHg} mmHg is at or above the absolute limit ≥ 180/110 mmHg: no dose today, no override (${absoluteLimitDefault.source}).`,
        overridable: false,
      });
    }
    if (v.systolicMmHg < lowBloodPressure.systolicBelowMmHg || v.diastolicMmHg < lowBloodPressure.diastolicBelowMmHg) {
      holds.push({
        code: 'blood_pressure_low',
        message: `Blood pressure ${v.systolicMmHg}/${v.diastolicMmHg} mmHg is below 90/60 mmHg (CLINICAL.md §3).`,
        overridable: true,
      });
    }
  }
  if (input.cssrs?.risk === 'moderate') {
    holds.push({
      code: 'cssrs_moderate_risk',
      message: "Today's C-SSRS shows moderate risk: a prescriber's documented review is needed before dosing.",
      overridable: true,
    });
  }
  const overridden: (GateHold & { reason: string })[] = [];
  const remaining = holds.filter((h) => {
    const match = input.overrides.find((o) => o.code === h.code && o.reason.trim() !== '');
    const valid =
      match !== undefined && h.overridable && (!isBloodPressureHold(h.code) || match.repeatReading !== null);
    if (valid) overridden.push({ ...h, reason: match.reason.trim() });
    return !valid;
  });
  return {
    outcome: remaining.length === 0 ? 'proceed' : 'hold',
    holds: remaining,
    overridden,
    warnings: domain.warnings,
    noDoseToday: remaining.some((h) => noDoseCodes.includes(h.code)),
  };
}

/** Is this repeat reading itself at or above the absolute limit (then nothing can lift the hold)? */
export function atAbsoluteLimit(systolicMmHg: number, diastolicMmHg: number): boolean {
  const crossed = crossesBloodPressure(absoluteLimitDefault, systolicMmHg, diastolicMmHg);
  return crossed.systolic || crossed.diastolic;
}

export interface Reading extends PartialVitalSigns {
  readonly symptomatic: boolean;
}

/** In-session alerts for a reading, compared with the baseline (CLINICAL.md §3 defaults). */
export function alertsForReading(
  reading: Reading,
  protocol: ClinicProtocol,
  baseline: PartialVitalSigns | undefined,
): VitalAlert[] {
  const alerts = assessVitals(reading, protocol, baseline);
  const sys = reading.systolicMmHg;
  const baseSys = baseline?.systolicMmHg;
  if (sys !== undefined && !alerts.some((a) => a.vital === 'systolic')) {
    // Hypotension: systolic < 90 or a fall of more than 20 % from baseline (CLINICAL.md §3).
    const fall = baseSys !== undefined && baseSys > 0 ? ((baseSys - sys) / baseSys) * 100 : 0;
    if (sys < 90 || fall > 20) {
      alerts.push({
        vital: 'systolic',
        level: 'alert',
        message: `Systolic ${sys} mmHg${baseSys !== undefined ? ` (${sys - baseSys} mmHg from baseline ${baseSys})` : ''}: hypotension, alert the prescriber.`,
        threshold: sys < 90 ? '< 90 mmHg' : '> 20 % fall from baseline',
        source:
          'Clinic alert default: systolic < 90 or a fall > 20 % from baseline → alert (unverified) — CLINICAL.md §3',
      });
    }
  }
  if (reading.symptomatic && !alerts.some((a) => a.level === 'stop')) {
    alerts.unshift({
      vital: 'systolic',
      level: 'stop',
      message: 'Symptoms of end-organ harm: stop the dose and escalate now, at any blood pressure.',
      threshold: 'any symptom of end-organ harm',
      source:
        'CLINICAL.md §3: chest pain, severe headache, new neurological deficit, shortness of breath, vision change',
    });
  }
  return alerts;
}

export function vitalsDue(
  session: {
    phase: 'dosing' | 'observation';
    doseStartAt: Date;
    doseEndAt: Date | null;
    lastReadingAt: Date | undefined;
  },
  now: Date,
  protocol: ClinicProtocol,
): VitalsDue {
  if (session.phase === 'dosing' || session.doseEndAt === null) {
    return nextVitalsDue(
      { phase: 'dosing', doseStartAt: session.doseStartAt, lastReadingAt: session.lastReadingAt, now },
      protocol,
    );
  }
  return nextVitalsDue(
    {
      phase: 'recovery',
      doseStartAt: session.doseStartAt,
      doseEndAt: session.doseEndAt,
      lastReadingAt:
        session.lastReadingAt && session.lastReadingAt > session.doseEndAt ? session.lastReadingAt : undefined,
      now,
    },
    protocol,
  );
}

export interface DischargeCheckInput {
  readonly route: 'IV' | 'IM';
  readonly doseEndAt: Date;
  readonly now: Date;
  readonly baseline: PartialVitalSigns | undefined;
  readonly latest:
    { readonly takenAt: Date; readonly vitals: PartialVitalSigns; readonly onRoomAir: boolean } | undefined;
  readonly mentalStatus: { speechAtBaseline: boolean; awarenessAtBaseline: boolean; purposefulMovement: boolean };
  readonly companion: { readonly present: false } | { readonly present: true; readonly collectedBy: string };
}

export type DischargeCheck =
  | { readonly status: 'ready'; readonly collectedBy: string }
  | {
      readonly status: 'not_ready';
      readonly missing: readonly { code: string; message: string }[];
      readonly earliestAt: Date;
    };

/** The domain's readiness plus CLINICAL.md §3's absolute limits and the age of the latest reading. */
export function checkDischarge(input: DischargeCheckInput, protocol: ClinicProtocol): DischargeCheck {
  const base = input.baseline;
  const complete =
    base?.systolicMmHg !== undefined && base.diastolicMmHg !== undefined && base.heartRateBpm !== undefined;
  const domain: DischargeReadiness = dischargeReadiness(
    {
      route: input.route,
      doseEndAt: input.doseEndAt,
      now: input.now,
      baseline: {
        systolicMmHg: base?.systolicMmHg ?? Number.NaN,
        diastolicMmHg: base?.diastolicMmHg ?? Number.NaN,
        heartRateBpm: base?.heartRateBpm ?? Number.NaN,
        spo2Percent: base?.spo2Percent ?? Number.NaN,
        respiratoryRatePerMin: base?.respiratoryRatePerMin ?? Number.NaN,
      },
      latest: input.latest?.vitals,
      onRoomAir: input.latest?.onRoomAir ?? false,
      mentalStatus: input.mentalStatus,
      companion: input.companion,
    },
    protocol,
  );
  const missing: { code: string; message: string }[] = domain.status === 'ready' ? [] : [...domain.missing];
  const earliestAt =
    domain.status === 'ready'
      ? new Date(input.doseEndAt.getTime() + protocol.recoveryMinutes[input.route] * 60_000)
      : domain.earliestAt;
  if (!complete) missing.push({ code: 'vitals_missing', message: 'The baseline reading is incomplete.' });
  const latest = input.latest;
  if (latest) {
    if (latest.takenAt.getTime() <= input.doseEndAt.getTime()) {
      missing.push({
        code: 'vitals_missing',
        message: 'Take a set of vitals: the latest was before the end of the dose.',
      });
    } else if (input.now.getTime() - latest.takenAt.getTime() > dischargeLimits.maxReadingAgeMinutes * 60_000) {
      missing.push({
        code: 'vitals_missing',
        message: `Take a set of vitals: the latest must be from the last ${dischargeLimits.maxReadingAgeMinutes} min.`,
      });
    }
    const v = latest.vitals;
    const outside: string[] = [];
    if (v.systolicMmHg !== undefined && v.systolicMmHg >= dischargeLimits.systolicBelowMmHg)
      outside.push(`systolic ${v.systolicMmHg} (must be < ${dischargeLimits.systolicBelowMmHg})`);
    if (v.diastolicMmHg !== undefined && v.diastolicMmHg >= dischargeLimits.diastolicBelowMmHg)
      outside.push(`diastolic ${v.diastolicMmHg} (must be < ${dischargeLimits.diastolicBelowMmHg})`);
    if (
      v.heartRateBpm !== undefined &&
      (v.heartRateBpm < dischargeLimits.heartRateMinBpm || v.heartRateBpm > dischargeLimits.heartRateMaxBpm)
    )
      outside.push(`heart rate ${v.heartRateBpm} (must be 50–110)`);
    if (v.respiratoryRatePerMin === undefined) {
      outside.push('respiratory rate not recorded');
    } else if (
      v.respiratoryRatePerMin < dischargeLimits.respiratoryRateMinPerMin ||
      v.respiratoryRatePerMin > dischargeLimits.respiratoryRateMaxPerMin
    ) {
      outside.push(`respiratory rate ${v.respiratoryRatePerMin} (must be 10–24)`);
    }
    if (outside.length > 0)
      missing.push({ code: 'vitals_outside_limits', message: `Outside discharge limits: ${outside.join('; ')}.` });
  }
  if (missing.length === 0 && input.companion.present)
    return { status: 'ready', collectedBy: input.companion.collectedBy.trim() };
  return { status: 'not_ready', missing, earliestAt };
}

export interface DoseOrderInput {
  readonly route: 'IV' | 'IM';
  readonly mgPerKg: number;
  readonly weightKg: number;
  readonly heightCm: number;
  readonly sex: 'female' | 'male';
  readonly basis: 'actual' | 'ideal' | 'adjusted';
  readonly concentrationMgPerMl: number;
  readonly infusionMinutes: number | null;
  readonly protocol: ClinicProtocol;
}

export function doseForToday(input: DoseOrderInput): DoseCalculation {
  return calculateDose({
    route: input.route,
    mgPerKg: input.mgPerKg,
    weightKg: input.weightKg,
    heightCm: input.heightCm,
    sex: input.sex,
    basis: input.basis,
    concentrationMgPerMl: input.concentrationMgPerMl,
    ...(input.route === 'IV' && input.infusionMinutes !== null ? { infusionMinutes: input.infusionMinutes } : {}),
    protocol: input.protocol,
  });
}

/** The plan's titration step from the last dose, capped at the plan's maximum. */
export function titratedMgPerKg(lastMgPerKg: number, stepMgPerKg: number, maxMgPerKg: number): number {
  return suggestNextMgPerKg({ currentMgPerKg: lastMgPerKg, stepMgPerKg, maxMgPerKg }).nextMgPerKg;
}
