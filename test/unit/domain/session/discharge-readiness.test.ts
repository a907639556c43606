import { describe, expect, it } from 'vitest';
import { dischargeReadiness, type DischargeInput } from '../../../../src/domain/session/discharge-readiness.js';
import { modifiedAldreteScore } from '../../../../src/domain/session/aldrete.js';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';
import type { PartialVitalSigns } from '../../../../src/domain/session/vital-signs.js';

const baseline = { systolicMmHg: 130, diastolicMmHg: 80, heartRateBpm: 70, spo2Percent: 98, respiratoryRatePerMin: 14 };
const latestVitals = {
  systolicMmHg: 145,
  diastolicMmHg: 88,
  heartRateBpm: 84,
  spo2Percent: 96,
  respiratoryRatePerMin: 14,
};
const ready: DischargeInput = {
  route: 'IV',
  doseEndAt: new Date('2026-03-09T10:40:00Z'),
  now: new Date('2026-03-09T11:40:00Z'),
  baseline,
  latest: { takenAt: new Date('2026-03-09T11:35:00Z'), vitals: latestVitals },
  onRoomAir: true,
  mentalStatus: { speechAtBaseline: true, awarenessAtBaseline: true, purposefulMovement: true },
  companion: { present: true, collectedBy: 'Sam Rivera (partner)' },
};
const withVitals = (patch: PartialVitalSigns): Partial<DischargeInput> => ({
  latest: { takenAt: new Date('2026-03-09T11:35:00Z'), vitals: { ...latestVitals, ...patch } },
});
const codes = (patch: Partial<DischargeInput>) => {
  const result = dischargeReadiness({ ...ready, ...patch }, defaultProtocol);
  return result.status === 'ready' ? [] : result.missing.map((m) => m.code);
};

