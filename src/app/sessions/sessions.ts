import { createHash } from 'node:crypto';
import { clinicTimeZone, clinicToday } from '../clinic-time.js';
import {
  findAppointment,
  listAppointments,
  updateAppointmentStatus,
  type AppointmentRow,
} from '../../db/repositories/scheduling.js';
import {
  findDrawableVial,
  acknowledgeSessionAlert,
  consentCounts,
  countDosedSessions,
  findPatientMeasurements,
  findPlanContent,
  findSessionAlert,
  findSignedPlanForPatient,
  hasOpenAlert,
  hasOpenSession,
  insertInfusionEvent,
  insertOverride,
  insertSessionAmendment,
  insertSessionEntry,
  insertSessionQuestionnaire,
  insertSessionVitals,
  insertTreatmentSession,
  findVitalsSnapshot,
  lastDosedMgPerKg,
  planHasDose,
  newRowId,
  recordObservationVitals,
  type VitalsSnapshotRow,
  listBoardRows,
  listGateOverrides,
  listInfusionEvents,
  locationBelongs,
  questionnairesForSession,
  gateDay,
  chairInUse,
  todaysBookingFor,
  updateSession,
  type SessionChanges,
} from '../../db/repositories/treatment-sessions.js';
import type { EsketaminePlanContent, PlanContent } from '../../domain/chart/index.js';
import { esketamineDeviceErrors } from '../../domain/dosing/esketamine-dose.js';
import { checkInfusionRate } from '../../domain/dosing/infusion-rate.js';
import { esketamineDevices, remsObservationEndsAt, type RemsLevel } from '../../domain/session/esketamine-rems.js';

const remsItems = [
  'dose_time',
  'bp_before_dose',
  'bp_40_min',
  'sedation_assessed',
  'dissociation_assessed',
  'sedation_resolved',
  'dissociation_resolved',
  'observation_2h',
  'bp_before_discharge',
] as const;
import type { FieldError } from '../../domain/errors.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import { scoreInstrument, type Answers } from '../../domain/instruments/index.js';
import { can, type Principal } from '../../domain/permissions/index.js';
import type { CssrsRisk, EndOrganSymptom, PartialVitalSigns } from '../../domain/session/index.js';
import {
  appointmentStatusLabels,
  assertTransition,
  checkInOpensMinutesBefore,
  type AppointmentStatus,
} from '../../domain/scheduling/status.js';
import { addDays, formatUsDate, isLocalDate } from '../../domain/time/local-date.js';
import { zoneRules } from '../../domain/time/zoned-time.js';
import { clockTime } from '../../domain/portal/session-guidance.js';
import { audit } from '../audit/record.js';
import { assertVersion, findPatientKey, requireStaffAction } from '../chart/access.js';
import { recordPatientEvent } from '../chart/events.js';
import { setPatientStatus } from '../chart/patients.js';
import { currentProtocolVersion } from '../protocols/protocols.js';
import { withTransaction, type AppContext } from '../context.js';
import { findLedgerEntryIdByKey } from '../../db/repositories/controlled-substances/ledger.js';
import { mlToUl } from '../../domain/ledger/index.js';
import { recordAdministration, recordUndeliveredDoseWaste, recordWaste } from '../controlled-substances/movements.js';
import { confirmWitness } from '../controlled-substances/witness.js';
import { asSessionVialError, assertVialHolds, formsFor, isDrugFor, vialForDose } from './dose-vials.js';
import {
  alertsForReading,
  atAbsoluteLimit,
  checkDischarge,
  doseForToday,
  isBloodPressureHold,
  runPreDoseGate,
  titratedMgPerKg,
  vitalsDue,
  type GateResult,
} from './clinical-rules.js';
import {
  idempotent,
  RecordedRefusal,
  replay,
  requestHash,
  requireIdempotencyKey,
  type IdempotentResult,
} from '../idempotency.js';
import { dropSnapshot, keepSnapshot, snapshotAt } from './vitals-snapshots.js';
import {
  asSessionRow,
  boardPhase,
  boardPhaseLabels,
  loadSessionRow,
  sessionNotFound,
  sessionAlerts,
  sessionVitals,
  sessionView,
  summarize,
  vitalSigns,
  latestOfEachVital,
  baselineReading,
  type DoseOrder,
  type EsketamineOrder,
  type Prechecks,
  type SessionRow,
  type AlertView,
  type SessionView,
  type VitalsView,
  vialRemainder,
  sessionBagRemainder,
} from './session-read.js';

/**
 * The treatment session use-cases (CLINICAL.md §3). Every hard stop is decided here, on the server:
 * the pre-dose gate is recomputed from what is stored before an order and before the dose starts; a
 * prescriber alone overrides an overridable hold (with a reason and, for blood pressure, a repeat
 * reading); the absolute limits hold for everyone. Every write takes the session's version (a stale
 * one is 409), is audited in the same transaction, and bumps the version, which notifies the board.
 */

// A reading may be stamped up to a minute ahead of the server's clock (tablet clocks drift).
const clockSkewMs = 60_000;

function isPrescriber(principal: Principal): boolean {
  return can(principal, 'sessions.sign');
}

function requirePrescriber(principal: Principal, what: string): void {
  if (!isPrescriber(principal)) throw new DomainError('prescriber_required', `Only a prescriber can ${what}.`);
}

const signedError = (): DomainError =>
  new DomainError('document_signed', 'The session record is signed: it cannot be changed; add an amendment instead.');

function phaseError(message: string, row: SessionRow): DomainError {
  return new DomainError('session_phase_invalid', message, { details: { phase: row.phase } });
}

/** Lock the session for a write; refuse a signed record and a stale version. */
async function lockForWrite(tx: AppContext, principal: Principal, id: string, version: number): Promise<SessionRow> {
  const row = await loadSessionRow(tx, principal, id, true);
  if (row.nurseSignedAt) throw signedError();
  assertVersion(row.version, version, 'session');
  return row;
}

async function bump(tx: AppContext, id: string, changes: SessionChanges = {}): Promise<void> {
  await updateSession(tx.db, id, tx.now, changes);
}

const json = (value: unknown): string => JSON.stringify(value);

async function reload(tx: AppContext, principal: Principal, id: string): Promise<SessionView> {
  return sessionView(tx, principal, await loadSessionRow(tx, principal, id));
}

function checkTime(at: Date, row: Pick<SessionRow, 'checkedInAt'>, now: Date, path: string): void {
  if (!Number.isFinite(at.getTime()))
    throw new DomainError('vitals_time_invalid', 'Not a time.', { errors: [{ path, message: 'Not a valid time' }] });
  if (at.getTime() > now.getTime() + clockSkewMs) {
    throw new DomainError('vitals_time_invalid', 'The time is in the future.', {
      errors: [{ path, message: 'Cannot be in the future' }],
    });
  }
  if (at.getTime() < row.checkedInAt.getTime()) {
    throw new DomainError('vitals_time_invalid', 'The time is before the patient checked in.', {
      errors: [{ path, message: 'Cannot be before check-in' }],
    });
  }
}

/** A reading timed before the dose started, sent once it has: a pre-dose reading is entered before the start. */
function beforeDoseStart(doseStartedAt: Date, timeZone: string, path: string): DomainError {
  // The clinic's clock as the console shows it ("8:09 AM").
  const started = clockTime(zoneRules(timeZone).toLocal(doseStartedAt).time);
  return new DomainError('vitals_time_invalid', `The reading is before the dose started at ${started}.`, {
    errors: [
      { path, message: `Before the dose started at ${started}: enter pre-dose readings before starting the dose` },
    ],
  });
}

async function clinicDate(tx: AppContext, organizationId: string): Promise<string> {
  return (await clinicToday(tx.db, organizationId, tx.now)).today;
}

// ---------------------------------------------------------------------------------------------------
// The appointment the session was checked in from (scheduling, decision 019)

const appointmentMismatch = (message: string, fieldMessage: string): DomainError =>
  new DomainError('session_appointment_mismatch', message, {
    errors: [{ path: '/appointmentId', message: fieldMessage }],
  });

/** The booked dosing visit a check-in opens: this patient's, today, here, and not yet begun. */
async function appointmentForCheckIn(
  tx: AppContext,
  organizationId: string,
  input: CheckInInput,
  clinicDay: string,
): Promise<AppointmentRow> {
  const a = await findAppointment(tx.db, organizationId, input.appointmentId!, true);
  if (!a) throw appointmentMismatch('No such appointment in this clinic.', 'No such appointment');
  if (a.patientId !== input.patientId) {
    throw appointmentMismatch(
      'This appointment is booked for another patient.',
      'The appointment is for another patient',
    );
  }
  if (!a.hasDose) {
    throw appointmentMismatch(
      `A ${a.typeLabel.toLowerCase()} is not a dosing session.`,
      'Choose a dosing appointment (infusion or injection)',
    );
  }
  if (a.status !== 'scheduled' && a.status !== 'confirmed' && a.status !== 'checked_in') {
    throw appointmentMismatch(
      `This appointment is ${appointmentStatusLabels[a.status as AppointmentStatus].toLowerCase()}: it cannot open a session.`,
      'The appointment is not open for check-in',
    );
  }
  const day = zoneRules(a.timeZone).toLocal(a.startsAt).date;
  if (day !== clinicDay) {
    throw appointmentMismatch(
      `This appointment is on ${formatUsDate(day)}: a patient is checked in on the day of the appointment.`,
      'The appointment is not today',
    );
  }
  if (input.locationId && input.locationId !== a.locationId) {
    throw appointmentMismatch(
      `This appointment is at ${a.locationName}, not at the location chosen.`,
      'The appointment is at another location',
    );
  }
  return a;
}

// The appointment follows the session: checked in → in session → recovery → discharged. A cancelled or
// no-show appointment is scheduling's (the session never moves it).
const appointmentFlow: readonly AppointmentStatus[] = [
  'scheduled',
  'confirmed',
  'checked_in',
  'in_session',
  'recovery',
  'discharged',
];

function nextToward(from: AppointmentStatus, target: AppointmentStatus): AppointmentStatus {
  if (from === 'scheduled' || from === 'confirmed') return 'checked_in';
  if (from === 'checked_in') return 'in_session';
  return target === 'discharged' ? 'discharged' : 'recovery';
}

async function advanceAppointment(
  tx: AppContext,
  principal: Principal,
  appointmentId: string | null,
  target: AppointmentStatus,
  sessionId: string,
): Promise<void> {
  if (!appointmentId) return;
  const a = await findAppointment(tx.db, principal.organizationId, appointmentId, true);
  if (!a) return;
  let from = a.status as AppointmentStatus;
  while (appointmentFlow.includes(from) && appointmentFlow.indexOf(from) < appointmentFlow.indexOf(target)) {
    const to = nextToward(from, target);
    assertTransition(from, to, { startsAt: a.startsAt, endsAt: a.endsAt, now: tx.now, hasDose: a.hasDose });
    await updateAppointmentStatus(tx.db, a.id, { status: to, now: tx.now, userId: principal.userId });
    await audit(tx, {
      action: `appointment.${to}`,
      resourceType: 'appointment',
      resourceId: a.id,
      patientId: a.patientId,
      details: { from, to, sessionId },
    });
    from = to;
  }
}

