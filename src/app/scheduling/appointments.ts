import { findSessionIdForAppointment } from '../../db/repositories/treatment-sessions.js';
import {
  findAppointment,
  findChair,
  findIdempotentResult,
  lockIdempotencyKey,
  lockAutomaticPlacement,
  lockSlotHolders,
  findSignedPlan,
  findStaffMember,
  insertAppointment,
  listAppointments,
  saveIdempotentResult,
  updateAppointmentStatus,
  updateAppointmentTime,
  type AppointmentRow,
  type AppointmentTypeRow,
  type LocationRow,
} from '../../db/repositories/scheduling.js';
import { DomainError } from '../../domain/errors.js';
import { can, type Action, type Principal } from '../../domain/permissions/index.js';
import {
  assertTransition,
  isDosing,
  sameDayOnly,
  isLateCancellation,
  resolveBookingTime,
  ScheduleIndex,
  type AppointmentStatus,
  type BookingTime,
} from '../../domain/scheduling/index.js';
import { addDays, minutesOfDay, weekdayOf } from '../../domain/time/local-date.js';
import { zoneRules } from '../../domain/time/zoned-time.js';
import { audit } from '../audit/record.js';
import { assertVersion, findPatientKey, requireStaffAction } from '../chart/access.js';
import { withTransaction, type AppContext } from '../context.js';
import { assertOneDoseSpaced, spacingOf } from './dosing-spacing.js';
import {
  appointmentView,
  calendarOf,
  loadLocationSchedule,
  localToday,
  requestHash,
  requireLocation,
  requireType,
  slotTakenError,
  type AppointmentView,
} from './schedule-data.js';

/**
 * Booking, rescheduling and the day's status changes. Every check that can be made in code is made
 * first with a message naming the problem; the database's exclusion constraints are the last word on
 * double-booking (two requests that both passed the checks: one commits, the other gets 409 slot_taken).
 */

export const appointmentNotFound = (): DomainError => new DomainError('not_found', 'No such appointment.');

export interface BookingInput {
  patientId: string;
  locationId: string;
  appointmentTypeId?: string | undefined;
  kind?: string | undefined;
  date: string;
  startTime: string;
  endTime?: string | undefined;
  chairId?: string | null | undefined;
  staffUserId?: string | null | undefined;
}

export interface Placement {
  readonly time: BookingTime;
  readonly chairId: string | null;
  readonly staffUserId: string | null;
  readonly planId: string | null;
}

/**
 * Checks one appointment against the location's calendar and resources, and picks a free chair and
 * member of staff when none is given. `path` prefixes error paths (a series names its session).
 */
