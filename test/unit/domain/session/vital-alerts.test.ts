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
    [{ systolicMmHg: 180 }, ['systolic:alert']], // ≥ 180 → alert prescriber
    [{ diastolicMmHg: 109 }, ['diastolic:notice']],
    [{ diastolicMmHg: 110 }, ['diastolic:alert']], // ≥ 110 → alert prescriber
    [{ diastolicMmHg: 120 }, ['diastolic:alert']], // no symptoms: alert, not stop
    [{ systolicMmHg: 180, symptomatic: true }, ['systolic:stop']], // ≥ 180/120 with symptoms → stop
    [{ diastolicMmHg: 120, symptomatic: true }, ['diastolic:stop']],
    [{ diastolicMmHg: 119, symptomatic: true }, ['diastolic:alert']],
    [{ systolicMmHg: 185, diastolicMmHg: 122, symptomatic: true }, ['systolic:stop', 'diastolic:stop']],
    [{ spo2Percent: 92 }, []],
    [{ spo2Percent: 91 }, ['spo2:alert']], // SpO2 < 92 % → alert
    [{ heartRateBpm: 120 }, []],
    [{ heartRateBpm: 121 }, ['heart_rate:alert']], // > 120 (unverified default)
    [{ heartRateBpm: 50 }, []],
    [{ heartRateBpm: 49 }, ['heart_rate:alert']], // < 50 (unverified default)
    [{ respiratoryRatePerMin: 10 }, []],
    [{ respiratoryRatePerMin: 9 }, ['respiratory_rate:alert']], // unverified clinic policy
    [{ respiratoryRatePerMin: 25 }, ['respiratory_rate:alert']],
  ] as const)('%j → %j', (reading, expected) => {
    expect(levels(reading)).toEqual(expected);
  });

  it('orders the most severe first and carries threshold and source', () => {
    const alerts = assessVitals({ spo2Percent: 88, systolicMmHg: 190, symptomatic: true }, defaultProtocol);
    expect(alerts[0]).toMatchObject({
      vital: 'systolic',
      level: 'stop',
      threshold: '≥ 180 mmHg with symptoms',
      source: expect.stringContaining('CLINICAL.md §3'),
    });
    expect(alerts[1]).toMatchObject({ vital: 'spo2', level: 'alert', threshold: '< 92 %' });
  });

  it('says the change from baseline when one is given', () => {
    const [alert] = assessVitals({ systolicMmHg: 182 }, defaultProtocol, { systolicMmHg: 140 });
    expect(alert?.message).toBe('Systolic 182 mmHg (+42 mmHg from baseline 140): alert the prescriber.');
  });
});
