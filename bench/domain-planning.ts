/**
 * Series planning throughput (pure domain, no I/O): plans per second for a six-session induction and an
 * eight-session maintenance series in America/New_York across the spring-forward week.
 * Run alone: `npx tsx bench/domain-planning.ts`.
 */
import { pathToFileURL } from 'node:url';
import { planInductionSeries, type InductionPlanInput } from '../src/domain/planning/induction-series.js';
import {
  maintenancePresets,
  planMaintenanceSeries,
  type MaintenancePlanInput,
} from '../src/domain/planning/maintenance-series.js';
import { defaultProtocol } from '../src/domain/protocol/default-protocol.js';
import { addDays } from '../src/domain/time/local-date.js';

const open = { opens: '08:00', closes: '18:00' } as const;
const calendar = {
  timeZone: 'America/New_York',
  openingHours: { mon: open, tue: open, wed: open, thu: open, fri: open, sat: { opens: '09:00', closes: '13:00' } },
  closedDates: ['2026-03-17', '2026-05-25', '2026-07-03'],
};

function measure(
  name: string,
  run: (i: number) => unknown,
  minMs = 1000,
): { name: string; value: number; unit: string } {
  for (let i = 0; i < 200; i++) run(i); // warm-up
  let iterations = 0;
  const start = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < minMs) {
    for (let i = 0; i < 100; i++) run(iterations++);
    elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return { name, value: Math.round((iterations / elapsedMs) * 1000), unit: 'plans/s' };
}

export async function benchPlanning(): Promise<{ name: string; value: number; unit: string; target?: string }[]> {
  const induction = (i: number): InductionPlanInput => ({
    constraints: defaultProtocol.induction,
    calendar,
    startDate: addDays('2026-03-02', i % 28),
    preferredTime: '10:00',
    appointmentMinutes: 120,
  });
  const maintenance = (i: number): MaintenancePlanInput => ({
    phases: maintenancePresets.andrade2017,
    firstDate: addDays('2026-03-02', i % 28),
    calendar,
    preferredTime: '10:00',
    appointmentMinutes: 120,
  });
  return [
    {
      ...measure('induction series plan (6 sessions, New York, DST week)', (i) => planInductionSeries(induction(i))),
      target: '≥ 10,000 plans/s',
    },
    {
      ...measure('maintenance series plan (8 sessions, Andrade 2017 preset)', (i) =>
        planMaintenanceSeries(maintenance(i)),
      ),
      target: '≥ 10,000 plans/s',
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await benchPlanning();
  console.table(
    rows.map((r) => ({
      benchmark: r.name,
      value: r.value.toLocaleString('en-US'),
      unit: r.unit,
      target: r.target ?? '',
    })),
  );
}
