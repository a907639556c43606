import crypto from 'node:crypto';
import {
  busyBetween,
  findLocation,
  insertAppointmentTypes,
  listAppointmentTypes,
  listChairs,
  listStaffHours,
  type AppointmentRow,
  type AppointmentTypeRow,
  type LocationRow,
} from '../../db/repositories/scheduling.js';
import { DomainError } from '../../domain/errors.js';
import type { ClinicCalendar, OpeningHours } from '../../domain/planning/index.js';
import {
  defaultAppointmentTypes,
  type AppointmentKind,
  type AppointmentStatus,
  type AppointmentTypeDefinition,
  type BusyInterval,
  type LocationSchedule,
  type StaffAvailability,
} from '../../domain/scheduling/index.js';
import { weekdays, type Weekday } from '../../domain/time/local-date.js';
import { zoneRules } from '../../domain/time/zoned-time.js';
import type { AppContext, Queryable } from '../context.js';
import { currentProtocolVersion } from '../protocols/protocols.js';
import { localDateAt } from '../clinic-time.js';

/** Loading a location's calendar, chairs, staff and busy time as the plain data the domain works on. */

export const locationNotFound = (): DomainError =>
  new DomainError('not_found', 'No such location.', { errors: [{ path: '/locationId', message: 'no such location' }] });

export async function requireLocation(ctx: AppContext, organizationId: string, id: string): Promise<LocationRow> {
  const location = await findLocation(ctx.db, organizationId, id);
  if (!location) throw locationNotFound();
  return location;
}

export function calendarOf(location: LocationRow): ClinicCalendar {
  const openingHours: Partial<Record<Weekday, OpeningHours>> = {};
  for (const h of location.openingHours) {
    const day = weekdays[h.day - 1];
    if (day) openingHours[day] = { opens: h.opens, closes: h.closes };
  }
  return { timeZone: location.timeZone, openingHours, closedDates: [...location.closedDates] };
}

export function typeDefinition(row: AppointmentTypeRow): AppointmentTypeDefinition {
  return {
    kind: row.kind as AppointmentKind,
    label: row.label,
    minutes: row.minutes,
    phases:
      row.preCheckMinutes === null || row.doseMinutes === null || row.observationMinutes === null
        ? null
        : {
            preCheckMinutes: row.preCheckMinutes,
            doseMinutes: row.doseMinutes,
            observationMinutes: row.observationMinutes,
          },
    needsChair: row.needsChair,
    staffRole: row.staffRole,
    prescriberOnSite: row.prescriberOnSite,
    requiresSignedPlan: row.requiresSignedPlan,
    source: row.source,
  };
}

/** The organization's appointment types; the protocol's defaults are written on first use. */
export async function appointmentTypes(
  db: Queryable,
  organizationId: string,
  now: Date,
): Promise<AppointmentTypeRow[]> {
  const existing = await listAppointmentTypes(db, organizationId);
  if (existing.length > 0) return existing;
  const protocol = await currentProtocolVersion(db, organizationId, now);
  await insertAppointmentTypes(
    db,
    organizationId,
    defaultAppointmentTypes(protocol.protocol).map((t) => ({
      kind: t.kind,
      label: t.label,
      minutes: t.minutes,
      preCheckMinutes: t.phases?.preCheckMinutes ?? null,
      doseMinutes: t.phases?.doseMinutes ?? null,
      observationMinutes: t.phases?.observationMinutes ?? null,
      needsChair: t.needsChair,
      staffRole: t.staffRole,
      prescriberOnSite: t.prescriberOnSite,
      requiresSignedPlan: t.requiresSignedPlan,
      source: t.source,
      active: true,
    })),
    now,
  );
  return listAppointmentTypes(db, organizationId);
}

export async function requireType(
  ctx: AppContext,
  organizationId: string,
  input: { appointmentTypeId?: string | undefined; kind?: string | undefined },
): Promise<AppointmentTypeRow> {
  const types = await appointmentTypes(ctx.db, organizationId, ctx.now);
  const type = types.find((t) => (input.appointmentTypeId ? t.id === input.appointmentTypeId : t.kind === input.kind));
  if (!type || !type.active) {
    throw new DomainError('validation_failed', 'No such appointment type.', {
      errors: [
        { path: input.appointmentTypeId ? '/appointmentTypeId' : '/kind', message: 'no such active appointment type' },
      ],
    });
  }
  return type;
}

