import {
  activeStaff,
  insertCalendarPatient,
  insertDemoAppointment,
  insertRotaNurse,
  patientIdByFamilyName,
  patientsWithSignedPlans,
  setClosedDates,
} from '../db/repositories/demo-schedule.js';
import { insertChair, listChairs, listLocations, replaceStaffHours } from '../db/repositories/scheduling.js';
import type { Principal } from '../domain/permissions/index.js';
import { addDays, weekdayOf } from '../domain/time/local-date.js';
import { zoneRules } from '../domain/time/zoned-time.js';
import { createPlan, signPlan } from './plans/plans.js';
import type { AppContext, Queryable } from './context.js';
import { hashPassword } from './identity/passwords.js';
import { appointmentTypes } from './scheduling/schedule-data.js';

/**
 * The demo clinic's calendar: chairs and a consultation room at Riverside, three more fictional nurses,
 * everyone's working hours, holidays, a signed plan for the eligible patient (so a series can be booked
 * from her chart), and four weeks of appointments around today in every status. All names are invented
 * (example.org addresses). Runs once: a clinic that already has chairs is left as it is.
 */
const minuteMs = 60_000;

const calendarPatients = [
  ['Aster', 'Calendarly'],
  ['Bram', 'Bookwell'],
  ['Cleo', 'Chairman'],
  ['Dov', 'Datebury'],
  ['Edie', 'Earlybird'],
  ['Finn', 'Fortnight'],
  ['Greta', 'Glasshour'],
  ['Hugo', 'Halfpast'],
  ['Iris', 'Infield'],
  ['Jonas', 'Juneau'],
  ['Kit', 'Kalendar'],
  ['Lena', 'Lateley'],
] as const;

const companionNames = ['Sam Example', 'Robin Placeholder', 'Alex Sample', 'Jordan Demo'];

/**
 * More nurses for the rota (no sign-in: an unguessable password nobody is told). The first three nurses
 * staff Chairs 1–3; the fourth is free for the esketamine session in Chair 4 (demo-esketamine.ts).
 */
const extraNurses = [
  { name: 'Noor Nightingale (demo)', email: 'nurse2@larkspur-demo.example.org' },
  { name: 'Otto Obsworth (demo)', email: 'nurse3@larkspur-demo.example.org' },
  { name: 'Pia Pumpwell (demo)', email: 'nurse4@larkspur-demo.example.org' },
] as const;