// ---------------------------------------------------------------------------------------------------
// Check-in

export interface CheckInInput {
  readonly patientId: string;
  readonly appointmentId?: string | null | undefined;
  readonly locationId?: string | null | undefined;
  readonly chair?: string | null | undefined;
}

async function planInForce(tx: AppContext, patientId: string): Promise<{ id: string; content: PlanContent }> {
  const plan = await findSignedPlanForPatient(tx.db, patientId);
  if (!plan) {
    throw new DomainError('plan_not_signed', 'The patient has no signed treatment plan: a prescriber signs one first.');
  }
  return { id: plan.id, content: plan.content as PlanContent };
}

/** A session's plan: IV/IM ketamine or IN esketamine (route union, decision 019). */
async function planContent(tx: AppContext, planId: string): Promise<PlanContent> {
  return (await findPlanContent(tx.db, planId)) as PlanContent;
}

/** Check a patient in (walk-in or from an appointment): the session opens under the signed plan. */
export async function checkIn(input: CheckInInput, tx: AppContext): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.checkin');
  const patient = await findPatientKey(tx, input.patientId, { forUpdate: true });
  if (!['eligible', 'in_induction', 'maintenance'].includes(patient.status)) {
    throw new DomainError(
      'session_phase_invalid',
      'Only a patient who is eligible or in treatment can be checked in.',
      {
        details: { patientStatus: patient.status },
      },
    );
  }
  const plan = await planInForce(tx, input.patientId);
  if (input.locationId) {
    if (!(await locationBelongs(tx.db, principal.organizationId, input.locationId)))
      throw new DomainError('validation_failed', 'No such location.', {
        errors: [{ path: '/locationId', message: 'Choose a location of this clinic' }],
      });
  }
  if (await hasOpenSession(tx.db, input.patientId))
    throw new DomainError('session_already_open', 'The patient already has a session in progress.');
  // The session runs on the clinic's protocol as it is today (thresholds stored with the session).
  const protocol = await currentProtocolVersion(tx.db, principal.organizationId, tx.now);
  const date = await clinicDate(tx, principal.organizationId);
  // Checked in without naming the booking: today's dosing booking of the patient, if there is one, is theirs
  // (the booking follows the session, and does not stay "not yet arrived" on the board).
  const appointmentId =
    input.appointmentId ??
    (await todaysBookingFor(tx.db, principal.organizationId, input.patientId, {
      clinicDate: date,
      now: tx.now,
      opensMinutesBefore: checkInOpensMinutesBefore,
      locationId: input.locationId ?? null,
    }));
  const appointment = appointmentId
    ? await appointmentForCheckIn(tx, principal.organizationId, { ...input, appointmentId }, date)
    : undefined;
  // "  chair   7 " is Chair 7 as typed on a tablet: stored with single spaces, compared without case.
  const typed = input.chair?.trim().replace(/\s+/g, ' ');
  const chair = typed ? typed : (appointment?.chairName ?? null);
  const locationId = appointment?.locationId ?? input.locationId ?? null;
  if (chair !== null) {
    const taken = await chairInUse(tx.db, principal.organizationId, { chair, locationId, clinicDate: date });
    if (taken)
      throw new DomainError(
        'chair_occupied',
        `${chair} is taken by a session in progress: choose another chair, or finish that session first.`,
        { errors: [{ path: '/chair', message: `${chair} is in use` }], details: { sessionId: taken } },
      );
  }
  const id = await insertTreatmentSession(tx.db, {
    organizationId: principal.organizationId,
    patientId: input.patientId,
    planId: plan.id,
    protocolVersionId: protocol.id,
    appointmentId: appointment?.id ?? null,
    locationId,
    chair,
    route: plan.content.route,
    clinicDate: date,
    checkedInAt: tx.now,
    checkedInByUserId: principal.userId,
  });
  await audit(tx, {
    action: 'sessions.checkin',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: input.patientId,
    details: { appointmentId: appointment?.id ?? null },
  });
  await advanceAppointment(tx, principal, appointment?.id ?? null, 'checked_in', id);
  await recordPatientEvent(tx, {
    patientId: input.patientId,
    kind: 'session_checked_in',
    summary: `Checked in for a ${plan.content.route} session`,
    resourceType: 'treatment_session',
    resourceId: id,
  });
  return reload(tx, principal, id);
}

// ---------------------------------------------------------------------------------------------------
// Reads

export async function getSession(id: string, ctx: AppContext): Promise<SessionView> {
  const principal = requireStaffAction(ctx, 'sessions.read');
  return withTransaction(ctx, async (tx) => {
    const row = await loadSessionRow(tx, principal, id);
    await audit(tx, {
      action: 'sessions.read',
      resourceType: 'treatment_session',
      resourceId: id,
      patientId: row.patientId,
    });
    return sessionView(tx, principal, row);
  });
}

/** The chair board: today's sessions (or a given clinic date) at a location, or everywhere. */
export interface ExpectedArrival {
  appointmentId: string;
  patient: { id: string; name: string; mrn: string };
  locationId: string;
  chair: string | null;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'confirmed';
  visit: string;
  companionName: string | null;
  version: number;
}

/** The day's booked dosing visits whose patient has not arrived yet (no session opened from them). */
async function expectedArrivals(
  tx: AppContext,
  organizationId: string,
  date: string,
  locationId: string | null,
  sessions: readonly SessionRow[],
): Promise<ExpectedArrival[]> {
  const zone = zoneRules(await clinicTimeZone(tx.db, organizationId));
  const rows = await listAppointments(tx.db, organizationId, {
    locationId,
    from: zone.fromLocal(date, '00:00').instant,
    to: zone.fromLocal(addDays(date, 1), '00:00').instant,
  });
  const opened = new Set(sessions.map((s) => s.appointmentId));
  return rows
    .filter((a) => a.hasDose && (a.status === 'scheduled' || a.status === 'confirmed') && !opened.has(a.id))
    .map((a) => ({
      appointmentId: a.id,
      patient: { id: a.patientId, name: a.patientName, mrn: a.patientMrn },
      locationId: a.locationId,
      chair: a.chairName,
      startsAt: a.startsAt.toISOString(),
      endsAt: a.endsAt.toISOString(),
      status: a.status as 'scheduled' | 'confirmed',
      visit: a.typeLabel,
      companionName: a.companionName,
      version: a.version,
    }));
}

