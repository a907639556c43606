import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../../../src/domain/errors.js';
import {
  cadenceGaps,
  maintenancePresets,
  planMaintenanceSeries,
  type MaintenancePlanInput,
} from '../../../../src/domain/planning/maintenance-series.js';

const open = { opens: '08:00', closes: '18:00' } as const;
const base: MaintenancePlanInput = {
  phases: maintenancePresets.andrade2017,
  firstDate: '2026-03-02',
  calendar: {
    timeZone: 'America/New_York',
    openingHours: { mon: open, tue: open, wed: open, thu: open, fri: open },
    closedDates: [],
  },
  preferredTime: '10:00',
  appointmentMinutes: 120,
};

describe('maintenance cadence (CLINICAL.md §4)', () => {
  it('weekly × 4 then every 3 weeks (Andrade 2017 preset)', () => {
    const plan = planMaintenanceSeries(base);
    expect(plan.map((s) => s.localDate)).toEqual([
      '2026-03-02',
      '2026-03-09',
      '2026-03-16',
      '2026-03-23',
      '2026-04-13',
      '2026-05-04',
      '2026-05-25',
      '2026-06-15',
    ]);
  });

  it('esketamine label: twice weekly weeks 1–4, weekly weeks 5–8, then every 2 weeks', () => {
    expect(cadenceGaps(maintenancePresets.esketamineLabel)).toEqual([
      0, 4, 3, 4, 3, 4, 3, 4, 7, 7, 7, 7, 14, 14, 14, 14,
    ]);
  });

  it('three a week spreads to 2, 3 and 2 days apart', () => {
    expect(cadenceGaps([{ kind: 'per_week', sessionsPerWeek: 3, weeks: 2 }])).toEqual([0, 2, 3, 2, 2, 3]);
  });

  it('keeps 10:00 local across the US fall-back and spring-forward', () => {
    const plan = planMaintenanceSeries({
      ...base,
      firstDate: '2026-10-26',
      phases: [{ kind: 'interval', everyDays: 7, count: 2 }],
    });
    expect(plan.map((s) => s.startsAt.toISOString())).toEqual(['2026-10-26T14:00:00.000Z', '2026-11-02T15:00:00.000Z']);
  });

  it('moves a session off a closed day to the day before (dose before the effect wears off), without moving later targets', () => {
    const plan = planMaintenanceSeries({
      ...base,
      firstDate: '2026-03-04',
      calendar: { ...base.calendar, closedDates: ['2026-03-18'] },
    });
    expect(plan[2]).toMatchObject({ localDate: '2026-03-17', targetDate: '2026-03-18', shiftedDays: -1 });
    expect(plan[3]).toMatchObject({ localDate: '2026-03-25', shiftedDays: 0 });
  });

  it('prefers the nearest open day: a closed Monday moves to Tuesday (+1), not Friday (−3)', () => {
    const plan = planMaintenanceSeries({ ...base, calendar: { ...base.calendar, closedDates: ['2026-03-16'] } });
    expect(plan[2]).toMatchObject({ localDate: '2026-03-17', targetDate: '2026-03-16', shiftedDays: 1 });
  });

  it('moves to the day after when the days before are closed too', () => {
    const plan = planMaintenanceSeries({
      ...base,
      firstDate: '2026-03-03',
      calendar: { ...base.calendar, closedDates: ['2026-03-10', '2026-03-09'] },
    });
    expect(plan[1]).toMatchObject({ localDate: '2026-03-11', shiftedDays: 1 });
  });

  it('errors when every day within the allowed shift is closed', () => {
    const closed = ['2026-03-06', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12'];
    try {
      planMaintenanceSeries({ ...base, calendar: { ...base.calendar, closedDates: closed } });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).code).toBe('series_plan_unsatisfiable');
      expect((error as DomainError).details).toMatchObject({ targetDate: '2026-03-09', planned: 1 });
    }
  });

  it('rejects empty or impossible phases', () => {
    for (const phases of [
      [],
      [{ kind: 'interval', everyDays: 0, count: 4 }],
      [{ kind: 'per_week', sessionsPerWeek: 4, weeks: 1 }],
    ] as const) {
      expect(() => planMaintenanceSeries({ ...base, phases })).toThrow(
        expect.objectContaining({ code: 'validation_failed' }),
      );
    }
  });
});
