import {
  crossesBloodPressure,
  describeBloodPressure,
  type BloodPressureThreshold,
  type ClinicProtocol,
} from '../protocol/clinic-protocol.js';
import { finiteVital, missingVitals, type PartialVitalSigns, type VitalKey } from './vital-signs.js';

/**
 * The pre-dose checklist (CLINICAL.md §3 "Before dosing": each a hard stop, clinic-configurable).
 * A hold can be overridden only by a prescriber with a reason — a BP hold also needs the repeat reading
 * (CLINICAL.md §3) — except the holds below marked never overridable, where no clinical judgement on the
 * day makes dosing safe or lawful:
 * - consent missing or withdrawn (no consent, no treatment);
 * - BP at or above the absolute limit (no dose that day — CLINICAL.md §3);
 * - C-SSRS high risk (block dosing, escalate now — CLINICAL.md §5), C-SSRS not done or done without its
 *   answers and risk level (high risk cannot be ruled out);
 * - baseline vitals missing or non-numeric (missing never passes a check — CLINICAL.md §2);
 * - a positive pregnancy test (needs obstetric review, not a same-day override);
 * - a dose already given today in another session ("never two on the same day", CLINICAL.md §4).
 *
 * A day's reading or screener is not undone by a later one: a blood pressure at the hold tier or the absolute
 * limit, or a C-SSRS screener at moderate or high risk, taken earlier the same day (in this session, a repeat
 * reading, or another session of the day) holds as if it were the latest. Otherwise taking another reading
 * would lift a hold that only a prescriber may lift, or one nobody may.
 * C-SSRS moderate risk is lifted only by a prescriber's documented review (an override whose reason is
 * the review).
 */
export type HoldCode =
  | 'baseline_vitals_missing'
  | 'blood_pressure_at_or_above_hold'
  | 'blood_pressure_at_or_above_absolute_limit'
  | 'blood_pressure_low'
  | 'baseline_spo2_low'
  | 'baseline_heart_rate_out_of_range'
  | 'baseline_respiratory_rate_out_of_range'
  | 'companion_not_confirmed'
  | 'fasting_not_attested'
  | 'consent_missing'
  | 'consent_withdrawn'
  | 'phq9_not_done'
  | 'cssrs_not_done'
  | 'cssrs_incomplete'
  | 'cssrs_high_risk'
  | 'cssrs_moderate_risk'
  | 'pregnancy_test_not_done'
  | 'pregnancy_test_positive'
  | 'medication_changes_not_reviewed'
  | 'dose_already_given_today';

const neverOverridable: ReadonlySet<HoldCode> = new Set<HoldCode>([
  'baseline_vitals_missing',
  'blood_pressure_at_or_above_absolute_limit',
  'consent_missing',
  'consent_withdrawn',
  'cssrs_not_done',
  'cssrs_incomplete',
  'cssrs_high_risk',
  'pregnancy_test_positive',
  'dose_already_given_today',
]);

export function isOverridable(code: HoldCode): boolean {
  return !neverOverridable.has(code);
}

export type StaffRole = 'coordinator' | 'nurse' | 'prescriber' | 'admin';

export interface HoldOverride {
  readonly code: HoldCode;
  readonly byRole: StaffRole;
  /** The prescriber's reason; for `cssrs_moderate_risk`, the documented review. */
  readonly reason: string;
  /** Required to lift a BP hold: the repeat reading the prescriber relied on (CLINICAL.md §3). */
  readonly repeatReading?: {
    readonly systolicMmHg: number | null | undefined;
    readonly diastolicMmHg: number | null | undefined;
  };
}

export type CssrsRisk = 'none' | 'low' | 'moderate' | 'high';

/** Today's C-SSRS screener: undefined when not done; when done it must carry its answers and risk level. */
export interface TodaysCssrs {
  readonly risk: CssrsRisk | undefined;
  readonly answers: Readonly<Record<string, boolean | null>> | undefined;
}

