import { crossesBloodPressure, type BloodPressureThreshold, type ClinicProtocol } from '../protocol/clinic-protocol.js';
import { finiteVital, type PartialVitalSigns, type VitalName } from './vital-signs.js';

export type AlertLevel = 'notice' | 'alert' | 'stop';

/** Symptoms of end-organ harm: stop the dose and escalate at any blood pressure (CLINICAL.md §3). */
export type EndOrganSymptom =
  'chest_pain' | 'severe_headache' | 'neurological_deficit' | 'shortness_of_breath' | 'vision_change';
export const endOrganSymptoms: readonly EndOrganSymptom[] = [
  'chest_pain',
  'severe_headache',
  'neurological_deficit',
  'shortness_of_breath',
  'vision_change',
];
export const endOrganSymptomLabels: Readonly<Record<EndOrganSymptom, string>> = {
  chest_pain: 'chest pain',
  severe_headache: 'severe headache',
  neurological_deficit: 'new neurological deficit',
  shortness_of_breath: 'shortness of breath',
  vision_change: 'vision change',
};

export interface VitalAlert {
  readonly vital: VitalName | 'symptoms';
  readonly level: AlertLevel;
  /** What the alert is about, for the record: hypertension, hypotension, respiratory depression, … */
  readonly kind:
    | 'hypertension'
    | 'hypotension'
    | 'desaturation'
    | 'tachycardia'
    | 'bradycardia'
    | 'respiratory_depression'
    | 'tachypnoea'
    | 'end_organ_symptoms';
  readonly message: string;
  /** The threshold crossed, as staff read it ("≥ 180/110 mmHg", "< 92 %"). */
  readonly threshold: string;
  readonly source: string;
}

export interface VitalReading extends PartialVitalSigns {
  /** Symptoms of end-organ harm present at this reading. */
  readonly symptoms?: readonly EndOrganSymptom[];
}

const levelRank: Record<AlertLevel, number> = { notice: 0, alert: 1, stop: 2 };

/**
 * In-session alerts for one reading (CLINICAL.md §3 defaults, configurable in the protocol). At most one
 * alert per vital — the most severe — so the screen shows one coloured, worded line per number.
 * With a baseline, each message also says the change from baseline, and a systolic fall of more than the
 * protocol's % from baseline is hypotension. A value that is not a finite number is not assessed here
 * (the reading is incomplete; the gates treat it as missing).
 */
