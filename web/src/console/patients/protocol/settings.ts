import type { ClinicProtocol, Route } from '../../../../../src/domain/protocol';

/** The editable numbers, grouped as staff look for them: a path into the protocol and a label. */
export const groups: { heading: string; fields: { path: string; label: string }[] }[] = [
  {
    heading: 'Blood pressure at screening',
    fields: [
      { path: 'bloodPressure.screeningWarning.systolicMmHg', label: 'Screening warning: systolic above (mmHg)' },
      { path: 'bloodPressure.screeningWarning.diastolicMmHg', label: 'Screening warning: diastolic above (mmHg)' },
      { path: 'bloodPressure.eligibilityHardStop.systolicMmHg', label: 'Not eligible: systolic above (mmHg)' },
      { path: 'bloodPressure.eligibilityHardStop.diastolicMmHg', label: 'Not eligible: diastolic above (mmHg)' },
      {
        path: 'bloodPressure.eligibilitySevereReading.systolicMmHg',
        label: 'Any single reading: systolic at or above (mmHg) needs clearance',
      },
      {
        path: 'bloodPressure.eligibilitySevereReading.diastolicMmHg',
        label: 'Any single reading: diastolic at or above (mmHg) needs clearance',
      },
    ],
  },
  {
    heading: 'Eligibility',
    fields: [
      { path: 'eligibility.minimumAgeYears.value', label: 'Minimum age (years, on the clinic-local date)' },
      { path: 'eligibility.stopBangAtOrAbove.value', label: 'STOP-BANG at or above: sleep-medicine clearance' },
      { path: 'benzodiazepineMaxLorazepamMgPerDay.value', label: 'Benzodiazepine limit (mg/day lorazepam-equivalent)' },
    ],
  },
  {
    heading: 'Before the dose: holds',
    fields: [
      {
        path: 'bloodPressure.preDoseHold.systolicMmHg',
        label: 'Hold (prescriber may override): systolic at or above (mmHg)',
      },
      {
        path: 'bloodPressure.preDoseHold.diastolicMmHg',
        label: 'Hold (prescriber may override): diastolic at or above (mmHg)',
      },
      {
        path: 'bloodPressure.preDoseAbsoluteLimit.systolicMmHg',
        label: 'No dose today, no override: systolic at or above (mmHg)',
      },
      {
        path: 'bloodPressure.preDoseAbsoluteLimit.diastolicMmHg',
        label: 'No dose today, no override: diastolic at or above (mmHg)',
      },
      { path: 'bloodPressure.preDoseLow.systolicBelowMmHg', label: 'Hold: systolic below (mmHg)' },
      { path: 'bloodPressure.preDoseLow.diastolicBelowMmHg', label: 'Hold: diastolic below (mmHg)' },
      { path: 'preDoseHolds.heartRateBpm.alertBelow', label: 'Hold: heart rate below (/min)' },
      { path: 'preDoseHolds.heartRateBpm.alertAbove', label: 'Hold: heart rate above (/min)' },
      { path: 'preDoseHolds.respiratoryRatePerMin.alertBelow', label: 'Hold: respiratory rate below (/min)' },
      { path: 'preDoseHolds.respiratoryRatePerMin.alertAbove', label: 'Hold: respiratory rate above (/min)' },
      { path: 'preDoseHolds.spo2BelowPercent.value', label: 'Hold: SpO2 below (%)' },
      { path: 'fasting.solidsHours', label: 'Fasting from solids (hours)' },
      { path: 'fasting.clearFluidsHours', label: 'Fasting from clear fluids (hours)' },
    ],
  },
  {
    heading: 'Dose',
    fields: [
      ...(['IV', 'IM'] as Route[]).flatMap((r) => [
        { path: `doseLimits.${r}.startMgPerKg`, label: `${r}: usual starting dose (mg/kg)` },
        { path: `doseLimits.${r}.maxMgPerKg`, label: `${r}: maximum delivered without override (mg/kg)` },
        { path: `doseLimits.${r}.maxTotalMg`, label: `${r}: maximum delivered without override (mg in total)` },
      ]),
      {
        path: 'doseLimits.IV.maxInfusionMgPerKgPerHour',
        label: 'IV: fastest delivered infusion without override (mg/kg/h)',
      },
      { path: 'ivDilution.maxUndilutedMgPerMl', label: 'IV: strongest strength that may run undiluted (mg/mL)' },
      { path: 'ivDilution.defaultFinalVolumeMl', label: 'IV: usual final volume of the bag or syringe (mL)' },
    ],
  },
  {
    heading: 'During the dose: alerts',
    fields: [
      {
        path: 'sessionAlerts.bloodPressureAlert.systolicMmHg',
        label: 'Alert the prescriber: systolic at or above (mmHg)',
      },
      {
        path: 'sessionAlerts.bloodPressureAlert.diastolicMmHg',
        label: 'Alert the prescriber: diastolic at or above (mmHg)',
      },
      { path: 'sessionAlerts.bloodPressureStop.systolicMmHg', label: 'Stop the dose: systolic at or above (mmHg)' },
      { path: 'sessionAlerts.bloodPressureStop.diastolicMmHg', label: 'Stop the dose: diastolic at or above (mmHg)' },
      { path: 'sessionAlerts.hypotension.systolicBelowMmHg', label: 'Hypotension: systolic below (mmHg)' },
      {
        path: 'sessionAlerts.hypotension.fallFromBaselinePercent',
        label: 'Hypotension: fall from baseline of more than (%)',
      },
      { path: 'sessionAlerts.spo2AlertBelowPercent.value', label: 'Alert: SpO2 below (%)' },
      { path: 'sessionAlerts.spo2StopBelowPercent.value', label: 'Stop and support the airway: SpO2 below (%)' },
      { path: 'sessionAlerts.respiratoryRatePerMin.alertBelow', label: 'Respiratory depression: rate below (/min)' },
    ],
  },
  {
    heading: 'After the dose: discharge',
    fields: [
      ...(['IV', 'IM'] as Route[]).map((r) => ({
        path: `recoveryMinutes.${r}`,
        label: `${r}: minimum recovery (minutes)`,
      })),
      { path: 'discharge.absoluteLimits.systolicBelowMmHg', label: 'Discharge: systolic below (mmHg)' },
      { path: 'discharge.absoluteLimits.diastolicBelowMmHg', label: 'Discharge: diastolic below (mmHg)' },
      { path: 'discharge.absoluteLimits.heartRateMinBpm', label: 'Discharge: heart rate from (/min)' },
      { path: 'discharge.absoluteLimits.heartRateMaxBpm', label: 'Discharge: heart rate up to (/min)' },
      { path: 'discharge.absoluteLimits.respiratoryRateMinPerMin', label: 'Discharge: respiratory rate from (/min)' },
      { path: 'discharge.absoluteLimits.respiratoryRateMaxPerMin', label: 'Discharge: respiratory rate up to (/min)' },
      { path: 'discharge.minSpo2Percent.value', label: 'Discharge: SpO2 at least (%, room air)' },
      { path: 'discharge.maxReadingAgeMinutes.value', label: 'Discharge vitals taken within the last (minutes)' },
      { path: 'discharge.minAldreteScore.value', label: 'Modified Aldrete score at least (0–10)' },
    ],
  },
  {
    heading: 'Outcomes',
    fields: [
      { path: 'outcomeBaselineMinimum.phq9', label: 'Response and remission judged from a PHQ-9 baseline of at least' },
      {
        path: 'outcomeBaselineMinimum.madrs',
        label: 'Response and remission judged from a MADRS baseline of at least',
      },
      {
        path: 'outcomeBaselineMinimum.qids_sr16',
        label: 'Response and remission judged from a QIDS-SR16 baseline of at least',
      },
    ],
  },
];
export const fields = groups.flatMap((g) => g.fields);