export async function sessionBoard(
  input: { date?: string | undefined; locationId?: string | undefined },
  ctx: AppContext,
): Promise<{ date: string; items: SessionView[]; expected: ExpectedArrival[] }> {
  const principal = requireStaffAction(ctx, 'sessions.read');
  if (input.date !== undefined && !isLocalDate(input.date)) {
    throw new DomainError('validation_failed', 'Not a date.', {
      errors: [{ path: '/query/date', message: 'Use YYYY-MM-DD' }],
    });
  }
  return withTransaction(ctx, async (tx) => {
    const date = input.date ?? (await clinicDate(tx, principal.organizationId));
    const rows = (await listBoardRows(tx.db, principal.organizationId, date, input.locationId ?? null)).map(
      asSessionRow,
    );
    const ids = rows.map((r) => r.id);
    // One after another: a transaction's client runs one query at a time.
    const vitals = await sessionVitals(tx.db, ids);
    const alerts = await sessionAlerts(tx.db, ids);
    const expected = await expectedArrivals(tx, principal.organizationId, date, input.locationId ?? null, rows);
    await audit(tx, {
      action: 'sessions.board',
      resourceType: 'treatment_session',
      details: {
        date,
        locationId: input.locationId ?? null,
        sessionIds: ids,
        appointmentIds: expected.map((e) => e.appointmentId),
      },
    });
    return {
      date,
      expected,
      items: rows.map((r) =>
        summarize(r, vitals.get(r.id) ?? [], alerts.get(r.id) ?? [], principal, tx.now, { board: true }),
      ),
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// Pre-checks and the gate

/** Everything the gate reads, from what is stored. */
const cssrsRisk = (severity: string | null | undefined): CssrsRisk | undefined =>
  severity === 'low' || severity === 'moderate' || severity === 'high' || severity === 'none' ? severity : undefined;

async function evaluateGate(tx: AppContext, row: SessionRow): Promise<GateResult> {
  const vitals = (await sessionVitals(tx.db, [row.id])).get(row.id) ?? [];
  const preDose = vitals.filter((v) => v.kind === 'pre_dose');
  const pre = row.prechecks;
  const c = await consentCounts(tx.db, row.patientId);
  const measure = (await planContent(tx, row.planId)).outcome.instrumentId;
  // Today's questionnaires: done in the clinic for this session (since check-in), or in the portal since midnight
  // (clinic time).
  const today = await questionnairesForSession(tx.db, row);
  // Newest first: the latest screener is the one the gate reads; the day's others still hold (moderate, high).
  const [cssrs, ...earlierScreeners] = today.filter((q) => q.instrumentId === 'cssrs_screener');
  const risk = cssrs?.severityId;
  const overrides = await listGateOverrides(tx.db, row.id);
  const day = await gateDay(tx.db, row);
  return runPreDoseGate(
    {
      baselineVitals: latestOfEachVital(preDose),
      companion: pre?.companion ?? undefined,
      fastingAttested: pre?.fastingAttested ?? false,
      consent: c.active > 0 ? 'on_file' : c.withdrawn > 0 ? 'withdrawn' : 'missing',
      phq9Done: today.some((q) => q.instrumentId === measure || q.instrumentId === 'phq9'),
      // A screener marked done carries its answers and risk level; the domain holds one that does not.
      cssrs: cssrs
        ? {
            risk: cssrsRisk(risk),
            answers: cssrs.answers as Record<string, boolean | null>,
          }
        : undefined,
      earlierToday: {
        bloodPressures: day.bloodPressures,
        cssrsRisks: earlierScreeners.map((q) => cssrsRisk(q.severityId)),
        doseGivenInAnotherSession: day.doseGivenInAnotherSession,
      },
      pregnancyTest:
        pre === null || pre.pregnancyTest === 'not_applicable'
          ? pre === null
            ? { applicable: true, result: 'not_done' }
            : { applicable: false }
          : { applicable: true, result: pre.pregnancyTest },
      medicationChangesReviewed: pre?.medicationChanges.reviewed ?? false,
      overrides: overrides.map((o) => ({
        code: o.code,
        reason: o.reason,
        repeatReading:
          o.systolicMmhg !== null && o.diastolicMmhg !== null
            ? { systolicMmHg: o.systolicMmhg, diastolicMmHg: o.diastolicMmhg }
            : null,
      })),
    },
    row.protocol,
  );
}

async function storeGate(tx: AppContext, row: SessionRow, extra: SessionChanges = {}): Promise<GateResult> {
  const gate = await evaluateGate(tx, row);
  const phase = row.phase === 'checked_in' ? 'pre_checks' : row.phase;
  await bump(tx, row.id, { gate: json(gate), phase, ...extra });
  return gate;
}

function assertBeforeDose(row: SessionRow, what: string): void {
  if (row.phase !== 'checked_in' && row.phase !== 'pre_checks')
    throw phaseError(`${what} is recorded before the dose.`, row);
}

export async function recordPrechecks(
  id: string,
  input: Prechecks & { version: number },
  tx: AppContext,
): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  assertBeforeDose(row, 'Pre-checks');
  const prechecks: Prechecks = {
    companion: input.companion ? { name: input.companion.name.trim(), phone: input.companion.phone.trim() } : null,
    fastingAttested: input.fastingAttested,
    pregnancyTest: input.pregnancyTest,
    medicationChanges: { reviewed: input.medicationChanges.reviewed, changes: input.medicationChanges.changes.trim() },
    weightKg: input.weightKg,
  };
  const updated = { ...row, prechecks };
  // An order written on yesterday's weight no longer stands: re-order after a weight change.
  const weightChanged = row.doseOrder !== null && row.doseOrder.weightKg !== input.weightKg;
  await storeGate(tx, updated, {
    prechecks: json(prechecks),
    ...(weightChanged ? { doseOrder: null, doseOverrideReason: null, orderedByUserId: null, orderedAt: null } : {}),
  });
  await audit(tx, {
    action: 'sessions.prechecks',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patientId,
  });
  return reload(tx, principal, id);
}

export async function recordSessionQuestionnaire(
  id: string,
  input: { version: number; instrumentId: string; answers: Answers },
  tx: AppContext,
): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  assertBeforeDose(row, "Today's questionnaires are");
  const score = scoreInstrument(input.instrumentId, input.answers);
  await insertSessionQuestionnaire(tx.db, {
    organizationId: row.organizationId,
    patientId: row.patientId,
    instrumentId: score.instrumentId,
    instrumentVersion: score.version,
    total: score.total,
    severityId: score.severity?.id ?? null,
    severityLabel: score.severity?.label ?? null,
    flags: [...score.flags],
    answers: Object.fromEntries(score.items.map((i) => [i.itemId, i.value])),
    completedAt: tx.now,
    recordedByUserId: principal.userId,
  });
  await storeGate(tx, row);
  await audit(tx, {
    action: 'sessions.questionnaire',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patientId,
    details: { instrumentId: score.instrumentId },
  });
  return reload(tx, principal, id);
}

// ---------------------------------------------------------------------------------------------------
// Vitals

export interface VitalsInput {
  readonly version: number;
  readonly takenAt: string;
  readonly systolicMmHg?: number | null | undefined;
  readonly diastolicMmHg?: number | null | undefined;
  readonly heartRateBpm?: number | null | undefined;
  readonly spo2Percent?: number | null | undefined;
  readonly respiratoryRatePerMin?: number | null | undefined;
  readonly temperatureC?: number | null | undefined;
  readonly onRoomAir?: boolean | undefined;
  readonly symptomatic?: boolean | undefined;
  /** Symptoms of end-organ harm named at this reading (stop at any blood pressure). */
  readonly symptoms?: readonly EndOrganSymptom[] | undefined;
}

async function insertVitals(
  tx: AppContext,
  row: SessionRow,
  principal: Principal,
  input: Omit<VitalsInput, 'version'>,
  kind: 'pre_dose' | 'observation',
  /** Where the reading sits in the use-case's input ('' for the input itself, '/repeatVitals'). */
  at: string,
): Promise<string> {
  const takenAt = new Date(input.takenAt);
  checkTime(takenAt, row, tx.now, `${at}/takenAt`);
  assertReading(input, at);
  return insertSessionVitals(tx.db, {
    organizationId: row.organizationId,
    sessionId: row.id,
    takenAt,
    kind,
    systolicMmhg: input.systolicMmHg ?? null,
    diastolicMmhg: input.diastolicMmHg ?? null,
    heartRateBpm: input.heartRateBpm ?? null,
    spo2Percent: input.spo2Percent ?? null,
    respiratoryRatePerMin: input.respiratoryRatePerMin ?? null,
    temperatureC: input.temperatureC ?? null,
    onRoomAir: input.onRoomAir ?? true,
    symptomatic: (input.symptomatic ?? false) || (input.symptoms?.length ?? 0) > 0,
    recordedByUserId: principal.userId,
    recordedAt: tx.now,
  });
}

/**
 * The answer to a vitals write: the new reading, the alerts it raised, what the chair now shows (phase,
 * open alerts, next reading due) and the session's new version. Before the dose, also the gate as
 * recomputed with this reading. The whole record is `GET /sessions/{id}`.
 */
export type VitalsRecorded = {
  id: string;
  phase: SessionView['phase'];
  boardPhase: SessionView['boardPhase'];
  boardPhaseLabel: string;
  gate: GateResult | null;
  vitals: VitalsView;
  alerts: AlertView[];
  openAlerts: number;
  nextVitalsDue: SessionView['nextVitalsDue'];
  version: number;
};

/** The request a write's Idempotency-Key is bound to (method, URL, body) and the key sent with it. */
export interface IdempotencyInput {
  readonly key: string | undefined;
  readonly request: unknown;
}

function assertReading(input: Omit<VitalsInput, 'version'>, at: string): void {
  if (input.systolicMmHg != null && input.diastolicMmHg != null && input.diastolicMmHg >= input.systolicMmHg) {
    throw new DomainError('validation_failed', 'The diastolic pressure must be below the systolic.', {
      errors: [{ path: `${at}/diastolicMmHg`, message: 'Must be below the systolic pressure' }],
    });
  }
  const values = [
    input.systolicMmHg,
    input.diastolicMmHg,
    input.heartRateBpm,
    input.spo2Percent,
    input.respiratoryRatePerMin,
  ];
  if (values.every((v) => v == null)) {
    throw new DomainError('validation_failed', 'Record at least one vital sign.', {
      errors: [{ path: at, message: 'Enter at least one value' }],
    });
  }
}

function nextDue(
  s: Pick<VitalsSnapshotRow, 'phase' | 'doseStartedAt' | 'doseEndedAt' | 'protocol'>,
  lastObservationAt: Date | undefined,
  now: Date,
): SessionView['nextVitalsDue'] {
  if ((s.phase !== 'dosing' && s.phase !== 'observation') || !s.doseStartedAt) return null;
  const d = vitalsDue(
    { phase: s.phase, doseStartAt: s.doseStartedAt, doseEndAt: s.doseEndedAt, lastReadingAt: lastObservationAt },
    now,
    s.protocol,
  );
  return {
    dueAt: d.dueAt.toISOString(),
    intervalMinutes: d.intervalMinutes,
    overdue: d.overdue,
    minutesOverdue: d.minutesOverdue,
  };
}

function vitalsView(
  id: string,
  takenAt: Date,
  kind: VitalsView['kind'],
  input: Omit<VitalsInput, 'version'>,
  recordedBy: string | null,
): VitalsView {
  return {
    id,
    takenAt: takenAt.toISOString(),
    kind,
    systolicMmHg: input.systolicMmHg ?? null,
    diastolicMmHg: input.diastolicMmHg ?? null,
    heartRateBpm: input.heartRateBpm ?? null,
    spo2Percent: input.spo2Percent ?? null,
    respiratoryRatePerMin: input.respiratoryRatePerMin ?? null,
    temperatureC: input.temperatureC ?? null,
    onRoomAir: input.onRoomAir ?? true,
    symptomatic: (input.symptomatic ?? false) || (input.symptoms?.length ?? 0) > 0,
    recordedBy,
  };
}

const signs = (b: VitalsSnapshotRow['baseline']): PartialVitalSigns | undefined => {
  if (!b) return undefined;
  const out: { -readonly [K in keyof PartialVitalSigns]: number } = {};
  if (b.systolicMmhg !== null) out.systolicMmHg = b.systolicMmhg;
  if (b.diastolicMmhg !== null) out.diastolicMmHg = b.diastolicMmhg;
  if (b.heartRateBpm !== null) out.heartRateBpm = b.heartRateBpm;
  if (b.spo2Percent !== null) out.spo2Percent = b.spo2Percent;
  if (b.respiratoryRatePerMin !== null) out.respiratoryRatePerMin = b.respiratoryRatePerMin;
  return out;
};

/**
 * A set of vitals. From the start of the dose (the hot path: every 10–15 minutes per chair) it is one
 * statement (decision 025): the session as it stood at the request's version (kept in process, or read),
 * the domain's alerts computed from the reading and the baseline, then the version check and bump, the
 * reading, its alerts, the audit entry and the Idempotency-Key's answer written together — or nothing,
 * when the session moved on (409, or the first answer when this very request was already recorded).
 * Before the dose the reading feeds the gate, which reads the chart: a transaction as for other writes.
 */
export async function recordVitals(
  id: string,
  input: VitalsInput,
  ctx: AppContext,
  idem: IdempotencyInput,
): Promise<IdempotentResult<VitalsRecorded>> {
  const principal = requireStaffAction(ctx, 'sessions.record');
  const key = requireIdempotencyKey(idem.key);
  const hash = requestHash(idem.request);
  for (let attempt = 0; attempt < 3; attempt++) {
    let snap = attempt === 0 ? snapshotAt(id, principal.organizationId, input.version) : undefined;
    if (!snap) {
      const read = await findVitalsSnapshot(ctx.db, {
        sessionId: id,
        organizationId: principal.organizationId,
        userId: principal.userId,
        key,
      });
      if (read.previous) return replay<VitalsRecorded>(read.previous, hash);
      if (!read.snapshot) throw sessionNotFound();
      snap = read.snapshot;
    }
    if (snap.signed) throw signedError();
    assertVersion(snap.version, input.version, 'session');
    if (snap.phase === 'discharged' || snap.phase === 'ended_without_dose')
      throw new DomainError('session_phase_invalid', 'The session has ended: no more vitals are recorded on it.', {
        details: { phase: snap.phase },
      });
    if (snap.doseStartedAt === null) {
      return idempotent(ctx, key, idem.request, async (tx) => ({
        statusCode: 200,
        body: await recordPreDoseVitals(id, input, tx),
      }));
    }
    const takenAt = new Date(input.takenAt);
    checkTime(takenAt, snap, ctx.now, '/takenAt');
    // Once the dose has started a reading is an observation: one back-timed before the start would be judged
    // against the baseline it belongs with, so it is refused (pre-dose readings are entered before the start).
    if (takenAt.getTime() < snap.doseStartedAt.getTime())
      throw beforeDoseStart(snap.doseStartedAt, await clinicTimeZone(ctx.db, principal.organizationId), '/takenAt');
    assertReading(input, '');
    const alerts = alertsForReading(
      {
        ...signs({
          systolicMmhg: input.systolicMmHg ?? null,
          diastolicMmhg: input.diastolicMmHg ?? null,
          heartRateBpm: input.heartRateBpm ?? null,
          spo2Percent: input.spo2Percent ?? null,
          respiratoryRatePerMin: input.respiratoryRatePerMin ?? null,
        }),
        symptomatic: input.symptomatic ?? false,
        symptoms: input.symptoms ?? [],
      },
      snap.protocol,
      signs(snap.baseline),
    );
    const now = ctx.now;
    const vitalsId = newRowId(now.getTime());
    const raised: AlertView[] = alerts.map((a) => ({
      id: newRowId(now.getTime()),
      vitalsId,
      level: a.level,
      vital: a.vital,
      message: a.message,
      threshold: a.threshold,
      source: a.source,
      raisedAt: now.toISOString(),
      acknowledgedBy: null,
      acknowledgedAt: null,
      acknowledgement: null,
    }));
    // Rows are read back by taken_at, then recorded_at: this reading is the last unless back-dated.
    const isLast = snap.lastTakenAt === null || takenAt.getTime() >= snap.lastTakenAt.getTime();
    const lastObservationAt = isLast ? takenAt : snap.lastKind === 'observation' ? snap.lastTakenAt! : undefined;
    const openAlerts = snap.openAlerts + raised.filter((a) => a.level !== 'notice').length;
    const phase = boardPhase(
      { ...snap, route: snap.route as SessionView['route'], phase: snap.phase as SessionView['phase'] },
      now,
    );
    const body: VitalsRecorded = {
      id,
      phase: snap.phase as SessionView['phase'],
      boardPhase: phase,
      boardPhaseLabel: boardPhaseLabels[phase],
      gate: null,
      vitals: vitalsView(vitalsId, takenAt, 'observation', input, null),
      alerts: raised,
      openAlerts,
      nextVitalsDue: nextDue(snap, lastObservationAt, now),
      version: snap.version + 1,
    };
    const result = await recordObservationVitals(ctx.db, {
      sessionId: id,
      organizationId: principal.organizationId,
      version: snap.version,
      now,
      vitals: {
        id: vitalsId,
        takenAt,
        systolicMmhg: body.vitals.systolicMmHg,
        diastolicMmhg: body.vitals.diastolicMmHg,
        heartRateBpm: body.vitals.heartRateBpm,
        spo2Percent: body.vitals.spo2Percent,
        respiratoryRatePerMin: body.vitals.respiratoryRatePerMin,
        temperatureC: body.vitals.temperatureC,
        onRoomAir: body.vitals.onRoomAir,
        symptomatic: body.vitals.symptomatic,
        recordedByUserId: principal.userId,
      },
      alerts: raised.map((a) => ({
        id: a.id,
        level: a.level,
        vital: a.vital,
        message: a.message,
        threshold: a.threshold,
        source: a.source,
      })),
      audit: {
        actorRoles: principal.roles,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { vitalsId, alerts: raised.length },
      },
      idempotency: { key, requestHash: hash, response: body },
    });
    if (result.status === 'recorded') {
      // Only what is committed is remembered (inside a caller's transaction the write may still roll back).
      if (result.committed)
        keepSnapshot({
          ...snap,
          version: snap.version + 1,
          lastTakenAt: isLast ? takenAt : snap.lastTakenAt,
          lastKind: isLast ? 'observation' : snap.lastKind,
          openAlerts,
        });
      return { statusCode: 200, body: { ...body, vitals: { ...body.vitals, ...result.patch } }, replayed: false };
    }
    // The session moved on (another write, here or on another server), or the key was used: read afresh.
    dropSnapshot(id);
  }
  throw new DomainError('stale_version', 'Someone else changed this session; reload it and try again.');
}

/** Before the dose: the reading is stored and the gate recomputed with it (in the caller's transaction). */
async function recordPreDoseVitals(id: string, input: VitalsInput, tx: AppContext): Promise<VitalsRecorded> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  if (row.phase === 'discharged' || row.phase === 'ended_without_dose')
    throw phaseError('The session has ended: no more vitals are recorded on it.', row);
  if (row.doseStartedAt !== null)
    throw new DomainError('stale_version', 'Someone else changed this session; reload it and try again.', {
      details: { currentVersion: row.version },
    });
  const vitalsId = await insertVitals(tx, row, principal, input, 'pre_dose', '');
  const gate = await storeGate(tx, row);
  await audit(tx, {
    action: 'sessions.vitals',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patientId,
    details: { vitalsId, alerts: 0 },
  });
  const phase = row.phase === 'checked_in' ? 'pre_checks' : row.phase;
  const after = { ...row, phase };
  const shown = boardPhase(after, tx.now);
  return {
    id,
    phase,
    boardPhase: shown,
    boardPhaseLabel: boardPhaseLabels[shown],
    gate,
    vitals: ((await sessionVitals(tx.db, [id])).get(id) ?? []).find((v) => v.id === vitalsId)!,
    alerts: [],
    openAlerts: 0,
    nextVitalsDue: null,
    version: row.version + 1,
  };
}

export async function acknowledgeAlert(
  id: string,
  alertId: string,
  input: { version: number; note: string },
  tx: AppContext,
): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  const alert = await findSessionAlert(tx.db, id, alertId);
  if (!alert) throw new DomainError('not_found', 'No such alert on this session.');
  if (alert.acknowledgedAt) throw new DomainError('conflict', 'This alert was already acknowledged.');
  if (alert.level !== 'notice')
    requirePrescriber(principal, 'acknowledge an alert (the prescriber is told and decides)');
  await acknowledgeSessionAlert(tx.db, alertId, { at: tx.now, userId: principal.userId, note: input.note.trim() });
  await bump(tx, id);
  await audit(tx, {
    action: 'sessions.alert.acknowledge',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patientId,
    details: { alertId },
  });
  return reload(tx, principal, id);
}

