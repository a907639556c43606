import type { PlanContent } from '../../domain/chart/index.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import { scoreInstrument, type Answers } from '../../domain/instruments/index.js';
import { can, type Principal } from '../../domain/permissions/index.js';
import type { EndOrganSymptom, PartialVitalSigns } from '../../domain/session/index.js';
import { isLocalDate } from '../../domain/time/local-date.js';
import { zoneRules } from '../../domain/time/zoned-time.js';
import { audit } from '../audit/record.js';
import { assertVersion, findPatientKey, requireStaffAction } from '../chart/access.js';
import { recordPatientEvent } from '../chart/events.js';
import { setPatientStatus } from '../chart/patients.js';
import { currentProtocolVersion } from '../protocols/protocols.js';
import { withTransaction, type AppContext } from '../context.js';
import {
  alertsForReading,
  atAbsoluteLimit,
  checkDischarge,
  doseForToday,
  isBloodPressureHold,
  runPreDoseGate,
  titratedMgPerKg,
  type GateResult,
} from './clinical-rules.js';
import {
  loadSessionRow,
  sessionAlerts,
  sessionSelect,
  sessionVitals,
  sessionView,
  summarize,
  vitalSigns,
  type DoseOrder,
  type Prechecks,
  type SessionRow,
  type SessionView,
  type VitalsView,
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
  if (row.nurse_signed_at) throw signedError();
  assertVersion(row.version, version, 'session');
  return row;
}

async function bump(tx: AppContext, id: string, set: string, params: readonly unknown[]): Promise<void> {
  const base = params.length;
  await tx.db.query(
    `UPDATE treatment_sessions SET ${set}${set ? ', ' : ''}updated_at = $${base + 2}, version = version + 1 WHERE id = $${base + 1}`,
    [...params, id, tx.now],
  );
}

async function reload(tx: AppContext, principal: Principal, id: string): Promise<SessionView> {
  return sessionView(tx, principal, await loadSessionRow(tx, principal, id));
}

function checkTime(at: Date, row: SessionRow, now: Date, path: string): void {
  if (!Number.isFinite(at.getTime()))
    throw new DomainError('vitals_time_invalid', 'Not a time.', { errors: [{ path, message: 'Not a valid time' }] });
  if (at.getTime() > now.getTime() + clockSkewMs) {
    throw new DomainError('vitals_time_invalid', 'The time is in the future.', {
      errors: [{ path, message: 'Cannot be in the future' }],
    });
  }
  if (at.getTime() < row.checked_in_at.getTime()) {
    throw new DomainError('vitals_time_invalid', 'The time is before the patient checked in.', {
      errors: [{ path, message: 'Cannot be before check-in' }],
    });
  }
}

async function clinicDate(tx: AppContext, organizationId: string): Promise<string> {
  const res = await tx.db.query<{ time_zone: string }>('SELECT time_zone FROM organizations WHERE id = $1', [
    organizationId,
  ]);
  return zoneRules(res.rows[0]?.time_zone ?? 'UTC').toLocal(tx.now).date;
}

// ---------------------------------------------------------------------------------------------------
// Check-in

export interface CheckInInput {
  readonly patientId: string;
  readonly appointmentId?: string | null | undefined;
  readonly locationId?: string | null | undefined;
  readonly chair?: string | null | undefined;
}

interface PlanRow {
  id: string;
  content: PlanContent;
  protocol_version_id: string;
}