export interface PreDoseInput {
  readonly baselineVitals: PartialVitalSigns | undefined;
  /** Confirmed by name and phone (labels: go home with a responsible adult). */
  readonly companion: { readonly name: string; readonly phone: string } | undefined;
  readonly fastingAttested: boolean;
  readonly consent: 'on_file' | 'missing' | 'withdrawn';
  readonly phq9Done: boolean;
  readonly cssrs: TodaysCssrs | undefined;
  /** `applicable: false` when the patient cannot become pregnant. */
  readonly pregnancyTest:
    | { readonly applicable: false }
    | { readonly applicable: true; readonly result: 'negative' | 'positive' | 'not_done' };
  readonly medicationChangesReviewed: boolean;
  readonly overrides: readonly HoldOverride[];
  /** What the day already holds besides the baseline and the latest screener above. */
  readonly earlierToday: EarlierToday;
}

/** The patient's day so far (clinic date), beyond the baseline reading and the latest screener. */
export interface EarlierToday {
  /** Blood pressures taken before a dose today: this session's earlier and repeat readings, other sessions'. */
  readonly bloodPressures: readonly {
    readonly systolicMmHg: number | null | undefined;
    readonly diastolicMmHg: number | null | undefined;
  }[];
  /** Risk levels of today's other C-SSRS screeners (undefined: one without its risk level). */
  readonly cssrsRisks: readonly (CssrsRisk | undefined)[];
  /** A dose was started today in another session. */
  readonly doseGivenInAnotherSession: boolean;
}

export const nothingEarlierToday: EarlierToday = {
  bloodPressures: [],
  cssrsRisks: [],
  doseGivenInAnotherSession: false,
};

export interface HoldReason {
  readonly code: HoldCode;
  readonly message: string;
  readonly overridable: boolean;
}

export type RejectedOverrideReason =
  | 'not_prescriber'
  | 'reason_required'
  | 'not_overridable'
  | 'no_such_hold'
  | 'repeat_reading_required'
  | 'repeat_reading_at_absolute_limit';

export interface PreDoseResult {
  readonly outcome: 'proceed' | 'hold';
  /** Holds still in force. */
  readonly reasons: readonly HoldReason[];
  /** Holds lifted by a valid override, kept for the session record. */
  readonly overridden: readonly (HoldReason & {
    readonly reason: string;
    readonly repeatReading?: { readonly systolicMmHg: number; readonly diastolicMmHg: number };
  })[];
  readonly rejectedOverrides: readonly (HoldOverride & { readonly rejection: RejectedOverrideReason })[];
  /** Not holds: worth showing (e.g. BP above the esketamine label's 140/90). */
  readonly warnings: readonly string[];
}

const requiredVitals = [
  'systolicMmHg',
  'diastolicMmHg',
  'heartRateBpm',
  'spo2Percent',
  'respiratoryRatePerMin',
] as const satisfies readonly VitalKey[];

const vitalLabels: Readonly<Record<VitalKey, string>> = {
  systolicMmHg: 'systolic',
  diastolicMmHg: 'diastolic',
  heartRateBpm: 'heart rate',
  spo2Percent: 'SpO2',
  respiratoryRatePerMin: 'respiratory rate',
};