// ---------------------------------------------------------------------------------------------------
// Overrides

export interface OverrideInput {
  readonly version: number;
  readonly code: string;
  readonly reason: string;
  readonly repeatVitals?: Omit<VitalsInput, 'version'> | null | undefined;
}

/** A prescriber lifts an overridable hold with a reason (and, for blood pressure, a repeat reading). */
export async function overrideHold(id: string, input: OverrideInput, tx: AppContext): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  // The esketamine REMS (2 hours from the dose, its blood pressures and assessments) is a floor: nobody,
  // a prescriber included, overrides any of it.
  if (row.route === 'IN' && (remsItems as readonly string[]).includes(input.code)) {
    throw new DomainError('override_not_allowed', 'The esketamine REMS checks cannot be overridden by anyone.', {
      errors: [{ path: '/code', message: 'A REMS check cannot be overridden' }],
      details: { code: input.code },
    });
  }
  assertBeforeDose(row, 'A pre-dose override');
  requirePrescriber(principal, 'override a pre-dose hold');
  const gate = await evaluateGate(tx, row);
  const hold = gate.holds.find((h) => h.code === input.code);
  if (!hold) {
    throw new DomainError('validation_failed', 'That hold is not in force.', {
      errors: [
        {
          path: '/code',
          message: `Not a current hold; current: ${gate.holds.map((h) => h.code).join(', ') || 'none'}`,
        },
      ],
    });
  }
  if (!hold.overridable) {
    throw new DomainError('override_not_allowed', `${hold.message} Nobody can override this hold.`, {
      details: { code: hold.code },
    });
  }
  let repeatId: string | null = null;
  if (isBloodPressureHold(hold.code)) {
    const r = input.repeatVitals;
    if (!r || r.systolicMmHg == null || r.diastolicMmHg == null) {
      throw new DomainError('validation_failed', 'A blood-pressure override needs a repeat reading.', {
        errors: [{ path: '/repeatVitals', message: 'Take and enter a repeat blood pressure' }],
      });
    }
    if (atAbsoluteLimit(r.systolicMmHg, r.diastolicMmHg, row.protocol)) {
      // A reading of the day: it stays in the record, and at the absolute limit it bars the dose today.
      const vitalsId = await insertVitals(tx, row, principal, r, 'pre_dose', '/repeatVitals');
      await storeGate(tx, row);
      await audit(tx, {
        action: 'sessions.vitals',
        resourceType: 'treatment_session',
        resourceId: id,
        patientId: row.patientId,
        details: { vitalsId, repeatFor: hold.code, atAbsoluteLimit: true },
      });
      throw new RecordedRefusal(
        new DomainError(
          'override_not_allowed',
          `The repeat reading ${r.systolicMmHg}/${r.diastolicMmHg} mmHg is at or above the absolute limit: it is recorded, and no dose can be given today. No override.`,
          {
            errors: [{ path: '/body/repeatVitals', message: 'At or above the absolute limit: no dose today' }],
            details: { code: 'blood_pressure_at_or_above_absolute_limit', recorded: true },
          },
        ),
      );
    }
    repeatId = await insertVitals(tx, row, principal, r, 'pre_dose', '/repeatVitals');
  } else if (input.repeatVitals) {
    repeatId = await insertVitals(tx, row, principal, input.repeatVitals, 'pre_dose', '/repeatVitals');
  }
  await insertOverride(tx.db, {
    organizationId: row.organizationId,
    sessionId: id,
    code: hold.code,
    reason: input.reason.trim(),
    repeatVitalsId: repeatId,
    byUserId: principal.userId,
    at: tx.now,
  });
  await storeGate(tx, row);
  await audit(tx, {
    action: 'sessions.override',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patientId,
    details: { code: hold.code },
  });
  return reload(tx, principal, id);
}

// ---------------------------------------------------------------------------------------------------
// Order and administration

export interface OrderInput {
  readonly version: number;
  readonly titrate: boolean;
  /** The vial the dose will be drawn from: its strength sets the volume (IV/IM). */
  readonly vialId?: string | undefined;
  /** Esketamine (IN): the dose in mg (56 or 84; the plan's start when absent) and the devices drawn. */
  readonly doseMg?: number | undefined;
  readonly devices?: readonly { readonly vialId: string }[] | undefined;
  readonly diluent?: 'sodium_chloride_0_9' | 'dextrose_5' | null | undefined;
  readonly finalVolumeMl?: number | null | undefined;
  readonly site?: string | null | undefined;
  readonly overrideReason?: string | null | undefined;
}

/** A pump rate faster than ordered may not pass the protocol's mg/kg/h ceiling (domain: checkInfusionRate). */
function assertInfusionRate(
  rateMlPerHour: number,
  iv: NonNullable<DoseOrder['iv']>,
  maxMgPerKgPerHour: number | null,
): void {
  const check = checkInfusionRate({
    orderedMlPerHour: iv.pumpRateMlPerHour,
    orderedMgPerKgPerHour: iv.mgPerKgPerHour,
    rateMlPerHour,
    maxMgPerKgPerHour,
  });
  if (check.ok) return;
  const fastest = check.fastestMlPerHour;
  throw new DomainError(
    'infusion_rate_above_limit',
    `${rateMlPerHour} mL/h would give ${Math.round(check.deliveredMgPerKgPerHour * 100) / 100} mg/kg/h, above the protocol's maximum of ${maxMgPerKgPerHour} mg/kg/h. The fastest allowed for this bag is ${fastest} mL/h.`,
    {
      errors: [{ path: '/rateMlPerHour', message: `At most ${fastest} mL/h (${maxMgPerKgPerHour} mg/kg/h)` }],
      details: { requestedMgPerKgPerHour: check.deliveredMgPerKgPerHour, maxMgPerKgPerHour, fastestMlPerHour: fastest },
    },
  );
}

function holdError(gate: GateResult): DomainError {
  return new DomainError('session_hold', `Hold: ${gate.holds.map((h) => h.message).join(' ')}`, {
    details: { holds: gate.holds.map((h) => ({ code: h.code, overridable: h.overridable })) },
  });
}