async function planInForce(tx: AppContext, patientId: string): Promise<PlanRow> {
  const res = await tx.db.query<PlanRow>(
    "SELECT id, content, protocol_version_id FROM treatment_plans WHERE patient_id = $1 AND status = 'signed'",
    [patientId],
  );
  if (!res.rows[0]) {
    throw new DomainError('plan_not_signed', 'The patient has no signed treatment plan: a prescriber signs one first.');
  }
  return res.rows[0];
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
    const loc = await tx.db.query('SELECT 1 FROM locations WHERE id = $1 AND organization_id = $2', [
      input.locationId,
      principal.organizationId,
    ]);
    if (loc.rowCount === 0)
      throw new DomainError('validation_failed', 'No such location.', {
        errors: [{ path: '/body/locationId', message: 'Choose a location of this clinic' }],
      });
  }
  const open = await tx.db.query(
    "SELECT 1 FROM treatment_sessions WHERE patient_id = $1 AND phase NOT IN ('discharged', 'ended_without_dose')",
    [input.patientId],
  );
  if (open.rowCount !== 0)
    throw new DomainError('session_already_open', 'The patient already has a session in progress.');
  // The session runs on the clinic's protocol as it is today (thresholds stored with the session).
  const protocol = await currentProtocolVersion(tx.db, principal.organizationId, tx.now);
  const date = await clinicDate(tx, principal.organizationId);
  const res = await tx.db.query<{ id: string }>(
    `INSERT INTO treatment_sessions (organization_id, patient_id, plan_id, protocol_version_id, appointment_id, location_id, chair, route,
       clinic_date, checked_in_at, checked_in_by_user_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $10) RETURNING id`,
    [
      principal.organizationId,
      input.patientId,
      plan.id,
      protocol.id,
      input.appointmentId ?? null,
      input.locationId ?? null,
      input.chair ?? null,
      plan.content.route,
      date,
      tx.now,
      principal.userId,
    ],
  );
  const id = res.rows[0]!.id;
  await audit(tx, {
    action: 'sessions.checkin',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: input.patientId,
  });
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
      patientId: row.patient_id,
    });
    return sessionView(tx, principal, row);
  });
}