export async function placeAppointment(
  ctx: AppContext,
  principal: Principal,
  location: LocationRow,
  type: AppointmentTypeRow,
  input: Omit<BookingInput, 'locationId' | 'appointmentTypeId' | 'kind'>,
  options: { path?: string; excludeAppointmentId?: string | null; planId?: string | null } = {},
): Promise<Placement> {
  const path = options.path ?? '';
  const at = (e: DomainError): DomainError =>
    path
      ? new DomainError(e.code, e.message, {
          errors: e.errors.map((x) => ({ path: `${path}${x.path}`, message: x.message })),
          ...(e.details ? { details: { ...e.details } } : {}),
        })
      : e;
  const calendar = calendarOf(location);
  let time: BookingTime;
  try {
    time = resolveBookingTime(
      { date: input.date, startTime: input.startTime, endTime: input.endTime, minutes: type.minutes },
      calendar,
      ctx.now,
    );
  } catch (error) {
    throw error instanceof DomainError ? at(error) : error;
  }

  let planId = options.planId ?? null;
  if (type.requiresSignedPlan && planId === null) {
    const plan = await findSignedPlan(ctx.db, principal.organizationId, input.patientId);
    const wanted = type.kind === 'iv_session' ? 'IV' : type.kind === 'im_session' ? 'IM' : null;
    if (!plan) {
      throw at(
        new DomainError(
          'signed_plan_required',
          `A ${type.label} needs a signed treatment plan; this patient has none.`,
          {
            errors: [{ path: '/patientId', message: 'has no signed treatment plan' }],
          },
        ),
      );
    }
    if (wanted && plan.content.route !== wanted) {
      throw at(
        new DomainError('signed_plan_required', `The signed plan orders ${plan.content.route}, not ${wanted}.`, {
          errors: [{ path: '/appointmentTypeId', message: `the signed plan orders ${plan.content.route} sessions` }],
        }),
      );
    }
    planId = plan.id;
  }

  if (input.chairId) {
    const chair = await findChair(ctx.db, principal.organizationId, input.chairId);
    if (!chair)
      throw at(
        new DomainError('not_found', 'No such chair.', { errors: [{ path: '/chairId', message: 'no such chair' }] }),
      );
    if (chair.locationId !== location.id) {
      throw at(
        new DomainError('validation_failed', `${chair.name} belongs to another location.`, {
          errors: [{ path: '/chairId', message: 'belongs to another location' }],
        }),
      );
    }
    if (!chair.active)
      throw at(
        new DomainError('validation_failed', `${chair.name} is out of use.`, {
          errors: [{ path: '/chairId', message: 'is out of use' }],
        }),
      );
  }
  if (!type.needsChair && input.chairId) {
    throw at(
      new DomainError('validation_failed', `A ${type.label} takes no chair.`, {
        errors: [{ path: '/chairId', message: 'leave empty for this appointment type' }],
      }),
    );
  }

  // When the clinic chooses the chair or the member of staff, choose after any such booking begun before.
  if ((type.needsChair && !input.chairId) || (type.staffRole && !input.staffUserId))
    await lockAutomaticPlacement(ctx.db, location.id);
  const schedule = await loadLocationSchedule(
    ctx.db,
    principal.organizationId,
    location,
    time.startsAt,
    time.endsAt,
    options.excludeAppointmentId ?? null,
  );
  const index = new ScheduleIndex(schedule);
  const weekday = weekdayOf(input.date);
  const startMinutes = minutesOfDay(input.startTime);
  const endMinutes = startMinutes + Math.round((time.endsAt.getTime() - time.startsAt.getTime()) / 60_000);

  if (input.staffUserId) {
    const member = await findStaffMember(ctx.db, principal.organizationId, input.staffUserId);
    if (!member)
      throw at(
        new DomainError('not_found', 'No such member of staff.', {
          errors: [{ path: '/staffUserId', message: 'no such member of staff' }],
        }),
      );
    const availability = schedule.staff.find((s) => s.id === member.id);
    if (type.staffRole && !member.roles.includes(type.staffRole)) {
      throw at(
        new DomainError('staff_not_available', `${member.name} is not a ${type.staffRole}.`, {
          errors: [{ path: '/staffUserId', message: `must be a ${type.staffRole}` }],
        }),
      );
    }
    if (!availability || !ScheduleIndex.works(availability, weekday, startMinutes, endMinutes)) {
      throw at(
        new DomainError('staff_not_available', `${member.name} does not work at ${location.name} then.`, {
          errors: [{ path: '/staffUserId', message: 'does not work at this location at that time' }],
        }),
      );
    }
  }
  if (type.prescriberOnSite) {
    const onSite = schedule.staff.some(
      (s) => s.roles.includes('prescriber') && ScheduleIndex.works(s, weekday, startMinutes, endMinutes),
    );
    if (!onSite) {
      throw at(
        new DomainError(
          'prescriber_not_on_site',
          `No prescriber works at ${location.name} for the whole ${type.label}.`,
          {
            errors: [{ path: '/startTime', message: 'no prescriber is on site for the whole appointment' }],
          },
        ),
      );
    }
  }

  const startMs = time.startsAt.getTime();
  const endMs = time.endsAt.getTime();
  let chairId = input.chairId ?? null;
  if (type.needsChair && !chairId) {
    const free = schedule.chairs.find((c) => index.isFree(c.id, startMs, endMs));
    if (!free) {
      throw at(
        new DomainError('slot_taken', 'Every chair is booked at that time.', {
          errors: [{ path: '/chairId', message: 'no chair is free at that time' }],
        }),
      );
    }
    chairId = free.id;
  }
  let staffUserId = input.staffUserId ?? null;
  if (type.staffRole && !staffUserId) {
    const role = type.staffRole;
    const free = schedule.staff.find(
      (s) =>
        s.roles.includes(role) &&
        ScheduleIndex.works(s, weekday, startMinutes, endMinutes) &&
        index.isFree(s.id, startMs, endMs),
    );
    if (!free) {
      throw at(
        new DomainError('slot_taken', `No ${role} is free at that time.`, {
          errors: [{ path: '/staffUserId', message: `no ${role} is free at that time` }],
        }),
      );
    }
    staffUserId = free.id;
  }
  return { time, chairId, staffUserId, planId };
}

