import { describe, expect, it } from 'vitest';
import {
  isOverridable,
  nothingEarlierToday,
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
  phq9Done: true,
  cssrs: { risk: 'low', answers: { cssrs_1: true, cssrs_2: false, cssrs_6_lifetime: false } },
  pregnancyTest: { applicable: true, result: 'negative' },
  medicationChangesReviewed: true,
  overrides: [],
  earlierToday: nothingEarlierToday,
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
    [{ phq9Done: false }, 'phq9_not_done'],
    [{ cssrs: undefined }, 'cssrs_not_done'],
    [{ cssrs: { risk: 'high', answers: { cssrs_2: true, cssrs_4: true } } }, 'cssrs_high_risk'],
    [{ cssrs: { risk: 'moderate', answers: { cssrs_2: true, cssrs_3: true } } }, 'cssrs_moderate_risk'],
    // "Screener done" without its answers or risk level is refused (CLINICAL.md §3).
    [{ cssrs: { risk: undefined, answers: { cssrs_1: false } } }, 'cssrs_incomplete'],
    [{ cssrs: { risk: 'none', answers: undefined } }, 'cssrs_incomplete'],
    [{ cssrs: { risk: 'none', answers: {} } }, 'cssrs_incomplete'],
    [{ pregnancyTest: { applicable: true, result: 'not_done' } }, 'pregnancy_test_not_done'],
    [{ pregnancyTest: { applicable: true, result: 'positive' } }, 'pregnancy_test_positive'],
    [{ medicationChangesReviewed: false }, 'medication_changes_not_reviewed'],
    [vitals({ spo2Percent: 91 }), 'baseline_spo2_low'],
    [vitals({ heartRateBpm: 121 }), 'baseline_heart_rate_out_of_range'],
    [vitals({ heartRateBpm: 49 }), 'baseline_heart_rate_out_of_range'],
    [vitals({ respiratoryRatePerMin: 9 }), 'baseline_respiratory_rate_out_of_range'],
    [vitals({ respiratoryRatePerMin: 25 }), 'baseline_respiratory_rate_out_of_range'],
    [vitals({ systolicMmHg: 89 }), 'blood_pressure_low'],
    [vitals({ diastolicMmHg: 59 }), 'blood_pressure_low'],
  ] as const)('%j → hold %s', (patch, code) => {
    const result = gate(patch);
    expect(result.outcome).toBe('hold');
    expect(result.reasons.map((r) => r.code)).toEqual([code]);
  });

  describe('BP hold ≥ 160/100 (CLINICAL.md §3 clinic default); 140/90 is a warning (esketamine label)', () => {
    it.each([
      [159, 99, 'proceed', []],
      [160, 99, 'hold', ['blood_pressure_at_or_above_hold']],
      [159, 100, 'hold', ['blood_pressure_at_or_above_hold']],
      [179, 109, 'hold', ['blood_pressure_at_or_above_hold']],
      // The absolute limit (≥ 180 systolic or ≥ 110 diastolic — CLINICAL.md §3) replaces the overridable hold.
      [180, 95, 'hold', ['blood_pressure_at_or_above_absolute_limit']],
      [150, 110, 'hold', ['blood_pressure_at_or_above_absolute_limit']],
      [90, 60, 'proceed', []],
    ] as const)('%i/%i → %s %j', (sys, dia, outcome, codes) => {
      const result = gate(vitals({ systolicMmHg: sys, diastolicMmHg: dia }));
      expect(result.outcome).toBe(outcome);
      expect(result.reasons.map((r) => r.code)).toEqual(codes);
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
            reason: 'Recheck after 10 min rest; white-coat pattern',
            repeatReading: { systolicMmHg: 158, diastolicMmHg: 92 },
          },
        ],
      });
      expect(result.outcome).toBe('proceed');
      expect(result.overridden).toEqual([
        expect.objectContaining({
          code: 'blood_pressure_at_or_above_hold',
          reason: expect.stringContaining('white-coat'),
          repeatReading: { systolicMmHg: 158, diastolicMmHg: 92 },
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
      'blood_pressure_at_or_above_absolute_limit',
      'cssrs_incomplete',
    ])('%s is never overridable', (code) => {
      expect(isOverridable(code)).toBe(false);
    });

    it('a prescriber cannot override high suicide risk', () => {
      const result = gate({
        cssrs: { risk: 'high', answers: { cssrs_2: true, cssrs_5: true } },
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

  describe('two BP tiers (CLINICAL.md §3): an overridable hold and an absolute limit with no override that day', () => {
    const bpOverride = (repeatReading?: { systolicMmHg: number | null; diastolicMmHg: number | null }) => ({
      code: 'blood_pressure_at_or_above_hold' as const,
      byRole: 'prescriber' as const,
      reason: 'Rested 10 min',
      ...(repeatReading ? { repeatReading } : {}),
    });

    it('230/130 with a prescriber override still holds (absolute limit, no override)', () => {
      const result = gate({
        ...vitals({ systolicMmHg: 230, diastolicMmHg: 130 }),
        overrides: [
          { code: 'blood_pressure_at_or_above_absolute_limit', byRole: 'prescriber', reason: 'Asymptomatic' },
          bpOverride({ systolicMmHg: 150, diastolicMmHg: 90 }),
        ],
      });
      expect(result.outcome).toBe('hold');
      expect(result.reasons.map((r) => r.code)).toEqual(['blood_pressure_at_or_above_absolute_limit']);
      expect(result.rejectedOverrides.map((o) => o.rejection)).toEqual(['not_overridable', 'no_such_hold']);
    });

    it('an override of the hold needs a repeat reading', () => {
      for (const repeat of [
        undefined,
        { systolicMmHg: null, diastolicMmHg: 90 },
        { systolicMmHg: Number.NaN, diastolicMmHg: 90 },
      ]) {
        const result = gate({ ...vitals({ systolicMmHg: 165 }), overrides: [bpOverride(repeat)] });
        expect(result.outcome).toBe('hold');
        expect(result.rejectedOverrides[0]?.rejection).toBe('repeat_reading_required');
      }
    });

    it('a repeat reading at the absolute limit refuses the override and holds for the day', () => {
      const result = gate({
        ...vitals({ systolicMmHg: 165 }),
        overrides: [bpOverride({ systolicMmHg: 181, diastolicMmHg: 95 })],
      });
      expect(result.outcome).toBe('hold');
      expect(result.rejectedOverrides[0]?.rejection).toBe('repeat_reading_at_absolute_limit');
      expect(result.reasons.map((r) => r.code)).toEqual([
        'blood_pressure_at_or_above_hold',
        'blood_pressure_at_or_above_absolute_limit',
      ]);
    });
  });

  describe('a missing or non-numeric reading is a hold named "missing", never a pass (CLINICAL.md §2, §3)', () => {
    it.each([
      ['NaN systolic', { systolicMmHg: Number.NaN }],
      ['Infinity diastolic', { diastolicMmHg: Number.POSITIVE_INFINITY }],
      ['-Infinity heart rate', { heartRateBpm: Number.NEGATIVE_INFINITY }],
      ['null SpO2', { spo2Percent: null }],
      ['absent respiratory rate', { respiratoryRatePerMin: undefined }],
    ])('%s', (_, patch) => {
      const result = gate(vitals(patch));
      expect(result.outcome).toBe('hold');
      expect(result.reasons).toEqual([
        expect.objectContaining({ code: 'baseline_vitals_missing', overridable: false }),
      ]);
    });
  });

  describe('C-SSRS on the day (CLINICAL.md §3)', () => {
    it('moderate risk proceeds only after a prescriber documents a review', () => {
      const moderate = { cssrs: { risk: 'moderate' as const, answers: { cssrs_2: true, cssrs_3: true } } };
      expect(gate(moderate).outcome).toBe('hold');
      const nurse = gate({ ...moderate, overrides: [{ code: 'cssrs_moderate_risk', byRole: 'nurse', reason: 'ok' }] });
      expect(nurse.outcome).toBe('hold');
      const reviewed = gate({
        ...moderate,
        overrides: [
          { code: 'cssrs_moderate_risk', byRole: 'prescriber', reason: 'Seen; no intent; safety plan reviewed' },
        ],
      });
      expect(reviewed.outcome).toBe('proceed');
      expect(reviewed.overridden[0]).toMatchObject({
        code: 'cssrs_moderate_risk',
        reason: expect.stringContaining('safety plan'),
      });
    });

    it('"none" and "low" proceed', () => {
      expect(gate({ cssrs: { risk: 'none', answers: { cssrs_1: false, cssrs_2: false } } }).outcome).toBe('proceed');
      expect(gate({}).outcome).toBe('proceed');
    });
  });

  describe("the day's earlier readings and screeners still hold (CLINICAL.md §3: no dose that day; §4: never two on the same day)", () => {
    const earlier = (patch: Partial<PreDoseInput['earlierToday']>) => ({
      earlierToday: { ...nothingEarlierToday, ...patch },
    });
    const bp = (systolicMmHg: number | null, diastolicMmHg: number | null) => ({ systolicMmHg, diastolicMmHg });

    it.each([
      // A later normal reading does not lift the absolute limit (≥ 180 systolic or ≥ 110 diastolic).
      [[bp(185, 95)], ['blood_pressure_at_or_above_absolute_limit']],
      [[bp(150, 110)], ['blood_pressure_at_or_above_absolute_limit']],
      [[bp(179, 109)], ['blood_pressure_at_or_above_hold']],
      // Nor the overridable tier (≥ 160/100): only a prescriber lifts it, with a reason and a repeat reading.
      [[bp(160, 80)], ['blood_pressure_at_or_above_hold']],
      [[bp(159, 99)], []],
      [[bp(89, 70)], ['blood_pressure_low']],
      [[bp(90, 60)], []],
      // The absolute limit replaces the tier, whichever reading came first; each hold is named once.
      [[bp(165, 95), bp(182, 100), bp(170, 100)], ['blood_pressure_at_or_above_absolute_limit']],
      // A reading without numbers proves nothing either way; the baseline decides what is missing.
      [[bp(null, null)], []],
      [[bp(null, 112)], ['blood_pressure_at_or_above_absolute_limit']],
    ] as const)('earlier %j, latest 128/82 → %j', (pressures, codes) => {
      const result = gate(earlier({ bloodPressures: pressures }));
      expect(result.reasons.map((r) => r.code)).toEqual(codes);
      expect(result.outcome).toBe(codes.length === 0 ? 'proceed' : 'hold');
    });

    it('says which reading held the dose, and that no one may override the absolute limit', () => {
      const [hold] = gate(earlier({ bloodPressures: [bp(185, 95)] })).reasons;
      expect(hold).toEqual({
        code: 'blood_pressure_at_or_above_absolute_limit',
        overridable: false,
        message: expect.stringContaining('185/95 mmHg, taken earlier today'),
      });
    });

    it('a latest reading at the tier and an earlier one at the absolute limit: the absolute limit alone', () => {
      const result = gate({ ...vitals({ systolicMmHg: 165 }), ...earlier({ bloodPressures: [bp(181, 90)] }) });
      expect(result.reasons.map((r) => r.code)).toEqual(['blood_pressure_at_or_above_absolute_limit']);
    });

    it("a prescriber's override of the tier holds over the day's earlier reading at the tier", () => {
      const result = gate({
        ...earlier({ bloodPressures: [bp(166, 96)] }),
        overrides: [
          {
            code: 'blood_pressure_at_or_above_hold',
            byRole: 'prescriber',
            reason: 'Rested 10 minutes; repeat 150/90',
            repeatReading: { systolicMmHg: 150, diastolicMmHg: 90 },
          },
        ],
      });
      expect(result.outcome).toBe('proceed');
    });

    it('no override lifts an earlier reading at the absolute limit', () => {
      const result = gate({
        ...earlier({ bloodPressures: [bp(186, 96)] }),
        overrides: [{ code: 'blood_pressure_at_or_above_absolute_limit', byRole: 'prescriber', reason: 'Feels fine' }],
      });
      expect(result.outcome).toBe('hold');
      expect(result.rejectedOverrides[0]?.rejection).toBe('not_overridable');
    });

    it.each([
      // CLINICAL.md §5: high risk blocks dosing for the day; a later, lower screener does not undo it.
      [['high'], 'low', ['cssrs_high_risk']],
      [['high'], 'none', ['cssrs_high_risk']],
      [['high'], 'high', ['cssrs_high_risk']],
      // Moderate needs a prescriber's documented review, whatever a later screener says.
      [['moderate'], 'low', ['cssrs_moderate_risk']],
      [['moderate'], 'moderate', ['cssrs_moderate_risk']],
      [['moderate', 'high'], 'low', ['cssrs_high_risk']],
      [['low', 'none'], 'low', []],
    ] as const)('earlier screeners %j, latest %s → %j', (risks, latest, codes) => {
      const result = gate({
        cssrs: { risk: latest, answers: { cssrs_1: latest !== 'none' } },
        ...earlier({ cssrsRisks: risks }),
      });
      expect(result.reasons.map((r) => r.code)).toEqual(codes);
    });

    it('a dose already given today in another session: hold, no one may override', () => {
      const result = gate({
        ...earlier({ doseGivenInAnotherSession: true }),
        overrides: [{ code: 'dose_already_given_today', byRole: 'prescriber', reason: 'Patient asks for a second' }],
      });
      expect(result.outcome).toBe('hold');
      expect(result.reasons).toEqual([
        expect.objectContaining({ code: 'dose_already_given_today', overridable: false }),
      ]);
      expect(result.rejectedOverrides[0]?.rejection).toBe('not_overridable');
      expect(isOverridable('dose_already_given_today')).toBe(false);
    });
  });
});
