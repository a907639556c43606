import { describe, expect, it } from 'vitest';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';
import { upgradeStoredProtocol } from '../../../../src/domain/protocol/upgrade-protocol.js';
import { validateProtocol } from '../../../../src/domain/protocol/validate-protocol.js';

/** A protocol as version 2026.1 stored it: without the settings issue 11 added, with the old stop name. */
function stored2026_1(): Record<string, unknown> {
  const without = (o: unknown, keys: readonly string[]): Record<string, unknown> =>
    Object.fromEntries(Object.entries(o as Record<string, unknown>).filter(([k]) => !keys.includes(k)));
  const p = structuredClone(defaultProtocol);
  return {
    ...without(p, ['preDoseHolds', 'ivDilution', 'eligibility', 'outcomeBaselineMinimum']),
    version: 'ketaclinic-default-2026.1',
    bloodPressure: {
      ...without(p.bloodPressure, ['eligibilitySevereReading', 'preDoseAbsoluteLimit', 'preDoseLow']),
      preDoseHold: { ...p.bloodPressure.preDoseHold, systolicMmHg: 150 },
    },
    sessionAlerts: {
      ...without(p.sessionAlerts, ['bloodPressureStop', 'hypotension', 'spo2StopBelowPercent']),
      bloodPressureStopWithSymptoms: { ...p.sessionAlerts.bloodPressureStop, diastolicMmHg: 125, source: 'old' },
    },
    discharge: without(p.discharge, ['absoluteLimits', 'maxReadingAgeMinutes', 'minAldreteScore']),
  };
}

describe('reading a protocol version stored before a setting existed', () => {
  it('fills every missing setting from the defaults and keeps what the clinic set', () => {
    const upgraded = upgradeStoredProtocol(stored2026_1());
    expect(() => validateProtocol(upgraded)).not.toThrow();
    expect(upgraded.version).toBe('ketaclinic-default-2026.1');
    expect(upgraded.bloodPressure.preDoseHold.systolicMmHg).toBe(150);
    expect(upgraded.bloodPressure.preDoseAbsoluteLimit).toEqual(defaultProtocol.bloodPressure.preDoseAbsoluteLimit);
    expect(upgraded.eligibility).toEqual(defaultProtocol.eligibility);
    expect(upgraded.discharge.absoluteLimits).toEqual(defaultProtocol.discharge.absoluteLimits);
    expect(upgraded.doseLimits.IM.maxInfusionMgPerKgPerHour).toBeNull();
  });

  it('reads the old "stop with symptoms" threshold as the stop threshold, with today\'s source', () => {
    const upgraded = upgradeStoredProtocol(stored2026_1());
    expect(upgraded.sessionAlerts.bloodPressureStop).toMatchObject({
      systolicMmHg: 180,
      diastolicMmHg: 125,
      source: defaultProtocol.sessionAlerts.bloodPressureStop.source,
    });
    expect('bloodPressureStopWithSymptoms' in upgraded.sessionAlerts).toBe(false);
  });

  it('leaves a current protocol exactly as it is', () => {
    expect(upgradeStoredProtocol(structuredClone(defaultProtocol))).toEqual(defaultProtocol);
  });
});
