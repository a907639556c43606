import type { ClinicProtocol, Route } from '../protocol/clinic-protocol.js';
import type { PartialVitalSigns, VitalSigns } from './vital-signs.js';

/**
 * Discharge criteria (ACEP ketamine sedation guideline — CLINICAL.md §3): back to pre-treatment speech,
 * awareness and purposeful movement; vitals near baseline; SpO2 ≥ 92 % on room air; a responsible adult
 * present, recorded by name. Plus the protocol's minimum recovery time after the end of the dose.
 */
export interface DischargeInput {
  readonly route: Route;
  readonly doseEndAt: Date;
  readonly now: Date;
  readonly baseline: VitalSigns;
  readonly latest: PartialVitalSigns | undefined;
  readonly onRoomAir: boolean;
  readonly mentalStatus: {
    readonly speechAtBaseline: boolean;
    readonly awarenessAtBaseline: boolean;
    readonly purposefulMovement: boolean;
  };
  readonly companion: { readonly present: false } | { readonly present: true; readonly collectedBy: string };
}

export type DischargeGap =
  | 'recovery_time_not_reached'
  | 'vitals_missing'
  | 'vitals_not_near_baseline'
  | 'spo2_below_minimum'
  | 'not_on_room_air'
  | 'speech_not_at_baseline'
  | 'awareness_not_at_baseline'
  | 'no_purposeful_movement'
  | 'companion_not_present';

export type DischargeReadiness =
  | { readonly status: 'ready'; readonly collectedBy: string }
  | {
      readonly status: 'not_ready';
      readonly missing: readonly { readonly code: DischargeGap; readonly message: string }[];
      readonly earliestAt: Date;
    };

const minuteMs = 60_000;

export function dischargeReadiness(input: DischargeInput, protocol: ClinicProtocol): DischargeReadiness {
  const missing: { code: DischargeGap; message: string }[] = [];
  const recoveryMinutes = protocol.recoveryMinutes[input.route];
  const earliestAt = new Date(input.doseEndAt.getTime() + recoveryMinutes * minuteMs);
  if (input.now.getTime() < earliestAt.getTime()) {
    const left = Math.ceil((earliestAt.getTime() - input.now.getTime()) / minuteMs);
    missing.push({
      code: 'recovery_time_not_reached',
      message: `${left} min of the ${recoveryMinutes} min ${input.route} recovery period left.`,
    });
  }

  const latest = input.latest;
  const absent = (['systolicMmHg', 'diastolicMmHg', 'heartRateBpm', 'spo2Percent'] as const).filter(
    (k) => latest?.[k] === undefined,
  );
  if (absent.length > 0) missing.push({ code: 'vitals_missing', message: `Latest vitals lack ${absent.join(', ')}.` });

  const tolerance = protocol.discharge.nearBaselineTolerance;
  const far: string[] = [];
  for (const [key, allowed, label, unit] of [
    ['systolicMmHg', tolerance.systolicMmHg, 'systolic', 'mmHg'],
    ['diastolicMmHg', tolerance.diastolicMmHg, 'diastolic', 'mmHg'],
    ['heartRateBpm', tolerance.heartRateBpm, 'heart rate', '/min'],
  ] as const) {
    const value = latest?.[key];
    if (value !== undefined && Math.abs(value - input.baseline[key]) > allowed) {
      far.push(`${label} ${value} vs baseline ${input.baseline[key]} (±${allowed} ${unit})`);
    }
  }
  if (far.length > 0)
    missing.push({ code: 'vitals_not_near_baseline', message: `Not near baseline: ${far.join('; ')}.` });

  const minSpo2 = protocol.discharge.minSpo2Percent.value;
  if (latest?.spo2Percent !== undefined && latest.spo2Percent < minSpo2) {
    missing.push({ code: 'spo2_below_minimum', message: `SpO2 ${latest.spo2Percent} % is below ${minSpo2} %.` });
  }
  if (!input.onRoomAir) missing.push({ code: 'not_on_room_air', message: `SpO2 must be ≥ ${minSpo2} % on room air.` });
  const m = input.mentalStatus;
  if (!m.speechAtBaseline)
    missing.push({ code: 'speech_not_at_baseline', message: 'Speech not back to pre-treatment level.' });
  if (!m.awarenessAtBaseline)
    missing.push({ code: 'awareness_not_at_baseline', message: 'Awareness not back to pre-treatment level.' });
  if (!m.purposefulMovement)
    missing.push({ code: 'no_purposeful_movement', message: 'Purposeful movement not back to pre-treatment level.' });
  if (!input.companion.present || input.companion.collectedBy.trim() === '') {
    missing.push({
      code: 'companion_not_present',
      message: 'A responsible adult must be present; record who collects the patient.',
    });
  }
  if (missing.length === 0 && input.companion.present) {
    return { status: 'ready', collectedBy: input.companion.collectedBy.trim() };
  }
  return { status: 'not_ready', missing, earliestAt };
}