/** Today's order: the plan's dose (titrated when asked, within the plan) on today's weight. */
export async function orderDose(id: string, input: OrderInput, tx: AppContext): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  assertBeforeDose(row, 'The order');
  const gate = await evaluateGate(tx, row);
  if (gate.outcome === 'hold') throw holdError(gate);
  const plan = await planContent(tx, row.planId);
  if (plan.route === 'IN') return orderEsketamine(tx, principal, row, plan, gate, input);
  if (!input.vialId || input.devices !== undefined || input.doseMg !== undefined) {
    throw new DomainError('validation_failed', 'A ketamine dose is drawn from one vial.', {
      errors: [
        ...(input.vialId ? [] : [{ path: '/vialId', message: 'Choose a vial from the stock list' }]),
        ...(input.devices !== undefined
          ? [{ path: '/devices', message: 'Devices are for esketamine nasal spray only' }]
          : []),
        ...(input.doseMg !== undefined
          ? [{ path: '/doseMg', message: 'A ketamine dose is worked out from the plan in mg/kg' }]
          : []),
      ],
    });
  }
  const weightKg = row.prechecks?.weightKg;
  if (weightKg == null) {
    throw new DomainError('validation_failed', "Record today's weight in the pre-checks first.", {
      errors: [{ path: '', message: "Today's weight is missing" }],
    });
  }
  const content = plan;
  const p = (await findPatientMeasurements(tx.db, row.patientId))!;
  if (p.heightCm === null || (p.sex !== 'female' && p.sex !== 'male')) {
    throw new DomainError('plan_measurements_missing', "Record the patient's height and sex on the chart first.");
  }
  const previous = await lastDosedMgPerKg(tx.db, row.patientId, row.planId);
  let mgPerKg = previous ?? content.startMgPerKg;
  if (input.titrate) {
    if (previous === undefined) {
      throw new DomainError('validation_failed', 'The first session is given at the plan’s starting dose.', {
        errors: [{ path: '/titrate', message: 'Nothing to titrate from yet' }],
      });
    }
    mgPerKg = titratedMgPerKg(previous, content.titration.stepMgPerKg, content.titration.maxMgPerKg);
  }
  if (row.route === 'IV' && (!input.diluent || input.finalVolumeMl == null)) {
    throw new DomainError('validation_failed', 'An IV dose is drawn into a bag or syringe of diluent.', {
      errors: [
        ...(input.diluent ? [] : [{ path: '/diluent', message: 'Choose the diluent' }]),
        ...(input.finalVolumeMl == null ? [{ path: '/finalVolumeMl', message: 'Enter the final volume' }] : []),
      ],
    });
  }
  const vial = await vialForDose(tx, row, input.vialId);
  let calc;
  try {
    calc = doseForToday({
      route: content.route,
      mgPerKg,
      weightKg,
      heightCm: Number(p.heightCm),
      sex: p.sex,
      basis: content.weightBasis,
      concentrationMgPerMl: vial.strengthMgPerMl,
      infusionMinutes: content.infusionMinutes,
      dilution:
        row.route === 'IV' && input.diluent && input.finalVolumeMl != null
          ? { diluent: input.diluent, finalVolumeMl: input.finalVolumeMl }
          : null,
      protocol: row.protocol,
    });
  } catch (error) {
    if (isDomainError(error) && error.code === 'validation_failed') {
      throw new DomainError('validation_failed', error.message, {
        errors: error.errors.map((e) => ({
          path: e.path === '/mgPerKg' ? '' : e.path.replace(/^\/dilution(?=\/|$)/, ''),
          message: e.message,
        })),
      });
    }
    throw error;
  }
  assertVialHolds(vial, calc.volume.roundedMl);
  let overrideReason: string | null = null;
  if (calc.limitCheck.status === 'override_required') {
    if (!isPrescriber(principal)) {
      throw new DomainError(
        'prescriber_required',
        "This dose is above the protocol's limit: only a prescriber can order it, with a reason.",
        {
          details: { limits: calc.limitCheck.limits },
        },
      );
    }
    overrideReason = input.overrideReason?.trim() || null;
    if (!overrideReason) {
      throw new DomainError(
        'dose_override_reason_required',
        "The dose is above the protocol's limit: give the reason for the override.",
        {
          errors: [{ path: '/overrideReason', message: 'Give the reason for the override' }],
          details: { limits: calc.limitCheck.limits },
        },
      );
    }
  }
  let iv: DoseOrder['iv'] = null;
  let im: DoseOrder['im'] = null;
  if (row.route === 'IV') {
    const minutes = calc.infusion!.minutes;
    iv = {
      infusionMinutes: minutes,
      diluent: input.diluent!,
      finalVolumeMl: calc.infusion!.finalVolumeMl,
      pumpRateMlPerHour: calc.infusion!.mlPerHour,
      mgPerKgPerHour: calc.infusion!.mgPerKgPerHour,
    };
  } else {
    if (!input.site) {
      throw new DomainError('validation_failed', 'Choose the injection site.', {
        errors: [{ path: '/site', message: 'Choose the injection site' }],
      });
    }
    im = { site: input.site };
  }
  const order: DoseOrder = {
    mgPerKg,
    titrated: input.titrate,
    weightKg,
    basis: calc.basis,
    dosingWeightKg: calc.weight.dosingKg,
    concentrationMgPerMl: vial.strengthMgPerMl,
    drugVolumeMl: calc.volume.roundedMl,
    doseMg: calc.doseMg,
    deliveredMgIfGivenInFull: calc.delivered.mg,
    iv,
    im,
    limitCheck:
      calc.limitCheck.status === 'ok'
        ? { status: 'ok' }
        : { status: 'override_required', limits: [...calc.limitCheck.limits] },
    rounding: calc.volume,
    vial: {
      vialId: vial.id,
      vialNumber: vial.number,
      drug: vial.drug,
      lotNumber: vial.lot,
      expiryDate: vial.expiresOn,
      strengthMgPerMl: vial.strengthMgPerMl,
      ledgerEntryId: null,
      waste: [],
    },
  };
  await bump(tx, id, {
    // A session checked in without a location is where its vial is kept (the dose is given there).
    ...(row.locationId === null ? { locationId: vial.locationId } : {}),
    doseOrder: json(order),
    doseOverrideReason: overrideReason,
    orderedByUserId: principal.userId,
    orderedAt: tx.now,
    gate: json(gate),
  });
  if (overrideReason) {
    await insertOverride(tx.db, {
      organizationId: row.organizationId,
      sessionId: id,
      code: 'dose_limit',
      reason: overrideReason,
      repeatVitalsId: null,
      byUserId: principal.userId,
      at: tx.now,
    });
  }
  await audit(tx, {
    action: 'sessions.order',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patientId,
    details: { mgPerKg, overridden: overrideReason !== null, vialId: vial.id },
  });
  return reload(tx, principal, id);
}

/**
 * Esketamine's order (decision 019): 56 or 84 mg as 2 or 3 nasal-spray devices of 28 mg, never mg/kg,
 * within the plan's ceiling. Each device is a container of the ledger's esketamine nasal-spray stock at
 * this location, in use and in date; its lot and expiry come from the ledger, and esketamineDeviceErrors
 * checks the count and the dates. Every device is drawn whole at the dose start (recordAdministration).
 */
async function orderEsketamine(
  tx: AppContext,
  principal: Principal,
  row: SessionRow,
  plan: EsketaminePlanContent,
  gate: GateResult,
  input: OrderInput,
): Promise<SessionView> {
  const errors: FieldError[] = [];
  if (input.vialId !== undefined)
    errors.push({ path: '/vialId', message: 'Esketamine is drawn as devices: list each device' });
  if (input.titrate) errors.push({ path: '/titrate', message: 'Esketamine is not titrated by mg/kg' });
  const doseMg = input.doseMg ?? plan.startMg;
  const count = esketamineDevices(doseMg);
  if (!count.ok) errors.push({ path: '/doseMg', message: count.message });
  else if (doseMg > plan.maxMg) errors.push({ path: '/doseMg', message: `The plan allows at most ${plan.maxMg} mg` });
  // Spravato label: the first dose is the starting dose (56 mg); 84 mg comes only after it.
  else if (doseMg > plan.startMg && !(await planHasDose(tx.db, row.planId)))
    errors.push({
      path: '/doseMg',
      message: `The first dose of this plan is its starting dose, ${plan.startMg} mg; a higher dose comes at a later session`,
    });
  const wanted = input.devices ?? [];
  if (input.devices === undefined) errors.push({ path: '/devices', message: 'List the devices drawn' });
  const devices: EsketamineOrder['devices'] = [];
  const seen = new Set<string>();
  let firstLocation: string | undefined;
  for (const [i, d] of wanted.entries()) {
    const path = `/devices/${i}/vialId`;
    if (seen.has(d.vialId)) {
      errors.push({ path, message: 'The same device is listed twice' });
      continue;
    }
    seen.add(d.vialId);
    const v = await findDrawableVial(tx.db, row.organizationId, d.vialId);
    if (!v || !formsFor('IN').includes(v.form) || !isDrugFor('IN', v.drug)) {
      errors.push({ path, message: 'Choose an esketamine nasal-spray device from the stock list' });
      continue;
    }
    // The session's location, or (checked in without one) the first device's: all from one place.
    const here = row.locationId ?? firstLocation;
    if (here !== undefined && v.locationId !== here) {
      errors.push({ path, message: `Kept at ${v.locationName}: choose devices kept at the session's location` });
      continue;
    }
    firstLocation ??= v.locationId;
    if (v.status !== 'sealed') {
      errors.push({ path, message: `Device ${v.number} (lot ${v.lot}) is ${v.status}: choose a sealed device` });
      continue;
    }
    devices.push({
      vialId: v.id,
      vialNumber: v.number,
      drug: v.drug,
      lotNumber: v.lot,
      expiryDate: v.expiresOn,
      volumeMl: v.remainingUl / 1000,
      ledgerEntryId: null,
    });
  }
  if (count.ok && errors.length === 0) {
    errors.push(
      ...esketamineDeviceErrors({
        doseMg,
        devices: devices.map((d) => ({ lot: d.lotNumber, expiry: d.expiryDate })),
        clinicDate: row.clinicDate,
      }).map((e) => ({ path: e.path, message: e.message })),
    );
  }
  if (errors.length > 0) {
    const expired = errors.some((e) => /\/expiry$/.test(e.path));
    throw new DomainError(
      expired ? 'ledger_vial_expired' : 'validation_failed',
      expired ? 'A device is past its expiry date: choose another.' : 'The esketamine order is not valid.',
      { errors },
    );
  }
  const locationId = row.locationId ?? firstLocation!;
  const strength = doseMg / devices.reduce((sum, d) => sum + d.volumeMl, 0);
  const order: DoseOrder = {
    mgPerKg: 0,
    titrated: false,
    weightKg: row.prechecks?.weightKg ?? 0,
    basis: 'actual',
    dosingWeightKg: row.prechecks?.weightKg ?? 0,
    concentrationMgPerMl: Math.round(strength * 100) / 100,
    drugVolumeMl: Math.round(devices.reduce((sum, d) => sum + d.volumeMl, 0) * 1000) / 1000,
    doseMg,
    deliveredMgIfGivenInFull: doseMg,
    iv: null,
    im: null,
    limitCheck: { status: 'ok' },
    rounding: { exactMl: 0, roundedMl: 0, deltaMl: 0, stepMl: 0 },
    vial: null,
    esketamine: { doseMg, devices },
  };
  await bump(tx, row.id, {
    ...(row.locationId === null ? { locationId } : {}),
    doseOrder: json(order),
    doseOverrideReason: null,
    orderedByUserId: principal.userId,
    orderedAt: tx.now,
    gate: json(gate),
  });
  await audit(tx, {
    action: 'sessions.order',
    resourceType: 'treatment_session',
    resourceId: row.id,
    patientId: row.patientId,
    details: { doseMg, devices: devices.map((d) => d.vialId) },
  });
  return reload(tx, principal, row.id);
}

