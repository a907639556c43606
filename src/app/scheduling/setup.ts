import {
  findAppointmentType,
  findChair,
  findLocation,
  findStaffMember,
  insertChair,
  insertLocation,
  listChairs,
  listLocations,
  listStaffHours,
  replaceStaffHours,
  updateAppointmentType,
  updateChair,
  updateLocation,
  type AppointmentTypeRow,
  type ChairRow,
  type LocationRow,
} from '../../db/repositories/scheduling.js';
import { DomainError, type FieldError } from '../../domain/errors.js';
import { appointmentKinds, type AppointmentKind } from '../../domain/scheduling/index.js';
import type { AppointmentType } from '../../contracts/scheduling.js';
import { isLocalDate, isLocalTime } from '../../domain/time/local-date.js';
import { zoneRules } from '../../domain/time/zoned-time.js';
import { audit } from '../audit/record.js';
import { assertVersion, requireStaffAction } from '../chart/access.js';
import { withTransaction, type AppContext } from '../context.js';
import { appointmentTypes, locationNotFound } from './schedule-data.js';

/**
 * Clinic set-up for scheduling (admin; organization.manage): locations' time zone, opening hours and
 * closed days; chairs and rooms; staff working hours; appointment types. Every reader on the schedule
 * (sessions.read) may list them.
 */

export interface LocationView {
  id: string;
  name: string;
  timeZone: string;
  ownTimeZone: string | null;
  openingHours: { day: number; opens: string; closes: string }[];
  closedDates: string[];
  chairs: ChairRow[];
  version: number;
}

export interface LocationInput {
  name: string;
  timeZone: string | null;
  openingHours: { day: number; opens: string; closes: string }[];
  closedDates: string[];
}

function locationErrors(input: LocationInput): FieldError[] {
  const errors: FieldError[] = [];
  if (input.timeZone !== null) {
    try {
      zoneRules(input.timeZone);
    } catch {
      errors.push({ path: '/timeZone', message: 'must be an IANA time zone such as Europe/London' });
    }
  }
  const days = new Set<number>();
  input.openingHours.forEach((h, i) => {
    if (days.has(h.day)) errors.push({ path: `/openingHours/${i}/day`, message: 'each weekday once' });
    days.add(h.day);
    if (!isLocalTime(h.opens) || !isLocalTime(h.closes) || h.opens >= h.closes)
      errors.push({ path: `/openingHours/${i}`, message: 'opens and closes as HH:MM, opens before closes' });
  });
  input.closedDates.forEach((d, i) => {
    if (!isLocalDate(d)) errors.push({ path: `/closedDates/${i}`, message: 'must be a date YYYY-MM-DD' });
  });
  return errors;
}

function view(location: LocationRow, chairs: ChairRow[]): LocationView {
  return {
    id: location.id,
    name: location.name,
    timeZone: location.timeZone,
    ownTimeZone: location.ownTimeZone,
    openingHours: [...location.openingHours].sort((a, b) => a.day - b.day),
    closedDates: [...location.closedDates].sort(),
    chairs: chairs.filter((c) => c.locationId === location.id),
    version: location.version,
  };
}

export async function listScheduleLocations(ctx: AppContext): Promise<LocationView[]> {
  const principal = requireStaffAction(ctx, 'sessions.read');
  const locations = await listLocations(ctx.db, principal.organizationId);
  const chairs = await listChairs(ctx.db, principal.organizationId);
  return locations.map((l) => view(l, chairs));
}

export async function createLocation(input: LocationInput, ctx: AppContext): Promise<LocationView> {
  const principal = requireStaffAction(ctx, 'organization.manage');
  const errors = locationErrors(input);
  if (errors.length > 0) throw new DomainError('validation_failed', 'The location is not valid.', { errors });
  return withTransaction(ctx, async (tx) => {
    const id = await insertLocation(tx.db, principal.organizationId, input).catch((error: unknown) => {
      if ((error as { code?: string }).code === '23505')
        throw new DomainError('conflict', 'A location with this name exists.', {
          errors: [{ path: '/name', message: 'is taken' }],
        });
      throw error;
    });
    await audit(tx, { action: 'location.create', resourceType: 'location', resourceId: id });
    const row = await findLocation(tx.db, principal.organizationId, id);
    return view(row!, []);
  });
}

