import { describe, expect, it } from 'vitest';
import { nextVitalsDue } from '../../../../src/domain/session/vitals-schedule.js';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';

const t = (hhmm: string) => new Date(`2026-03-09T${hhmm}:00Z`);

describe('vitals schedule: every 10 min during infusion, 15 min after (Emory and Yale series, CLINICAL.md §3)', () => {
  it.each([
    // [last reading, now, due, overdue, minutes overdue]
    [undefined, '10:05', '10:10', false, 0],
    ['09:50', '10:05', '10:10', false, 0], // the baseline before the start does not count
    ['10:10', '10:19', '10:20', false, 0],
    ['10:10', '10:20', '10:20', false, 0], // due exactly now is not yet overdue
    ['10:10', '10:23', '10:20', true, 3],
  ])('dosing from 10:00, last %s, now %s → due %s (overdue %s)', (last, now, due, overdue, late) => {
    const result = nextVitalsDue(
      { phase: 'dosing', doseStartAt: t('10:00'), lastReadingAt: last ? t(last) : undefined, now: t(now) },
      defaultProtocol,
    );
    expect(result).toEqual({ dueAt: t(due), intervalMinutes: 10, overdue, minutesOverdue: late });
  });

  it.each([
    ['10:40', '10:45', '10:55', false],
    ['10:55', '11:11', '11:10', true],
    [undefined, '10:41', '10:40', true], // no reading since the end: one is due at the end of the dose
  ])('recovery after a 10:00–10:40 infusion, last %s, now %s → due %s (overdue %s)', (last, now, due, overdue) => {
    const result = nextVitalsDue(
      {
        phase: 'recovery',
        doseStartAt: t('10:00'),
        doseEndAt: t('10:40'),
        lastReadingAt: last ? t(last) : undefined,
        now: t(now),
      },
      defaultProtocol,
    );
    expect(result.dueAt).toEqual(t(due));
    expect(result.intervalMinutes).toBe(15);
    expect(result.overdue).toBe(overdue);
  });
});