export interface StartInput {
  readonly version: number;
  readonly at: string;
}

/** Start the infusion, or give the injection: only when the gate, recomputed now, says proceed. */
export async function startDose(id: string, input: StartInput, tx: AppContext): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  assertBeforeDose(row, 'The dose start');
  const gate = await evaluateGate(tx, row);
  if (gate.outcome === 'hold') throw holdError(gate);
  const order = row.doseOrder;
  if (!order) throw phaseError('Write the order first.', row);
  const at = new Date(input.at);
  checkTime(at, row, tx.now, '/at');
  if (row.route === 'IN') return startEsketamine(tx, principal, row, gate, order, at, input.at);
  // The dose is drawn from the ordered vial through the controlled-substance ledger, in this transaction:
  // the vial is locked, checked again (in date, in use, here, holding the dose) and the draw is one entry.
  if (!order.vial || row.locationId === null) throw phaseError('Order the dose from a vial first.', row);
  let administration;
  try {
    administration = await recordAdministration(
      {
        vialId: order.vial.vialId,
        patientId: row.patientId,
        volumeMl: order.drugVolumeMl,
        locationId: row.locationId,
        sessionRef: id,
        occurredAt: input.at,
      },
      tx,
      `session-dose:${id}`,
    );
  } catch (error) {
    throw asSessionVialError(error);
  }
  const vitals = (await sessionVitals(tx.db, [row.id])).get(row.id) ?? [];
  const baseline = baselineReading(vitals.filter((v) => v.kind === 'pre_dose'))!;
  const doseNumber = (await countDosedSessions(tx.db, row.patientId)) + 1;
  const withVial: DoseOrder = { ...order, vial: { ...order.vial, ledgerEntryId: administration.id } };
  if (row.route === 'IV') {
    await insertInfusionEvent(tx.db, {
      organizationId: row.organizationId,
      sessionId: id,
      kind: 'start',
      at,
      rateMlPerHour: order.iv!.pumpRateMlPerHour,
      volumeInfusedMl: null,
      reason: null,
      byUserId: principal.userId,
      recordedAt: tx.now,
    });
    await bump(tx, id, {
      phase: 'dosing',
      doseStartedAt: at,
      baselineVitalsId: baseline.id,
      doseNumber,
      doseOrder: json(withVial),
      gate: json(gate),
    });
  } else {
    const delivered = {
      mg: order.deliveredMgIfGivenInFull,
      mgPerKg: Math.round((order.deliveredMgIfGivenInFull / order.dosingWeightKg) * 10_000) / 10_000,
      drugVolumeMl: order.drugVolumeMl,
      volumeInfusedMl: null,
    };
    await bump(tx, id, {
      phase: 'observation',
      doseStartedAt: at,
      doseEndedAt: at,
      baselineVitalsId: baseline.id,
      doseNumber,
      doseOrder: json(withVial),
      gate: json(gate),
      delivered: json(delivered),
    });
  }
  await advanceAppointment(tx, principal, row.appointmentId, row.route === 'IV' ? 'in_session' : 'recovery', id);
  // The first dose moves the patient into induction (CLINICAL.md §4), never by hand.
  const patient = await findPatientKey(tx, row.patientId, { forUpdate: true });
  if (patient.status === 'eligible')
    await setPatientStatus(tx, row.patientId, 'eligible', 'in_induction', 'first session dosed');
  await audit(tx, {
    action: 'sessions.start',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patientId,
    details: { route: row.route, doseNumber, ledgerEntryId: administration.id },
  });
  await recordPatientEvent(tx, {
    patientId: row.patientId,
    kind: 'session_dosed',
    summary: `Session ${doseNumber}: ${row.route} ketamine ${order.deliveredMgIfGivenInFull} mg ordered`,
    resourceType: 'treatment_session',
    resourceId: id,
  });
  return reload(tx, principal, id);
}

/**
 * The esketamine dose: each device is one ledger administration (session_ref = the session, key
 * `session-dose:{id}:{n}`), in this transaction; the time given is the first device, from which the REMS
 * 2-hour observation runs. The patient is then in observation.
 */
async function startEsketamine(
  tx: AppContext,
  principal: Principal,
  row: SessionRow,
  gate: GateResult,
  order: DoseOrder,
  at: Date,
  occurredAt: string,
): Promise<SessionView> {
  const eske = order.esketamine;
  if (!eske || row.locationId === null) throw phaseError('Order the dose and its devices first.', row);
  const devices: EsketamineOrder['devices'] = [];
  for (const [i, d] of eske.devices.entries()) {
    try {
      const entry = await recordAdministration(
        {
          vialId: d.vialId,
          patientId: row.patientId,
          volumeMl: d.volumeMl,
          locationId: row.locationId,
          sessionRef: row.id,
          occurredAt,
        },
        tx,
        `session-dose:${row.id}:${i}`,
      );
      devices.push({ ...d, ledgerEntryId: entry.id });
    } catch (error) {
      const e = asSessionVialError(error);
      if (isDomainError(e) && e.code.startsWith('ledger_')) {
        throw new DomainError(e.code, e.message, {
          errors: e.errors.map((f) => ({
            path: f.path === '/vialId' ? `/devices/${i}/vialId` : f.path,
            message: f.message,
          })),
        });
      }
      throw e;
    }
  }
  const vitals = (await sessionVitals(tx.db, [row.id])).get(row.id) ?? [];
  const baseline = baselineReading(vitals.filter((v) => v.kind === 'pre_dose'))!;
  const doseNumber = (await countDosedSessions(tx.db, row.patientId)) + 1;
  const delivered = { mg: eske.doseMg, mgPerKg: 0, drugVolumeMl: order.drugVolumeMl, volumeInfusedMl: null };
  await bump(tx, row.id, {
    phase: 'observation',
    doseStartedAt: at,
    doseEndedAt: at,
    baselineVitalsId: baseline.id,
    doseNumber,
    doseOrder: json({ ...order, esketamine: { ...eske, devices } }),
    gate: json(gate),
    delivered: json(delivered),
  });
  await advanceAppointment(tx, principal, row.appointmentId, 'recovery', row.id);
  const patient = await findPatientKey(tx, row.patientId, { forUpdate: true });
  if (patient.status === 'eligible')
    await setPatientStatus(tx, row.patientId, 'eligible', 'in_induction', 'first session dosed');
  await audit(tx, {
    action: 'sessions.start',
    resourceType: 'treatment_session',
    resourceId: row.id,
    patientId: row.patientId,
    details: { route: row.route, doseNumber, ledgerEntryIds: devices.map((d) => d.ledgerEntryId) },
  });
  await recordPatientEvent(tx, {
    patientId: row.patientId,
    kind: 'session_dosed',
    summary: `Session ${doseNumber}: esketamine nasal spray ${eske.doseMg} mg (${devices.length} devices)`,
    resourceType: 'treatment_session',
    resourceId: row.id,
  });
  return reload(tx, principal, row.id);
}

export interface InfusionEventInput {
  readonly version: number;
  readonly kind: 'pause' | 'resume' | 'rate_change' | 'stop';
  readonly at: string;
  readonly rateMlPerHour?: number | null | undefined;
  readonly volumeInfusedMl?: number | null | undefined;
  readonly reason?: string | null | undefined;
}

/** Pause, resume, change the rate of, or stop the infusion; the stop records what was actually given. */
export async function infusionEvent(id: string, input: InfusionEventInput, tx: AppContext): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  if (row.route !== 'IV' || row.phase !== 'dosing') throw phaseError('No infusion is running on this session.', row);
  const order = row.doseOrder!;
  const at = new Date(input.at);
  checkTime(at, row, tx.now, '/at');
  const lastEvent = (await listInfusionEvents(tx.db, id)).at(-1)!;
  if (at.getTime() < lastEvent.at.getTime()) {
    throw new DomainError('vitals_time_invalid', 'The time is before the last infusion event.', {
      errors: [{ path: '/at', message: 'Cannot be before the previous pump event' }],
    });
  }
  const running = lastEvent.kind !== 'pause';
  const reason = input.reason?.trim() || null;
  let rate: number | null = null;
  let volume: number | null = null;
  switch (input.kind) {
    case 'pause':
      if (!running) throw phaseError('The infusion is already paused.', row);
      if (!reason)
        throw new DomainError('validation_failed', 'Say why.', {
          errors: [{ path: '/reason', message: 'Give the reason for the pause' }],
        });
      break;
    case 'resume': {
      if (running) throw phaseError('The infusion is running.', row);
      if (await hasOpenAlert(tx.db, id, 'stop')) {
        throw new DomainError(
          'alert_acknowledgement_required',
          'A stop alert is open: a prescriber must acknowledge it before the infusion resumes.',
        );
      }
      break;
    }
    case 'rate_change': {
      if (input.rateMlPerHour == null) {
        throw new DomainError('validation_failed', 'Enter the new rate.', {
          errors: [{ path: '/rateMlPerHour', message: 'Enter the new pump rate' }],
        });
      }
      rate = input.rateMlPerHour;
      // Faster than ordered needs a prescriber and a reason (the order's rate keeps the dose under its limits).
      if (rate > order.iv!.pumpRateMlPerHour) {
        requirePrescriber(principal, 'run the infusion faster than ordered');
        if (!reason)
          throw new DomainError('validation_failed', 'Say why.', {
            errors: [{ path: '/reason', message: 'Give the reason' }],
          });
        assertInfusionRate(rate, order.iv!, row.protocol.doseLimits.IV.maxInfusionMgPerKgPerHour);
      }
      break;
    }
    case 'stop': {
      if (input.volumeInfusedMl == null) {
        throw new DomainError('validation_failed', 'Enter the volume infused from the pump.', {
          errors: [{ path: '/volumeInfusedMl', message: 'Enter the volume infused (mL)' }],
        });
      }
      if (input.volumeInfusedMl > order.iv!.finalVolumeMl) {
        throw new DomainError('validation_failed', 'More than the bag held.', {
          errors: [{ path: '/volumeInfusedMl', message: `At most ${order.iv!.finalVolumeMl} mL` }],
        });
      }
      volume = input.volumeInfusedMl;
      break;
    }
    default: {
      const unreachable: never = input.kind;
      throw new Error(`unknown infusion event ${String(unreachable)}`);
    }
  }
  await insertInfusionEvent(tx.db, {
    organizationId: row.organizationId,
    sessionId: id,
    kind: input.kind,
    at,
    rateMlPerHour: rate,
    volumeInfusedMl: volume,
    reason,
    byUserId: principal.userId,
    recordedAt: tx.now,
  });
  if (input.kind === 'stop') {
    // The delivered dose is the share of the bag that ran in: drug mg × volume infused ÷ final volume.
    const fraction = volume! / order.iv!.finalVolumeMl;
    const mg = Math.round(order.deliveredMgIfGivenInFull * fraction * 1000) / 1000;
    const delivered = {
      mg,
      mgPerKg: Math.round((mg / order.dosingWeightKg) * 10_000) / 10_000,
      drugVolumeMl: Math.round(order.drugVolumeMl * fraction * 100) / 100,
      volumeInfusedMl: volume,
    };
    await bump(tx, id, { phase: 'observation', doseEndedAt: at, delivered: json(delivered) });
    await advanceAppointment(tx, principal, row.appointmentId, 'recovery', id);
  } else {
    await bump(tx, id);
  }
  await audit(tx, {
    action: `sessions.infusion.${input.kind}`,
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patientId,
  });
  return reload(tx, principal, id);
}

