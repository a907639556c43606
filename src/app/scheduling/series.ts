import {
  findAppointment,
  findIdempotentResult,
  lockIdempotencyKey,
  lockSlotHolders,
  findSeries,
  findSignedPlan,
  insertAppointment,
  insertSeries,
  listAppointments,
  listChairs,
  listStaffHours,
  saveIdempotentResult,
  type LocationRow,
  type SignedPlanRow,
} from '../../db/repositories/scheduling.js';
import { DomainError } from '../../domain/errors.js';
import { maintenancePresets, type MaintenancePhase, type SeriesConstraints } from '../../domain/planning/index.js';
import type { ClinicProtocol } from '../../domain/protocol/index.js';
import {
  proposeSeries,
  replanAfterCancellation,
  seriesSpacingErrors,
  type ProposedSession,
} from '../../domain/scheduling/index.js';
import { addDays, isLocalDate, isLocalTime } from '../../domain/time/local-date.js';
import { zoneRules } from '../../domain/time/zoned-time.js';
import { audit } from '../audit/record.js';
import { findPatientKey, requireStaffAction } from '../chart/access.js';
import { withTransaction, type AppContext } from '../context.js';
import { appointmentNotFound, guardSlot, placeAppointment, type Placement } from './appointments.js';
import { assertDosingSpacing, patientAppointments, spacingOf, spacingReachMs } from './dosing-spacing.js';
import {
  appointmentView,
  loadLocationSchedule,
  localToday,
  requestHash,
  requireLocation,
  requireType,
  typeDefinition,
  type AppointmentView,
} from './schedule-data.js';

/**
 * Series booking from the patient's signed plan: one call proposes the whole induction series (or a
 * maintenance cadence) into free chair + nurse + prescriber slots; the coordinator may move any session;
 * a second call books them all in one transaction — all or none.
 */
export type SeriesKind = 'induction' | 'maintenance';

export interface SeriesProposalRequest {
  patientId: string;
  locationId: string;
  kind: SeriesKind;
  startDate?: string | undefined;
  preferredTime?: string | undefined;
}

export interface ProposedSessionView {
  number: number;
  date: string;
  startTime: string;
  endTime: string;
  startsAt: string;
  endsAt: string;
  chair: { id: string; name: string } | null;
  staff: { id: string; name: string } | null;
  adjusted: boolean;
}

export interface SeriesProposalView {
  patientId: string;
  planId: string;
  kind: SeriesKind;
  type: { id: string; kind: string; label: string; minutes: number };
  location: { id: string; name: string; timeZone: string };
  startDate: string;
  preferredTime: string;
  constraints: SeriesConstraints | null;
  sessions: ProposedSessionView[];
}

const signedPlanMissing = (): DomainError =>
  new DomainError('signed_plan_required', 'This patient has no signed treatment plan; a series is booked from one.', {
    errors: [{ path: '/patientId', message: 'has no signed treatment plan' }],
  });

function seriesRules(plan: SignedPlanRow): { constraints: SeriesConstraints; phases: readonly MaintenancePhase[] } {
  const protocol = plan.protocol as ClinicProtocol;
  const i = protocol.induction;
  const induction = {
    sessions: i.sessions,
    maxSpanDays: i.maxSpanDays,
    minSessionsPerWeek: i.minSessionsPerWeek,
    maxSessionsPerWeek: i.maxSessionsPerWeek,
    minSpacingDays: i.minSpacingDays,
    minSpacingHours: i.minSpacingHours,
  };
  const intent = plan.content.maintenance?.intent;
  const phases = intent === 'esketamine_label' ? maintenancePresets.esketamineLabel : maintenancePresets.andrade2017;
  return { constraints: { ...induction, sessions: plan.content.induction.sessions }, phases };
}

const typeKindFor = (plan: SignedPlanRow): string => (plan.content.route === 'IM' ? 'im_session' : 'iv_session');

async function names(ctx: AppContext, organizationId: string, location: LocationRow) {
  const chairs = await listChairs(ctx.db, organizationId, location.id);
  const staff = await listStaffHours(ctx.db, organizationId, location.id);
  return {
    chair: (id: string | null) => {
      const c = id ? chairs.find((x) => x.id === id) : undefined;
      return c ? { id: c.id, name: c.name } : null;
    },
    staff: (id: string | null) => {
      const s = id ? staff.find((x) => x.userId === id) : undefined;
      return s ? { id: s.userId, name: s.name } : null;
    },
  };
}

