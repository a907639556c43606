import { describe, expect, it } from 'vitest';
import {
  isOverridable,
  preDoseGate,
  type HoldCode,
  type PreDoseInput,
} from '../../../../src/domain/session/pre-dose-gate.js';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';

const ready: PreDoseInput = {
  baselineVitals: {
    systolicMmHg: 128,
    diastolicMmHg: 82,
    heartRateBpm: 72,
    spo2Percent: 98,
    respiratoryRatePerMin: 14,
  },
  companion: { name: 'Sam Rivera', phone: '+1 555 0100' },
  fastingAttested: true,
  consent: 'on_file',
  todaysQuestionnaires: { phq9Done: true, cssrsDone: true },
  cssrsRisk: 'low',
  pregnancyTest: { applicable: true, result: 'negative' },
  medicationChangesReviewed: true,
  overrides: [],
};
const gate = (patch: Partial<PreDoseInput>) => preDoseGate({ ...ready, ...patch }, defaultProtocol);
const vitals = (patch: Partial<NonNullable<PreDoseInput['baselineVitals']>>) => ({
  baselineVitals: { ...ready.baselineVitals, ...patch },
});

describe('pre-dose gate (CLINICAL.md §3 "Before dosing")', () => {
  it('proceeds when every item is in place', () => {
    expect(gate({})).toEqual({ outcome: 'proceed', reasons: [], overridden: [], rejectedOverrides: [], warnings: [] });
  });

  it.each([
    [{ baselineVitals: undefined }, 'baseline_vitals_missing'],
    [vitals({ respiratoryRatePerMin: undefined }), 'baseline_vitals_missing'],
    [{ companion: undefined }, 'companion_not_confirmed'],
    [{ companion: { name: 'Sam', phone: ' ' } }, 'companion_not_confirmed'],
    [{ fastingAttested: false }, 'fasting_not_attested'],
    [{ consent: 'missing' }, 'consent_missing'],
    [{ consent: 'withdrawn' }, 'consent_withdrawn'],
    [{ todaysQuestionnaires: { phq9Done: false, cssrsDone: true } }, 'phq9_not_done'],
    [{ todaysQuestionnaires: { phq9Done: true, cssrsDone: false }, cssrsRisk: undefined }, 'cssrs_not_done'],
    [{ cssrsRisk: 'high' }, 'cssrs_high_risk'],
    [{ pregnancyTest: { applicable: true, result: 'not_done' } }, 'pregnancy_test_not_done'],
    [{ pregnancyTest: { applicable: true, result: 'positive' } }, 'pregnancy_test_positive'],
    [{ medicationChangesReviewed: false }, 'medication_changes_not_reviewed'],
    [vitals({ spo2Percent: 91 }), 'baseline_spo2_low'],
    [vitals({ heartRateBpm: 121 }), 'baseline_heart_rate_out_of_range'],
    [vitals({ heartRateBpm: 49 }), 'baseline_heart_rate_out_of_range'],
    [vitals({ respiratoryRatePerMin: 9 }), 'baseline_respiratory_rate_out_of_range'],
  ] as const)('%j → hold %s', (patch, code) => {
    const result = gate(patch);
    expect(result.outcome).toBe('hold');
    expect(result.reasons.map((r) => r.code)).toEqual([code]);
  });

  describe('BP hold ≥ 160/100 (CLINICAL.md §3 clinic default); 140/90 is a warning (esketamine label)', () => {
    it.each([
      [159, 99, 'proceed'],
      [160, 99, 'hold'],
      [159, 100, 'hold'],
      [182, 95, 'hold'],
    ] as const)('%i/%i → %s', (sys, dia, outcome) => {
      expect(gate(vitals({ systolicMmHg: sys, diastolicMmHg: dia })).outcome).toBe(outcome);
    });
    it('holds the dose when systolic is 160, citing the clinic default', () => {
      expect(gate(vitals({ systolicMmHg: 160 })).reasons[0]?.message).toContain('≥ 160/100 mmHg');
    });
    it('warns without holding at 150/92', () => {
      const result = gate(vitals({ systolicMmHg: 150, diastolicMmHg: 92 }));
      expect(result.outcome).toBe('proceed');
      expect(result.warnings).toEqual([expect.stringContaining('> 140/90 mmHg')]);
    });
  });

  it('does not ask for a pregnancy test when not applicable, or when the protocol does not require one', () => {
    expect(gate({ pregnancyTest: { applicable: false } }).outcome).toBe('proceed');
    const noTest = { ...defaultProtocol, pregnancyTestRequired: false };
    expect(preDoseGate({ ...ready, pregnancyTest: { applicable: true, result: 'not_done' } }, noTest).outcome).toBe(
      'proceed',
    );
  });

  describe('overrides: only a prescriber, only with a reason, never for the safety-critical holds', () => {
    it('a prescriber with a reason lifts a BP hold and it is recorded', () => {
      const result = gate({
        ...vitals({ systolicMmHg: 162 }),
        overrides: [
          {
            code: 'blood_pressure_at_or_above_hold',
            byRole: 'prescriber',
            reason: 'Recheck 158/92 after 10 min rest; white-coat pattern',
          },
        ],
      });
      expect(result.outcome).toBe('proceed');
      expect(result.overridden).toEqual([
        expect.objectContaining({
          code: 'blood_pressure_at_or_above_hold',
          reason: expect.stringContaining('white-coat'),
        }),
      ]);
    });

    it.each([
      ['nurse', 'Feels fine', 'not_prescriber'],
      ['prescriber', '  ', 'reason_required'],
    ] as const)('an override by %s with reason %j is rejected (%s)', (byRole, reason, rejection) => {
      const result = gate({ fastingAttested: false, overrides: [{ code: 'fasting_not_attested', byRole, reason }] });
      expect(result.outcome).toBe('hold');
      expect(result.rejectedOverrides).toEqual([expect.objectContaining({ rejection })]);
    });

    it.each<HoldCode>([
      'consent_missing',
      'consent_withdrawn',
      'cssrs_high_risk',
      'cssrs_not_done',
      'baseline_vitals_missing',
      'pregnancy_test_positive',
    ])('%s is never overridable', (code) => {
      expect(isOverridable(code)).toBe(false);
    });

    it('a prescriber cannot override high suicide risk', () => {
      const result = gate({
        cssrsRisk: 'high',
        overrides: [{ code: 'cssrs_high_risk', byRole: 'prescriber', reason: 'Patient insists' }],
      });
      expect(result.outcome).toBe('hold');
      expect(result.reasons).toEqual([expect.objectContaining({ code: 'cssrs_high_risk', overridable: false })]);
      expect(result.rejectedOverrides[0]?.rejection).toBe('not_overridable');
    });

    it('reports an override for a hold that is not there', () => {
      expect(
        gate({ overrides: [{ code: 'fasting_not_attested', byRole: 'prescriber', reason: 'x' }] }).rejectedOverrides[0]
          ?.rejection,
      ).toBe('no_such_hold');
    });

    it('only the overridden holds lift; the rest remain', () => {
      const result = gate({
        fastingAttested: false,
        medicationChangesReviewed: false,
        overrides: [{ code: 'fasting_not_attested', byRole: 'prescriber', reason: 'Clear fluids only, 90 min ago' }],
      });
      expect(result.reasons.map((r) => r.code)).toEqual(['medication_changes_not_reviewed']);
    });
  });
});