describe('discharge readiness (ACEP ketamine sedation guideline; CLINICAL.md §3)', () => {
  it('is ready 60 min after an IV dose ends with everything met, and records who collected', () => {
    expect(dischargeReadiness(ready, defaultProtocol)).toEqual({
      status: 'ready',
      collectedBy: 'Sam Rivera (partner)',
      aldreteTotal: null,
    });
  });

  it.each([
    [
      {
        now: new Date('2026-03-09T11:39:00Z'),
        latest: { takenAt: new Date('2026-03-09T11:35:00Z'), vitals: latestVitals },
      },
      ['recovery_time_not_reached'],
    ], // 59 of 60 min
    [withVitals({ systolicMmHg: 151 }), ['vitals_not_near_baseline']], // +21 > ±20
    [withVitals({ systolicMmHg: 150 }), []], // +20 is near
    [withVitals({ diastolicMmHg: 96 }), ['vitals_not_near_baseline']], // +16 > ±15
    [withVitals({ heartRateBpm: 91 }), ['vitals_not_near_baseline']],
    [withVitals({ spo2Percent: 91 }), ['spo2_below_minimum']], // < 92 %
    [withVitals({ spo2Percent: 92 }), []], // 92 % is enough
    [{ latest: undefined }, ['vitals_missing']],
    [withVitals({ respiratoryRatePerMin: undefined }), ['vitals_missing']],
    [withVitals({ heartRateBpm: Number.NaN }), ['vitals_missing']],
    [withVitals({ spo2Percent: null }), ['vitals_missing']],
    [{ onRoomAir: false }, ['not_on_room_air']],
    [
      { mentalStatus: { speechAtBaseline: false, awarenessAtBaseline: true, purposefulMovement: true } },
      ['speech_not_at_baseline'],
    ],
    [
      { mentalStatus: { speechAtBaseline: true, awarenessAtBaseline: false, purposefulMovement: true } },
      ['awareness_not_at_baseline'],
    ],
    [
      { mentalStatus: { speechAtBaseline: true, awarenessAtBaseline: true, purposefulMovement: false } },
      ['no_purposeful_movement'],
    ],
    [{ companion: { present: false } }, ['companion_not_present']],
    [{ companion: { present: true, collectedBy: '' } }, ['companion_not_present']],
  ] as const)('%j → %j', (patch, expected) => {
    expect(codes(patch as Partial<DischargeInput>)).toEqual(expected);
  });

  describe("the gaps in people's words", () => {
    const messages = (patch: Partial<DischargeInput>) => {
      const result = dischargeReadiness({ ...ready, ...patch }, defaultProtocol);
      return result.status === 'ready' ? [] : result.missing.map((m) => [m.code, m.message]);
    };
    const noVitals = 'No vitals taken since the dose ended.';
    it.each([
      // No reading since the dose: only that (not what it lacks, nor SpO2 on room air, which the caller
      // cannot know without a reading).
      ['no reading at all', { latest: undefined, onRoomAir: false }, [['vitals_missing', noVitals]]],
      [
        'only a reading from during the dose',
        {
          latest: { takenAt: new Date('2026-03-09T10:30:00Z'), vitals: { systolicMmHg: 150 } },
          onRoomAir: false,
        },
        [['vitals_taken_before_dose_end', noVitals]],
      ],
      [
        'no reading and no baseline',
        { latest: undefined, baseline: undefined },
        [
          ['vitals_missing', noVitals],
          ['baseline_missing', 'Baseline lacks systolic, diastolic, heart rate.'],
        ],
      ],
      [
        'a reading after the dose without some values',
        withVitals({ systolicMmHg: null, heartRateBpm: undefined, respiratoryRatePerMin: Number.NaN }),
        [['vitals_missing', 'Latest vitals lack systolic, heart rate, respiratory rate.']],
      ],
      [
        'a reading after the dose without any value',
        {
          latest: { takenAt: new Date('2026-03-09T11:35:00Z'), vitals: {} },
        },
        [['vitals_missing', 'Latest vitals lack systolic, diastolic, heart rate, SpO2, respiratory rate.']],
      ],
      [
        'a reading after the dose on oxygen',
        { onRoomAir: false },
        [['not_on_room_air', 'SpO2 must be ≥ 92 % on room air.']],
      ],
      [
        'a baseline without its heart rate',
        { baseline: { ...baseline, heartRateBpm: undefined } },
        [['baseline_missing', 'Baseline lacks heart rate.']],
      ],
    ] as const)('%s', (_name, patch, expected) => {
      expect(messages(patch as Partial<DischargeInput>)).toEqual(expected);
    });
  });

  describe('absolute limits as well as near baseline (systolic < 160, diastolic < 100, HR 50–110, RR 10–24)', () => {
    const highBaseline = {
      systolicMmHg: 170,
      diastolicMmHg: 108,
      heartRateBpm: 110,
      spo2Percent: 97,
      respiratoryRatePerMin: 16,
    };
    it('178/113 with heart rate 125 is not ready even when the baseline was high', () => {
      expect(
        codes({ baseline: highBaseline, ...withVitals({ systolicMmHg: 178, diastolicMmHg: 113, heartRateBpm: 125 }) }),
      ).toEqual(['vitals_outside_absolute_limits']);
    });
    it.each([
      [{ systolicMmHg: 159 }, []],
      [{ systolicMmHg: 160 }, ['vitals_outside_absolute_limits']],
      [{ diastolicMmHg: 99 }, []],
      [{ diastolicMmHg: 100 }, ['vitals_outside_absolute_limits']],
      [{ heartRateBpm: 110 }, []],
      [{ heartRateBpm: 111 }, ['vitals_outside_absolute_limits']],
      [{ heartRateBpm: 50 }, []],
      [{ heartRateBpm: 49 }, ['vitals_outside_absolute_limits']],
      [{ respiratoryRatePerMin: 10 }, []],
      [{ respiratoryRatePerMin: 9 }, ['vitals_outside_absolute_limits']],
      [{ respiratoryRatePerMin: 24 }, []],
      [{ respiratoryRatePerMin: 25 }, ['vitals_outside_absolute_limits']],
    ])('%j → %j', (patch, expected) => {
      const base = {
        systolicMmHg: 150,
        diastolicMmHg: 95,
        heartRateBpm: 80,
        spo2Percent: 97,
        respiratoryRatePerMin: 16,
      };
      const hr = 'heartRateBpm' in patch ? patch.heartRateBpm : 80;
      const near = { baseline: { ...base, heartRateBpm: hr } };
      expect(codes({ ...near, ...withVitals({ ...base, ...patch }) })).toEqual(expected);
    });
  });

  describe('the readings carry their time: after the end of the dose and within the last 15 min', () => {
    it.each([
      ['2026-03-09T10:40:00Z', ['vitals_taken_before_dose_end']], // at the end of the dose
      ['2026-03-09T10:30:00Z', ['vitals_taken_before_dose_end']], // the baseline, taken before the dose
      ['2026-03-09T11:24:59Z', ['vitals_too_old']], // 15 min 1 s ago
      ['2026-03-09T11:25:00Z', []], // exactly 15 min ago
      ['2026-03-09T11:41:00Z', ['vitals_too_old']], // in the future: a clock or typing error
    ])('taken at %s → %j', (takenAt, expected) => {
      expect(codes({ latest: { takenAt: new Date(takenAt), vitals: latestVitals } })).toEqual(expected);
    });
  });

  it('needs a baseline to judge "near baseline"', () => {
    expect(codes({ baseline: undefined })).toEqual(['baseline_missing']);
  });

  describe('modified Aldrete score (Aldrete 1995) as the structured form, ≥ 9', () => {
    const full = { activity: 2, respiration: 2, circulation: 2, consciousness: 2, oxygenSaturation: 2 };
    it.each([
      [full, []],
      [{ ...full, consciousness: 1 }, []], // 9
      [{ ...full, consciousness: 1, activity: 1 }, ['aldrete_below_minimum']], // 8
      [{ ...full, respiration: null }, ['aldrete_incomplete']],
      [{ ...full, respiration: 3 }, ['aldrete_incomplete']],
    ])('%j → %j', (aldrete, expected) => {
      expect(codes({ aldrete })).toEqual(expected);
    });
    it('scores 0–10 and never scores a missing item as 0', () => {
      expect(modifiedAldreteScore(full)).toEqual({ status: 'complete', total: 10 });
      expect(modifiedAldreteScore({ ...full, activity: undefined })).toEqual({
        status: 'incomplete',
        missing: ['activity'],
      });
    });
    it('reports the total when ready', () => {
      expect(dischargeReadiness({ ...ready, aldrete: full }, defaultProtocol)).toMatchObject({
        status: 'ready',
        aldreteTotal: 10,
      });
    });
  });

  it('uses the route recovery minimum from the protocol and gives the earliest time', () => {
    const shortIv = { ...defaultProtocol, recoveryMinutes: { ...defaultProtocol.recoveryMinutes, IV: 30 } };
    expect(
      dischargeReadiness(
        {
          ...ready,
          now: new Date('2026-03-09T11:10:00Z'),
          latest: { takenAt: new Date('2026-03-09T11:05:00Z'), vitals: latestVitals },
        },
        shortIv,
      ).status,
    ).toBe('ready');
    const result = dischargeReadiness(
      {
        ...ready,
        route: 'IM',
        now: new Date('2026-03-09T11:00:00Z'),
        latest: { takenAt: new Date('2026-03-09T10:55:00Z'), vitals: latestVitals },
      },
      defaultProtocol,
    );
    expect(result).toMatchObject({ status: 'not_ready', earliestAt: new Date('2026-03-09T11:40:00Z') });
  });
});
