import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../src/domain/errors.js';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';
import { validateProtocol } from '../../../../src/domain/protocol/validate-protocol.js';
import type { ClinicProtocol } from '../../../../src/domain/protocol/clinic-protocol.js';

function paths(input: unknown): string[] {
  try {
    validateProtocol(input);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'validation_failed') return error.errors.map((e) => e.path);
    throw error;
  }
  throw new Error('expected validation_failed');
}
const clone = (): ClinicProtocol => structuredClone<ClinicProtocol>(defaultProtocol);
type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
const edit = (change: (p: Mutable<ClinicProtocol>) => void): unknown => {
  const p = clone() as Mutable<ClinicProtocol>;
  change(p);
  return p;
};

describe('default protocol (CLINICAL.md defaults)', () => {
  it('is valid', () => {
    expect(validateProtocol(defaultProtocol)).toEqual(defaultProtocol);
  });

  it.each([
    ['hold ≥ 160/100 (CLINICAL.md §3)', defaultProtocol.bloodPressure.preDoseHold, [160, 100, 'at_or_above']],
    [
      'screening warning > 140/90 (esketamine label)',
      defaultProtocol.bloodPressure.screeningWarning,
      [140, 90, 'above'],
    ],
    [
      'eligibility hard stop > 180/100 (Swiss label)',
      defaultProtocol.bloodPressure.eligibilityHardStop,
      [180, 100, 'above'],
    ],
    ['alert ≥ 180/110', defaultProtocol.sessionAlerts.bloodPressureAlert, [180, 110, 'at_or_above']],
    ['stop ≥ 180/120', defaultProtocol.sessionAlerts.bloodPressureStop, [180, 120, 'at_or_above']],
  ] as const)('%s', (_, threshold, [sys, dia, comparison]) => {
    expect([threshold.systolicMmHg, threshold.diastolicMmHg, threshold.comparison]).toEqual([sys, dia, comparison]);
    expect(threshold.source.length).toBeGreaterThan(10);
  });

  it('carries the other CLINICAL.md numbers', () => {
    const p = defaultProtocol;
    expect(p.sessionAlerts.spo2AlertBelowPercent.value).toBe(92);
    expect([p.sessionAlerts.heartRateBpm.alertBelow, p.sessionAlerts.heartRateBpm.alertAbove]).toEqual([50, 120]);
    expect(p.sessionAlerts.heartRateBpm.verified).toBe(false);
    expect(p.sessionAlerts.respiratoryRatePerMin.verified).toBe(false);
    expect(p.doseLimits.IV).toMatchObject({
      startMgPerKg: 0.5,
      defaultInfusionMinutes: 40,
      maxInfusionMgPerKgPerHour: 1,
    });
    expect(p.benzodiazepineMaxLorazepamMgPerDay.value).toBe(2);
    expect([p.vitalsIntervalMinutes.duringDose, p.vitalsIntervalMinutes.afterDose]).toEqual([10, 15]);
    expect(p.discharge.minSpo2Percent.value).toBe(92);
    expect(p.induction).toMatchObject({ sessions: 6, maxSpanDays: 21, minSessionsPerWeek: 2, maxSessionsPerWeek: 3 });
    expect(p.recoveryMinutes).toMatchObject({ IV: 60, IM: 60 });
  });

  it('every sourced value names its source', () => {
    const sources: string[] = [];
    const walk = (value: unknown): void => {
      if (value && typeof value === 'object') {
        if ('source' in value) sources.push(String(value.source));
        Object.values(value).forEach(walk);
      }
    };
    walk(defaultProtocol);
    expect(sources.length).toBeGreaterThanOrEqual(15);
    expect(sources.every((s) => /CLINICAL\.md §\d/.test(s))).toBe(true);
  });
});

