import { crossesBloodPressure, describeBloodPressure, type ClinicProtocol } from '../protocol/clinic-protocol.js';
import type { PartialVitalSigns } from './vital-signs.js';

/**
 * The pre-dose checklist (CLINICAL.md §3 "Before dosing": each a hard stop, clinic-configurable).
 * A hold can be overridden only by a prescriber with a reason — except the holds below marked never
 * overridable, where no clinical judgement on the day makes dosing safe or lawful:
 * - consent missing or withdrawn (no consent, no treatment);
 * - C-SSRS high risk (block dosing, escalate now — CLINICAL.md §5) and C-SSRS not done (high risk
 *   cannot be ruled out);
 * - baseline vitals missing (every in-session alert is judged against them);
 * - a positive pregnancy test (needs obstetric review, not a same-day override).
 */
export type HoldCode =
  | 'baseline_vitals_missing'
  | 'blood_pressure_at_or_above_hold'
  | 'baseline_spo2_low'
  | 'baseline_heart_rate_out_of_range'
  | 'baseline_respiratory_rate_out_of_range'
  | 'companion_not_confirmed'
  | 'fasting_not_attested'
  | 'consent_missing'
  | 'consent_withdrawn'
  | 'phq9_not_done'
  | 'cssrs_not_done'
  | 'cssrs_high_risk'
  | 'pregnancy_test_not_done'
  | 'pregnancy_test_positive'
  | 'medication_changes_not_reviewed';

const neverOverridable: ReadonlySet<HoldCode> = new Set<HoldCode>([
  'baseline_vitals_missing',
  'consent_missing',
  'consent_withdrawn',
  'cssrs_not_done',
  'cssrs_high_risk',
  'pregnancy_test_positive',
]);

export function isOverridable(code: HoldCode): boolean {
  return !neverOverridable.has(code);
}

export type StaffRole = 'coordinator' | 'nurse' | 'prescriber' | 'admin';

export interface HoldOverride {
  readonly code: HoldCode;
  readonly byRole: StaffRole;
  readonly reason: string;
}

export interface PreDoseInput {
  readonly baselineVitals: PartialVitalSigns | undefined;
  /** Confirmed by name and phone (labels: go home with a responsible adult). */
  readonly companion: { readonly name: string; readonly phone: string } | undefined;
  readonly fastingAttested: boolean;
  readonly consent: 'on_file' | 'missing' | 'withdrawn';
  readonly todaysQuestionnaires: { readonly phq9Done: boolean; readonly cssrsDone: boolean };
  /** Today's C-SSRS screener risk, when done. */
  readonly cssrsRisk: 'low' | 'moderate' | 'high' | undefined;
  /** `applicable: false` when the patient cannot become pregnant. */
  readonly pregnancyTest:
    | { readonly applicable: false }
    | { readonly applicable: true; readonly result: 'negative' | 'positive' | 'not_done' };
  readonly medicationChangesReviewed: boolean;
  readonly overrides: readonly HoldOverride[];
}

export interface HoldReason {
  readonly code: HoldCode;
  readonly message: string;
  readonly overridable: boolean;
}

export type RejectedOverrideReason = 'not_prescriber' | 'reason_required' | 'not_overridable' | 'no_such_hold';

export interface PreDoseResult {
  readonly outcome: 'proceed' | 'hold';
  /** Holds still in force. */
  readonly reasons: readonly HoldReason[];
  /** Holds lifted by a valid override, kept for the session record. */
  readonly overridden: readonly (HoldReason & { readonly reason: string })[];
  readonly rejectedOverrides: readonly (HoldOverride & { readonly rejection: RejectedOverrideReason })[];
  /** Not holds: worth showing (e.g. BP above the esketamine label's 140/90). */
  readonly warnings: readonly string[];
}

