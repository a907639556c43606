import type { ClinicProtocol, Route } from '../protocol/clinic-protocol.js';
import { modifiedAldreteScore, type AldreteForm } from './aldrete.js';
import { finiteVital, missingVitals, type PartialVitalSigns, type VitalKey } from './vital-signs.js';

/**
 * Discharge criteria (ACEP ketamine sedation guideline — CLINICAL.md §3): back to pre-treatment speech,
 * awareness and purposeful movement; vitals near baseline; SpO2 ≥ 92 % on room air; a responsible adult
 * present, recorded by name. Plus the protocol's minimum recovery time after the end of the dose.
 * "Near baseline" is not enough alone: the latest vitals must also be inside absolute limits, taken after
 * the end of the dose and recently. A modified Aldrete score, when the nurse fills it in, must reach the
 * protocol's minimum.
 */
export interface DischargeInput {
  readonly route: Route;
  readonly doseEndAt: Date;
  readonly now: Date;
  readonly baseline: PartialVitalSigns | undefined;
  /** The latest set of vitals with the time it was taken. */
  readonly latest: { readonly takenAt: Date; readonly vitals: PartialVitalSigns } | undefined;
  readonly onRoomAir: boolean;
  readonly mentalStatus: {
    readonly speechAtBaseline: boolean;
    readonly awarenessAtBaseline: boolean;
    readonly purposefulMovement: boolean;
  };
  /** The structured form of the same judgement (Aldrete 1995); optional. */
  readonly aldrete?: AldreteForm | undefined;
  readonly companion: { readonly present: false } | { readonly present: true; readonly collectedBy: string };
}

export type DischargeGap =
  | 'recovery_time_not_reached'
  | 'vitals_missing'
  | 'baseline_missing'
  | 'vitals_taken_before_dose_end'
  | 'vitals_too_old'
  | 'vitals_not_near_baseline'
  | 'vitals_outside_absolute_limits'
  | 'spo2_below_minimum'
  | 'not_on_room_air'
  | 'aldrete_incomplete'
  | 'aldrete_below_minimum'
  | 'speech_not_at_baseline'
  | 'awareness_not_at_baseline'
  | 'no_purposeful_movement'
  | 'companion_not_present';

export type DischargeReadiness =
  | { readonly status: 'ready'; readonly collectedBy: string; readonly aldreteTotal: number | null }
  | {
      readonly status: 'not_ready';
      readonly missing: readonly { readonly code: DischargeGap; readonly message: string }[];
      readonly earliestAt: Date;
    };

const minuteMs = 60_000;
const required: readonly VitalKey[] = [
  'systolicMmHg',
  'diastolicMmHg',
  'heartRateBpm',
  'spo2Percent',
  'respiratoryRatePerMin',
];

/** The vitals in people's words (as the pre-dose gate names them, src/domain/session/pre-dose-gate.ts). */
const vitalLabels: Readonly<Record<VitalKey, string>> = {
  systolicMmHg: 'systolic',
  diastolicMmHg: 'diastolic',
  heartRateBpm: 'heart rate',
  spo2Percent: 'SpO2',
  respiratoryRatePerMin: 'respiratory rate',
};
const named = (keys: readonly VitalKey[]): string => keys.map((k) => vitalLabels[k]).join(', ');
const noVitalsSinceDose = 'No vitals taken since the dose ended.';

export function dischargeReadiness(input: DischargeInput, protocol: ClinicProtocol): DischargeReadiness {
  const missing: { code: DischargeGap; message: string }[] = [];
  const gap = (code: DischargeGap, message: string): void => {
    missing.push({ code, message });
  };
  const recoveryMinutes = protocol.recoveryMinutes[input.route];
  const doseEndMs = input.doseEndAt.getTime();
  const nowMs = input.now.getTime();
  const earliestAt = new Date(doseEndMs + recoveryMinutes * minuteMs);
  if (!Number.isFinite(nowMs) || !Number.isFinite(doseEndMs) || nowMs < earliestAt.getTime()) {
    const left = Math.ceil((earliestAt.getTime() - nowMs) / minuteMs);
    gap(
      'recovery_time_not_reached',
      Number.isFinite(left)
        ? `${left} min of the ${recoveryMinutes} min ${input.route} recovery period left.`
        : 'The end of the dose or the current time is unknown.',
    );
  }

  const latest = input.latest;
  const dis = protocol.discharge;
  const baselineAbsent = missingVitals(input.baseline, ['systolicMmHg', 'diastolicMmHg', 'heartRateBpm']);
  const takenMs = latest?.takenAt.getTime() ?? Number.NaN;
  // Only a reading after the end of the dose is judged: without one there is nothing else to say about the
  // vitals (what is missing, near baseline, the limits, SpO2 on room air would all be about the wrong reading).
  if (!latest || !Number.isFinite(takenMs) || takenMs <= doseEndMs) {
    gap(latest ? 'vitals_taken_before_dose_end' : 'vitals_missing', noVitalsSinceDose);
    if (baselineAbsent.length > 0) gap('baseline_missing', `Baseline lacks ${named(baselineAbsent)}.`);
  } else {
    vitalsGaps(input, latest, takenMs, baselineAbsent, protocol, gap);
  }

  let aldreteTotal: number | null = null;
  if (input.aldrete !== undefined) {
    const score = modifiedAldreteScore(input.aldrete);
    if (score.status === 'incomplete') {
      gap('aldrete_incomplete', `Modified Aldrete score lacks ${score.missing.join(', ')}.`);
    } else {
      aldreteTotal = score.total;
      if (score.total < dis.minAldreteScore.value) {
        gap('aldrete_below_minimum', `Modified Aldrete score ${score.total} is below ${dis.minAldreteScore.value}.`);
      }
    }
  }

  const m = input.mentalStatus;
  if (!m.speechAtBaseline) gap('speech_not_at_baseline', 'Speech not back to pre-treatment level.');
  if (!m.awarenessAtBaseline) gap('awareness_not_at_baseline', 'Awareness not back to pre-treatment level.');
  if (!m.purposefulMovement) gap('no_purposeful_movement', 'Purposeful movement not back to pre-treatment level.');
  if (!input.companion.present || input.companion.collectedBy.trim() === '') {
    gap('companion_not_present', 'A responsible adult must be present; record who collects the patient.');
  }
  if (missing.length === 0 && input.companion.present) {
    return { status: 'ready', collectedBy: input.companion.collectedBy.trim(), aldreteTotal };
  }
  return { status: 'not_ready', missing, earliestAt };
}