export async function editLocation(
  id: string,
  input: LocationInput & { version: number },
  ctx: AppContext,
): Promise<LocationView> {
  const principal = requireStaffAction(ctx, 'organization.manage');
  const errors = locationErrors(input);
  if (errors.length > 0) throw new DomainError('validation_failed', 'The location is not valid.', { errors });
  return withTransaction(ctx, async (tx) => {
    const row = await findLocation(tx.db, principal.organizationId, id, true);
    if (!row) throw locationNotFound();
    assertVersion(row.version, input.version, 'location');
    await updateLocation(tx.db, principal.organizationId, id, input);
    await audit(tx, { action: 'location.update', resourceType: 'location', resourceId: id });
    const updated = await findLocation(tx.db, principal.organizationId, id);
    const chairs = await listChairs(tx.db, principal.organizationId, id);
    return view(updated!, chairs);
  });
}

export async function createChair(
  input: { locationId: string; name: string; kind: 'chair' | 'room' },
  ctx: AppContext,
): Promise<ChairRow> {
  const principal = requireStaffAction(ctx, 'organization.manage');
  return withTransaction(ctx, async (tx) => {
    if (!(await findLocation(tx.db, principal.organizationId, input.locationId))) throw locationNotFound();
    const id = await insertChair(tx.db, principal.organizationId, input).catch((error: unknown) => {
      if ((error as { code?: string }).code === '23505')
        throw new DomainError('conflict', 'This location already has a chair with that name.', {
          errors: [{ path: '/name', message: 'is taken at this location' }],
        });
      throw error;
    });
    await audit(tx, { action: 'chair.create', resourceType: 'chair', resourceId: id });
    return (await findChair(tx.db, principal.organizationId, id))!;
  });
}

export async function editChair(
  id: string,
  input: { name: string; kind: 'chair' | 'room'; active: boolean; version: number },
  ctx: AppContext,
): Promise<ChairRow> {
  const principal = requireStaffAction(ctx, 'organization.manage');
  return withTransaction(ctx, async (tx) => {
    // Locked, so that two edits made from the same version cannot both pass the version check.
    const chair = await findChair(tx.db, principal.organizationId, id, true);
    if (!chair) throw new DomainError('not_found', 'No such chair.');
    assertVersion(chair.version, input.version, 'chair');
    await updateChair(tx.db, principal.organizationId, id, input);
    await audit(tx, { action: 'chair.update', resourceType: 'chair', resourceId: id });
    return (await findChair(tx.db, principal.organizationId, id))!;
  });
}

export interface StaffHoursView {
  userId: string;
  name: string;
  roles: string[];
  hours: { weekday: number; opens: string; closes: string }[];
}

export async function listLocationStaffHours(locationId: string, ctx: AppContext): Promise<StaffHoursView[]> {
  const principal = requireStaffAction(ctx, 'sessions.read');
  if (!(await findLocation(ctx.db, principal.organizationId, locationId))) throw locationNotFound();
  const rows = await listStaffHours(ctx.db, principal.organizationId, locationId);
  const byUser = new Map<string, StaffHoursView>();
  for (const r of rows) {
    const v = byUser.get(r.userId) ?? { userId: r.userId, name: r.name, roles: [...r.roles], hours: [] };
    v.hours.push({ weekday: r.weekday, opens: r.opens, closes: r.closes });
    byUser.set(r.userId, v);
  }
  return [...byUser.values()];
}