async function loadView(ctx: AppContext, organizationId: string, id: string): Promise<AppointmentView> {
  const row = await findAppointment(ctx.db, organizationId, id);
  if (!row) throw appointmentNotFound();
  return appointmentView(row);
}

/**
 * Books one appointment (coordinator; sessions.schedule). With an Idempotency-Key the same key and body
 * return the first result and book nothing twice; the same key with another body is refused.
 */
export async function bookAppointment(
  input: BookingInput,
  ctx: AppContext,
  idempotencyKey?: string,
): Promise<{ status: 200 | 201; body: AppointmentView }> {
  const principal = requireStaffAction(ctx, 'sessions.schedule');
  const hash = requestHash(input);
  return withTransaction(ctx, async (tx) => {
    if (idempotencyKey) {
      await lockIdempotencyKey(tx.db, `schedule:${principal.userId}:${idempotencyKey}`);
      const previous = await findIdempotentResult(tx.db, principal.organizationId, principal.userId, idempotencyKey);
      if (previous) {
        if (previous.requestHash !== hash) {
          throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was used for a different booking.');
        }
        return { status: 200, body: previous.response as AppointmentView };
      }
    }
    await findPatientKey(tx, input.patientId);
    const location = await requireLocation(tx, principal.organizationId, input.locationId);
    const type = await requireType(tx, principal.organizationId, input);
    const placed = await placeAppointment(tx, principal, location, type, input);
    const dosing = { kind: type.kind, hasDose: type.doseMinutes !== null };
    if (isDosing(dosing)) {
      // One appointment booked by hand: never on the day of another dose (CLINICAL.md §4). The plan's wider
      // spacing applies to series and moves, which place the sessions of a plan.
      await assertOneDoseSpaced(
        tx,
        {
          organizationId: principal.organizationId,
          patientId: input.patientId,
          timeZone: location.timeZone,
          placed: {
            ...dosing,
            localDate: input.date,
            startsAt: placed.time.startsAt,
            endsAt: placed.time.endsAt,
            subject: `this ${type.label}`,
            path: '/date',
            overlapPath: '/startTime',
          },
        },
        sameDayOnly,
        'Not booked',
      );
    }
    await lockSlotHolders(tx.db, [{ ...placed, patientId: input.patientId }]);
    const id = await guardSlot(() =>
      insertAppointment(tx.db, {
        organizationId: principal.organizationId,
        locationId: location.id,
        patientId: input.patientId,
        appointmentTypeId: type.id,
        kind: type.kind,
        chairId: placed.chairId,
        staffUserId: placed.staffUserId,
        startsAt: placed.time.startsAt,
        endsAt: placed.time.endsAt,
        seriesId: null,
        seriesNumber: null,
        planId: placed.planId,
        createdByUserId: principal.userId,
        now: tx.now,
      }),
    );
    await audit(tx, {
      action: 'appointment.book',
      resourceType: 'appointment',
      resourceId: id,
      patientId: input.patientId,
      details: { kind: type.kind, locationId: location.id, chairId: placed.chairId, staffUserId: placed.staffUserId },
    });
    const body = await loadView(tx, principal.organizationId, id);
    if (idempotencyKey) {
      await saveIdempotentResult(tx.db, {
        organizationId: principal.organizationId,
        userId: principal.userId,
        key: idempotencyKey,
        requestHash: hash,
        statusCode: 201,
        response: body,
        now: tx.now,
      });
    }
    return { status: 201, body };
  });
}

/** Runs an insert or update that an exclusion constraint may refuse, turning that into 409 slot_taken. */
export async function guardSlot<T>(fn: () => Promise<T>, path = ''): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw slotTakenError(error, path) ?? error;
  }
}

export interface RescheduleInput {
  date: string;
  startTime: string;
  endTime?: string | undefined;
  chairId?: string | null | undefined;
  staffUserId?: string | null | undefined;
  version: number;
}