export function assessVitals(
  reading: VitalReading,
  protocol: ClinicProtocol,
  baseline?: PartialVitalSigns,
): VitalAlert[] {
  const alerts = protocol.sessionAlerts;
  const found: VitalAlert[] = [];
  const change = (value: number, base: number | undefined, unit: string): string =>
    base === undefined ? '' : ` (${value - base >= 0 ? '+' : ''}${value - base} ${unit} from baseline ${base})`;

  const symptoms = [...new Set(reading.symptoms ?? [])].filter((s) => endOrganSymptoms.includes(s));
  if (symptoms.length > 0) {
    found.push({
      vital: 'symptoms',
      level: 'stop',
      kind: 'end_organ_symptoms',
      message: `${capitalise(symptoms.map((s) => endOrganSymptomLabels[s]).join(', '))}: ${action('stop')}`,
      threshold: 'any symptom of end-organ harm, at any blood pressure',
      source: alerts.bloodPressureStop.source,
    });
  }

  const sys = finiteVital(reading, 'systolicMmHg');
  const dia = finiteVital(reading, 'diastolicMmHg');
  const baseSys = finiteVital(baseline, 'systolicMmHg');
  const bpLevels: readonly [AlertLevel, BloodPressureThreshold][] = [
    ['stop', alerts.bloodPressureStop],
    ['alert', alerts.bloodPressureAlert],
    ['notice', alerts.bloodPressureNotice],
  ];
  for (const [vital, value, base] of [
    ['systolic', sys, baseSys],
    ['diastolic', dia, finiteVital(baseline, 'diastolicMmHg')],
  ] as const) {
    if (value === undefined) continue;
    for (const [level, threshold] of bpLevels) {
      const crossed = crossesBloodPressure(threshold, value, value)[vital];
      if (!crossed) continue;
      const limit = vital === 'systolic' ? threshold.systolicMmHg : threshold.diastolicMmHg;
      found.push({
        vital,
        level,
        kind: 'hypertension',
        message: `${vital === 'systolic' ? 'Systolic' : 'Diastolic'} ${value} mmHg${change(value, base, 'mmHg')}: ${action(level)}`,
        threshold: `${threshold.comparison === 'above' ? '>' : '≥'} ${limit} mmHg`,
        source: threshold.source,
      });
      break;
    }
  }
  const hypo = alerts.hypotension;
  if (sys !== undefined && !found.some((a) => a.vital === 'systolic')) {
    const fallPercent = baseSys !== undefined && baseSys > 0 ? ((baseSys - sys) / baseSys) * 100 : 0;
    const low = sys < hypo.systolicBelowMmHg;
    if (low || fallPercent > hypo.fallFromBaselinePercent) {
      found.push({
        vital: 'systolic',
        level: 'alert',
        kind: 'hypotension',
        message: `Hypotension: systolic ${sys} mmHg${change(sys, baseSys, 'mmHg')}: ${action('alert')}`,
        threshold: low ? `< ${hypo.systolicBelowMmHg} mmHg` : `fall > ${hypo.fallFromBaselinePercent} % from baseline`,
        source: hypo.source,
      });
    }
  }

  const spo2 = finiteVital(reading, 'spo2Percent');
  if (spo2 !== undefined) {
    const stop = spo2 < alerts.spo2StopBelowPercent.value;
    if (stop || spo2 < alerts.spo2AlertBelowPercent.value) {
      const threshold = stop ? alerts.spo2StopBelowPercent : alerts.spo2AlertBelowPercent;
      found.push({
        vital: 'spo2',
        level: stop ? 'stop' : 'alert',
        kind: 'desaturation',
        message: `SpO2 ${spo2} %${change(spo2, finiteVital(baseline, 'spo2Percent'), '%')}: ${
          stop ? 'stop the dose and support the airway.' : action('alert')
        }`,
        threshold: `< ${threshold.value} %`,
        source: threshold.source,
      });
    }
  }
  const hr = finiteVital(reading, 'heartRateBpm');
  const hrRange = alerts.heartRateBpm;
  if (hr !== undefined && (hr < hrRange.alertBelow || hr > hrRange.alertAbove)) {
    const low = hr < hrRange.alertBelow;
    found.push({
      vital: 'heart_rate',
      level: 'alert',
      kind: low ? 'bradycardia' : 'tachycardia',
      message: `Heart rate ${hr} /min${change(hr, finiteVital(baseline, 'heartRateBpm'), '/min')}: ${action('alert')}`,
      threshold: low ? `< ${hrRange.alertBelow} /min` : `> ${hrRange.alertAbove} /min`,
      source: hrRange.source,
    });
  }
  const rr = finiteVital(reading, 'respiratoryRatePerMin');
  const rrRange = alerts.respiratoryRatePerMin;
  if (rr !== undefined && (rr < rrRange.alertBelow || rr > rrRange.alertAbove)) {
    const low = rr < rrRange.alertBelow;
    found.push({
      vital: 'respiratory_rate',
      level: 'alert',
      kind: low ? 'respiratory_depression' : 'tachypnoea',
      message: `${low ? 'Respiratory depression: respiratory' : 'Respiratory'} rate ${rr} /min${change(
        rr,
        finiteVital(baseline, 'respiratoryRatePerMin'),
        '/min',
      )}: ${action('alert')}`,
      threshold: low ? `< ${rrRange.alertBelow} /min` : `> ${rrRange.alertAbove} /min`,
      source: rrRange.source,
    });
  }
  return found.sort((a, b) => levelRank[b.level] - levelRank[a.level]);
}

function action(level: AlertLevel): string {
  switch (level) {
    case 'stop':
      return 'stop the dose and escalate now.';
    case 'alert':
      return 'alert the prescriber.';
    case 'notice':
      return 'recheck sooner.';
    default: {
      const unreachable: never = level;
      return unreachable;
    }
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
