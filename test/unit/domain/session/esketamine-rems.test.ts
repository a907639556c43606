import { describe, expect, it } from 'vitest';
import {
  esketamineDevices,
  remsCompleteness,
  remsObservationEndsAt,
  type RemsInput,
} from '../../../../src/domain/session/esketamine-rems.js';

// CLINICAL.md §2/§3 and the Spravato label/REMS: 28 mg per nasal-spray device, 56 or 84 mg a session;
// monitoring for at least 2 h after the dose; BP before dosing, at ~40 min and before discharge;
// sedation and dissociation assessed.
const dose = new Date('2026-03-09T10:00:00Z');
const at = (minutes: number) => new Date(dose.getTime() + minutes * 60_000);
const bp = (minutes: number, systolicMmHg: unknown = 128, diastolicMmHg: unknown = 80) => ({
  takenAt: at(minutes),
  systolicMmHg: systolicMmHg as number,
  diastolicMmHg: diastolicMmHg as number,
});
const complete: RemsInput = {
  doseAt: dose,
  now: at(125),
  bloodPressures: [bp(-10), bp(40), bp(118)],
  assessments: [
    { kind: 'sedation', takenAt: at(40), level: 'mild' },
    { kind: 'dissociation', takenAt: at(40), level: 'moderate' },
    { kind: 'sedation', takenAt: at(118), level: 'none' },
    { kind: 'dissociation', takenAt: at(118), level: 'none' },
  ],
};
const missing = (patch: Partial<RemsInput>) => remsCompleteness({ ...complete, ...patch }).missing.map((m) => m.item);

describe('esketamine devices (28 mg per nasal-spray device; 56 or 84 mg — CLINICAL.md §2, Spravato label)', () => {
  it.each([
    [56, { ok: true, devices: 2 }],
    [84, { ok: true, devices: 3 }],
  ])('%s mg is %o', (mg, expected) => {
    expect(esketamineDevices(mg)).toEqual(expected);
  });
  it.each([28, 55, 57, 83, 85, 112, 0, -56, Number.NaN, Number.POSITIVE_INFINITY, '56', null, undefined, 56.5])(
    '%s is not an esketamine dose',
    (mg) => {
      expect(esketamineDevices(mg)).toMatchObject({ ok: false });
    },
  );
});