/** Moves an appointment (same checks as booking). Only one that is still to come can move. */
export async function rescheduleAppointment(
  id: string,
  input: RescheduleInput,
  ctx: AppContext,
): Promise<AppointmentView> {
  const principal = requireStaffAction(ctx, 'sessions.schedule');
  return withTransaction(ctx, async (tx) => {
    const found = await findAppointment(tx.db, principal.organizationId, id);
    if (!found) throw appointmentNotFound();
    // The patient first, then the appointment (the order series booking takes): two moves for one patient
    // check the spacing between their doses one after the other.
    await findPatientKey(tx, found.patientId, { forUpdate: true });
    const row = await findAppointment(tx.db, principal.organizationId, id, true);
    if (!row) throw appointmentNotFound();
    assertVersion(row.version, input.version, 'appointment');
    if (row.status !== 'scheduled' && row.status !== 'confirmed') {
      throw new DomainError(
        'appointment_status_transition_invalid',
        'Only a scheduled or confirmed appointment can be moved.',
        {
          errors: [{ path: '/date', message: `the appointment is ${row.status.replace('_', ' ')}` }],
        },
      );
    }
    const location = await requireLocation(tx, principal.organizationId, row.locationId);
    const type = await requireType(tx, principal.organizationId, { appointmentTypeId: row.appointmentTypeId });
    const placed = await placeAppointment(
      tx,
      principal,
      location,
      type,
      { ...input, patientId: row.patientId },
      { excludeAppointmentId: row.id, planId: row.planId },
    );
    if (isDosing(row)) {
      await assertOneDoseSpaced(
        tx,
        {
          organizationId: principal.organizationId,
          patientId: row.patientId,
          timeZone: location.timeZone,
          placed: {
            id: row.id,
            kind: row.kind,
            hasDose: row.hasDose,
            localDate: input.date,
            startsAt: placed.time.startsAt,
            endsAt: placed.time.endsAt,
            subject: `this ${row.typeLabel}`,
            path: '/date',
            overlapPath: '/startTime',
          },
        },
        spacingOf(await findSignedPlan(tx.db, principal.organizationId, row.patientId)),
        'Not moved',
      );
    }
    await lockSlotHolders(tx.db, [{ ...placed, patientId: row.patientId }]);
    await guardSlot(() =>
      updateAppointmentTime(tx.db, row.id, {
        startsAt: placed.time.startsAt,
        endsAt: placed.time.endsAt,
        chairId: placed.chairId,
        staffUserId: placed.staffUserId,
        now: tx.now,
        // Confirmed for the old time: the patient confirms the new one (the companion named stays as a hint).
        unconfirm: row.status === 'confirmed' && row.startsAt.getTime() !== placed.time.startsAt.getTime(),
      }),
    );
    await audit(tx, {
      action: 'appointment.reschedule',
      resourceType: 'appointment',
      resourceId: row.id,
      patientId: row.patientId,
      details: { from: row.startsAt.toISOString(), to: placed.time.startsAt.toISOString(), chairId: placed.chairId },
    });
    return loadView(tx, principal.organizationId, row.id);
  });
}

/** Which permission each status change needs: the front desk books and checks in, nurses run the session. */
const statusAction: Readonly<Record<AppointmentStatus, Action>> = {
  scheduled: 'sessions.schedule',
  confirmed: 'sessions.schedule',
  cancelled: 'sessions.schedule',
  checked_in: 'sessions.checkin',
  no_show: 'sessions.checkin',
  in_session: 'sessions.record',
  recovery: 'sessions.record',
  discharged: 'sessions.record',
};

export interface StatusInput {
  status: AppointmentStatus;
  version: number;
  reason?: string | undefined;
  companionName?: string | undefined;
}