// ---------------------------------------------------------------------------------------------------
// Observation entries

export type EntryInput =
  | { version: number; kind: 'cadss6'; at: string; answers: Answers }
  | {
      version: number;
      kind: 'adverse_event';
      at: string;
      event: string;
      severity: 'mild' | 'moderate' | 'severe';
      intervention: string;
      outcome: string;
    }
  | { version: number; kind: 'intervention'; at: string; intervention: string; detail: string }
  | { version: number; kind: 'note'; at: string; text: string }
  | { version: number; kind: 'sedation' | 'dissociation'; at: string; level: RemsLevel };

export async function recordEntry(id: string, input: EntryInput, tx: AppContext): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  if (row.phase === 'ended_without_dose' && input.kind !== 'note')
    throw phaseError('No dose was given in this session.', row);
  const at = new Date(input.at);
  checkTime(at, row, tx.now, '/at');
  let content: Record<string, unknown>;
  switch (input.kind) {
    case 'cadss6': {
      const score = scoreInstrument('cadss6', input.answers);
      content = { total: score.total, answers: Object.fromEntries(score.items.map((i) => [i.itemId, i.value])) };
      break;
    }
    case 'adverse_event':
      content = {
        event: input.event,
        severity: input.severity,
        intervention: input.intervention.trim(),
        outcome: input.outcome.trim(),
      };
      break;
    case 'intervention':
      content = { intervention: input.intervention, detail: input.detail.trim() };
      break;
    case 'note':
      content = { text: input.text.trim() };
      break;
    case 'sedation':
    case 'dissociation':
      // The esketamine REMS assessments (after the dose; the latest must be "none" to leave).
      if (row.route !== 'IN')
        throw phaseError('Sedation and dissociation assessments are recorded for esketamine sessions.', row);
      if (!row.doseStartedAt || at.getTime() < row.doseStartedAt.getTime()) {
        throw new DomainError('vitals_time_invalid', 'The assessment is made after the dose.', {
          errors: [{ path: '/at', message: 'Cannot be before the dose' }],
        });
      }
      content = { level: input.level };
      break;
    default: {
      const unreachable: never = input;
      throw new Error(`unknown entry ${JSON.stringify(unreachable)}`);
    }
  }
  await insertSessionEntry(tx.db, {
    organizationId: row.organizationId,
    sessionId: id,
    kind: input.kind,
    at,
    content,
    byUserId: principal.userId,
    recordedAt: tx.now,
  });
  await bump(tx, id);
  await audit(tx, {
    action: `sessions.entry.${input.kind}`,
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patientId,
  });
  return reload(tx, principal, id);
}

// ---------------------------------------------------------------------------------------------------
// Discharge, ending without a dose, signatures, amendments

export interface DischargeInput {
  readonly version: number;
  readonly speechAtBaseline: boolean;
  readonly awarenessAtBaseline: boolean;
  readonly purposefulMovement: boolean;
  readonly companionPresent: boolean;
  readonly collectedBy?: string | null | undefined;
  readonly aftercareGiven: boolean;
}

/** The discharge input field a gap is fixed in. */
const dischargeGapFields: Readonly<Record<string, keyof DischargeInput>> = {
  speech_not_at_baseline: 'speechAtBaseline',
  awareness_not_at_baseline: 'awarenessAtBaseline',
  no_purposeful_movement: 'purposefulMovement',
  aftercare_not_given: 'aftercareGiven',
};

/**
 * Where a discharge gap is fixed, relative to the discharge input ("/collectedBy"), or, for what the
 * nurse cannot tick (the time since the dose, the vitals, an open alert, the REMS checklist), the
 * readiness item: "/readiness/<gap>" or "/rems/<item>" (decision 019). The route adds "/body" to the
 * input's paths only (dischargeRequest in src/http/routes/sessions.ts).
 */
export function dischargeGapPath(code: string, input: Pick<DischargeInput, 'companionPresent'>): string {
  if (code.startsWith('rems_')) return `/rems/${code.slice('rems_'.length)}`;
  if (code === 'companion_not_present') return input.companionPresent ? '/collectedBy' : '/companionPresent';
  const field = dischargeGapFields[code];
  return field ? `/${field}` : `/readiness/${code}`;
}

export async function discharge(id: string, input: DischargeInput, tx: AppContext): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  if (row.phase !== 'observation')
    throw phaseError('Only a patient in observation after the dose can be discharged.', row);
  const vitals = (await sessionVitals(tx.db, [row.id])).get(row.id) ?? [];
  const baseline = vitals.find((v) => v.id === row.baselineVitalsId);
  const latest: VitalsView | undefined = vitals.filter((v) => v.kind === 'observation').at(-1);
  const collectedBy = input.collectedBy?.trim() ?? '';
  const check = checkDischarge(
    {
      // Esketamine: the vitals, mental status and companion as for any discharge; its time is the REMS's.
      route: row.route === 'IN' ? 'IM' : row.route,
      doseEndAt: row.doseEndedAt!,
      now: tx.now,
      baseline: vitalSigns(baseline),
      latest: latest
        ? { takenAt: new Date(latest.takenAt), vitals: vitalSigns(latest)!, onRoomAir: latest.onRoomAir }
        : undefined,
      mentalStatus: {
        speechAtBaseline: input.speechAtBaseline,
        awarenessAtBaseline: input.awarenessAtBaseline,
        purposefulMovement: input.purposefulMovement,
      },
      companion: input.companionPresent && collectedBy !== '' ? { present: true, collectedBy } : { present: false },
    },
    row.protocol,
  );
  const missing: { code: string; message: string }[] =
    check.status === 'ready'
      ? []
      : check.missing.filter((m) => row.route !== 'IN' || m.code !== 'recovery_time_not_reached');
  // Esketamine: every REMS item, each as /rems/<item>; a floor nobody overrides (decision 019).
  const rems = row.route === 'IN' ? (await sessionView(tx, principal, row)).rems : null;
  for (const m of rems?.missing ?? []) missing.push({ code: `rems_${m.item}`, message: m.message });
  if (!input.aftercareGiven)
    missing.push({
      code: 'aftercare_not_given',
      message: 'Give the aftercare instructions (no driving or machinery until the next day after sleep).',
    });
  if (await hasOpenAlert(tx.db, id, 'above_notice'))
    missing.push({ code: 'open_alerts', message: 'An alert is still open: a prescriber acknowledges it first.' });
  if (missing.length > 0) {
    const earliestAt =
      row.route === 'IN'
        ? remsObservationEndsAt(row.doseStartedAt!).toISOString()
        : check.status === 'not_ready'
          ? check.earliestAt.toISOString()
          : null;
    throw new DomainError('discharge_not_ready', missing.map((m) => m.message).join(' '), {
      errors: missing.map((m) => ({ path: dischargeGapPath(m.code, input), message: m.message })),
      details: { missing, earliestAt },
    });
  }
  const record = {
    speechAtBaseline: input.speechAtBaseline,
    awarenessAtBaseline: input.awarenessAtBaseline,
    purposefulMovement: input.purposefulMovement,
    companionPresent: true,
    collectedBy,
    aftercareGiven: true,
    dischargedBy: principal.userId,
  };
  await bump(tx, id, { phase: 'discharged', discharge: json(record), dischargedAt: tx.now });
  await advanceAppointment(tx, principal, row.appointmentId, 'discharged', id);
  // After the induction series the patient moves to maintenance (CLINICAL.md §4), never by hand.
  const content = await planContent(tx, row.planId);
  const patient = await findPatientKey(tx, row.patientId, { forUpdate: true });
  if (
    patient.status === 'in_induction' &&
    content.maintenance.intent !== 'none' &&
    (row.doseNumber ?? 0) >= content.induction.sessions
  ) {
    await setPatientStatus(tx, row.patientId, 'in_induction', 'maintenance', 'induction series completed');
  }
  await audit(tx, {
    action: 'sessions.discharge',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patientId,
  });
  await recordPatientEvent(tx, {
    patientId: row.patientId,
    kind: 'session_discharged',
    summary: 'Discharged with a responsible adult after the session',
    resourceType: 'treatment_session',
    resourceId: id,
  });
  return reload(tx, principal, id);
}

export async function endWithoutDose(
  id: string,
  input: { version: number; reason: string },
  tx: AppContext,
): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  assertBeforeDose(row, 'Ending without a dose');
  await bump(tx, id, { phase: 'ended_without_dose', endedReason: input.reason.trim() });
  // The visit happened and is over (no dose): the calendar shows it done, not cancelled or missed.
  await advanceAppointment(tx, principal, row.appointmentId, 'discharged', id);
  await audit(tx, {
    action: 'sessions.end',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patientId,
  });
  await recordPatientEvent(tx, {
    patientId: row.patientId,
    kind: 'session_ended',
    summary: 'Session ended without a dose',
    resourceType: 'treatment_session',
    resourceId: id,
  });
  return reload(tx, principal, id);
}

/** The nurse signs the completed record; after that it changes only by co-signature and amendment. */
export async function signSession(id: string, input: { version: number }, tx: AppContext): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await loadSessionRow(tx, principal, id, true);
  if (row.nurseSignedAt) throw new DomainError('document_signed', 'The session record is already signed.');
  assertVersion(row.version, input.version, 'session');
  // Esketamine: the REMS checklist as it stood at discharge (each missing item as /rems/<item>).
  const rems = row.route === 'IN' && row.doseStartedAt ? (await sessionView(tx, principal, row)).rems : null;
  if (rems && !rems.complete) {
    throw new DomainError(
      'session_requirements_missing',
      `The esketamine REMS checklist is not complete: ${rems.missing.map((m) => m.message).join(' ')}`,
      { errors: rems.missing.map((m) => ({ path: `/rems/${m.item}`, message: m.message })) },
    );
  }
  if (row.phase !== 'discharged' && row.phase !== 'ended_without_dose') {
    throw new DomainError('session_requirements_missing', 'Discharge the patient (or end the session) before signing.');
  }
  // What is left in the dose's vial, and what was drawn into an IV bag and not infused, are wasted with a
  // witness first (CLINICAL.md §6; decisions 026, 028): the record and the register agree before the
  // record is closed (given + wasted = drawn). Both gaps are named together.
  const remainder = await vialRemainder(tx.db, row);
  const bag = sessionBagRemainder(row);
  if (remainder || bag) {
    const vialGap = remainder
      ? `${remainder.remainingMl} mL left in vial ${remainder.lotNumber} #${remainder.vialNumber}`
      : null;
    const bagGap = bag ? `${bag.remainingMl} mL (${bag.remainingMg} mg) of ketamine left in the IV bag` : null;
    throw new DomainError(
      'session_requirements_missing',
      `Waste the ${[vialGap, bagGap].filter(Boolean).join(' and the ')} with a witness before signing the record.`,
      {
        errors: [
          ...(vialGap ? [{ path: '/waste/volumeMl', message: `Waste the ${vialGap} with a witness` }] : []),
          ...(bagGap ? [{ path: '/bagWaste/volumeMl', message: `Waste the ${bagGap} with a witness` }] : []),
        ],
        details: {
          ...(remainder ? { vialRemainder: { ...remainder } } : {}),
          ...(bag ? { bagRemainder: { ...bag } } : {}),
        },
      },
    );
  }
  await bump(tx, id, { nurseSignedByUserId: principal.userId, nurseSignedAt: tx.now });
  await audit(tx, {
    action: 'sessions.sign',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patientId,
  });
  return reload(tx, principal, id);
}