export function preDoseGate(input: PreDoseInput, protocol: ClinicProtocol): PreDoseResult {
  const holds: HoldReason[] = [];
  const warnings: string[] = [];
  const hold = (code: HoldCode, message: string): void => {
    holds.push({ code, message, overridable: isOverridable(code) });
  };

  // A missing or non-numeric reading (absent, null, NaN, Infinity) is a hold, never a pass (CLINICAL.md §3).
  const v = input.baselineVitals;
  const missing = missingVitals(v, requiredVitals);
  if (missing.length > 0) {
    hold('baseline_vitals_missing', `Baseline vitals missing: ${missing.map((k) => vitalLabels[k]).join(', ')}.`);
  }
  const sys = finiteVital(v, 'systolicMmHg');
  const dia = finiteVital(v, 'diastolicMmHg');
  const hr = finiteVital(v, 'heartRateBpm');
  const spo2 = finiteVital(v, 'spo2Percent');
  const rr = finiteVital(v, 'respiratoryRatePerMin');
  const bp = protocol.bloodPressure;
  if (sys !== undefined || dia !== undefined) {
    const text = `${sys ?? '?'}/${dia ?? '?'} mmHg`;
    const crossed = (threshold: BloodPressureThreshold): boolean =>
      (sys !== undefined && crossesBloodPressure(threshold, sys, Number.NEGATIVE_INFINITY).systolic) ||
      (dia !== undefined && crossesBloodPressure(threshold, Number.NEGATIVE_INFINITY, dia).diastolic);
    if (crossed(bp.preDoseAbsoluteLimit)) {
      hold(
        'blood_pressure_at_or_above_absolute_limit',
        `Blood pressure ${text} is ${describeBloodPressure(bp.preDoseAbsoluteLimit)}: no dose today, no override (${bp.preDoseAbsoluteLimit.source}).`,
      );
    } else if (crossed(bp.preDoseHold)) {
      hold(
        'blood_pressure_at_or_above_hold',
        `Blood pressure ${text} is ${describeBloodPressure(bp.preDoseHold)} (${bp.preDoseHold.source}).`,
      );
    } else if (crossed(bp.screeningWarning)) {
      warnings.push(
        `Blood pressure ${text} is ${describeBloodPressure(bp.screeningWarning)} (${bp.screeningWarning.source}).`,
      );
    }
    const low = bp.preDoseLow;
    if ((sys !== undefined && sys < low.systolicBelowMmHg) || (dia !== undefined && dia < low.diastolicBelowMmHg)) {
      hold(
        'blood_pressure_low',
        `Blood pressure ${text} is below ${low.systolicBelowMmHg}/${low.diastolicBelowMmHg} mmHg (${low.source}).`,
      );
    }
  }
  holdOnEarlierBloodPressures(input.earlierToday.bloodPressures, protocol, holds);
  const holdsOn = protocol.preDoseHolds;
  if (spo2 !== undefined && spo2 < holdsOn.spo2BelowPercent.value) {
    hold(
      'baseline_spo2_low',
      `Baseline SpO2 ${spo2} % is below ${holdsOn.spo2BelowPercent.value} % (${holdsOn.spo2BelowPercent.source}).`,
    );
  }
  const hrRange = holdsOn.heartRateBpm;
  if (hr !== undefined && (hr < hrRange.alertBelow || hr > hrRange.alertAbove)) {
    hold(
      'baseline_heart_rate_out_of_range',
      `Baseline heart rate ${hr} /min is outside ${hrRange.alertBelow}–${hrRange.alertAbove} (${hrRange.source}).`,
    );
  }
  const rrRange = holdsOn.respiratoryRatePerMin;
  if (rr !== undefined && (rr < rrRange.alertBelow || rr > rrRange.alertAbove)) {
    hold(
      'baseline_respiratory_rate_out_of_range',
      `Baseline respiratory rate ${rr} /min is outside ${rrRange.alertBelow}–${rrRange.alertAbove} (${rrRange.source}).`,
    );
  }

  if (!input.companion || input.companion.name.trim() === '' || input.companion.phone.trim() === '') {
    hold(
      'companion_not_confirmed',
      'Companion not confirmed by name and phone: the patient must go home with a responsible adult.',
    );
  }
  if (!input.fastingAttested) {
    const f = protocol.fasting;
    hold(
      'fasting_not_attested',
      `Fasting not attested (no solids ${f.solidsHours} h, no clear fluids ${f.clearFluidsHours} h).`,
    );
  }
  switch (input.consent) {
    case 'missing':
      hold('consent_missing', 'No consent on file.');
      break;
    case 'withdrawn':
      hold('consent_withdrawn', 'Consent has been withdrawn.');
      break;
    case 'on_file':
      break;
    default: {
      const unreachable: never = input.consent;
      throw new Error(`unknown consent state ${String(unreachable)}`);
    }
  }
  if (!input.phq9Done) hold('phq9_not_done', "Today's PHQ-9 is not done.");
  const cssrs = input.cssrs;
  if (cssrs === undefined) {
    hold('cssrs_not_done', "Today's C-SSRS screener is not done.");
  } else if (cssrs.risk === undefined || cssrs.answers === undefined || Object.keys(cssrs.answers).length === 0) {
    // A screener marked done must carry its answers and risk level (CLINICAL.md §3).
    hold('cssrs_incomplete', "Today's C-SSRS screener is marked done without its answers and risk level.");
  } else if (cssrs.risk === 'high') {
    hold('cssrs_high_risk', 'C-SSRS high risk: do not dose; escalate now (CLINICAL.md §5).');
  } else if (cssrs.risk === 'moderate') {
    hold(
      'cssrs_moderate_risk',
      'C-SSRS moderate risk: a prescriber must document a review before dosing (CLINICAL.md §3).',
    );
  }
  const latestRisk = cssrs?.risk;
  if (latestRisk !== 'high' && input.earlierToday.cssrsRisks.includes('high')) {
    hold(
      'cssrs_high_risk',
      'A C-SSRS screener earlier today was at high risk: do not dose today; escalate now (CLINICAL.md §5).',
    );
  } else if (latestRisk !== 'high' && latestRisk !== 'moderate' && input.earlierToday.cssrsRisks.includes('moderate')) {
    hold(
      'cssrs_moderate_risk',
      'A C-SSRS screener earlier today was at moderate risk: a prescriber must document a review before dosing (CLINICAL.md §3).',
    );
  }
  if (protocol.pregnancyTestRequired && input.pregnancyTest.applicable) {
    if (input.pregnancyTest.result === 'not_done')
      hold('pregnancy_test_not_done', 'Pregnancy test required by clinic policy and not done.');
    if (input.pregnancyTest.result === 'positive')
      hold('pregnancy_test_positive', 'Pregnancy test positive: obstetric review before any dose.');
  }
  if (!input.medicationChangesReviewed) hold('medication_changes_not_reviewed', 'Medication changes not reviewed.');
  if (input.earlierToday.doseGivenInAnotherSession) {
    hold(
      'dose_already_given_today',
      'A dose was already given today in another session: never two doses on the same day (CLINICAL.md §4).',
    );
  }

  const overridden: (HoldReason & {
    reason: string;
    repeatReading?: { systolicMmHg: number; diastolicMmHg: number };
  })[] = [];
  const rejectedOverrides: (HoldOverride & { rejection: RejectedOverrideReason })[] = [];
  const rejectionFor = (o: HoldOverride): RejectedOverrideReason | undefined => {
    const target = holds.find((h) => h.code === o.code);
    if (!target) return 'no_such_hold';
    if (!target.overridable) return 'not_overridable';
    if (o.byRole !== 'prescriber') return 'not_prescriber';
    if (o.reason.trim() === '') return 'reason_required';
    if (o.code === 'blood_pressure_at_or_above_hold') {
      const repeat = o.repeatReading;
      const rSys = repeat?.systolicMmHg;
      const rDia = repeat?.diastolicMmHg;
      if (typeof rSys !== 'number' || !Number.isFinite(rSys) || typeof rDia !== 'number' || !Number.isFinite(rDia)) {
        return 'repeat_reading_required';
      }
      const abs = crossesBloodPressure(bp.preDoseAbsoluteLimit, rSys, rDia);
      if (abs.systolic || abs.diastolic) return 'repeat_reading_at_absolute_limit';
    }
    return undefined;
  };
  for (const o of input.overrides) {
    const rejection = rejectionFor(o);
    if (rejection) rejectedOverrides.push({ ...o, rejection });
    if (rejection === 'repeat_reading_at_absolute_limit' && o.repeatReading) {
      const r = o.repeatReading;
      // The repeat reading is a reading of today: at the absolute limit, no dose today.
      if (!holds.some((h) => h.code === 'blood_pressure_at_or_above_absolute_limit')) {
        hold(
          'blood_pressure_at_or_above_absolute_limit',
          `Repeat blood pressure ${r.systolicMmHg}/${r.diastolicMmHg} mmHg is ${describeBloodPressure(bp.preDoseAbsoluteLimit)}: no dose today, no override (${bp.preDoseAbsoluteLimit.source}).`,
        );
      }
    }
  }
  const remaining = holds.filter((h) => {
    const valid = input.overrides.find((o) => o.code === h.code && rejectionFor(o) === undefined);
    if (valid) {
      const r = valid.repeatReading;
      overridden.push({
        ...h,
        reason: valid.reason.trim(),
        ...(h.code === 'blood_pressure_at_or_above_hold' &&
        r &&
        typeof r.systolicMmHg === 'number' &&
        typeof r.diastolicMmHg === 'number'
          ? { repeatReading: { systolicMmHg: r.systolicMmHg, diastolicMmHg: r.diastolicMmHg } }
          : {}),
      });
    }
    return !valid;
  });
  return {
    outcome: remaining.length === 0 ? 'proceed' : 'hold',
    reasons: remaining,
    overridden,
    rejectedOverrides,
    warnings,
  };
}