/** Chairs, staff hours and busy time of a location over [from, to): what slot finding needs. */
export async function loadLocationSchedule(
  db: Queryable,
  organizationId: string,
  location: LocationRow,
  from: Date,
  to: Date,
  excludeAppointmentId: string | null = null,
): Promise<LocationSchedule> {
  // One after another: `db` may be a transaction's single client.
  const chairs = await listChairs(db, organizationId, location.id);
  const hours = await listStaffHours(db, organizationId, location.id);
  const busy = await busyBetween(db, organizationId, from, to, excludeAppointmentId);
  const staff = new Map<
    string,
    { id: string; roles: ('nurse' | 'prescriber')[]; hours: Partial<Record<Weekday, OpeningHours>> }
  >();
  for (const h of hours) {
    let member = staff.get(h.userId);
    if (!member) {
      member = {
        id: h.userId,
        roles: h.roles.filter((r): r is 'nurse' | 'prescriber' => r === 'nurse' || r === 'prescriber'),
        hours: {},
      };
      staff.set(h.userId, member);
    }
    const day = weekdays[h.weekday - 1];
    if (day) member.hours[day] = { opens: h.opens, closes: h.closes };
  }
  const intervals: BusyInterval[] = [];
  for (const b of busy) {
    const startMs = b.startsAt.getTime();
    const endMs = b.endsAt.getTime();
    if (b.chairId) intervals.push({ resourceId: b.chairId, startMs, endMs });
    if (b.staffUserId) intervals.push({ resourceId: b.staffUserId, startMs, endMs });
    intervals.push({ resourceId: `patient:${b.patientId}`, startMs, endMs });
  }
  return {
    calendar: calendarOf(location),
    chairs: chairs.filter((c) => c.active).map((c) => ({ id: c.id })),
    staff: [...staff.values()] as StaffAvailability[],
    busy: intervals,
  };
}

/** The local date "today" at a location. */
export function localToday(location: LocationRow, now: Date): string {
  return localDateAt(location.timeZone, now);
}

export interface AppointmentView {
  id: string;
  patient: { id: string; name: string; mrn: string };
  type: { id: string; kind: string; label: string };
  location: { id: string; name: string; timeZone: string };
  chair: { id: string; name: string } | null;
  staff: { id: string; name: string } | null;
  startsAt: string;
  endsAt: string;
  localDate: string;
  startTime: string;
  endTime: string;
  status: AppointmentStatus;
  series: { id: string; number: number } | null;
  companionName: string | null;
  confirmedAt: string | null;
  confirmedVia: string | null;
  cancelReason: string | null;
  lateCancel: boolean;
  questionnairesDone: number;
  version: number;
}

export function appointmentView(row: AppointmentRow): AppointmentView {
  const zone = zoneRules(row.timeZone);
  const start = zone.toLocal(row.startsAt);
  const end = zone.toLocal(row.endsAt);
  return {
    id: row.id,
    patient: { id: row.patientId, name: row.patientName, mrn: row.patientMrn },
    type: { id: row.appointmentTypeId, kind: row.kind, label: row.typeLabel },
    location: { id: row.locationId, name: row.locationName, timeZone: row.timeZone },
    chair: row.chairId && row.chairName ? { id: row.chairId, name: row.chairName } : null,
    staff: row.staffUserId && row.staffName ? { id: row.staffUserId, name: row.staffName } : null,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    localDate: start.date,
    startTime: start.time,
    endTime: end.time,
    status: row.status as AppointmentStatus,
    series: row.seriesId && row.seriesNumber ? { id: row.seriesId, number: row.seriesNumber } : null,
    companionName: row.companionName,
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
    confirmedVia: row.confirmedVia,
    cancelReason: row.cancelReason,
    lateCancel: row.lateCancel,
    questionnairesDone: row.questionnairesDone,
    version: row.version,
  };
}

/** A Postgres exclusion-constraint violation (23P01) on an appointment, as the 409 that names what is taken. */
export function slotTakenError(error: unknown, path = ''): DomainError | null {
  const e = error as { code?: string; constraint?: string } | undefined;
  if (e?.code !== '23P01') return null;
  const what =
    e.constraint === 'appointments_chair_no_overlap'
      ? { field: 'chairId', message: 'this chair is already booked at that time' }
      : e.constraint === 'appointments_staff_no_overlap'
        ? { field: 'staffUserId', message: 'this member of staff is already booked at that time' }
        : { field: 'patientId', message: 'the patient already has an appointment at that time' };
  return new DomainError('slot_taken', `Not booked: ${what.message}.`, {
    errors: [{ path: `${path}/${what.field}`, message: what.message }],
  });
}

/** JSON with object keys sorted, so the same body hashes the same however its keys were ordered. */
export function requestHash(value: unknown): string {
  const canonical = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
    if (v && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
    }
    return JSON.stringify(v);
  };
  return crypto.createHash('sha256').update(canonical(value)).digest('hex');
}