export async function loadDemoSchedule(client: Queryable, organizationId: string, now: Date): Promise<void> {
  const locations = await listLocations(client, organizationId);
  const riverside = locations.find((l) => l.name.endsWith('Riverside')) ?? locations[0];
  const hillcrest = locations.find((l) => l.name.endsWith('Hillcrest'));
  if (!riverside) return;
  if ((await listChairs(client, organizationId)).length > 0) return;

  const tz = riverside.timeZone;
  const zone = zoneRules(tz);
  const today = zone.toLocal(now).date;
  const year = Number(today.slice(0, 4));
  const holidays = [`${year}-12-25`, `${year + 1}-01-01`, `${year}-11-26`, `${year + 1}-07-03`];
  await setClosedDates(client, organizationId, holidays);

  const chairs: string[] = [];
  for (const name of ['Chair 1', 'Chair 2', 'Chair 3', 'Chair 4'])
    chairs.push(await insertChair(client, organizationId, { locationId: riverside.id, name, kind: 'chair' }));
  const room = await insertChair(client, organizationId, { locationId: riverside.id, name: 'Room A', kind: 'room' });
  if (hillcrest) {
    for (const name of ['Chair 1', 'Chair 2'])
      await insertChair(client, organizationId, { locationId: hillcrest.id, name, kind: 'chair' });
  }

  const staff = await activeStaff(client, organizationId);
  const nurses = staff.filter((u) => u.roles.includes('nurse')).map((u) => u.id);
  for (const extra of extraNurses) {
    const id = await insertRotaNurse(client, organizationId, {
      email: extra.email,
      name: extra.name,
      passwordHash: await hashPassword(`${extra.email}-${now.getTime()}-no-sign-in`),
    });
    if (id) nurses.push(id);
  }
  const prescriber = staff.find((u) => u.roles.includes('prescriber'));
  const weekHours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' }));
  const riversideHours = [...weekHours, { weekday: 6, opens: '09:00', closes: '13:00' }];
  for (const id of [...nurses, ...(prescriber ? [prescriber.id] : [])])
    await replaceStaffHours(client, organizationId, riverside.id, id, riversideHours);
  if (hillcrest && prescriber) await replaceStaffHours(client, organizationId, hillcrest.id, prescriber.id, weekHours);

  const types = await appointmentTypes(client, organizationId, now);
  const type = (kind: string) => types.find((t) => t.kind === kind)!;

  // The eligible patient gets her signed plan (IV, starting next Monday): the coordinator books it.
  const elsie = await patientIdByFamilyName(client, organizationId, 'Eligibleton');
  if (elsie && prescriber) {
    const doctor: Principal = {
      userId: prescriber.id,
      organizationId,
      kind: 'staff',
      roles: prescriber.roles,
      patientId: null,
    };
    const ctx: AppContext = { db: client, principal: doctor, now, ip: null, userAgent: 'ketaclinic-demo' };
    const monday = addDays(
      today,
      (7 - ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].indexOf(weekdayOf(today))) % 7 || 7,
    );
    const plan = await createPlan(
      elsie,
      {
        content: {
          conditions: ['F33.2'],
          route: 'IV',
          startMgPerKg: 0.5,
          weightBasis: 'actual',
          concentrationMgPerMl: 50,
          infusionMinutes: 40,
          titration: { stepMgPerKg: 0.1, maxMgPerKg: 0.6 },
          induction: { sessions: 6, startDate: monday, preferredTime: '13:00' },
          maintenance: { intent: 'andrade2017', note: 'Weekly × 4, then every 3 weeks.' },
          outcome: { instrumentId: 'phq9', responseDropPercent: 50, remissionAtOrBelow: 4 },
          stopRule: { reviewBySession: 4, minImprovementPercent: 20 },
        },
      },
      ctx,
    );
    await signPlan(elsie, plan.id, { version: plan.version }, ctx);
  }

  // Fictional patients who fill the calendar (IV, IM and esketamine sessions, follow-ups, assessments).
  const pool: string[] = [];
  for (const [i, [given, family]] of calendarPatients.entries()) {
    const id = await insertCalendarPatient(client, {
      organizationId,
      mrn: `9001${String(i).padStart(2, '0')}`,
      given,
      family,
      dob: `19${70 + i}-0${(i % 9) + 1}-1${i % 9}`,
      email: `${given.toLowerCase()}.${family.toLowerCase()}@patients.example.org`,
      companionName: companionNames[i % companionNames.length]!,
      companionPhone: `(555) 010-01${String(40 + i)}`,
      eventAt: new Date(now.getTime() - 60 * 86_400_000),
    });
    if (id) pool.push(id);
  }
  const inPlan = await patientsWithSignedPlans(client, organizationId);
  // The demo's own sessions of today (demo-sessions.ts) already have these two in a chair today.
  const inChairToday = new Set(
    (
      await Promise.all(
        ['Inductova', 'Maintenby'].map((family) => patientIdByFamilyName(client, organizationId, family)),
      )
    ).filter((id): id is string => id !== undefined && id !== null),
  );

  const insert = async (a: {
    patientId: string;
    kind: string;
    chairId: string | null;
    staffId: string | null;
    date: string;
    time: string;
    status: string;
    companion?: string | null;
    cancelReason?: string | null;
    lateCancel?: boolean;
  }): Promise<void> => {
    const t = type(a.kind);
    const startsAt = zone.fromLocal(a.date, a.time).instant;
    const endsAt = new Date(startsAt.getTime() + t.minutes * minuteMs);
    const confirmed = a.status === 'confirmed' || !!a.companion;
    await insertDemoAppointment(client, {
      organizationId,
      locationId: riverside.id,
      patientId: a.patientId,
      typeId: t.id,
      kind: t.kind,
      chairId: a.chairId,
      staffId: a.staffId,
      startsAt,
      endsAt,
      status: a.status,
      companionName: a.companion ?? null,
      confirmedAt: confirmed ? new Date(startsAt.getTime() - 30 * 3_600_000) : null,
      cancelReason: a.cancelReason ?? null,
      lateCancel: a.lateCancel ?? false,
      now,
    });
  };

  const companions = companionNames;
  const slotTimes = ['08:00', '10:30', '13:00', '15:30'];
  const nowMs = now.getTime();
  const open = (date: string) => {
    const wd = weekdayOf(date);
    return wd !== 'sun' && !holidays.includes(date);
  };
  let n = 0;
  for (let offset = -14; offset <= 14; offset++) {
    const date = addDays(today, offset);
    if (!open(date)) continue;
    const saturday = weekdayOf(date) === 'sat';
    const times = saturday ? ['09:00'] : slotTimes;
    const usedToday = new Set<string>();
    for (const [c, chairId] of chairs.slice(0, Math.min(3, nurses.length)).entries()) {
      for (const time of times) {
        n += 1;
        const startsMs = zone.fromLocal(date, time).instant.getTime();
        // Chair 1 at 10:30 belongs to the patients with a signed plan (their IV/IM sessions). Today's later
        // slots go to the others with a plan, so every booking on today's board can be checked in.
        let planned = c === 0 && time === '10:30' ? inPlan[(offset + 14) % Math.max(1, inPlan.length)] : undefined;
        if (offset === 0 && planned && inChairToday.has(planned.patientId)) planned = undefined;
        if (offset === 0 && !planned && startsMs > nowMs)
          planned = inPlan.find((p) => !usedToday.has(p.patientId) && !inChairToday.has(p.patientId));
        // From today on, a chair goes only to a patient with a signed plan: a session needs one to check in.
        if (offset >= 0 && !planned) continue;
        const patientId = planned?.patientId ?? pool[(n * 7) % pool.length];
        if (!patientId || usedToday.has(patientId) || (n % 5 === 0 && !planned)) continue;
        usedToday.add(patientId);
        // Mostly IV and IM ketamine, one esketamine (Spravato) session a day in the third chair.
        const kind = planned
          ? planned.route === 'IM'
            ? 'im_session'
            : 'iv_session'
          : c === 2 && time === times[0]
            ? 'esketamine_session'
            : n % 3 === 0
              ? 'im_session'
              : 'iv_session';
        const endMs = startsMs + type(kind).minutes * minuteMs;
        let status: string;
        let cancelReason: string | null = null;
        let lateCancel = false;
        if (endMs < nowMs) status = n % 11 === 0 ? 'no_show' : n % 13 === 0 ? 'cancelled' : 'discharged';
        else if (startsMs <= nowMs) {
          const minutesIn = (nowMs - startsMs) / minuteMs;
          status = minutesIn < 15 ? 'checked_in' : minutesIn < 70 ? 'in_session' : 'recovery';
        } else if (startsMs - nowMs < 2 * 3_600_000) status = n % 2 ? 'checked_in' : 'confirmed';
        else status = n % 3 === 0 ? 'confirmed' : n % 17 === 0 ? 'cancelled' : 'scheduled';
        if (status === 'cancelled') {
          cancelReason = n % 2 ? 'Patient unwell' : 'Transport fell through';
          lateCancel = n % 2 === 1;
        }
        await insert({
          patientId,
          kind,
          chairId,
          staffId: nurses[c] ?? null,
          date,
          time,
          status,
          companion:
            status === 'scheduled' || status === 'cancelled' || status === 'no_show'
              ? null
              : companions[n % companions.length]!,
          cancelReason,
          lateCancel,
        });
      }
    }
    // Room A: assessments and follow-ups with the prescriber; a telehealth check-in without a chair.
    if (prescriber && !saturday) {
      for (const [i, [time, kind]] of (
        [
          ['09:00', 'assessment'],
          ['11:00', 'follow_up'],
          ['15:00', 'follow_up'],
        ] as const
      ).entries()) {
        const patientId = pool[(offset + 14 + i * 5) % pool.length];
        if (!patientId || usedToday.has(patientId)) continue;
        usedToday.add(patientId);
        const startsMs = zone.fromLocal(date, time).instant.getTime();
        const endMs = startsMs + type(kind).minutes * minuteMs;
        await insert({
          patientId,
          kind,
          chairId: room,
          staffId: prescriber.id,
          date,
          time,
          status: endMs < nowMs ? 'discharged' : startsMs <= nowMs ? 'in_session' : i === 1 ? 'confirmed' : 'scheduled',
          companion: null,
        });
      }
      const tele = pool[(offset + 20) % pool.length];
      if (tele && !usedToday.has(tele)) {
        const startsMs = zone.fromLocal(date, '17:00').instant.getTime();
        await insert({
          patientId: tele,
          kind: 'telehealth',
          chairId: null,
          staffId: prescriber.id,
          date,
          time: '17:00',
          status: startsMs + 20 * minuteMs < nowMs ? 'discharged' : 'scheduled',
        });
      }
    }
  }
}