/** Eligibility findings whose weight is a clinic setting (CLINICAL.md §1 "default severity in brackets"). */
export const severitySettings: { path: string; label: string }[] = [
  { path: 'eligibility.ketamineOrPcpMisuse', label: 'History of ketamine or PCP misuse or dependence' },
  { path: 'eligibility.pregnancy', label: 'Pregnant' },
  { path: 'eligibility.breastfeeding', label: 'Breastfeeding' },
  { path: 'eligibility.bladderSymptoms', label: 'Ketamine-associated bladder symptoms' },
  { path: 'eligibility.stopBangAtOrAbove', label: 'STOP-BANG at or above the threshold' },
];
export const severityChoices = [
  { value: 'exclusion', label: 'Not eligible' },
  { value: 'needs_clearance', label: 'Needs clearance' },
  { value: 'caution', label: 'Caution only' },
] as const;
export type SeverityChoice = (typeof severityChoices)[number]['value'];

/** The setting object that holds a number's source (the number's parent, or the object itself). */
export const settingOf = (
  protocol: ClinicProtocol,
  path: string,
): { source?: string; verified?: boolean } | undefined => {
  let node: unknown = protocol;
  for (const part of path.split('.')) {
    const next = (node as Record<string, unknown> | undefined)?.[part];
    if (typeof next !== 'object' || next === null) break;
    node = next;
  }
  return node as { source?: string; verified?: boolean } | undefined;
};

export const numberText = (value: unknown): string => (typeof value === 'number' ? String(value) : '');
export const read = (protocol: ClinicProtocol, path: string): unknown =>
  path.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], protocol);
export function write(protocol: ClinicProtocol, path: string, value: unknown): ClinicProtocol {
  const copy = structuredClone(protocol) as unknown as Record<string, unknown>;
  const parts = path.split('.');
  let node = copy;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts.at(-1)!] = value;
  return copy as unknown as ClinicProtocol;
}