export async function setStaffHours(
  locationId: string,
  userId: string,
  hours: { weekday: number; opens: string; closes: string }[],
  ctx: AppContext,
): Promise<StaffHoursView[]> {
  const principal = requireStaffAction(ctx, 'organization.manage');
  const errors: FieldError[] = [];
  const seen = new Set<number>();
  hours.forEach((h, i) => {
    if (seen.has(h.weekday)) errors.push({ path: `/hours/${i}/weekday`, message: 'each weekday once' });
    seen.add(h.weekday);
    if (!isLocalTime(h.opens) || !isLocalTime(h.closes) || h.opens >= h.closes)
      errors.push({ path: `/hours/${i}`, message: 'opens and closes as HH:MM, opens before closes' });
  });
  if (errors.length > 0) throw new DomainError('validation_failed', 'The working hours are not valid.', { errors });
  await withTransaction(ctx, async (tx) => {
    // Locked, so that two replacements of the same hours at once run one after the other (each a whole PUT).
    if (!(await findLocation(tx.db, principal.organizationId, locationId, true))) throw locationNotFound();
    if (!(await findStaffMember(tx.db, principal.organizationId, userId)))
      throw new DomainError('not_found', 'No such member of staff.');
    await replaceStaffHours(tx.db, principal.organizationId, locationId, userId, hours);
    await audit(tx, {
      action: 'staff_hours.update',
      resourceType: 'user',
      resourceId: userId,
      details: { locationId },
    });
  });
  return listLocationStaffHours(locationId, ctx);
}

const isAppointmentKind = (kind: string): kind is AppointmentKind =>
  (appointmentKinds as readonly string[]).includes(kind);

/** An appointment type on the wire; its kind is one of the domain's (the table's CHECK constraint says so too). */
function toAppointmentType(row: AppointmentTypeRow): AppointmentType {
  if (!isAppointmentKind(row.kind)) throw new Error(`appointment type ${row.id} has an unknown kind`);
  return { ...row, kind: row.kind };
}

export async function listTypes(ctx: AppContext): Promise<AppointmentType[]> {
  const principal = requireStaffAction(ctx, 'sessions.read');
  const rows = await withTransaction(ctx, (tx) => appointmentTypes(tx.db, principal.organizationId, tx.now));
  return rows.map(toAppointmentType);
}

export type AppointmentTypeInput = Omit<AppointmentTypeRow, 'id' | 'kind' | 'source' | 'version'> & { version: number };

export async function editAppointmentType(
  id: string,
  input: AppointmentTypeInput,
  ctx: AppContext,
): Promise<AppointmentType> {
  const principal = requireStaffAction(ctx, 'organization.manage');
  const phases = [input.preCheckMinutes, input.doseMinutes, input.observationMinutes];
  if (phases.some((p) => p !== null) && phases.some((p) => p === null)) {
    throw new DomainError('validation_failed', 'Give all three phases or none.', {
      errors: [{ path: '/preCheckMinutes', message: 'give pre-check, dose and observation minutes together' }],
    });
  }
  const sum = (input.preCheckMinutes ?? 0) + (input.doseMinutes ?? 0) + (input.observationMinutes ?? 0);
  if (phases.every((p) => p !== null) && sum !== input.minutes) {
    throw new DomainError('validation_failed', `The phases add up to ${sum} minutes, not ${input.minutes}.`, {
      errors: [{ path: '/minutes', message: `must equal pre-check + dose + observation (${sum})` }],
    });
  }
  return withTransaction(ctx, async (tx) => {
    await appointmentTypes(tx.db, principal.organizationId, tx.now);
    const row = await findAppointmentType(tx.db, principal.organizationId, id, true);
    if (!row) throw new DomainError('not_found', 'No such appointment type.');
    assertVersion(row.version, input.version, 'appointment type');
    if (row.kind === 'esketamine_session' && input.observationMinutes !== null && input.observationMinutes < 120) {
      throw new DomainError('validation_failed', 'Esketamine needs at least 2 hours of observation (REMS).', {
        errors: [{ path: '/observationMinutes', message: 'must be at least 120 minutes for esketamine' }],
      });
    }
    await updateAppointmentType(
      tx.db,
      principal.organizationId,
      id,
      { ...row, ...input, kind: row.kind, source: row.source },
      tx.now,
    );
    await audit(tx, { action: 'appointment_type.update', resourceType: 'appointment_type', resourceId: id });
    return toAppointmentType((await findAppointmentType(tx.db, principal.organizationId, id))!);
  });
}