describe('validateProtocol refuses impossible settings', () => {
  it.each([
    [
      'a negative dose limit',
      (p: Mutable<ClinicProtocol>) => {
        p.doseLimits.IV.maxMgPerKg = -1;
      },
      '/doseLimits/IV/maxMgPerKg',
    ],
    [
      'a hold above the prescriber alert',
      (p: Mutable<ClinicProtocol>) => {
        p.bloodPressure.preDoseHold.systolicMmHg = 185;
      },
      '/bloodPressure/preDoseHold',
    ],
    [
      'an alert above the stop level',
      (p: Mutable<ClinicProtocol>) => {
        p.sessionAlerts.bloodPressureAlert.diastolicMmHg = 125;
      },
      '/sessionAlerts/bloodPressureAlert',
    ],
    [
      'a warning above the hold',
      (p: Mutable<ClinicProtocol>) => {
        p.bloodPressure.screeningWarning.systolicMmHg = 165;
      },
      '/bloodPressure/screeningWarning',
    ],
    [
      'diastolic above systolic',
      (p: Mutable<ClinicProtocol>) => {
        p.bloodPressure.preDoseHold.diastolicMmHg = 170;
        p.bloodPressure.preDoseHold.systolicMmHg = 160;
      },
      '/bloodPressure/preDoseHold/diastolicMmHg',
    ],
    [
      'heart-rate low above high',
      (p: Mutable<ClinicProtocol>) => {
        p.sessionAlerts.heartRateBpm.alertBelow = 130;
      },
      '/sessionAlerts/heartRateBpm/alertBelow',
    ],
    [
      'a start dose above the maximum',
      (p: Mutable<ClinicProtocol>) => {
        p.doseLimits.IM.startMgPerKg = 0.6;
      },
      '/doseLimits/IM/startMgPerKg',
    ],
    [
      'an IV without infusion rate',
      (p: Mutable<ClinicProtocol>) => {
        p.doseLimits.IV.maxInfusionMgPerKgPerHour = null;
      },
      '/doseLimits/IV',
    ],
    [
      'an IM with an infusion duration',
      (p: Mutable<ClinicProtocol>) => {
        p.doseLimits.IM.defaultInfusionMinutes = 40;
      },
      '/doseLimits/IM',
    ],
    [
      'negative recovery',
      (p: Mutable<ClinicProtocol>) => {
        p.recoveryMinutes.IV = -5;
      },
      '/recoveryMinutes/IV',
    ],
    [
      'a zero vitals interval',
      (p: Mutable<ClinicProtocol>) => {
        p.vitalsIntervalMinutes.duringDose = 0;
      },
      '/vitalsIntervalMinutes/duringDose',
    ],
    [
      'discharge SpO2 below the alert level',
      (p: Mutable<ClinicProtocol>) => {
        p.discharge.minSpo2Percent.value = 90;
      },
      '/discharge/minSpo2Percent/value',
    ],
    [
      'weekly minimum above maximum',
      (p: Mutable<ClinicProtocol>) => {
        p.induction.minSessionsPerWeek = 4;
      },
      '/induction/minSessionsPerWeek',
    ],
    [
      'sessions that cannot fit the span',
      (p: Mutable<ClinicProtocol>) => {
        p.induction.maxSpanDays = 10;
      },
      '/induction/maxSpanDays',
    ],
    [
      'a weekly maximum the spacing forbids',
      (p: Mutable<ClinicProtocol>) => {
        p.induction.minSpacingDays = 4;
      },
      '/induction/maxSessionsPerWeek',
    ],
    [
      'same-day sessions',
      (p: Mutable<ClinicProtocol>) => {
        p.induction.minSpacingDays = 0;
      },
      '/induction/minSpacingDays',
    ],
    [
      'a missing source',
      (p: Mutable<ClinicProtocol>) => {
        p.fasting.source = '';
      },
      '/fasting/source',
    ],
  ])('%s', (_, change, path) => {
    expect(paths(edit(change))).toContain(path);
  });

  it('refuses something that is not a protocol at all', () => {
    expect(paths({ version: 'x' }).length).toBeGreaterThan(5);
    expect(paths(null)).toEqual(['/']);
  });
});
