import { crossesBloodPressure, type BloodPressureThreshold, type ClinicProtocol } from '../protocol/clinic-protocol.js';
import type { PartialVitalSigns, VitalName } from './vital-signs.js';

export type AlertLevel = 'notice' | 'alert' | 'stop';

export interface VitalAlert {
  readonly vital: VitalName;
  readonly level: AlertLevel;
  readonly message: string;
  /** The threshold crossed, as staff read it ("≥ 180/110 mmHg", "< 92 %"). */
  readonly threshold: string;
  readonly source: string;
}

export interface VitalReading extends PartialVitalSigns {
  /**
   * Symptoms of a hypertensive emergency (headache, chest pain, shortness of breath, visual change,
   * confusion). Needed because ≥ 180/120 stops the dose only with symptoms (CLINICAL.md §3).
   */
  readonly symptomatic?: boolean;
}

const levelRank: Record<AlertLevel, number> = { notice: 0, alert: 1, stop: 2 };

/**
 * In-session alerts for one reading (CLINICAL.md §3 defaults, configurable in the protocol). At most one
 * alert per vital — the most severe — so the screen shows one coloured, worded line per number.
 * With a baseline, each message also says the change from baseline.
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

  const { systolicMmHg: sys, diastolicMmHg: dia } = reading;
  if (sys !== undefined || dia !== undefined) {
    const bpLevels: readonly [AlertLevel, BloodPressureThreshold, boolean][] = [
      ['stop', alerts.bloodPressureStopWithSymptoms, reading.symptomatic === true],
      ['alert', alerts.bloodPressureAlert, true],
      ['notice', alerts.bloodPressureNotice, true],
    ];
    for (const [vital, value, base] of [
      ['systolic', sys, baseline?.systolicMmHg],
      ['diastolic', dia, baseline?.diastolicMmHg],
    ] as const) {
      if (value === undefined) continue;
      for (const [level, threshold, applies] of bpLevels) {
        if (!applies) continue;
        const crossed = crossesBloodPressure(threshold, value, value)[vital];
        if (!crossed) continue;
        const limit = vital === 'systolic' ? threshold.systolicMmHg : threshold.diastolicMmHg;
        found.push({
          vital,
          level,
          message: `${vital === 'systolic' ? 'Systolic' : 'Diastolic'} ${value} mmHg${change(value, base, 'mmHg')}: ${action(level)}`,
          threshold:
            `${threshold.comparison === 'above' ? '>' : '≥'} ${limit} mmHg` +
            (level === 'stop' ? ' with symptoms' : ''),
          source: threshold.source,
        });
        break;
      }
    }
  }

  const spo2 = reading.spo2Percent;
  if (spo2 !== undefined && spo2 < alerts.spo2AlertBelowPercent.value) {
    found.push({
      vital: 'spo2',
      level: 'alert',
      message: `SpO2 ${spo2} %${change(spo2, baseline?.spo2Percent, '%')}: ${action('alert')}`,
      threshold: `< ${alerts.spo2AlertBelowPercent.value} %`,
      source: alerts.spo2AlertBelowPercent.source,
    });
  }
  for (const [vital, value, range, base, label] of [
    ['heart_rate', reading.heartRateBpm, alerts.heartRateBpm, baseline?.heartRateBpm, 'Heart rate'],
    [
      'respiratory_rate',
      reading.respiratoryRatePerMin,
      alerts.respiratoryRatePerMin,
      baseline?.respiratoryRatePerMin,
      'Respiratory rate',
    ],
  ] as const) {
    if (value === undefined) continue;
    const low = value < range.alertBelow;
    if (low || value > range.alertAbove) {
      found.push({
        vital,
        level: 'alert',
        message: `${label} ${value} /min${change(value, base, '/min')}: ${action('alert')}`,
        threshold: low ? `< ${range.alertBelow} /min` : `> ${range.alertAbove} /min`,
        source: range.source,
      });
    }
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