export function preDoseGate(input: PreDoseInput, protocol: ClinicProtocol): PreDoseResult {
  const holds: HoldReason[] = [];
  const warnings: string[] = [];
  const hold = (code: HoldCode, message: string): void => {
    holds.push({ code, message, overridable: isOverridable(code) });
  };

  const v = input.baselineVitals;
  const missing = (
    ['systolicMmHg', 'diastolicMmHg', 'heartRateBpm', 'spo2Percent', 'respiratoryRatePerMin'] as const
  ).filter((key) => v?.[key] === undefined);
  if (v === undefined || missing.length > 0) {
    hold('baseline_vitals_missing', `Baseline vitals missing: ${missing.join(', ')}.`);
  }
  if (v?.systolicMmHg !== undefined && v.diastolicMmHg !== undefined) {
    const holdBp = protocol.bloodPressure.preDoseHold;
    const crossed = crossesBloodPressure(holdBp, v.systolicMmHg, v.diastolicMmHg);
    if (crossed.systolic || crossed.diastolic) {
      hold(
        'blood_pressure_at_or_above_hold',
        `Blood pressure ${v.systolicMmHg}/${v.diastolicMmHg} mmHg is ${describeBloodPressure(holdBp)} (${holdBp.source}).`,
      );
    } else {
      const warn = protocol.bloodPressure.screeningWarning;
      const w = crossesBloodPressure(warn, v.systolicMmHg, v.diastolicMmHg);
      if (w.systolic || w.diastolic) {
        warnings.push(
          `Blood pressure ${v.systolicMmHg}/${v.diastolicMmHg} mmHg is ${describeBloodPressure(warn)} (${warn.source}).`,
        );
      }
    }
  }
  const alerts = protocol.sessionAlerts;
  if (v?.spo2Percent !== undefined && v.spo2Percent < alerts.spo2AlertBelowPercent.value) {
    hold('baseline_spo2_low', `Baseline SpO2 ${v.spo2Percent} % is below ${alerts.spo2AlertBelowPercent.value} %.`);
  }
  if (
    v?.heartRateBpm !== undefined &&
    (v.heartRateBpm < alerts.heartRateBpm.alertBelow || v.heartRateBpm > alerts.heartRateBpm.alertAbove)
  ) {
    hold(
      'baseline_heart_rate_out_of_range',
      `Baseline heart rate ${v.heartRateBpm} /min is outside ${alerts.heartRateBpm.alertBelow}–${alerts.heartRateBpm.alertAbove}.`,
    );
  }
  const rr = alerts.respiratoryRatePerMin;
  if (
    v?.respiratoryRatePerMin !== undefined &&
    (v.respiratoryRatePerMin < rr.alertBelow || v.respiratoryRatePerMin > rr.alertAbove)
  ) {
    hold(
      'baseline_respiratory_rate_out_of_range',
      `Baseline respiratory rate ${v.respiratoryRatePerMin} /min is outside ${rr.alertBelow}–${rr.alertAbove}.`,
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
  if (!input.todaysQuestionnaires.phq9Done) hold('phq9_not_done', "Today's PHQ-9 is not done.");
  if (!input.todaysQuestionnaires.cssrsDone) hold('cssrs_not_done', "Today's C-SSRS screener is not done.");
  if (input.cssrsRisk === 'high') {
    hold('cssrs_high_risk', 'C-SSRS high risk: do not dose; escalate now (CLINICAL.md §5).');
  }
  if (protocol.pregnancyTestRequired && input.pregnancyTest.applicable) {
    if (input.pregnancyTest.result === 'not_done')
      hold('pregnancy_test_not_done', 'Pregnancy test required by clinic policy and not done.');
    if (input.pregnancyTest.result === 'positive')
      hold('pregnancy_test_positive', 'Pregnancy test positive: obstetric review before any dose.');
  }
  if (!input.medicationChangesReviewed) hold('medication_changes_not_reviewed', 'Medication changes not reviewed.');

  const overridden: (HoldReason & { reason: string })[] = [];
  const rejectedOverrides: (HoldOverride & { rejection: RejectedOverrideReason })[] = [];
  const remaining = holds.filter((h) => {
    const valid = input.overrides.find(
      (o) => o.code === h.code && o.byRole === 'prescriber' && o.reason.trim() !== '' && h.overridable,
    );
    if (valid) overridden.push({ ...h, reason: valid.reason.trim() });
    return !valid;
  });
  for (const o of input.overrides) {
    const target = holds.find((h) => h.code === o.code);
    const rejection: RejectedOverrideReason | undefined = !target
      ? 'no_such_hold'
      : !target.overridable
        ? 'not_overridable'
        : o.byRole !== 'prescriber'
          ? 'not_prescriber'
          : o.reason.trim() === ''
            ? 'reason_required'
            : undefined;
    if (rejection) rejectedOverrides.push({ ...o, rejection });
  }
  return {
    outcome: remaining.length === 0 ? 'proceed' : 'hold',
    reasons: remaining,
    overridden,
    rejectedOverrides,
    warnings,
  };
}
