import { describe, expect, it } from 'vitest';
import { assessVitals } from '../../../../src/domain/session/vital-alerts.js';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';

const levels = (reading: Parameters<typeof assessVitals>[0]) =>
  assessVitals(reading, defaultProtocol).map((a) => `${a.vital}:${a.level}`);

describe('in-session vital alerts (CLINICAL.md §3 alert defaults)', () => {
  it('raises nothing for normal vitals', () => {
    expect(
      assessVitals(
        { systolicMmHg: 138, diastolicMmHg: 86, heartRateBpm: 80, spo2Percent: 97, respiratoryRatePerMin: 14 },
        defaultProtocol,
      ),
    ).toEqual([]);
  });

  it.each([
    [{ systolicMmHg: 159 }, []],
    [{ systolicMmHg: 160 }, ['systolic:notice']],
    [{ systolicMmHg: 179 }, ['systolic:notice']],
    // ≥ 180 systolic reaches the stop level (≥ 180/120, either number) as well as the alert level: stop wins.
    [{ systolicMmHg: 180 }, ['systolic:stop']],
    [{ diastolicMmHg: 109 }, ['diastolic:notice']],
    [{ diastolicMmHg: 110 }, ['diastolic:alert']], // ≥ 110 → alert prescriber
    // ≥ 180/120 → stop and escalate, with or without symptoms (CLINICAL.md §3)
    [{ diastolicMmHg: 120 }, ['diastolic:stop']],
    [{ diastolicMmHg: 119 }, ['diastolic:alert']],
    [{ systolicMmHg: 180 }, ['systolic:stop']],
    [{ systolicMmHg: 185, diastolicMmHg: 122 }, ['systolic:stop', 'diastolic:stop']],
    // Symptoms of end-organ harm stop the dose at any pressure
    [{ systolicMmHg: 120, symptoms: ['chest_pain'] }, ['symptoms:stop']],
    [{ symptoms: ['vision_change', 'severe_headache'] }, ['symptoms:stop']],
    [{ spo2Percent: 92 }, []],
    [{ spo2Percent: 91 }, ['spo2:alert']], // SpO2 < 92 % → alert
    [{ spo2Percent: 90 }, ['spo2:alert']],
    [{ spo2Percent: 89 }, ['spo2:stop']], // < 90 % → stop, support the airway
    // Hypotension: systolic < 90 (unverified default)
    [{ systolicMmHg: 90 }, []],
    [{ systolicMmHg: 89 }, ['systolic:alert']],
    [{ heartRateBpm: 120 }, []],
    [{ heartRateBpm: 121 }, ['heart_rate:alert']], // > 120 (unverified default)
    [{ heartRateBpm: 50 }, []],
    [{ heartRateBpm: 49 }, ['heart_rate:alert']], // < 50 (unverified default)
    [{ respiratoryRatePerMin: 10 }, []],
    [{ respiratoryRatePerMin: 9 }, ['respiratory_rate:alert']], // unverified clinic policy
    [{ respiratoryRatePerMin: 25 }, ['respiratory_rate:alert']],
  ] as const)('%j → %j', (reading, expected) => {
    expect(levels(reading as Parameters<typeof assessVitals>[0])).toEqual(expected);
  });

  it.each([
    [140, 112, []], // 20 % fall exactly: not more than 20 %
    [140, 111, ['systolic:alert']], // 20.7 % fall → hypotension
    [100, 95, []],
  ])('baseline systolic %i, now %i → %j (fall > 20 % from baseline)', (base, now, expected) => {
    const alerts = assessVitals({ systolicMmHg: now }, defaultProtocol, { systolicMmHg: base });
    expect(alerts.map((a) => `${a.vital}:${a.level}`)).toEqual(expected);
    if (expected.length > 0) expect(alerts[0]?.kind).toBe('hypotension');
  });

  it('names respiratory depression below 10 /min', () => {
    expect(assessVitals({ respiratoryRatePerMin: 8 }, defaultProtocol)[0]).toMatchObject({
      kind: 'respiratory_depression',
      level: 'alert',
      threshold: '< 10 /min',
    });
  });

  it('does not assess a non-finite value (the gates treat it as missing)', () => {
    expect(assessVitals({ systolicMmHg: Number.NaN, spo2Percent: Number.POSITIVE_INFINITY }, defaultProtocol)).toEqual(
      [],
    );
  });

  it('orders the most severe first and carries threshold and source', () => {
    const alerts = assessVitals({ spo2Percent: 91, systolicMmHg: 190 }, defaultProtocol);
    expect(alerts[0]).toMatchObject({
      vital: 'systolic',
      level: 'stop',
      threshold: '≥ 180 mmHg',
      source: expect.stringContaining('CLINICAL.md §3'),
    });
    expect(alerts[1]).toMatchObject({ vital: 'spo2', level: 'alert', threshold: '< 92 %' });
  });

  it('says the change from baseline when one is given', () => {
    const [alert] = assessVitals({ diastolicMmHg: 112 }, defaultProtocol, { diastolicMmHg: 80 });
    expect(alert?.message).toBe('Diastolic 112 mmHg (+32 mmHg from baseline 80): alert the prescriber.');
  });
});