export async function cosignSession(id: string, input: { version: number }, tx: AppContext): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.sign');
  const row = await loadSessionRow(tx, principal, id, true);
  if (row.cosignedAt) throw new DomainError('document_signed', 'The session record is already co-signed.');
  assertVersion(row.version, input.version, 'session');
  if (!row.nurseSignedAt) throw new DomainError('session_requirements_missing', 'The nurse signs the record first.');
  await bump(tx, id, { cosignedByUserId: principal.userId, cosignedAt: tx.now });
  await audit(tx, {
    action: 'sessions.cosign',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patientId,
  });
  return reload(tx, principal, id);
}

export async function amendSession(
  id: string,
  input: { reason: string; text: string },
  tx: AppContext,
): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await loadSessionRow(tx, principal, id, true);
  if (!row.nurseSignedAt) {
    throw new DomainError('session_phase_invalid', 'The record is not signed yet: change it directly.');
  }
  await insertSessionAmendment(tx.db, {
    organizationId: row.organizationId,
    sessionId: id,
    reason: input.reason.trim(),
    text: input.text.trim(),
    byUserId: principal.userId,
    at: tx.now,
  });
  await audit(tx, {
    action: 'sessions.amend',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patientId,
  });
  return reload(tx, principal, id);
}

// ---------------------------------------------------------------------------------------------------
// Waste of what is left of the dose's vial

/**
 * The ledger's key for a session waste: the request's Idempotency-Key (up to 200 characters) hashed, so
 * the ledger key stays within its 200 characters whatever key the tablet sent.
 */
const wasteLedgerKey = (prefix: string, sessionId: string, idempotencyKey: string): string =>
  `${prefix}:${sessionId}:${createHash('sha256').update(idempotencyKey).digest('base64url')}`;

export interface SessionWasteInput {
  readonly version: number;
  readonly volumeMl: number;
  readonly reason: string;
  readonly witnessUserId: string;
  readonly witnessPassword?: string | undefined;
  readonly witnessCode?: string | undefined;
}

/**
 * Waste from the session's vial (what is left in a single-use vial, or drawn up and not given), witnessed
 * by a second member of staff. The ledger's witnessed waste comes first, as the ledger records it (the
 * witness is confirmed before its transaction, so failed attempts stay counted); then the session record
 * names the entry. The Idempotency-Key makes a retry find the same ledger entry: nothing is wasted twice.
 */
export async function recordSessionWaste(
  id: string,
  input: SessionWasteInput,
  ctx: AppContext,
  idempotencyKey: string | undefined,
): Promise<SessionView> {
  const principal = requireStaffAction(ctx, 'sessions.record');
  if (idempotencyKey === undefined || !/^[\x21-\x7e]{8,200}$/.test(idempotencyKey)) {
    throw new DomainError('idempotency_key_required', 'Send an Idempotency-Key header (8–200 visible characters).', {
      errors: [{ path: '/headers/idempotency-key', message: 'Send a unique key (8–200 visible characters) per write' }],
    });
  }
  const row = await loadSessionRow(ctx, principal, id);
  if (row.nurseSignedAt) throw signedError();
  const vial = row.doseOrder?.vial;
  if (!vial?.ledgerEntryId) throw phaseError('Waste from the vial is recorded once the dose has been drawn.', row);
  const ledgerKey = wasteLedgerKey('session-waste', id, idempotencyKey);
  // A retry of a waste already on the record answers the record as it is (its version has moved on).
  const known = await findLedgerEntryIdByKey(ctx.db, principal.organizationId, ledgerKey);
  if (known !== undefined && vial.waste.some((w) => w.ledgerEntryId === known)) {
    return withTransaction(ctx, (tx) => reload(tx, principal, id));
  }
  if (known === undefined) assertVersion(row.version, input.version, 'session');
  let entry;
  try {
    entry = await recordWaste(
      {
        vialId: vial.vialId,
        volumeMl: input.volumeMl,
        reason: input.reason,
        witnessUserId: input.witnessUserId,
        witnessPassword: input.witnessPassword,
        witnessCode: input.witnessCode,
        sessionRef: id,
      },
      ctx,
      ledgerKey,
    );
  } catch (error) {
    throw asSessionVialError(error);
  }
  return withTransaction(ctx, async (tx) => {
    const locked = await loadSessionRow(tx, principal, id, true);
    if (locked.nurseSignedAt) throw signedError();
    const order = locked.doseOrder!;
    const known = order.vial!.waste;
    if (!known.some((w) => w.ledgerEntryId === entry.id)) {
      const waste = [
        ...known,
        {
          ledgerEntryId: entry.id,
          volumeMl: input.volumeMl,
          reason: input.reason.trim(),
          witness: entry.witness?.name ?? '',
          at: tx.now.toISOString(),
        },
      ];
      await bump(tx, id, { doseOrder: json({ ...order, vial: { ...order.vial!, waste } }) });
      await audit(tx, {
        action: 'sessions.waste',
        resourceType: 'treatment_session',
        resourceId: id,
        patientId: locked.patientId,
        details: { ledgerEntryId: entry.id, volumeMl: input.volumeMl },
      });
    }
    return reload(tx, principal, id);
  });
}

// ---------------------------------------------------------------------------------------------------
// Waste of what an IV bag still holds when the infusion stopped early (decision 028)

export interface SessionBagWasteInput {
  readonly version: number;
  readonly volumeMl: number;
  readonly reason: string;
  readonly witnessUserId: string;
  readonly witnessPassword?: string | undefined;
  readonly witnessCode?: string | undefined;
}

const bagWasteMismatch = (remainingMl: number, more: boolean): DomainError =>
  new DomainError(
    'session_bag_waste_mismatch',
    more
      ? `The bag held ${remainingMl} mL of drug; more than that cannot be wasted.`
      : `The bag still holds ${remainingMl} mL of drug: the bag is wasted whole.`,
    { errors: [{ path: '/volumeMl', message: `Enter ${remainingMl} mL, what is left of the drug in the bag` }] },
  );

/**
 * The drug drawn into the IV bag and not infused, wasted with a witness (CLINICAL.md §6: every mg drawn
 * is given or wasted, two staff sign waste). The bag is wasted whole and once: the volume must be what
 * the bag holds of the drug. The witness is confirmed first (outside the transaction, so failed attempts
 * stay counted); then, with the session row locked, the register gets its correction of the draw and
 * the witnessed waste (recordUndeliveredDoseWaste), the session names both, and the audit is written —
 * one transaction. A retry with the same Idempotency-Key answers the record as it is.
 */
export async function recordSessionBagWaste(
  id: string,
  input: SessionBagWasteInput,
  ctx: AppContext,
  idempotencyKey: string | undefined,
): Promise<SessionView> {
  const principal = requireStaffAction(ctx, 'sessions.record');
  const ledgerKey = wasteLedgerKey('session-bag-waste', id, requireIdempotencyKey(idempotencyKey));
  const row = await loadSessionRow(ctx, principal, id);
  const recorded = row.doseOrder?.vial?.bagWaste;
  if (recorded) {
    // A retry of the waste already on the record answers the record as it is (its version has moved on).
    const known = await findLedgerEntryIdByKey(ctx.db, principal.organizationId, ledgerKey);
    if (known !== undefined && known === recorded.ledgerEntryId)
      return withTransaction(ctx, (tx) => reload(tx, principal, id));
  }
  if (row.nurseSignedAt) throw signedError();
  if (recorded)
    throw phaseError(`The bag was already wasted (${recorded.volumeMl} mL, witness ${recorded.witness}).`, row);
  const before = sessionBagRemainder(row);
  if (!before) {
    throw phaseError(
      row.route === 'IV' && row.phase === 'dosing'
        ? 'Stop the infusion first: the bag is wasted once the pump says what ran in.'
        : 'Nothing is left in an IV bag on this session.',
      row,
    );
  }
  assertVersion(row.version, input.version, 'session');
  const volumeUl = mlToUl(input.volumeMl, '/volumeMl');
  const remainingUl = Math.round(before.remainingMl * 1000);
  if (volumeUl !== remainingUl) throw bagWasteMismatch(before.remainingMl, volumeUl > remainingUl);
  if (input.reason.trim().length < 3) {
    throw new DomainError('validation_failed', 'Say why the drug was wasted.', {
      errors: [{ path: '/reason', message: 'Enter the reason, like "infusion stopped early"' }],
    });
  }
  const witness = await confirmWitness(input, principal, ctx, 'waste');
  return withTransaction(ctx, async (tx) => {
    const locked = await loadSessionRow(tx, principal, id, true);
    if (locked.nurseSignedAt) throw signedError();
    const already = locked.doseOrder?.vial?.bagWaste;
    // The same request sent twice at once: the second finds the first's waste under its key.
    if (already && (await findLedgerEntryIdByKey(tx.db, principal.organizationId, ledgerKey)) === already.ledgerEntryId)
      return reload(tx, principal, id);
    if (already)
      throw phaseError(`The bag was already wasted (${already.volumeMl} mL, witness ${already.witness}).`, locked);
    assertVersion(locked.version, input.version, 'session');
    const rest = sessionBagRemainder(locked);
    if (!rest || Math.round(rest.remainingMl * 1000) !== volumeUl) throw bagWasteMismatch(rest?.remainingMl ?? 0, true);
    const order = locked.doseOrder!;
    let entries;
    try {
      entries = await recordUndeliveredDoseWaste(
        {
          administrationEntryId: order.vial!.ledgerEntryId!,
          volumeMl: rest.remainingMl,
          reason: input.reason,
          sessionRef: id,
          witness,
        },
        tx,
        ledgerKey,
      );
    } catch (error) {
      throw asSessionVialError(error);
    }
    const bagWaste = {
      ledgerEntryId: entries.waste.id,
      correctionEntryId: entries.correction.id,
      volumeMl: rest.remainingMl,
      mg: rest.remainingMg,
      reason: input.reason.trim(),
      witness: witness.name,
      at: tx.now.toISOString(),
    };
    await bump(tx, id, { doseOrder: json({ ...order, vial: { ...order.vial!, bagWaste } }) });
    await audit(tx, {
      action: 'sessions.bag_waste',
      resourceType: 'treatment_session',
      resourceId: id,
      patientId: locked.patientId,
      details: {
        ledgerEntryId: entries.waste.id,
        correctionEntryId: entries.correction.id,
        volumeMl: rest.remainingMl,
        mg: rest.remainingMg,
      },
    });
    return reload(tx, principal, id);
  });
}