describe('REMS monitoring completeness (Spravato REMS — CLINICAL.md §3)', () => {
  it('is complete with every check done and 2 h passed', () => {
    const result = remsCompleteness(complete);
    expect(result.missing).toEqual([]);
    expect(result.complete).toBe(true);
    expect(result.checks.map((c) => [c.item, c.done, c.dueAt?.toISOString()])).toEqual([
      ['bp_before_dose', true, dose.toISOString()],
      ['bp_40_min', true, at(40).toISOString()],
      ['sedation_assessed', true, at(40).toISOString()],
      ['dissociation_assessed', true, at(40).toISOString()],
      ['observation_2h', true, at(120).toISOString()],
      ['bp_before_discharge', true, at(120).toISOString()],
    ]);
  });

  it('observation ends exactly 2 h after the dose', () => {
    expect(remsObservationEndsAt(dose).toISOString()).toBe(at(120).toISOString());
  });

  it.each<[string, Partial<RemsInput>, string[]]>([
    ['119 min is not 2 h', { now: at(119), bloodPressures: [bp(-10), bp(40), bp(110)] }, ['observation_2h']],
    ['120 min is 2 h', { now: at(120), bloodPressures: [bp(-10), bp(40), bp(110)] }, []],
    ['no BP before the dose', { bloodPressures: [bp(40), bp(118)] }, ['bp_before_dose']],
    ['BP at the dose time counts as before', { bloodPressures: [bp(0), bp(40), bp(118)] }, []],
    ['BP 60 min before counts', { bloodPressures: [bp(-60), bp(40), bp(118)] }, []],
    ['BP 61 min before is too old', { bloodPressures: [bp(-61), bp(40), bp(118)] }, ['bp_before_dose']],
    ['BP window opens at 30 min', { bloodPressures: [bp(-10), bp(30), bp(118)] }, []],
    ['29 min is too early', { bloodPressures: [bp(-10), bp(29), bp(118)] }, ['bp_40_min']],
    ['BP window closes at 50 min', { bloodPressures: [bp(-10), bp(50), bp(118)] }, []],
    ['51 min is too late', { bloodPressures: [bp(-10), bp(51), bp(118)] }, ['bp_40_min']],
    ['discharge BP must be recent (15 min)', { bloodPressures: [bp(-10), bp(40), bp(109)] }, ['bp_before_discharge']],
    ['discharge BP 15 min old counts', { bloodPressures: [bp(-10), bp(40), bp(110)] }, []],
    [
      'the 40-min BP is not the discharge BP',
      {
        now: at(60),
        bloodPressures: [bp(-10), bp(45)],
        assessments: complete.assessments.slice(2).map((a) => ({ ...a, takenAt: at(45) })),
      },
      ['observation_2h', 'bp_before_discharge'],
    ],
    ['a BP in the future never counts', { bloodPressures: [bp(-10), bp(40), bp(130)] }, ['bp_before_discharge']],
    [
      'missing systolic',
      { bloodPressures: [{ takenAt: at(-10), diastolicMmHg: 80 }, bp(40), bp(118)] },
      ['bp_before_dose'],
    ],
    ['null diastolic', { bloodPressures: [bp(-10), bp(40, 130, null), bp(118)] }, ['bp_40_min']],
    ['NaN', { bloodPressures: [bp(-10), bp(40), bp(118, Number.NaN)] }, ['bp_before_discharge']],
    ['a string is not a number', { bloodPressures: [bp(-10, '128'), bp(40), bp(118)] }, ['bp_before_dose']],
    ['Infinity', { bloodPressures: [bp(-10), bp(40, Number.POSITIVE_INFINITY), bp(118)] }, ['bp_40_min']],
    ['no readings at all', { bloodPressures: [] }, ['bp_before_dose', 'bp_40_min', 'bp_before_discharge']],
  ])('%s', (_name, patch, expected) => {
    expect(missing(patch)).toEqual(expected);
  });

  it.each<[string, RemsInput['assessments'], string[]]>([
    ['no sedation assessment', complete.assessments.filter((a) => a.kind !== 'sedation'), ['sedation_assessed']],
    [
      'no dissociation assessment',
      complete.assessments.filter((a) => a.kind !== 'dissociation'),
      ['dissociation_assessed'],
    ],
    [
      'an assessment before the dose does not count',
      [
        { kind: 'sedation', takenAt: at(-5), level: 'none' },
        { kind: 'dissociation', takenAt: at(118), level: 'none' },
      ],
      ['sedation_assessed'],
    ],
    [
      'an unknown level does not count',
      [
        { kind: 'sedation', takenAt: at(118), level: 'sleepy' },
        { kind: 'dissociation', takenAt: at(118), level: null },
      ],
      ['sedation_assessed', 'dissociation_assessed'],
    ],
    [
      'still sedated at the latest check',
      [
        { kind: 'sedation', takenAt: at(40), level: 'none' },
        { kind: 'sedation', takenAt: at(118), level: 'mild' },
        { kind: 'dissociation', takenAt: at(118), level: 'none' },
      ],
      ['sedation_resolved'],
    ],
    [
      'still dissociated at the latest check',
      [
        { kind: 'sedation', takenAt: at(118), level: 'none' },
        { kind: 'dissociation', takenAt: at(118), level: 'severe' },
      ],
      ['dissociation_resolved'],
    ],
    [
      'an assessment in the future does not count',
      [
        { kind: 'sedation', takenAt: at(118), level: 'none' },
        { kind: 'dissociation', takenAt: at(118), level: 'mild' },
        { kind: 'dissociation', takenAt: at(130), level: 'none' },
      ],
      ['dissociation_resolved'],
    ],
  ])('%s', (_name, assessments, expected) => {
    expect(missing({ assessments })).toEqual(expected);
  });

  it('without a dose time nothing after the dose can count', () => {
    expect(missing({ doseAt: undefined })).toEqual([
      'dose_time',
      'bp_before_dose',
      'bp_40_min',
      'sedation_assessed',
      'dissociation_assessed',
      'observation_2h',
      'bp_before_discharge',
    ]);
  });

  it('says what each missing item needs and when it was due', () => {
    const result = remsCompleteness({ ...complete, now: at(100), bloodPressures: [bp(-10)] });
    expect(result.complete).toBe(false);
    expect(result.missing.find((m) => m.item === 'bp_40_min')?.message).toMatch(/30.50 min/);
    expect(result.missing.find((m) => m.item === 'observation_2h')?.message).toMatch(/20 min/);
  });
});