/** The latest reading, taken after the end of the dose: complete, recent, near baseline, inside the limits. */
function vitalsGaps(
  input: DischargeInput,
  latest: NonNullable<DischargeInput['latest']>,
  takenMs: number,
  baselineAbsent: readonly VitalKey[],
  protocol: ClinicProtocol,
  gap: (code: DischargeGap, message: string) => void,
): void {
  const vitals = latest.vitals;
  const absent = missingVitals(vitals, required);
  if (absent.length > 0) gap('vitals_missing', `Latest vitals lack ${named(absent)}.`);

  const dis = protocol.discharge;
  const nowMs = input.now.getTime();
  const maxAge = dis.maxReadingAgeMinutes.value;
  if (takenMs > nowMs || nowMs - takenMs > maxAge * minuteMs) {
    gap('vitals_too_old', `Take a set of vitals: the latest must be from the last ${maxAge} min.`);
  }

  if (baselineAbsent.length > 0) gap('baseline_missing', `Baseline lacks ${named(baselineAbsent)}.`);

  const tolerance = dis.nearBaselineTolerance;
  const far: string[] = [];
  for (const [key, allowed, label, unit] of [
    ['systolicMmHg', tolerance.systolicMmHg, 'systolic', 'mmHg'],
    ['diastolicMmHg', tolerance.diastolicMmHg, 'diastolic', 'mmHg'],
    ['heartRateBpm', tolerance.heartRateBpm, 'heart rate', '/min'],
  ] as const) {
    const value = finiteVital(vitals, key);
    const base = finiteVital(input.baseline, key);
    if (value !== undefined && base !== undefined && Math.abs(value - base) > allowed) {
      far.push(`${label} ${value} vs baseline ${base} (±${allowed} ${unit})`);
    }
  }
  if (far.length > 0) gap('vitals_not_near_baseline', `Not near baseline: ${far.join('; ')}.`);

  const limits = dis.absoluteLimits;
  const outside: string[] = [];
  const sys = finiteVital(vitals, 'systolicMmHg');
  const dia = finiteVital(vitals, 'diastolicMmHg');
  const hr = finiteVital(vitals, 'heartRateBpm');
  const rr = finiteVital(vitals, 'respiratoryRatePerMin');
  if (sys !== undefined && sys >= limits.systolicBelowMmHg)
    outside.push(`systolic ${sys} (must be < ${limits.systolicBelowMmHg})`);
  if (dia !== undefined && dia >= limits.diastolicBelowMmHg)
    outside.push(`diastolic ${dia} (must be < ${limits.diastolicBelowMmHg})`);
  if (hr !== undefined && (hr < limits.heartRateMinBpm || hr > limits.heartRateMaxBpm))
    outside.push(`heart rate ${hr} (must be ${limits.heartRateMinBpm}–${limits.heartRateMaxBpm})`);
  if (rr !== undefined && (rr < limits.respiratoryRateMinPerMin || rr > limits.respiratoryRateMaxPerMin))
    outside.push(
      `respiratory rate ${rr} (must be ${limits.respiratoryRateMinPerMin}–${limits.respiratoryRateMaxPerMin})`,
    );
  if (outside.length > 0)
    gap('vitals_outside_absolute_limits', `Outside the discharge limits: ${outside.join('; ')} (${limits.source}).`);

  const minSpo2 = dis.minSpo2Percent.value;
  const spo2 = finiteVital(vitals, 'spo2Percent');
  if (spo2 !== undefined && spo2 < minSpo2) gap('spo2_below_minimum', `SpO2 ${spo2} % is below ${minSpo2} %.`);
  if (!input.onRoomAir) gap('not_on_room_air', `SpO2 must be ≥ ${minSpo2} % on room air.`);
}
