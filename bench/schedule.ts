/**
 * Scheduling: proposing a six-session induction series into a busy clinic (10 chairs, 10 nurses, two
 * prescribers, four weeks at about 60 % chair use) — pure domain, latency per proposal; and bookings per
 * second through the real server (HTTP → validation → checks → exclusion constraints → audit → commit).
 * Run the proposal part alone: `npx tsx bench/schedule.ts`.
 */
import { pathToFileURL } from 'node:url';
import { demoAccounts } from '../src/app/identity/demo-accounts.js';
import { defaultProtocol } from '../src/domain/protocol/default-protocol.js';
import {
  defaultAppointmentTypes,
  proposeSeries,
  type BusyInterval,
  type LocationSchedule,
} from '../src/domain/scheduling/index.js';
import { addDays, weekdayOf } from '../src/domain/time/local-date.js';
import { zoneRules } from '../src/domain/time/zoned-time.js';
import type { BenchResult } from './result.js';

const open = { opens: '08:00', closes: '18:00' } as const;
const iv = defaultAppointmentTypes(defaultProtocol).find((t) => t.kind === 'iv_session')!;

/** A clinic with 10 chairs over four weeks from 2026-03-02 (across the New York DST change), ~60 % booked. */
export function busyClinic(): LocationSchedule {
  const calendar = {
    timeZone: 'America/New_York',
    openingHours: { mon: open, tue: open, wed: open, thu: open, fri: open, sat: { opens: '09:00', closes: '13:00' } },
    closedDates: ['2026-03-17'],
  };
  const zone = zoneRules(calendar.timeZone);
  const chairs = Array.from({ length: 10 }, (_, i) => ({ id: `chair-${i + 1}` }));
  const hours = { mon: open, tue: open, wed: open, thu: open, fri: open, sat: { opens: '09:00', closes: '13:00' } };
  const staff = [
    ...Array.from({ length: 10 }, (_, i) => ({ id: `nurse-${i + 1}`, roles: ['nurse'] as const, hours })),
    { id: 'dr-1', roles: ['prescriber'] as const, hours },
    { id: 'dr-2', roles: ['prescriber'] as const, hours },
  ];
  const busy: BusyInterval[] = [];
  const slots = ['08:00', '10:15', '12:30', '14:45'];
  for (let d = 0; d < 28; d++) {
    const date = addDays('2026-03-02', d);
    if (weekdayOf(date) === 'sun' || weekdayOf(date) === 'sat') continue;
    for (const [c, chair] of chairs.entries()) {
      for (const [s, time] of slots.entries()) {
        // About 60 % of chair slots taken, spread unevenly (some days a chair is full).
        if ((d * 7 + c * 3 + s) % 5 >= 3) continue;
        const startMs = zone.fromLocal(date, time).instant.getTime();
        const endMs = startMs + iv.minutes * 60_000;
        busy.push({ resourceId: chair.id, startMs, endMs }, { resourceId: `nurse-${c + 1}`, startMs, endMs });
      }
    }
  }
  return { calendar, chairs, staff, busy };
}

export function benchSeriesProposal(): BenchResult[] {
  const schedule = busyClinic();
  const induction = { kind: 'induction', constraints: defaultProtocol.induction } as const;
  const run = (i: number) =>
    proposeSeries(
      {
        schedule,
        type: iv,
        startDate: addDays('2026-03-02', i % 7),
        preferredTime: ['09:00', '10:15', '13:00'][i % 3]!,
        earliestDate: '2026-03-02',
      },
      induction,
    );
  for (let i = 0; i < 50; i++) run(i);
  const times: number[] = [];
  const deadline = performance.now() + 2000;
  for (let i = 0; performance.now() < deadline; i++) {
    const start = performance.now();
    run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return [
    { name: 'series proposal, 10 chairs × 4 weeks, 60 % busy: p50', value: p(0.5), unit: 'ms' },
    {
      name: 'series proposal, 10 chairs × 4 weeks, 60 % busy: p99',
      value: p(0.99),
      unit: 'ms',
      target: '< 50',
      ok: p(0.99) < 50,
    },
  ];
}

/**
 * Bookings per second through the running server, as the demo coordinator: telehealth check-ins in
 * distinct future slots, four at a time. Each is a full booking (checks, insert under the exclusion
 * constraints, audit entry, commit).
 */
export async function benchBookings(server: { url: string }): Promise<BenchResult[]> {
  const coordinator = demoAccounts.find((a) => a.roles.includes('coordinator'))!;
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: coordinator.email, password: coordinator.password }),
  });
  if (!login.ok) return [{ name: 'bookings: sign-in failed', value: login.status, unit: 'status' }];
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken };
  const get = async <T>(path: string): Promise<T> =>
    (await fetch(`${server.url}${path}`, { headers })).json() as Promise<T>;
  const locations = await get<{ items: { id: string; name: string; chairs: unknown[] }[] }>(
    '/api/v1/schedule/locations',
  );
  const location = [...locations.items].sort((a, b) => b.chairs.length - a.chairs.length)[0];
  const patients = await get<{ items: { id: string }[] }>('/api/v1/patients?limit=50');
  if (!location || patients.items.length === 0) return [];
  const slots: { date: string; startTime: string }[] = [];
  const today = new Date().toISOString().slice(0, 10);
  for (let d = 40; slots.length < 2000 && d < 400; d++) {
    const date = addDays(today, d);
    if (['sat', 'sun'].includes(weekdayOf(date))) continue;
    for (let m = 8 * 60; m + 20 <= 17 * 60; m += 30)
      slots.push({
        date,
        startTime: `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
      });
  }
  let next = 0;
  let booked = 0;
  const start = performance.now();
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const worker = async (w: number) => {
    while (performance.now() - start < seconds * 1000 && next < slots.length) {
      const slot = slots[next++]!;
      const res = await fetch(`${server.url}/api/v1/schedule/appointments`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          patientId: patients.items[(next + w) % patients.items.length]!.id,
          locationId: location.id,
          kind: 'telehealth',
          ...slot,
        }),
      });
      if (res.status === 201) booked += 1;
      await res.arrayBuffer();
    }
  };
  await Promise.all([0, 1, 2, 3].map(worker));
  const elapsed = (performance.now() - start) / 1000;
  return [{ name: 'book one appointment over HTTP (4 at a time)', value: booked / elapsed, unit: 'bookings/s' }];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(benchSeriesProposal());
}