export async function proposeSeriesForPatient(
  request: SeriesProposalRequest,
  ctx: AppContext,
): Promise<SeriesProposalView> {
  const principal = requireStaffAction(ctx, 'sessions.schedule');
  if (request.startDate !== undefined && !isLocalDate(request.startDate))
    throw new DomainError('validation_failed', 'The start date is not valid.', {
      errors: [{ path: '/startDate', message: 'must be a date YYYY-MM-DD' }],
    });
  if (request.preferredTime !== undefined && !isLocalTime(request.preferredTime))
    throw new DomainError('validation_failed', 'The preferred time is not valid.', {
      errors: [{ path: '/preferredTime', message: 'must be a time HH:MM' }],
    });
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, request.patientId);
    const plan = await findSignedPlan(tx.db, principal.organizationId, request.patientId);
    if (!plan) throw signedPlanMissing();
    const location = await requireLocation(tx, principal.organizationId, request.locationId);
    const typeRow = await requireType(tx, principal.organizationId, { kind: typeKindFor(plan) });
    const type = typeDefinition(typeRow);
    const rules = seriesRules(plan);
    const earliestDate = addDays(localToday(location, tx.now), 1);
    const planned = request.startDate ?? plan.content.induction.startDate;
    const startDate = planned < earliestDate ? earliestDate : planned;
    const preferredTime = request.preferredTime ?? plan.content.induction.preferredTime;
    const zone = zoneRules(location.timeZone);
    const horizonDays = request.kind === 'induction' ? 28 + rules.constraints.maxSpanDays + 1 : 400;
    const from = zone.fromLocal(startDate, '00:00').instant;
    const to = zone.fromLocal(addDays(startDate, horizonDays), '00:00').instant;
    const schedule = await loadLocationSchedule(tx.db, principal.organizationId, location, from, to);
    // Days too close to a dose the patient already has booked are passed over like full days.
    const spacing = spacingOf(plan);
    const reach = spacingReachMs(spacing);
    const appointments = await patientAppointments(
      tx,
      principal.organizationId,
      request.patientId,
      location.timeZone,
      new Date(from.getTime() - reach),
      new Date(to.getTime() + reach),
    );
    const sessions = proposeSeries(
      {
        schedule: { ...schedule, patientId: request.patientId },
        type,
        startDate,
        preferredTime,
        earliestDate,
        booked: { appointments, spacing },
      },
      request.kind === 'induction'
        ? { kind: 'induction', constraints: rules.constraints }
        : { kind: 'maintenance', phases: rules.phases },
    );
    const n = await names(tx, principal.organizationId, location);
    await audit(tx, {
      action: 'series.propose',
      resourceType: 'treatment_plan',
      resourceId: plan.id,
      patientId: request.patientId,
      details: { kind: request.kind, sessions: sessions.length },
    });
    return {
      patientId: request.patientId,
      planId: plan.id,
      kind: request.kind,
      type: { id: typeRow.id, kind: typeRow.kind, label: typeRow.label, minutes: typeRow.minutes },
      location: { id: location.id, name: location.name, timeZone: location.timeZone },
      startDate,
      preferredTime,
      constraints: request.kind === 'induction' ? rules.constraints : null,
      sessions: sessions.map((s) => sessionView(s, zone, n)),
    };
  });
}

function sessionView(
  s: ProposedSession,
  zone: ReturnType<typeof zoneRules>,
  n: Awaited<ReturnType<typeof names>>,
): ProposedSessionView {
  return {
    number: s.number,
    date: s.date,
    startTime: s.time,
    endTime: zone.toLocal(s.endsAt).time,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    chair: n.chair(s.chairId),
    staff: n.staff(s.staffId),
    adjusted: s.adjusted,
  };
}

export interface SeriesBookingRequest {
  patientId: string;
  locationId: string;
  kind: SeriesKind;
  preferredTime?: string | undefined;
  sessions: {
    date: string;
    startTime: string;
    chairId?: string | null | undefined;
    staffUserId?: string | null | undefined;
  }[];
}

