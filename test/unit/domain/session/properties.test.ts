import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';
import { dischargeReadiness, type DischargeInput } from '../../../../src/domain/session/discharge-readiness.js';
import {
  nothingEarlierToday,
  preDoseGate,
  type HoldOverride,
  type PreDoseInput,
} from '../../../../src/domain/session/pre-dose-gate.js';
import { vitalKeys, type PartialVitalSigns, type VitalKey } from '../../../../src/domain/session/vital-signs.js';

// Properties the issue asks for (CLINICAL.md §2 "missing never passes a check", §3 absolute limits).

const nonFinite = fc.constantFrom<number | null | undefined>(Number.NaN, Infinity, -Infinity, null, undefined);
const plausible: Readonly<Record<VitalKey, fc.Arbitrary<number>>> = {
  systolicMmHg: fc.integer({ min: 60, max: 240 }),
  diastolicMmHg: fc.integer({ min: 30, max: 140 }),
  heartRateBpm: fc.integer({ min: 30, max: 180 }),
  spo2Percent: fc.integer({ min: 70, max: 100 }),
  respiratoryRatePerMin: fc.integer({ min: 4, max: 40 }),
};
const vitalsArb: fc.Arbitrary<Record<VitalKey, number>> = fc.record(plausible);
/** Vitals with at least one missing or non-finite value. */
const vitalsWithMissing = fc
  .tuple(vitalsArb, fc.subarray([...vitalKeys], { minLength: 1 }), fc.array(nonFinite, { minLength: 5, maxLength: 5 }))
  .map(([v, keys, bad]) => {
    const out: Record<string, number | null | undefined> = { ...v };
    keys.forEach((k, i) => {
      out[k] = bad[i];
    });
    return out;
  });

const everyOverride: fc.Arbitrary<HoldOverride[]> = fc.array(
  fc.record({
    code: fc.constantFrom<HoldOverride['code']>(
      'baseline_vitals_missing',
      'blood_pressure_at_or_above_hold',
      'blood_pressure_at_or_above_absolute_limit',
      'blood_pressure_low',
      'baseline_spo2_low',
      'baseline_heart_rate_out_of_range',
      'baseline_respiratory_rate_out_of_range',
      'cssrs_moderate_risk',
    ),
    byRole: fc.constantFrom<HoldOverride['byRole']>('prescriber', 'nurse'),
    reason: fc.constantFrom('Reviewed', ''),
    repeatReading: fc.record({
      systolicMmHg: fc.oneof(plausible.systolicMmHg, nonFinite),
      diastolicMmHg: fc.oneof(plausible.diastolicMmHg, nonFinite),
    }),
  }),
  { maxLength: 4 },
);

const gateInput = (baselineVitals: PartialVitalSigns, overrides: HoldOverride[]): PreDoseInput => ({
  baselineVitals,
  companion: { name: 'Sam Rivera', phone: '+1 555 0100' },
  fastingAttested: true,
  consent: 'on_file',
  phq9Done: true,
  cssrs: { risk: 'low', answers: { cssrs_1: true, cssrs_2: false } },
  pregnancyTest: { applicable: false },
  medicationChangesReviewed: true,
  earlierToday: nothingEarlierToday,
  overrides,
});

describe('pre-dose gate properties', () => {
  it('a missing or non-finite reading never yields proceed, whatever the overrides', () => {
    fc.assert(
      fc.property(vitalsWithMissing, everyOverride, (vitals, overrides) => {
        expect(preDoseGate(gateInput(vitals, overrides), defaultProtocol).outcome).toBe('hold');
      }),
    );
  });

  it('raising any vital past an absolute limit never turns a hold into proceed', () => {
    // Pairs of a vital and a value past its absolute pre-dose limit (CLINICAL.md §3 defaults).
    const pastLimit = fc.oneof(
      fc.tuple(fc.constant<VitalKey>('systolicMmHg'), fc.integer({ min: 180, max: 300 })),
      fc.tuple(fc.constant<VitalKey>('diastolicMmHg'), fc.integer({ min: 110, max: 200 })),
      fc.tuple(fc.constant<VitalKey>('heartRateBpm'), fc.integer({ min: 121, max: 250 })),
      fc.tuple(fc.constant<VitalKey>('respiratoryRatePerMin'), fc.integer({ min: 25, max: 60 })),
    );
    fc.assert(
      fc.property(vitalsArb, pastLimit, everyOverride, (vitals, [key, value], overrides) => {
        const before = preDoseGate(gateInput(vitals, overrides), defaultProtocol);
        const raised = preDoseGate(
          gateInput({ ...vitals, [key]: Math.max(value, vitals[key]) }, overrides),
          defaultProtocol,
        );
        if (before.outcome === 'hold') expect(raised.outcome).toBe('hold');
        if (key === 'systolicMmHg' || key === 'diastolicMmHg') expect(raised.outcome).toBe('hold');
      }),
    );
  });

  it('a blood pressure at or above the absolute limit always holds', () => {
    fc.assert(
      fc.property(vitalsArb, fc.integer({ min: 180, max: 300 }), everyOverride, (vitals, sys, overrides) => {
        const result = preDoseGate(gateInput({ ...vitals, systolicMmHg: sys }, overrides), defaultProtocol);
        expect(result.reasons.map((r) => r.code)).toContain('blood_pressure_at_or_above_absolute_limit');
      }),
    );
  });
});

describe('discharge readiness properties', () => {
  const base = (latest: PartialVitalSigns, baseline: PartialVitalSigns): DischargeInput => ({
    route: 'IV',
    doseEndAt: new Date('2026-03-09T10:40:00Z'),
    now: new Date('2026-03-09T11:40:00Z'),
    baseline,
    latest: { takenAt: new Date('2026-03-09T11:35:00Z'), vitals: latest },
    onRoomAir: true,
    mentalStatus: { speechAtBaseline: true, awarenessAtBaseline: true, purposefulMovement: true },
    companion: { present: true, collectedBy: 'Sam Rivera' },
  });

  it('a missing or non-finite latest reading is never ready', () => {
    fc.assert(
      fc.property(vitalsWithMissing, vitalsArb, (latest, baseline) => {
        expect(dischargeReadiness(base(latest, baseline), defaultProtocol).status).toBe('not_ready');
      }),
    );
  });

  it('a ready result always has the latest vitals inside the absolute limits', () => {
    fc.assert(
      fc.property(vitalsArb, vitalsArb, (latest, baseline) => {
        const result = dischargeReadiness(base(latest, baseline), defaultProtocol);
        if (result.status === 'ready') {
          const l = defaultProtocol.discharge.absoluteLimits;
          expect(latest.systolicMmHg).toBeLessThan(l.systolicBelowMmHg);
          expect(latest.diastolicMmHg).toBeLessThan(l.diastolicBelowMmHg);
          expect(latest.heartRateBpm).toBeGreaterThanOrEqual(l.heartRateMinBpm);
          expect(latest.heartRateBpm).toBeLessThanOrEqual(l.heartRateMaxBpm);
          expect(latest.respiratoryRatePerMin).toBeGreaterThanOrEqual(l.respiratoryRateMinPerMin);
          expect(latest.respiratoryRatePerMin).toBeLessThanOrEqual(l.respiratoryRateMaxPerMin);
          expect(latest.spo2Percent).toBeGreaterThanOrEqual(92);
        }
      }),
    );
  });
});