/** The chair board: today's sessions (or a given clinic date) at a location, or everywhere. */
export async function sessionBoard(
  input: { date?: string | undefined; locationId?: string | undefined },
  ctx: AppContext,
): Promise<{ date: string; items: SessionView[] }> {
  const principal = requireStaffAction(ctx, 'sessions.read');
  if (input.date !== undefined && !isLocalDate(input.date)) {
    throw new DomainError('validation_failed', 'Not a date.', {
      errors: [{ path: '/query/date', message: 'Use YYYY-MM-DD' }],
    });
  }
  return withTransaction(ctx, async (tx) => {
    const date = input.date ?? (await clinicDate(tx, principal.organizationId));
    const res = await tx.db.query<SessionRow>(
      `${sessionSelect} WHERE s.organization_id = $1 AND s.clinic_date = $2::date AND ($3::uuid IS NULL OR s.location_id = $3)
        ORDER BY s.chair NULLS LAST, s.checked_in_at`,
      [principal.organizationId, date, input.locationId ?? null],
    );
    const ids = res.rows.map((r) => r.id);
    const [vitals, alerts] = await Promise.all([sessionVitals(tx.db, ids), sessionAlerts(tx.db, ids)]);
    await audit(tx, {
      action: 'sessions.board',
      resourceType: 'treatment_session',
      details: { date, locationId: input.locationId ?? null, sessionIds: ids },
    });
    return {
      date,
      items: res.rows.map((r) =>
        summarize(r, vitals.get(r.id) ?? [], alerts.get(r.id) ?? [], principal, tx.now, { board: true }),
      ),
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// Pre-checks and the gate

/** Everything the gate reads, from what is stored. */
async function evaluateGate(tx: AppContext, row: SessionRow): Promise<GateResult> {
  const vitals = (await sessionVitals(tx.db, [row.id])).get(row.id) ?? [];
  const preDose = vitals.filter((v) => v.kind === 'pre_dose');
  const pre = row.prechecks;
  const consents = await tx.db.query<{ active: number; withdrawn: number }>(
    `SELECT count(*) FILTER (WHERE withdrawn_at IS NULL)::int AS active, count(*) FILTER (WHERE withdrawn_at IS NOT NULL)::int AS withdrawn
       FROM consents WHERE patient_id = $1`,
    [row.patient_id],
  );
  const c = consents.rows[0]!;
  const plan = await tx.db.query<{ content: PlanContent }>('SELECT content FROM treatment_plans WHERE id = $1', [
    row.plan_id,
  ]);
  const measure = plan.rows[0]?.content.outcome.instrumentId ?? 'phq9';
  // Today's questionnaires: done in the clinic for this session, or in the portal since midnight (clinic time).
  const today = await tx.db.query<{
    instrument_id: string;
    severity_id: string | null;
    answers: Record<string, boolean | null>;
  }>(
    `SELECT q.instrument_id, q.severity_id, q.answers FROM questionnaire_results q JOIN organizations o ON o.id = q.organization_id
      WHERE q.patient_id = $1 AND (q.completed_at AT TIME ZONE o.time_zone)::date = $2::date
      ORDER BY q.completed_at DESC`,
    [row.patient_id, row.clinic_date],
  );
  const cssrs = today.rows.find((q) => q.instrument_id === 'cssrs_screener');
  const risk = cssrs?.severity_id;
  const overrides = await tx.db.query<{
    code: string;
    reason: string;
    systolic_mmhg: number | null;
    diastolic_mmhg: number | null;
  }>(
    `SELECT o.code, o.reason, v.systolic_mmhg, v.diastolic_mmhg FROM session_overrides o
       LEFT JOIN session_vitals v ON v.id = o.repeat_vitals_id WHERE o.session_id = $1 AND o.code <> 'dose_limit'`,
    [row.id],
  );
  return runPreDoseGate(
    {
      baselineVitals: vitalSigns(preDose.at(-1)),
      companion: pre?.companion ?? undefined,
      fastingAttested: pre?.fastingAttested ?? false,
      consent: c.active > 0 ? 'on_file' : c.withdrawn > 0 ? 'withdrawn' : 'missing',
      phq9Done: today.rows.some((q) => q.instrument_id === measure || q.instrument_id === 'phq9'),
      // A screener marked done carries its answers and risk level; the domain holds one that does not.
      cssrs: cssrs
        ? {
            risk: risk === 'low' || risk === 'moderate' || risk === 'high' || risk === 'none' ? risk : undefined,
            answers: cssrs.answers,
          }
        : undefined,
      pregnancyTest:
        pre === null || pre.pregnancyTest === 'not_applicable'
          ? pre === null
            ? { applicable: true, result: 'not_done' }
            : { applicable: false }
          : { applicable: true, result: pre.pregnancyTest },
      medicationChangesReviewed: pre?.medicationChanges.reviewed ?? false,
      overrides: overrides.rows.map((o) => ({
        code: o.code,
        reason: o.reason,
        repeatReading:
          o.systolic_mmhg !== null && o.diastolic_mmhg !== null
            ? { systolicMmHg: o.systolic_mmhg, diastolicMmHg: o.diastolic_mmhg }
            : null,
      })),
    },
    row.protocol,
  );
}

async function storeGate(
  tx: AppContext,
  row: SessionRow,
  extraSet = '',
  extraParams: readonly unknown[] = [],
): Promise<GateResult> {
  const gate = await evaluateGate(tx, row);
  const phase = row.phase === 'checked_in' ? 'pre_checks' : row.phase;
  await bump(tx, row.id, `gate = $1, phase = $2${extraSet}`, [JSON.stringify(gate), phase, ...extraParams]);
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
  const weightChanged = row.dose_order !== null && row.dose_order.weightKg !== input.weightKg;
  await storeGate(
    tx,
    updated,
    `, prechecks = $3${weightChanged ? ', dose_order = NULL, dose_override_reason = NULL, ordered_by_user_id = NULL, ordered_at = NULL' : ''}`,
    [JSON.stringify(prechecks)],
  );
  await audit(tx, {
    action: 'sessions.prechecks',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patient_id,
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
  await tx.db.query(
    `INSERT INTO questionnaire_results (organization_id, patient_id, instrument_id, instrument_version, total, severity_id, severity_label, flags, answers, context, completed_at, recorded_by_user_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pre_session', $10, $11)`,
    [
      row.organization_id,
      row.patient_id,
      score.instrumentId,
      score.version,
      score.total,
      score.severity?.id ?? null,
      score.severity?.label ?? null,
      [...score.flags],
      JSON.stringify(Object.fromEntries(score.items.map((i) => [i.itemId, i.value]))),
      tx.now,
      principal.userId,
    ],
  );
  await storeGate(tx, row);
  await audit(tx, {
    action: 'sessions.questionnaire',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patient_id,
    details: { instrumentId: score.instrumentId },
  });
  return reload(tx, principal, id);
}

// ---------------------------------------------------------------------------------------------------
// Vitals

async function vitalsById(tx: AppContext, id: string | null): Promise<PartialVitalSigns | undefined> {
  if (!id) return undefined;
  const res = await tx.db.query<Record<string, number | null>>(
    `SELECT systolic_mmhg AS "systolicMmHg", diastolic_mmhg AS "diastolicMmHg", heart_rate_bpm AS "heartRateBpm",
            spo2_percent AS "spo2Percent", respiratory_rate_per_min AS "respiratoryRatePerMin" FROM session_vitals WHERE id = $1`,
    [id],
  );
  const r = res.rows[0];
  if (!r) return undefined;
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null));
}

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
): Promise<string> {
  const takenAt = new Date(input.takenAt);
  checkTime(takenAt, row, tx.now, '/body/takenAt');
  if (input.systolicMmHg != null && input.diastolicMmHg != null && input.diastolicMmHg >= input.systolicMmHg) {
    throw new DomainError('validation_failed', 'The diastolic pressure must be below the systolic.', {
      errors: [{ path: '/body/diastolicMmHg', message: 'Must be below the systolic pressure' }],
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
      errors: [{ path: '/body', message: 'Enter at least one value' }],
    });
  }
  const res = await tx.db.query<{ id: string }>(
    `INSERT INTO session_vitals (organization_id, session_id, taken_at, kind, systolic_mmhg, diastolic_mmhg, heart_rate_bpm, spo2_percent,
       respiratory_rate_per_min, temperature_c, on_room_air, symptomatic, recorded_by_user_id, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [
      row.organization_id,
      row.id,
      takenAt,
      kind,
      input.systolicMmHg ?? null,
      input.diastolicMmHg ?? null,
      input.heartRateBpm ?? null,
      input.spo2Percent ?? null,
      input.respiratoryRatePerMin ?? null,
      input.temperatureC ?? null,
      input.onRoomAir ?? true,
      (input.symptomatic ?? false) || (input.symptoms?.length ?? 0) > 0,
      principal.userId,
      tx.now,
    ],
  );
  return res.rows[0]!.id;
}

/** A set of vitals: before the dose it feeds the gate; from the start of the dose, the domain's alerts. */
export async function recordVitals(id: string, input: VitalsInput, tx: AppContext): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  if (row.phase === 'discharged' || row.phase === 'ended_without_dose')
    throw phaseError('The session has ended: no more vitals are recorded on it.', row);
  const dosed = row.dose_started_at !== null;
  const vitalsId = await insertVitals(tx, row, principal, input, dosed ? 'observation' : 'pre_dose');
  let alertCount = 0;
  if (dosed) {
    const baseline = await vitalsById(tx, row.baseline_vitals_id);
    const reading = (await vitalsById(tx, vitalsId))!;
    const alerts = alertsForReading(
      { ...reading, symptomatic: input.symptomatic ?? false, symptoms: input.symptoms ?? [] },
      row.protocol,
      baseline,
    );
    for (const a of alerts) {
      await tx.db.query(
        `INSERT INTO session_alerts (organization_id, session_id, vitals_id, level, vital, message, threshold, source, raised_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [row.organization_id, row.id, vitalsId, a.level, a.vital, a.message, a.threshold, a.source, tx.now],
      );
    }
    alertCount = alerts.length;
    await bump(tx, row.id, '', []);
  } else {
    await storeGate(tx, row);
  }
  await audit(tx, {
    action: 'sessions.vitals',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patient_id,
    details: { vitalsId, alerts: alertCount },
  });
  return reload(tx, principal, id);
}

export async function acknowledgeAlert(
  id: string,
  alertId: string,
  input: { version: number; note: string },
  tx: AppContext,
): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  const res = await tx.db.query<{ level: string; acknowledged_at: Date | null }>(
    'SELECT level, acknowledged_at FROM session_alerts WHERE id = $1 AND session_id = $2',
    [alertId, id],
  );
  const alert = res.rows[0];
  if (!alert) throw new DomainError('not_found', 'No such alert on this session.');
  if (alert.acknowledged_at) throw new DomainError('conflict', 'This alert was already acknowledged.');
  if (alert.level !== 'notice')
    requirePrescriber(principal, 'acknowledge an alert (the prescriber is told and decides)');
  await tx.db.query(
    'UPDATE session_alerts SET acknowledged_at = $2, acknowledged_by_user_id = $3, acknowledgement = $4 WHERE id = $1',
    [alertId, tx.now, principal.userId, input.note.trim()],
  );
  await bump(tx, id, '', []);
  await audit(tx, {
    action: 'sessions.alert.acknowledge',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patient_id,
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
  assertBeforeDose(row, 'A pre-dose override');
  requirePrescriber(principal, 'override a pre-dose hold');
  const gate = await evaluateGate(tx, row);
  const hold = gate.holds.find((h) => h.code === input.code);
  if (!hold) {
    throw new DomainError('validation_failed', 'That hold is not in force.', {
      errors: [
        {
          path: '/body/code',
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
        errors: [{ path: '/body/repeatVitals', message: 'Take and enter a repeat blood pressure' }],
      });
    }
    if (atAbsoluteLimit(r.systolicMmHg, r.diastolicMmHg, row.protocol)) {
      throw new DomainError(
        'override_not_allowed',
        `The repeat reading ${r.systolicMmHg}/${r.diastolicMmHg} mmHg is at or above the absolute limit: no dose today, no override.`,
      );
    }
    repeatId = await insertVitals(tx, row, principal, r, 'pre_dose');
  } else if (input.repeatVitals) {
    repeatId = await insertVitals(tx, row, principal, input.repeatVitals, 'pre_dose');
  }
  await tx.db.query(
    'INSERT INTO session_overrides (organization_id, session_id, code, reason, repeat_vitals_id, by_user_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [row.organization_id, id, hold.code, input.reason.trim(), repeatId, principal.userId, tx.now],
  );
  await storeGate(tx, row);
  await audit(tx, {
    action: 'sessions.override',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patient_id,
    details: { code: hold.code },
  });
  return reload(tx, principal, id);
}

// ---------------------------------------------------------------------------------------------------
// Order and administration

export interface OrderInput {
  readonly version: number;
  readonly titrate: boolean;
  readonly concentrationMgPerMl: number;
  readonly diluent?: 'sodium_chloride_0_9' | 'dextrose_5' | null | undefined;
  readonly finalVolumeMl?: number | null | undefined;
  readonly site?: string | null | undefined;
  readonly overrideReason?: string | null | undefined;
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
  const weightKg = row.prechecks?.weightKg;
  if (weightKg == null) {
    throw new DomainError('validation_failed', "Record today's weight in the pre-checks first.", {
      errors: [{ path: '/body', message: "Today's weight is missing" }],
    });
  }
  const plan = await tx.db.query<{ content: PlanContent }>('SELECT content FROM treatment_plans WHERE id = $1', [
    row.plan_id,
  ]);
  const content = plan.rows[0]!.content;
  const patient = await tx.db.query<{ height_cm: string | null; sex: 'female' | 'male' | null }>(
    'SELECT height_cm::text AS height_cm, sex FROM patients WHERE id = $1',
    [row.patient_id],
  );
  const p = patient.rows[0]!;
  if (p.height_cm === null || p.sex === null) {
    throw new DomainError('plan_measurements_missing', "Record the patient's height and sex on the chart first.");
  }
  const last = await tx.db.query<{ mg_per_kg: number }>(
    `SELECT (dose_order->>'mgPerKg')::float8 AS mg_per_kg FROM treatment_sessions
      WHERE patient_id = $1 AND plan_id = $2 AND dose_started_at IS NOT NULL ORDER BY dose_started_at DESC LIMIT 1`,
    [row.patient_id, row.plan_id],
  );
  const previous = last.rows[0]?.mg_per_kg;
  let mgPerKg = previous ?? content.startMgPerKg;
  if (input.titrate) {
    if (previous === undefined) {
      throw new DomainError('validation_failed', 'The first session is given at the plan’s starting dose.', {
        errors: [{ path: '/body/titrate', message: 'Nothing to titrate from yet' }],
      });
    }
    mgPerKg = titratedMgPerKg(previous, content.titration.stepMgPerKg, content.titration.maxMgPerKg);
  }
  if (row.route === 'IV' && (!input.diluent || input.finalVolumeMl == null)) {
    throw new DomainError('validation_failed', 'An IV dose is drawn into a bag or syringe of diluent.', {
      errors: [
        ...(input.diluent ? [] : [{ path: '/body/diluent', message: 'Choose the diluent' }]),
        ...(input.finalVolumeMl == null ? [{ path: '/body/finalVolumeMl', message: 'Enter the final volume' }] : []),
      ],
    });
  }
  let calc;
  try {
    calc = doseForToday({
      route: row.route,
      mgPerKg,
      weightKg,
      heightCm: Number(p.height_cm),
      sex: p.sex,
      basis: content.weightBasis,
      concentrationMgPerMl: input.concentrationMgPerMl,
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
          path: `/body${e.path === '/mgPerKg' ? '' : e.path.replace(/^\/dilution(?=\/|$)/, '')}`,
          message: e.message,
        })),
      });
    }
    throw error;
  }
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
          errors: [{ path: '/body/overrideReason', message: 'Give the reason for the override' }],
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
        errors: [{ path: '/body/site', message: 'Choose the injection site' }],
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
    concentrationMgPerMl: input.concentrationMgPerMl,
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
    vial: null,
  };
  await bump(
    tx,
    id,
    'dose_order = $1, dose_override_reason = $2, ordered_by_user_id = $3, ordered_at = $4, gate = $5',
    [JSON.stringify(order), overrideReason, principal.userId, tx.now, JSON.stringify(gate)],
  );
  if (overrideReason) {
    await tx.db.query(
      "INSERT INTO session_overrides (organization_id, session_id, code, reason, by_user_id, at) VALUES ($1, $2, 'dose_limit', $3, $4, $5)",
      [row.organization_id, id, overrideReason, principal.userId, tx.now],
    );
  }
  await audit(tx, {
    action: 'sessions.order',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patient_id,
    details: { mgPerKg, overridden: overrideReason !== null },
  });
  return reload(tx, principal, id);
}

