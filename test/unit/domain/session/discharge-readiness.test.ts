import { describe, expect, it } from 'vitest';
import { dischargeReadiness, type DischargeInput } from '../../../../src/domain/session/discharge-readiness.js';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';

const baseline = { systolicMmHg: 130, diastolicMmHg: 80, heartRateBpm: 70, spo2Percent: 98, respiratoryRatePerMin: 14 };
const ready: DischargeInput = {
  route: 'IV',
  doseEndAt: new Date('2026-03-09T10:40:00Z'),
  now: new Date('2026-03-09T11:40:00Z'),
  baseline,
  latest: { systolicMmHg: 145, diastolicMmHg: 88, heartRateBpm: 84, spo2Percent: 96, respiratoryRatePerMin: 14 },
  onRoomAir: true,
  mentalStatus: { speechAtBaseline: true, awarenessAtBaseline: true, purposefulMovement: true },
  companion: { present: true, collectedBy: 'Sam Rivera (partner)' },
};
const codes = (patch: Partial<DischargeInput>) => {
  const result = dischargeReadiness({ ...ready, ...patch }, defaultProtocol);
  return result.status === 'ready' ? [] : result.missing.map((m) => m.code);
};

describe('discharge readiness (ACEP ketamine sedation guideline; CLINICAL.md §3)', () => {
  it('is ready 60 min after an IV dose ends with everything met, and records who collected', () => {
    expect(dischargeReadiness(ready, defaultProtocol)).toEqual({
      status: 'ready',
      collectedBy: 'Sam Rivera (partner)',
    });
  });

  it.each([
    [{ now: new Date('2026-03-09T11:39:00Z') }, ['recovery_time_not_reached']], // 59 of 60 min
    [{ latest: { ...ready.latest, systolicMmHg: 151 } }, ['vitals_not_near_baseline']], // +21 > ±20
    [{ latest: { ...ready.latest, systolicMmHg: 150 } }, []], // +20 is near
    [{ latest: { ...ready.latest, diastolicMmHg: 96 } }, ['vitals_not_near_baseline']], // +16 > ±15
    [{ latest: { ...ready.latest, heartRateBpm: 91 } }, ['vitals_not_near_baseline']],
    [{ latest: { ...ready.latest, spo2Percent: 91 } }, ['spo2_below_minimum']], // < 92 %
    [{ latest: { ...ready.latest, spo2Percent: 92 } }, []], // 92 % is enough
    [{ latest: undefined }, ['vitals_missing']],
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

  it('uses the route recovery minimum from the protocol and gives the earliest time', () => {
    const shortIv = { ...defaultProtocol, recoveryMinutes: { ...defaultProtocol.recoveryMinutes, IV: 30 } };
    expect(dischargeReadiness({ ...ready, now: new Date('2026-03-09T11:10:00Z') }, shortIv).status).toBe('ready');
    const result = dischargeReadiness(
      { ...ready, route: 'IM', now: new Date('2026-03-09T11:00:00Z') },
      defaultProtocol,
    );
    expect(result).toMatchObject({ status: 'not_ready', earliestAt: new Date('2026-03-09T11:40:00Z') });
  });
});