export interface SeriesBookingView {
  seriesId: string;
  appointments: AppointmentView[];
}

/** Books every session of a (possibly edited) proposal in one transaction: all or none. */
export async function bookSeries(
  request: SeriesBookingRequest,
  ctx: AppContext,
  idempotencyKey?: string,
): Promise<{ status: 200 | 201; body: SeriesBookingView }> {
  const principal = requireStaffAction(ctx, 'sessions.schedule');
  const hash = requestHash(request);
  return withTransaction(ctx, async (tx) => {
    if (idempotencyKey) {
      await lockIdempotencyKey(tx.db, `schedule:${principal.userId}:${idempotencyKey}`);
      const previous = await findIdempotentResult(tx.db, principal.organizationId, principal.userId, idempotencyKey);
      if (previous) {
        if (previous.requestHash !== hash)
          throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was used for a different booking.');
        return { status: 200, body: previous.response as SeriesBookingView };
      }
    }
    await findPatientKey(tx, request.patientId, { forUpdate: true });
    const plan = await findSignedPlan(tx.db, principal.organizationId, request.patientId);
    if (!plan) throw signedPlanMissing();
    const location = await requireLocation(tx, principal.organizationId, request.locationId);
    const type = await requireType(tx, principal.organizationId, { kind: typeKindFor(plan) });
    const rules = seriesRules(plan);
    if (request.kind === 'induction' && request.sessions.length !== rules.constraints.sessions) {
      throw new DomainError('validation_failed', `The plan orders ${rules.constraints.sessions} induction sessions.`, {
        errors: [{ path: '/sessions', message: `must hold ${rules.constraints.sessions} sessions` }],
      });
    }
    const placements: Placement[] = [];
    const zone = zoneRules(location.timeZone);
    for (const [i, s] of request.sessions.entries()) {
      // Each placement sees the sessions placed before it (same transaction), so two sessions of one
      // request never take the same chair at the same time.
      const placed = await placeAppointment(
        tx,
        principal,
        location,
        type,
        { ...s, patientId: request.patientId },
        { path: `/sessions/${i}`, planId: plan.id },
      );
      placements.push(placed);
      if (request.kind === 'induction') {
        const errors = seriesSpacingErrors(
          request.sessions.slice(0, i + 1).map((x, k) => ({
            localDate: x.date,
            startsAt: placements[k]?.time.startsAt ?? zone.fromLocal(x.date, x.startTime).instant,
          })),
          rules.constraints,
        );
        if (errors.length > 0)
          throw new DomainError('validation_failed', 'The series breaks the plan’s spacing rules.', { errors });
      }
    }
    // And against the doses the patient already has booked (another series, single bookings).
    const spacing = spacingOf(plan);
    const reach = spacingReachMs(spacing);
    const starts = placements.map((p) => p.time.startsAt.getTime());
    const ends = placements.map((p) => p.time.endsAt.getTime());
    if (placements.length > 0) {
      const booked = await patientAppointments(
        tx,
        principal.organizationId,
        request.patientId,
        location.timeZone,
        new Date(Math.min(...starts) - reach),
        new Date(Math.max(...ends) + reach),
      );
      assertDosingSpacing(
        placements.map((p, i) => ({
          kind: type.kind,
          hasDose: type.doseMinutes !== null,
          localDate: request.sessions[i]!.date,
          startsAt: p.time.startsAt,
          endsAt: p.time.endsAt,
          subject: `session ${i + 1}`,
          path: `/sessions/${i}/date`,
          overlapPath: `/sessions/${i}/patientId`,
        })),
        booked,
        spacing,
        'The series was not booked',
      );
    }
    const seriesId = await insertSeries(tx.db, {
      organizationId: principal.organizationId,
      patientId: request.patientId,
      planId: plan.id,
      kind: request.kind,
      constraints: request.kind === 'induction' ? rules.constraints : { phases: rules.phases },
      preferredTime: request.preferredTime ?? request.sessions[0]?.startTime ?? plan.content.induction.preferredTime,
      userId: principal.userId,
      now: tx.now,
    });
    await lockSlotHolders(
      tx.db,
      placements.map((p) => ({ ...p, patientId: request.patientId })),
    );
    const ids: string[] = [];
    for (const [i, p] of placements.entries()) {
      const id = await guardSlot(
        () =>
          insertAppointment(tx.db, {
            organizationId: principal.organizationId,
            locationId: location.id,
            patientId: request.patientId,
            appointmentTypeId: type.id,
            kind: type.kind,
            chairId: p.chairId,
            staffUserId: p.staffUserId,
            startsAt: p.time.startsAt,
            endsAt: p.time.endsAt,
            seriesId,
            seriesNumber: i + 1,
            planId: plan.id,
            createdByUserId: principal.userId,
            now: tx.now,
          }),
        `/sessions/${i}`,
      );
      ids.push(id);
    }
    await audit(tx, {
      action: 'series.book',
      resourceType: 'appointment_series',
      resourceId: seriesId,
      patientId: request.patientId,
      details: { kind: request.kind, appointmentIds: ids },
    });
    const rows = await listAppointments(tx.db, principal.organizationId, {
      seriesId,
      from: new Date(0),
      to: new Date('9999-01-01T00:00:00Z'),
    });
    const body = { seriesId, appointments: rows.map(appointmentView) };
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

/**
 * After a series session was cancelled or missed: a replacement that keeps the series' spacing rules
 * with the sessions still on the calendar (a proposal; book it with bookSeriesReplacement).
 */
export async function proposeReplacement(appointmentId: string, ctx: AppContext): Promise<ProposedSessionView> {
  const principal = requireStaffAction(ctx, 'sessions.schedule');
  return withTransaction(ctx, async (tx) => {
    const { row, series, location, typeRow, constraints, booked } = await seriesContext(
      tx,
      principal.organizationId,
      appointmentId,
    );
    const zone = zoneRules(location.timeZone);
    const earliestDate = addDays(localToday(location, tx.now), 1);
    const schedule = await loadLocationSchedule(
      tx.db,
      principal.organizationId,
      location,
      zone.fromLocal(earliestDate, '00:00').instant,
      zone.fromLocal(addDays(earliestDate, constraints.maxSpanDays + 60), '00:00').instant,
    );
    const spacing = spacingOf(await findSignedPlan(tx.db, principal.organizationId, row.patientId));
    const reach = spacingReachMs(spacing);
    const appointments = await patientAppointments(
      tx,
      principal.organizationId,
      row.patientId,
      location.timeZone,
      new Date(zone.fromLocal(earliestDate, '00:00').instant.getTime() - reach),
      new Date(zone.fromLocal(addDays(earliestDate, constraints.maxSpanDays + 60), '00:00').instant.getTime() + reach),
    );
    const replacement = replanAfterCancellation({
      schedule: { ...schedule, patientId: row.patientId },
      type: typeDefinition(typeRow),
      constraints,
      sessions: booked,
      replace: row.seriesNumber!,
      preferredTime: series.preferredTime,
      earliestDate,
      booked: { appointments, spacing },
    });
    await audit(tx, {
      action: 'series.replan',
      resourceType: 'appointment',
      resourceId: row.id,
      patientId: row.patientId,
    });
    return sessionView(replacement, zone, await names(tx, principal.organizationId, location));
  });
}

async function seriesContext(ctx: AppContext, organizationId: string, appointmentId: string) {
  const row = await findAppointment(ctx.db, organizationId, appointmentId);
  if (!row) throw appointmentNotFound();
  if (!row.seriesId || !row.seriesNumber) {
    throw new DomainError('validation_failed', 'This appointment is not part of a series.', {
      errors: [{ path: '/params/id', message: 'is not part of a series' }],
    });
  }
  if (row.status !== 'cancelled' && row.status !== 'no_show') {
    throw new DomainError(
      'appointment_status_transition_invalid',
      'Only a cancelled or missed session is re-planned.',
      {
        errors: [{ path: '/params/id', message: `the session is ${row.status.replace('_', ' ')}` }],
      },
    );
  }
  const series = (await findSeries(ctx.db, organizationId, row.seriesId))!;
  if (series.kind !== 'induction') {
    throw new DomainError('validation_failed', 'Maintenance sessions are re-booked one by one.', {
      errors: [{ path: '/params/id', message: 'is a maintenance session' }],
    });
  }
  const location = await requireLocation(ctx, organizationId, row.locationId);
  const typeRow = await requireType(ctx, organizationId, { appointmentTypeId: row.appointmentTypeId });
  const constraints = series.constraints as SeriesConstraints;
  const all = await listAppointments(ctx.db, organizationId, {
    seriesId: row.seriesId,
    from: new Date(0),
    to: new Date('9999-01-01T00:00:00Z'),
  });
  const zone = zoneRules(location.timeZone);
  // The replacement stands in for this session number; a session already replaced keeps its number once.
  const active = all.filter((a) => a.status !== 'cancelled' && a.status !== 'no_show');
  const booked = active.map((a) => ({
    number: a.seriesNumber ?? 0,
    localDate: zone.toLocal(a.startsAt).date,
    startsAt: a.startsAt,
    active: true,
  }));
  return { row, series, location, typeRow, constraints, booked, active };
}

/** Books the replacement for a cancelled or missed series session, keeping the spacing rules. */
export async function bookSeriesReplacement(
  appointmentId: string,
  input: {
    date: string;
    startTime: string;
    chairId?: string | null | undefined;
    staffUserId?: string | null | undefined;
  },
  ctx: AppContext,
): Promise<AppointmentView> {
  const principal = requireStaffAction(ctx, 'sessions.schedule');
  return withTransaction(ctx, async (tx) => {
    const cancelled = await findAppointment(tx.db, principal.organizationId, appointmentId);
    if (!cancelled) throw appointmentNotFound();
    // One booking for this patient at a time: the spacing is checked against what is booked now.
    await findPatientKey(tx, cancelled.patientId, { forUpdate: true });
    const { row, location, typeRow, constraints, booked, active } = await seriesContext(
      tx,
      principal.organizationId,
      appointmentId,
    );
    if (active.some((a) => a.seriesNumber === row.seriesNumber)) {
      throw new DomainError('conflict', `Session ${row.seriesNumber} has already been re-booked.`);
    }
    const placed = await placeAppointment(
      tx,
      principal,
      location,
      typeRow,
      { ...input, patientId: row.patientId },
      { planId: row.planId },
    );
    const errors = seriesSpacingErrors(
      [...booked, { localDate: input.date, startsAt: placed.time.startsAt }],
      constraints,
    ).map((e) => ({ path: '/date', message: e.message }));
    if (errors.length > 0)
      throw new DomainError('validation_failed', 'The replacement breaks the series’ spacing rules.', { errors });
    const spacing = spacingOf(await findSignedPlan(tx.db, principal.organizationId, row.patientId));
    const reach = spacingReachMs(spacing);
    assertDosingSpacing(
      [
        {
          kind: typeRow.kind,
          hasDose: typeRow.doseMinutes !== null,
          localDate: input.date,
          startsAt: placed.time.startsAt,
          endsAt: placed.time.endsAt,
          subject: `the replacement for session ${row.seriesNumber}`,
          path: '/date',
          overlapPath: '/startTime',
        },
      ],
      await patientAppointments(
        tx,
        principal.organizationId,
        row.patientId,
        location.timeZone,
        new Date(placed.time.startsAt.getTime() - reach),
        new Date(placed.time.endsAt.getTime() + reach),
      ),
      spacing,
      'The replacement was not booked',
    );
    await lockSlotHolders(tx.db, [{ ...placed, patientId: row.patientId }]);
    const id = await guardSlot(() =>
      insertAppointment(tx.db, {
        organizationId: principal.organizationId,
        locationId: location.id,
        patientId: row.patientId,
        appointmentTypeId: typeRow.id,
        kind: typeRow.kind,
        chairId: placed.chairId,
        staffUserId: placed.staffUserId,
        startsAt: placed.time.startsAt,
        endsAt: placed.time.endsAt,
        seriesId: row.seriesId,
        seriesNumber: row.seriesNumber,
        planId: row.planId,
        createdByUserId: principal.userId,
        now: tx.now,
      }),
    );
    await audit(tx, {
      action: 'series.rebook',
      resourceType: 'appointment',
      resourceId: id,
      patientId: row.patientId,
      details: { replaces: row.id },
    });
    const created = await findAppointment(tx.db, principal.organizationId, id);
    return appointmentView(created!);
  });
}