export interface StartInput {
  readonly version: number;
  readonly at: string;
  readonly lotNumber: string;
  readonly expiryDate: string;
}

/** Start the infusion, or give the injection: only when the gate, recomputed now, says proceed. */
export async function startDose(id: string, input: StartInput, tx: AppContext): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  assertBeforeDose(row, 'The dose start');
  const gate = await evaluateGate(tx, row);
  if (gate.outcome === 'hold') throw holdError(gate);
  const order = row.dose_order;
  if (!order) throw phaseError('Write the order first.', row);
  const at = new Date(input.at);
  checkTime(at, row, tx.now, '/body/at');
  if (!isLocalDate(input.expiryDate)) {
    throw new DomainError('validation_failed', 'Not a date.', {
      errors: [{ path: '/body/expiryDate', message: 'Use YYYY-MM-DD' }],
    });
  }
  if (input.expiryDate < row.clinic_date) {
    throw new DomainError('vial_expired', `The vial expired on ${input.expiryDate}: use another vial.`, {
      errors: [{ path: '/body/expiryDate', message: 'The vial is past its expiry date' }],
    });
  }
  const vitals = (await sessionVitals(tx.db, [row.id])).get(row.id) ?? [];
  const baseline = vitals.filter((v) => v.kind === 'pre_dose').at(-1)!;
  const count = await tx.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM treatment_sessions WHERE patient_id = $1 AND dose_started_at IS NOT NULL',
    [row.patient_id],
  );
  const doseNumber = count.rows[0]!.n + 1;
  const withVial: DoseOrder = { ...order, vial: { lotNumber: input.lotNumber.trim(), expiryDate: input.expiryDate } };
  if (row.route === 'IV') {
    await tx.db.query(
      `INSERT INTO session_infusion_events (organization_id, session_id, kind, at, rate_ml_per_hour, by_user_id, recorded_at)
       VALUES ($1, $2, 'start', $3, $4, $5, $6)`,
      [row.organization_id, id, at, order.iv!.pumpRateMlPerHour, principal.userId, tx.now],
    );
    await bump(
      tx,
      id,
      "phase = 'dosing', dose_started_at = $1, baseline_vitals_id = $2, dose_number = $3, dose_order = $4, gate = $5",
      [at, baseline.id, doseNumber, JSON.stringify(withVial), JSON.stringify(gate)],
    );
  } else {
    const delivered = {
      mg: order.deliveredMgIfGivenInFull,
      mgPerKg: Math.round((order.deliveredMgIfGivenInFull / order.dosingWeightKg) * 10_000) / 10_000,
      drugVolumeMl: order.drugVolumeMl,
      volumeInfusedMl: null,
    };
    await bump(
      tx,
      id,
      "phase = 'observation', dose_started_at = $1, dose_ended_at = $1, baseline_vitals_id = $2, dose_number = $3, dose_order = $4, gate = $5, delivered = $6",
      [at, baseline.id, doseNumber, JSON.stringify(withVial), JSON.stringify(gate), JSON.stringify(delivered)],
    );
  }
  // The first dose moves the patient into induction (CLINICAL.md §4), never by hand.
  const patient = await findPatientKey(tx, row.patient_id, { forUpdate: true });
  if (patient.status === 'eligible')
    await setPatientStatus(tx, row.patient_id, 'eligible', 'in_induction', 'first session dosed');
  await audit(tx, {
    action: 'sessions.start',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patient_id,
    details: { route: row.route, doseNumber },
  });
  await recordPatientEvent(tx, {
    patientId: row.patient_id,
    kind: 'session_dosed',
    summary: `Session ${doseNumber}: ${row.route} ketamine ${order.deliveredMgIfGivenInFull} mg ordered`,
    resourceType: 'treatment_session',
    resourceId: id,
  });
  return reload(tx, principal, id);
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
  const order = row.dose_order!;
  const at = new Date(input.at);
  checkTime(at, row, tx.now, '/body/at');
  const events = await tx.db.query<{ kind: string; at: Date; rate: string | null }>(
    'SELECT kind, at, rate_ml_per_hour::text AS rate FROM session_infusion_events WHERE session_id = $1 ORDER BY at, recorded_at',
    [id],
  );
  const lastEvent = events.rows.at(-1)!;
  if (at.getTime() < lastEvent.at.getTime()) {
    throw new DomainError('vitals_time_invalid', 'The time is before the last infusion event.', {
      errors: [{ path: '/body/at', message: 'Cannot be before the previous pump event' }],
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
          errors: [{ path: '/body/reason', message: 'Give the reason for the pause' }],
        });
      break;
    case 'resume': {
      if (running) throw phaseError('The infusion is running.', row);
      const open = await tx.db.query(
        "SELECT 1 FROM session_alerts WHERE session_id = $1 AND level = 'stop' AND acknowledged_at IS NULL",
        [id],
      );
      if (open.rowCount !== 0) {
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
          errors: [{ path: '/body/rateMlPerHour', message: 'Enter the new pump rate' }],
        });
      }
      rate = input.rateMlPerHour;
      // Faster than ordered needs a prescriber and a reason (the order's rate keeps the dose under its limits).
      if (rate > order.iv!.pumpRateMlPerHour) {
        requirePrescriber(principal, 'run the infusion faster than ordered');
        if (!reason)
          throw new DomainError('validation_failed', 'Say why.', {
            errors: [{ path: '/body/reason', message: 'Give the reason' }],
          });
      }
      break;
    }
    case 'stop': {
      if (input.volumeInfusedMl == null) {
        throw new DomainError('validation_failed', 'Enter the volume infused from the pump.', {
          errors: [{ path: '/body/volumeInfusedMl', message: 'Enter the volume infused (mL)' }],
        });
      }
      if (input.volumeInfusedMl > order.iv!.finalVolumeMl) {
        throw new DomainError('validation_failed', 'More than the bag held.', {
          errors: [{ path: '/body/volumeInfusedMl', message: `At most ${order.iv!.finalVolumeMl} mL` }],
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
  await tx.db.query(
    `INSERT INTO session_infusion_events (organization_id, session_id, kind, at, rate_ml_per_hour, volume_infused_ml, reason, by_user_id, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [row.organization_id, id, input.kind, at, rate, volume, reason, principal.userId, tx.now],
  );
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
    await bump(tx, id, "phase = 'observation', dose_ended_at = $1, delivered = $2", [at, JSON.stringify(delivered)]);
  } else {
    await bump(tx, id, '', []);
  }
  await audit(tx, {
    action: `sessions.infusion.${input.kind}`,
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patient_id,
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
  | { version: number; kind: 'note'; at: string; text: string };

export async function recordEntry(id: string, input: EntryInput, tx: AppContext): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  if (row.phase === 'ended_without_dose' && input.kind !== 'note')
    throw phaseError('No dose was given in this session.', row);
  const at = new Date(input.at);
  checkTime(at, row, tx.now, '/body/at');
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
    default: {
      const unreachable: never = input;
      throw new Error(`unknown entry ${JSON.stringify(unreachable)}`);
    }
  }
  await tx.db.query(
    'INSERT INTO session_entries (organization_id, session_id, kind, at, content, by_user_id, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [row.organization_id, id, input.kind, at, JSON.stringify(content), principal.userId, tx.now],
  );
  await bump(tx, id, '', []);
  await audit(tx, {
    action: `sessions.entry.${input.kind}`,
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patient_id,
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

export async function discharge(id: string, input: DischargeInput, tx: AppContext): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.record');
  const row = await lockForWrite(tx, principal, id, input.version);
  if (row.phase !== 'observation')
    throw phaseError('Only a patient in observation after the dose can be discharged.', row);
  const vitals = (await sessionVitals(tx.db, [row.id])).get(row.id) ?? [];
  const baseline = vitals.find((v) => v.id === row.baseline_vitals_id);
  const latest: VitalsView | undefined = vitals.filter((v) => v.kind === 'observation').at(-1);
  const collectedBy = input.collectedBy?.trim() ?? '';
  const check = checkDischarge(
    {
      route: row.route,
      doseEndAt: row.dose_ended_at!,
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
  const missing = check.status === 'ready' ? [] : [...check.missing];
  if (!latest) missing.push({ code: 'vitals_missing', message: 'No vitals since the dose.' });
  if (!input.aftercareGiven)
    missing.push({
      code: 'aftercare_not_given',
      message: 'Give the aftercare instructions (no driving or machinery until the next day after sleep).',
    });
  const openAlerts = await tx.db.query(
    "SELECT 1 FROM session_alerts WHERE session_id = $1 AND level <> 'notice' AND acknowledged_at IS NULL",
    [id],
  );
  if (openAlerts.rowCount !== 0)
    missing.push({ code: 'open_alerts', message: 'An alert is still open: a prescriber acknowledges it first.' });
  if (missing.length > 0) {
    throw new DomainError('discharge_not_ready', missing.map((m) => m.message).join(' '), {
      details: { missing, earliestAt: check.status === 'not_ready' ? check.earliestAt.toISOString() : null },
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
  await bump(tx, id, "phase = 'discharged', discharge = $1, discharged_at = $2", [JSON.stringify(record), tx.now]);
  // After the induction series the patient moves to maintenance (CLINICAL.md §4), never by hand.
  const plan = await tx.db.query<{ content: PlanContent }>('SELECT content FROM treatment_plans WHERE id = $1', [
    row.plan_id,
  ]);
  const content = plan.rows[0]!.content;
  const patient = await findPatientKey(tx, row.patient_id, { forUpdate: true });
  if (
    patient.status === 'in_induction' &&
    content.maintenance.intent !== 'none' &&
    (row.dose_number ?? 0) >= content.induction.sessions
  ) {
    await setPatientStatus(tx, row.patient_id, 'in_induction', 'maintenance', 'induction series completed');
  }
  await audit(tx, {
    action: 'sessions.discharge',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patient_id,
  });
  await recordPatientEvent(tx, {
    patientId: row.patient_id,
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
  await bump(tx, id, "phase = 'ended_without_dose', ended_reason = $1", [input.reason.trim()]);
  await audit(tx, {
    action: 'sessions.end',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patient_id,
  });
  await recordPatientEvent(tx, {
    patientId: row.patient_id,
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
  if (row.nurse_signed_at) throw new DomainError('document_signed', 'The session record is already signed.');
  assertVersion(row.version, input.version, 'session');
  if (row.phase !== 'discharged' && row.phase !== 'ended_without_dose') {
    throw new DomainError('session_requirements_missing', 'Discharge the patient (or end the session) before signing.');
  }
  await bump(tx, id, 'nurse_signed_by_user_id = $1, nurse_signed_at = $2', [principal.userId, tx.now]);
  await audit(tx, {
    action: 'sessions.sign',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patient_id,
  });
  return reload(tx, principal, id);
}

export async function cosignSession(id: string, input: { version: number }, tx: AppContext): Promise<SessionView> {
  const principal = requireStaffAction(tx, 'sessions.sign');
  const row = await loadSessionRow(tx, principal, id, true);
  if (row.cosigned_at) throw new DomainError('document_signed', 'The session record is already co-signed.');
  assertVersion(row.version, input.version, 'session');
  if (!row.nurse_signed_at) throw new DomainError('session_requirements_missing', 'The nurse signs the record first.');
  await bump(tx, id, 'cosigned_by_user_id = $1, cosigned_at = $2', [principal.userId, tx.now]);
  await audit(tx, {
    action: 'sessions.cosign',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patient_id,
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
  if (!row.nurse_signed_at) {
    throw new DomainError('session_phase_invalid', 'The record is not signed yet: change it directly.');
  }
  await tx.db.query(
    'INSERT INTO session_amendments (organization_id, session_id, reason, text, by_user_id, at) VALUES ($1, $2, $3, $4, $5, $6)',
    [row.organization_id, id, input.reason.trim(), input.text.trim(), principal.userId, tx.now],
  );
  await audit(tx, {
    action: 'sessions.amend',
    resourceType: 'treatment_session',
    resourceId: id,
    patientId: row.patient_id,
  });
  return reload(tx, principal, id);
}