/**
 * Today's other pre-dose blood pressures (CLINICAL.md §3): one at the absolute limit means no dose today, and
 * it replaces the overridable hold; one at the hold tier, or below the low limit, holds until a prescriber
 * overrides with a reason and a repeat reading. Each is added once, naming the first reading that crossed.
 */
function holdOnEarlierBloodPressures(
  readings: EarlierToday['bloodPressures'],
  protocol: ClinicProtocol,
  holds: HoldReason[],
): void {
  const bp = protocol.bloodPressure;
  const has = (code: HoldCode): boolean => holds.some((h) => h.code === code);
  const add = (code: HoldCode, message: string): void => {
    holds.push({ code, message, overridable: isOverridable(code) });
  };
  for (const r of readings) {
    const sys = typeof r.systolicMmHg === 'number' && Number.isFinite(r.systolicMmHg) ? r.systolicMmHg : undefined;
    const dia = typeof r.diastolicMmHg === 'number' && Number.isFinite(r.diastolicMmHg) ? r.diastolicMmHg : undefined;
    if (sys === undefined && dia === undefined) continue;
    const text = `${sys ?? '?'}/${dia ?? '?'} mmHg`;
    const crossed = (threshold: BloodPressureThreshold): boolean => {
      const c = crossesBloodPressure(threshold, sys ?? Number.NEGATIVE_INFINITY, dia ?? Number.NEGATIVE_INFINITY);
      return c.systolic || c.diastolic;
    };
    if (crossed(bp.preDoseAbsoluteLimit)) {
      if (!has('blood_pressure_at_or_above_absolute_limit')) {
        const tier = holds.findIndex((h) => h.code === 'blood_pressure_at_or_above_hold');
        if (tier >= 0) holds.splice(tier, 1);
        add(
          'blood_pressure_at_or_above_absolute_limit',
          `Blood pressure ${text}, taken earlier today, is ${describeBloodPressure(bp.preDoseAbsoluteLimit)}: no dose today, no override (${bp.preDoseAbsoluteLimit.source}).`,
        );
      }
    } else if (
      crossed(bp.preDoseHold) &&
      !has('blood_pressure_at_or_above_hold') &&
      !has('blood_pressure_at_or_above_absolute_limit')
    ) {
      add(
        'blood_pressure_at_or_above_hold',
        `Blood pressure ${text}, taken earlier today, is ${describeBloodPressure(bp.preDoseHold)}: a later reading does not lift the hold; a prescriber may, with a reason and a repeat reading (${bp.preDoseHold.source}).`,
      );
    }
    const low = bp.preDoseLow;
    if (
      ((sys !== undefined && sys < low.systolicBelowMmHg) || (dia !== undefined && dia < low.diastolicBelowMmHg)) &&
      !has('blood_pressure_low')
    ) {
      add(
        'blood_pressure_low',
        `Blood pressure ${text}, taken earlier today, is below ${low.systolicBelowMmHg}/${low.diastolicBelowMmHg} mmHg: a later reading does not lift the hold; a prescriber may, with a reason and a repeat reading (${low.source}).`,
      );
    }
  }
}