export async function changeAppointmentStatus(
  id: string,
  input: StatusInput,
  ctx: AppContext,
): Promise<AppointmentView> {
  const principal = requireStaffAction(ctx, 'sessions.read');
  if (!can(principal, statusAction[input.status]))
    throw new DomainError('forbidden', 'You do not have permission to do this.');
  if (input.status === 'cancelled' && !input.reason?.trim()) {
    throw new DomainError('validation_failed', 'Give a reason for the cancellation.', {
      errors: [{ path: '/reason', message: 'give a reason for the cancellation' }],
    });
  }
  return withTransaction(ctx, async (tx) => {
    const row = await findAppointment(tx.db, principal.organizationId, id, true);
    if (!row) throw appointmentNotFound();
    assertVersion(row.version, input.version, 'appointment');
    // A treatment session opened from this booking moves it (decision 019): no status by hand after that.
    if ((await findSessionIdForAppointment(tx.db, row.id)) !== undefined) {
      throw new DomainError(
        'conflict',
        'A treatment session was opened from this appointment: its status follows the session.',
        { errors: [{ path: '/status', message: 'The treatment session moves this appointment' }] },
      );
    }
    assertTransition(row.status as AppointmentStatus, input.status, {
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      now: tx.now,
      hasDose: row.hasDose,
    });
    const lateCancel = input.status === 'cancelled' && isLateCancellation(row.startsAt, tx.now);
    await updateAppointmentStatus(tx.db, row.id, {
      status: input.status,
      now: tx.now,
      userId: principal.userId,
      cancelReason: input.status === 'cancelled' ? (input.reason?.trim() ?? null) : null,
      lateCancel,
      companionName: input.companionName?.trim() || null,
      confirmedVia: input.status === 'confirmed' ? 'staff' : null,
    });
    await audit(tx, {
      action: `appointment.${input.status}`,
      resourceType: 'appointment',
      resourceId: row.id,
      patientId: row.patientId,
      details: { from: row.status, to: input.status, ...(input.status === 'cancelled' ? { lateCancel } : {}) },
    });
    return loadView(tx, principal.organizationId, row.id);
  });
}

export async function getAppointment(id: string, ctx: AppContext): Promise<AppointmentView> {
  const principal = requireStaffAction(ctx, 'sessions.read');
  return withTransaction(ctx, async (tx) => {
    const row = await findAppointment(tx.db, principal.organizationId, id);
    if (!row) throw appointmentNotFound();
    await audit(tx, {
      action: 'appointment.read',
      resourceType: 'appointment',
      resourceId: row.id,
      patientId: row.patientId,
    });
    return appointmentView(row);
  });
}

export interface CalendarQuery {
  locationId: string;
  from: string;
  days: number;
  chairId?: string | undefined;
  patientId?: string | undefined;
}

/** The calendar of a location for `days` local days from `from` (day view: 1, week view: 7). */
export async function listCalendar(
  query: CalendarQuery,
  ctx: AppContext,
): Promise<{
  items: AppointmentView[];
  location: { id: string; name: string; timeZone: string };
  from: string;
  to: string;
}> {
  const principal = requireStaffAction(ctx, 'sessions.read');
  return withTransaction(ctx, async (tx) => {
    const location = await requireLocation(tx, principal.organizationId, query.locationId);
    const zone = zoneRules(location.timeZone);
    const to = addDays(query.from, query.days);
    const rows = await listAppointments(tx.db, principal.organizationId, {
      locationId: location.id,
      chairId: query.chairId ?? null,
      patientId: query.patientId ?? null,
      from: zone.fromLocal(query.from, '00:00').instant,
      to: zone.fromLocal(to, '00:00').instant,
    });
    await auditCalendarRead(tx, rows);
    return {
      items: rows.map(appointmentView),
      location: { id: location.id, name: location.name, timeZone: location.timeZone },
      from: query.from,
      to,
    };
  });
}

/** One audit entry per patient whose appointment was shown (who saw whose schedule, when). */
async function auditCalendarRead(ctx: AppContext, rows: readonly AppointmentRow[]): Promise<void> {
  const patients = new Map<string, string[]>();
  for (const r of rows) patients.set(r.patientId, [...(patients.get(r.patientId) ?? []), r.id]);
  for (const [patientId, ids] of patients) {
    await audit(ctx, {
      action: 'schedule.read',
      resourceType: 'appointment',
      patientId,
      details: { appointmentIds: ids },
    });
  }
}

/** The front desk's day: who is due, confirmed or not, companion named or not, questionnaires done. */
export async function todayList(
  query: { locationId: string },
  ctx: AppContext,
): Promise<{ date: string; items: AppointmentView[] }> {
  const principal = requireStaffAction(ctx, 'sessions.read');
  const location = await requireLocation(ctx, principal.organizationId, query.locationId);
  const date = localToday(location, ctx.now);
  const result = await listCalendar({ locationId: location.id, from: date, days: 1 }, ctx);
  return { date, items: result.items };
}
