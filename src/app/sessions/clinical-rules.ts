import { calculateDose, suggestNextMgPerKg, type DoseCalculation } from '../../domain/dosing/index.js';
import { crossesBloodPressure, type ClinicProtocol } from '../../domain/protocol/index.js';
import {
  assessVitals,
  dischargeReadiness,
  nextVitalsDue,
  preDoseGate,
  type EarlierToday,
  type EndOrganSymptom,
  type HoldCode,
  type PartialVitalSigns,
  type TodaysCssrs,
  type VitalAlert,
  type VitalsDue,
} from '../../domain/session/index.js';

const holdCodes: readonly HoldCode[] = [
  'baseline_vitals_missing',
  'blood_pressure_at_or_above_hold',
  'blood_pressure_at_or_above_absolute_limit',
  'blood_pressure_low',
  'baseline_spo2_low',
  'baseline_heart_rate_out_of_range',
  'baseline_respiratory_rate_out_of_range',
  'companion_not_confirmed',
  'fasting_not_attested',
  'consent_missing',
  'consent_withdrawn',
  'phq9_not_done',
  'cssrs_not_done',
  'cssrs_incomplete',
  'cssrs_high_risk',
  'cssrs_moderate_risk',
  'pregnancy_test_not_done',
  'pregnancy_test_positive',
  'medication_changes_not_reviewed',
  'dose_already_given_today',
];

/**
 * The one place the session use-cases call the clinical rules (src/domain/session, src/domain/dosing):
 * the gate with absolute limits and repeat readings, the alerts, discharge readiness and the dose.
 * Nothing here is looser than the domain; it only maps stored records to the domain's inputs.
 */

export type GateHoldCode = HoldCode;

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
  /** Today's C-SSRS screener with its answers: undefined when not done. */
  readonly cssrs: TodaysCssrs | undefined;
  readonly pregnancyTest:
    | { readonly applicable: false }
    | { readonly applicable: true; readonly result: 'negative' | 'positive' | 'not_done' };
  readonly medicationChangesReviewed: boolean;
  /** Prescribers' overrides only: the use-case refuses anyone else's before it gets here. */
  readonly overrides: readonly GateOverride[];
  /** Today's other pre-dose blood pressures and screeners, and whether a dose was given in another session. */
  readonly earlierToday: EarlierToday;
}

export type GateResult = {
  readonly outcome: 'proceed' | 'hold';
  readonly holds: readonly GateHold[];
  readonly overridden: readonly (GateHold & { readonly reason: string })[];
  readonly warnings: readonly string[];
  /** A hold nobody can lift today (absolute BP limit, high suicide risk, positive pregnancy test, …). */
  readonly noDoseToday: boolean;
};

const noDoseCodes: readonly GateHoldCode[] = [
  'blood_pressure_at_or_above_absolute_limit',
  'cssrs_high_risk',
  'pregnancy_test_positive',
  'consent_withdrawn',
  'dose_already_given_today',
];

const bpCodes: readonly string[] = ['blood_pressure_at_or_above_hold', 'blood_pressure_low'];

export function isBloodPressureHold(code: string): boolean {
  return bpCodes.includes(code);
}

const isHoldCode = (code: string): code is HoldCode => (holdCodes as readonly string[]).includes(code);

export function runPreDoseGate(input: GateInput, protocol: ClinicProtocol): GateResult {
  const result = preDoseGate(
    {
      baselineVitals: input.baselineVitals,
      companion: input.companion,
      fastingAttested: input.fastingAttested,
      consent: input.consent,
      phq9Done: input.phq9Done,
      cssrs: input.cssrs,
      pregnancyTest: input.pregnancyTest,
      medicationChangesReviewed: input.medicationChangesReviewed,
      earlierToday: input.earlierToday,
      overrides: input.overrides
        .filter((o) => isHoldCode(o.code))
        .map((o) => ({
          code: o.code as HoldCode,
          byRole: 'prescriber' as const,
          reason: o.reason,
          ...(o.repeatReading ? { repeatReading: o.repeatReading } : {}),
        })),
    },
    protocol,
  );
  const holds = result.reasons.map((r) => ({ code: r.code, message: r.message, overridable: r.overridable }));
  return {
    outcome: result.outcome,
    holds,
    overridden: result.overridden.map((o) => ({
      code: o.code,
      message: o.message,
      overridable: o.overridable,
      reason: o.reason,
    })),
    warnings: result.warnings,
    noDoseToday: holds.some((h) => noDoseCodes.includes(h.code)),
  };
}

/** Is this repeat reading itself at or above the absolute limit (then nothing can lift the hold)? */
export function atAbsoluteLimit(systolicMmHg: number, diastolicMmHg: number, protocol: ClinicProtocol): boolean {
  const crossed = crossesBloodPressure(protocol.bloodPressure.preDoseAbsoluteLimit, systolicMmHg, diastolicMmHg);
  return crossed.systolic || crossed.diastolic;
}

export interface Reading extends PartialVitalSigns {
  /** The nurse ticked "symptoms of end-organ harm" without naming them. */
  readonly symptomatic: boolean;
  readonly symptoms: readonly EndOrganSymptom[];
}

/** In-session alerts for a reading, compared with the baseline (CLINICAL.md §3 defaults). */
export function alertsForReading(
  reading: Reading,
  protocol: ClinicProtocol,
  baseline: PartialVitalSigns | undefined,
): VitalAlert[] {
  const alerts = assessVitals({ ...reading, symptoms: reading.symptoms }, protocol, baseline);
  if (reading.symptomatic && !alerts.some((a) => a.kind === 'end_organ_symptoms')) {
    alerts.unshift({
      vital: 'symptoms',
      level: 'stop',
      kind: 'end_organ_symptoms',
      message: 'Symptoms of end-organ harm: stop the dose and escalate now, at any blood pressure.',
      threshold: 'any symptom of end-organ harm, at any blood pressure',
      source: protocol.sessionAlerts.bloodPressureStop.source,
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

/** The domain's readiness: recovery time, vitals near baseline and inside the absolute limits, recent, mental status, companion. */
export function checkDischarge(input: DischargeCheckInput, protocol: ClinicProtocol): DischargeCheck {
  const result = dischargeReadiness(
    {
      route: input.route,
      doseEndAt: input.doseEndAt,
      now: input.now,
      baseline: input.baseline,
      latest: input.latest ? { takenAt: input.latest.takenAt, vitals: input.latest.vitals } : undefined,
      onRoomAir: input.latest?.onRoomAir ?? false,
      mentalStatus: input.mentalStatus,
      companion: input.companion,
    },
    protocol,
  );
  return result.status === 'ready' ? { status: 'ready', collectedBy: result.collectedBy } : result;
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
  /** IV: the bag or syringe the drug is drawn into. */
  readonly dilution: { readonly diluent: 'sodium_chloride_0_9' | 'dextrose_5'; readonly finalVolumeMl: number } | null;
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
    ...(input.route === 'IV' && input.dilution ? { dilution: input.dilution } : {}),
    protocol: input.protocol,
  });
}

/** The plan's titration step from the last dose, capped at the plan's maximum. */
export function titratedMgPerKg(lastMgPerKg: number, stepMgPerKg: number, maxMgPerKg: number): number {
  return suggestNextMgPerKg({ currentMgPerKg: lastMgPerKg, stepMgPerKg, maxMgPerKg }).nextMgPerKg;
}
