import crypto from 'node:crypto';
import { sql, type Updateable } from 'kysely';
import pg from 'pg';
import type { ClinicProtocol } from '../../domain/protocol/index.js';
import { kysely, type Queryable } from '../kysely.js';
import { StatementBatcher } from '../statement-batcher.js';
import type { TreatmentSessions } from '../schema.generated.js';

/**
 * SQL for the treatment session (migration 0012; src/app/sessions): the session row with its patient
 * and protocol, its record rows (vitals, alerts, overrides, pump events, entries, amendments), the
 * Idempotency-Key store of session writes, and the board's LISTEN/NOTIFY channel.
 */

/** The session row as stored; the jsonb documents are typed by the use-cases that write them. */
export interface SessionRecordRow {
  id: string;
  organizationId: string;
  patientId: string;
  planId: string;
  protocolVersionId: string;
  protocol: ClinicProtocol;
  appointmentId: string | null;
  locationId: string | null;
  chair: string | null;
  route: string;
  doseNumber: number | null;
  clinicDate: string;
  phase: string;
  checkedInAt: Date;
  checkedInByUserId: string | null;
  prechecks: unknown;
  gate: unknown;
  doseOrder: unknown;
  doseOverrideReason: string | null;
  orderedByUserId: string | null;
  orderedAt: Date | null;
  baselineVitalsId: string | null;
  doseStartedAt: Date | null;
  doseEndedAt: Date | null;
  delivered: unknown;
  discharge: unknown;
  dischargedAt: Date | null;
  endedReason: string | null;
  nurseSignedByUserId: string | null;
  nurseSignedAt: Date | null;
  cosignedByUserId: string | null;
  cosignedAt: Date | null;
  updatedAt: Date;
  version: number;
  givenName: string;
  familyName: string;
  mrn: string;
  /** updated_at in microseconds since the epoch: the board's event id. */
  updatedMicros: number;
}

function sessionRows(db: Queryable) {
  return kysely(db)
    .selectFrom('treatmentSessions as s')
    .innerJoin('protocolVersions as pv', 'pv.id', 's.protocolVersionId')
    .innerJoin('patients as p', 'p.id', 's.patientId')
    .selectAll('s')
    .select([
      'pv.protocol',
      'p.givenName',
      'p.familyName',
      'p.mrn',
      sql<number>`(extract(epoch FROM s.updated_at) * 1000000)::bigint`.as('updatedMicros'),
    ])
    .$castTo<SessionRecordRow>();
}

export async function findSessionRow(
  db: Queryable,
  organizationId: string,
  id: string,
  forUpdate = false,
): Promise<SessionRecordRow | undefined> {
  let q = sessionRows(db).where('s.id', '=', id).where('s.organizationId', '=', organizationId);
  if (forUpdate) q = q.forUpdate('s');
  return q.executeTakeFirst();
}

/** The board: a clinic date's sessions at a location (or everywhere), by chair then arrival. */
export async function listBoardRows(
  db: Queryable,
  organizationId: string,
  date: string,
  locationId: string | null,
): Promise<SessionRecordRow[]> {
  let q = sessionRows(db).where('s.organizationId', '=', organizationId).where('s.clinicDate', '=', date);
  if (locationId !== null) q = q.where('s.locationId', '=', locationId);
  return q
    .orderBy(sql`s.chair NULLS LAST`)
    .orderBy('s.checkedInAt')
    .execute();
}

export async function listSessionRowsByIds(
  db: Queryable,
  organizationId: string,
  ids: readonly string[],
): Promise<SessionRecordRow[]> {
  if (ids.length === 0) return [];
  return sessionRows(db).where('s.organizationId', '=', organizationId).where('s.id', 'in', ids).execute();
}

/** Sessions changed after a board event id (oldest first), for a board that reconnects. */
export async function listSessionRowsChangedSince(
  db: Queryable,
  organizationId: string,
  sinceMicros: number,
): Promise<SessionRecordRow[]> {
  return sessionRows(db)
    .where('s.organizationId', '=', organizationId)
    .where(sql<boolean>`(extract(epoch FROM s.updated_at) * 1000000)::bigint > ${sinceMicros}::bigint`)
    .orderBy('s.updatedAt')
    .limit(500)
    .execute();
}

/**
 * Another session in progress in this chair today (same name, whatever its case and spacing, at the same
 * location or, without one, anywhere of the clinic's): its id, or undefined.
 */
export async function chairInUse(
  db: Queryable,
  organizationId: string,
  c: { chair: string; locationId: string | null; clinicDate: string },
): Promise<string | undefined> {
  const res = await db.query<{ id: string }>(
    `SELECT id FROM treatment_sessions
      WHERE organization_id = $1 AND clinic_date = $2::date AND phase NOT IN ('discharged', 'ended_without_dose')
        AND lower(regexp_replace(btrim(chair), '[[:space:]]+', ' ', 'g')) = lower(regexp_replace(btrim($3), '[[:space:]]+', ' ', 'g'))
        AND ($4::uuid IS NULL OR location_id IS NULL OR location_id = $4::uuid)
      LIMIT 1`,
    [organizationId, c.clinicDate, c.chair.trim(), c.locationId],
  );
  return res.rows[0]?.id;
}

/**
 * The patient's dosing booking of today still waiting for them (booked or confirmed) whose check-in is open
 * (it starts within `opensMinutesBefore` of now) at the location checked in at, if one is named, the earliest
 * first: the appointment a check-in without one belongs to. Undefined when there is none.
 */
export async function todaysBookingFor(
  db: Queryable,
  organizationId: string,
  patientId: string,
  day: { clinicDate: string; now: Date; opensMinutesBefore: number; locationId: string | null },
): Promise<string | undefined> {
  const res = await db.query<{ id: string }>(
    `SELECT a.id FROM appointments a
       JOIN appointment_types t ON t.id = a.appointment_type_id
       JOIN locations l ON l.id = a.location_id
       JOIN organizations o ON o.id = a.organization_id
      WHERE a.organization_id = $1 AND a.patient_id = $2 AND a.status IN ('scheduled', 'confirmed')
        AND t.dose_minutes IS NOT NULL
        AND (lower(a.during) AT TIME ZONE coalesce(l.time_zone, o.time_zone))::date = $3::date
        AND lower(a.during) <= $4::timestamptz + make_interval(mins => $5)
        AND ($6::uuid IS NULL OR a.location_id = $6::uuid)
      ORDER BY lower(a.during) LIMIT 1`,
    [organizationId, patientId, day.clinicDate, day.now, day.opensMinutesBefore, day.locationId],
  );
  return res.rows[0]?.id;
}

export async function hasOpenSession(db: Queryable, patientId: string): Promise<boolean> {
  const row = await kysely(db)
    .selectFrom('treatmentSessions')
    .select('id')
    .where('patientId', '=', patientId)
    .where('phase', 'not in', ['discharged', 'ended_without_dose'])
    .executeTakeFirst();
  return row !== undefined;
}

export interface NewTreatmentSession {
  organizationId: string;
  patientId: string;
  planId: string;
  protocolVersionId: string;
  appointmentId: string | null;
  locationId: string | null;
  chair: string | null;
  route: string;
  clinicDate: string;
  checkedInAt: Date;
  checkedInByUserId: string;
}

export async function insertTreatmentSession(db: Queryable, s: NewTreatmentSession): Promise<string> {
  const row = await kysely(db)
    .insertInto('treatmentSessions')
    .values({ ...s, createdAt: s.checkedInAt, updatedAt: s.checkedInAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type SessionChanges = Omit<
  Updateable<TreatmentSessions>,
  'id' | 'organizationId' | 'patientId' | 'version' | 'updatedAt' | 'createdAt'
>;

/** Every session write: the changes, a new updated_at and the next version (the board's change stamp). */
export async function updateSession(db: Queryable, id: string, now: Date, changes: SessionChanges): Promise<void> {
  await kysely(db)
    .updateTable('treatmentSessions')
    .set({ ...changes, updatedAt: now, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
}

/** The number of this patient's sessions in which a dose was started. */
export async function countDosedSessions(db: Queryable, patientId: string): Promise<number> {
  const row = await kysely(db)
    .selectFrom('treatmentSessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('patientId', '=', patientId)
    .where('doseStartedAt', 'is not', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * The patient's clinic day as far as the pre-dose gate needs it: every blood pressure taken before a dose that
 * day, in any of the day's sessions (repeat readings included), and whether another session of the day
 * started a dose.
 */
export async function gateDay(
  db: Queryable,
  session: { id: string; patientId: string; clinicDate: string },
): Promise<{
  bloodPressures: { systolicMmHg: number | null; diastolicMmHg: number | null }[];
  doseGivenInAnotherSession: boolean;
}> {
  const res = await db.query<{
    pressures: { systolicMmHg: number | null; diastolicMmHg: number | null }[] | null;
    dosed: boolean;
  }>(
    `SELECT (SELECT json_agg(json_build_object('systolicMmHg', v.systolic_mmhg, 'diastolicMmHg', v.diastolic_mmhg)
                             ORDER BY v.taken_at, v.recorded_at)
               FROM session_vitals v JOIN treatment_sessions s ON s.id = v.session_id
              WHERE s.patient_id = $1 AND s.clinic_date = $2::date AND v.kind = 'pre_dose') AS pressures,
            EXISTS (SELECT 1 FROM treatment_sessions s
                     WHERE s.patient_id = $1 AND s.clinic_date = $2::date AND s.id <> $3
                       AND s.dose_started_at IS NOT NULL) AS dosed`,
    [session.patientId, session.clinicDate, session.id],
  );
  const row = res.rows[0];
  return { bloodPressures: row?.pressures ?? [], doseGivenInAnotherSession: row?.dosed ?? false };
}

/** Whether any session under this plan has started a dose (the plan's first dose is still to come when not). */
export async function planHasDose(db: Queryable, planId: string): Promise<boolean> {
  const res = await db.query(
    'SELECT 1 FROM treatment_sessions WHERE plan_id = $1 AND dose_started_at IS NOT NULL LIMIT 1',
    [planId],
  );
  return (res.rowCount ?? 0) > 0;
}

/** The mg/kg of the last dose given under this plan (the titration's starting point). */
export async function lastDosedMgPerKg(db: Queryable, patientId: string, planId: string): Promise<number | undefined> {
  const row = await kysely(db)
    .selectFrom('treatmentSessions')
    .select(sql<number>`(dose_order->>'mgPerKg')::float8`.as('mgPerKg'))
    .where('patientId', '=', patientId)
    .where('planId', '=', planId)
    .where('doseStartedAt', 'is not', null)
    .orderBy('doseStartedAt', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.mgPerKg;
}

// ——— what the gate and the order read from the chart ———

export interface SignedPlanRecord {
  id: string;
  content: unknown;
  protocolVersionId: string;
}

export async function findSignedPlanForPatient(
  db: Queryable,
  patientId: string,
): Promise<SignedPlanRecord | undefined> {
  return kysely(db)
    .selectFrom('treatmentPlans')
    .select(['id', 'content', 'protocolVersionId'])
    .where('patientId', '=', patientId)
    .where('status', '=', 'signed')
    .executeTakeFirst();
}

export async function findPlanContent(db: Queryable, planId: string): Promise<unknown> {
  const row = await kysely(db)
    .selectFrom('treatmentPlans')
    .select('content')
    .where('id', '=', planId)
    .executeTakeFirst();
  return row?.content;
}

export async function locationBelongs(db: Queryable, organizationId: string, locationId: string): Promise<boolean> {
  const row = await kysely(db)
    .selectFrom('locations')
    .select('id')
    .where('id', '=', locationId)
    .where('organizationId', '=', organizationId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function consentCounts(db: Queryable, patientId: string): Promise<{ active: number; withdrawn: number }> {
  const row = await kysely(db)
    .selectFrom('consents')
    .select([
      sql<number>`count(*) FILTER (WHERE withdrawn_at IS NULL)::int`.as('active'),
      sql<number>`count(*) FILTER (WHERE withdrawn_at IS NOT NULL)::int`.as('withdrawn'),
    ])
    .where('patientId', '=', patientId)
    .executeTakeFirstOrThrow();
  return row;
}

export interface TodayQuestionnaire {
  instrumentId: string;
  severityId: string | null;
  answers: unknown;
}

/**
 * The patient's questionnaires for a session, newest first: completed on its clinic date (in the clinic's time
 * zone: the portal's since midnight) or since its check-in (a session checked in before midnight keeps what was
 * done for it after midnight).
 */
export async function questionnairesForSession(
  db: Queryable,
  session: { patientId: string; clinicDate: string; checkedInAt: Date },
): Promise<TodayQuestionnaire[]> {
  return kysely(db)
    .selectFrom('questionnaireResults as q')
    .innerJoin('organizations as o', 'o.id', 'q.organizationId')
    .select(['q.instrumentId', 'q.severityId', 'q.answers'])
    .where('q.patientId', '=', session.patientId)
    .where((eb) =>
      eb.or([
        eb(sql<string>`(q.completed_at AT TIME ZONE o.time_zone)::date`, '=', sql<string>`${session.clinicDate}::date`),
        eb('q.completedAt', '>=', session.checkedInAt),
      ]),
    )
    .orderBy('q.completedAt', 'desc')
    .execute();
}

export interface NewSessionQuestionnaire {
  organizationId: string;
  patientId: string;
  instrumentId: string;
  instrumentVersion: string;
  total: number | null;
  severityId: string | null;
  severityLabel: string | null;
  flags: string[];
  answers: Record<string, unknown>;
  completedAt: Date;
  recordedByUserId: string;
}

export async function insertSessionQuestionnaire(db: Queryable, q: NewSessionQuestionnaire): Promise<void> {
  await kysely(db)
    .insertInto('questionnaireResults')
    .values({ ...q, answers: JSON.stringify(q.answers), context: 'pre_session' })
    .execute();
}

export async function findPatientMeasurements(
  db: Queryable,
  patientId: string,
): Promise<{ heightCm: string | null; sex: string | null } | undefined> {
  return kysely(db).selectFrom('patients').select(['heightCm', 'sex']).where('id', '=', patientId).executeTakeFirst();
}

// ——— overrides ———

export interface GateOverrideRow {
  code: string;
  reason: string;
  systolicMmhg: number | null;
  diastolicMmhg: number | null;
}

/** The pre-dose overrides of a session (not the dose-limit one) with their repeat readings. */
export async function listGateOverrides(db: Queryable, sessionId: string): Promise<GateOverrideRow[]> {
  return kysely(db)
    .selectFrom('sessionOverrides as o')
    .leftJoin('sessionVitals as v', 'v.id', 'o.repeatVitalsId')
    .select(['o.code', 'o.reason', 'v.systolicMmhg', 'v.diastolicMmhg'])
    .where('o.sessionId', '=', sessionId)
    .where('o.code', '<>', 'dose_limit')
    .execute();
}

export async function insertOverride(
  db: Queryable,
  o: {
    organizationId: string;
    sessionId: string;
    code: string;
    reason: string;
    repeatVitalsId: string | null;
    byUserId: string;
    at: Date;
  },
): Promise<void> {
  await kysely(db).insertInto('sessionOverrides').values(o).execute();
}

// ——— vitals and alerts ———

export interface NewSessionVitals {
  organizationId: string;
  sessionId: string;
  takenAt: Date;
  kind: 'pre_dose' | 'observation';
  systolicMmhg: number | null;
  diastolicMmhg: number | null;
  heartRateBpm: number | null;
  spo2Percent: number | null;
  respiratoryRatePerMin: number | null;
  temperatureC: number | null;
  onRoomAir: boolean;
  symptomatic: boolean;
  recordedByUserId: string;
  recordedAt: Date;
}

export async function insertSessionVitals(db: Queryable, v: NewSessionVitals): Promise<string> {
  const row = await kysely(db).insertInto('sessionVitals').values(v).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface VitalSignsRow {
  systolicMmhg: number | null;
  diastolicMmhg: number | null;
  heartRateBpm: number | null;
  spo2Percent: number | null;
  respiratoryRatePerMin: number | null;
}

export async function findVitalSigns(db: Queryable, id: string): Promise<VitalSignsRow | undefined> {
  return kysely(db)
    .selectFrom('sessionVitals')
    .select(['systolicMmhg', 'diastolicMmhg', 'heartRateBpm', 'spo2Percent', 'respiratoryRatePerMin'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface SessionVitalsRow extends VitalSignsRow {
  id: string;
  sessionId: string;
  takenAt: Date;
  kind: 'pre_dose' | 'observation';
  temperatureC: string | null;
  onRoomAir: boolean;
  symptomatic: boolean;
  recordedBy: string | null;
}

export async function listSessionVitals(db: Queryable, sessionIds: readonly string[]): Promise<SessionVitalsRow[]> {
  if (sessionIds.length === 0) return [];
  const rows = await kysely(db)
    .selectFrom('sessionVitals as v')
    .leftJoin('users as u', 'u.id', 'v.recordedByUserId')
    .select([
      'v.id',
      'v.sessionId',
      'v.takenAt',
      'v.kind',
      'v.systolicMmhg',
      'v.diastolicMmhg',
      'v.heartRateBpm',
      'v.spo2Percent',
      'v.respiratoryRatePerMin',
      'v.temperatureC',
      'v.onRoomAir',
      'v.symptomatic',
      'u.name as recordedBy',
    ])
    .where('v.sessionId', 'in', sessionIds)
    .orderBy('v.takenAt')
    .orderBy('v.recordedAt')
    .execute();
  return rows as SessionVitalsRow[];
}

export interface NewSessionAlert {
  organizationId: string;
  sessionId: string;
  vitalsId: string;
  level: string;
  vital: string;
  message: string;
  threshold: string;
  source: string;
  raisedAt: Date;
}

export async function insertSessionAlerts(db: Queryable, alerts: readonly NewSessionAlert[]): Promise<void> {
  if (alerts.length === 0) return;
  await kysely(db)
    .insertInto('sessionAlerts')
    .values([...alerts])
    .execute();
}

export interface SessionAlertRow {
  id: string;
  sessionId: string;
  vitalsId: string;
  level: 'notice' | 'alert' | 'stop';
  vital: string;
  message: string;
  threshold: string;
  source: string;
  raisedAt: Date;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  acknowledgement: string | null;
}

export async function listSessionAlerts(db: Queryable, sessionIds: readonly string[]): Promise<SessionAlertRow[]> {
  if (sessionIds.length === 0) return [];
  const rows = await kysely(db)
    .selectFrom('sessionAlerts as a')
    .leftJoin('users as u', 'u.id', 'a.acknowledgedByUserId')
    .select([
      'a.id',
      'a.sessionId',
      'a.vitalsId',
      'a.level',
      'a.vital',
      'a.message',
      'a.threshold',
      'a.source',
      'a.raisedAt',
      'u.name as acknowledgedBy',
      'a.acknowledgedAt',
      'a.acknowledgement',
    ])
    .where('a.sessionId', 'in', sessionIds)
    .orderBy('a.raisedAt')
    .orderBy('a.id')
    .execute();
  return rows as SessionAlertRow[];
}

export async function findSessionAlert(
  db: Queryable,
  sessionId: string,
  alertId: string,
): Promise<{ level: string; acknowledgedAt: Date | null } | undefined> {
  return kysely(db)
    .selectFrom('sessionAlerts')
    .select(['level', 'acknowledgedAt'])
    .where('id', '=', alertId)
    .where('sessionId', '=', sessionId)
    .executeTakeFirst();
}

export async function acknowledgeSessionAlert(
  db: Queryable,
  alertId: string,
  a: { at: Date; userId: string; note: string },
): Promise<void> {
  await kysely(db)
    .updateTable('sessionAlerts')
    .set({ acknowledgedAt: a.at, acknowledgedByUserId: a.userId, acknowledgement: a.note })
    .where('id', '=', alertId)
    .execute();
}

/** Whether an unacknowledged alert is open: any above a notice, or only stops. */
export async function hasOpenAlert(db: Queryable, sessionId: string, level: 'stop' | 'above_notice'): Promise<boolean> {
  let q = kysely(db)
    .selectFrom('sessionAlerts')
    .select('id')
    .where('sessionId', '=', sessionId)
    .where('acknowledgedAt', 'is', null);
  q = level === 'stop' ? q.where('level', '=', 'stop') : q.where('level', '<>', 'notice');
  return (await q.executeTakeFirst()) !== undefined;
}

// ——— the infusion, entries, amendments ———

export interface NewInfusionEvent {
  organizationId: string;
  sessionId: string;
  kind: 'start' | 'pause' | 'resume' | 'rate_change' | 'stop';
  at: Date;
  rateMlPerHour: number | null;
  volumeInfusedMl: number | null;
  reason: string | null;
  byUserId: string;
  recordedAt: Date;
}

export async function insertInfusionEvent(db: Queryable, e: NewInfusionEvent): Promise<void> {
  await kysely(db).insertInto('sessionInfusionEvents').values(e).execute();
}

export async function listInfusionEvents(db: Queryable, sessionId: string): Promise<{ kind: string; at: Date }[]> {
  return kysely(db)
    .selectFrom('sessionInfusionEvents')
    .select(['kind', 'at'])
    .where('sessionId', '=', sessionId)
    .orderBy('at')
    .orderBy('recordedAt')
    .execute();
}

export async function insertSessionEntry(
  db: Queryable,
  e: {
    organizationId: string;
    sessionId: string;
    kind: string;
    at: Date;
    content: Record<string, unknown>;
    byUserId: string;
    recordedAt: Date;
  },
): Promise<void> {
  await kysely(db)
    .insertInto('sessionEntries')
    .values({ ...e, content: JSON.stringify(e.content) })
    .execute();
}

export async function insertSessionAmendment(
  db: Queryable,
  a: { organizationId: string; sessionId: string; reason: string; text: string; byUserId: string; at: Date },
): Promise<void> {
  await kysely(db).insertInto('sessionAmendments').values(a).execute();
}

// ——— the whole record in one round trip ———

const iso = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// jsonb aggregation of every child table in one statement (no builder form for six correlated json_agg).
const recordQuery = `SELECT
  (SELECT coalesce(json_agg(json_build_object('id', v.id, 'takenAt', ${iso('v.taken_at')}, 'kind', v.kind,
      'systolicMmHg', v.systolic_mmhg, 'diastolicMmHg', v.diastolic_mmhg, 'heartRateBpm', v.heart_rate_bpm,
      'spo2Percent', v.spo2_percent, 'respiratoryRatePerMin', v.respiratory_rate_per_min, 'temperatureC', v.temperature_c,
      'onRoomAir', v.on_room_air, 'symptomatic', v.symptomatic, 'recordedBy', u.name) ORDER BY v.taken_at, v.recorded_at), '[]')
     FROM session_vitals v LEFT JOIN users u ON u.id = v.recorded_by_user_id WHERE v.session_id = $1) AS vitals,
  (SELECT coalesce(json_agg(json_build_object('id', a.id, 'vitalsId', a.vitals_id, 'level', a.level, 'vital', a.vital,
      'message', a.message, 'threshold', a.threshold, 'source', a.source, 'raisedAt', ${iso('a.raised_at')},
      'acknowledgedBy', u.name, 'acknowledgedAt', ${iso('a.acknowledged_at')}, 'acknowledgement', a.acknowledgement) ORDER BY a.raised_at, a.id), '[]')
     FROM session_alerts a LEFT JOIN users u ON u.id = a.acknowledged_by_user_id WHERE a.session_id = $1) AS alerts,
  (SELECT coalesce(json_agg(json_build_object('id', e.id, 'kind', e.kind, 'at', ${iso('e.at')},
      'rateMlPerHour', e.rate_ml_per_hour, 'volumeInfusedMl', e.volume_infused_ml, 'reason', e.reason, 'by', u.name) ORDER BY e.at, e.recorded_at), '[]')
     FROM session_infusion_events e JOIN users u ON u.id = e.by_user_id WHERE e.session_id = $1) AS events,
  (SELECT coalesce(json_agg(json_build_object('id', o.id, 'code', o.code, 'reason', o.reason, 'repeatVitalsId', o.repeat_vitals_id,
      'by', u.name, 'at', ${iso('o.at')}) ORDER BY o.at, o.id), '[]')
     FROM session_overrides o JOIN users u ON u.id = o.by_user_id WHERE o.session_id = $1) AS overrides,
  (SELECT coalesce(json_agg(json_build_object('id', e.id, 'kind', e.kind, 'at', ${iso('e.at')}, 'content', e.content, 'by', u.name)
      ORDER BY e.at, e.recorded_at), '[]')
     FROM session_entries e JOIN users u ON u.id = e.by_user_id WHERE e.session_id = $1) AS entries,
  (SELECT coalesce(json_agg(json_build_object('id', a.id, 'reason', a.reason, 'text', a.text, 'by', u.name, 'at', ${iso('a.at')})
      ORDER BY a.at, a.id), '[]')
     FROM session_amendments a JOIN users u ON u.id = a.by_user_id WHERE a.session_id = $1) AS amendments,
  (SELECT name FROM users WHERE id = $2) AS nurse,
  (SELECT name FROM users WHERE id = $3) AS cosigner,
  (SELECT name FROM users WHERE id = $4) AS orderer`;

export interface SessionRecordChildren {
  vitals: unknown[];
  alerts: unknown[];
  events: unknown[];
  overrides: unknown[];
  entries: unknown[];
  amendments: unknown[];
  nurse: string | null;
  cosigner: string | null;
  orderer: string | null;
}

export async function loadSessionChildren(
  db: Queryable,
  row: Pick<SessionRecordRow, 'id' | 'nurseSignedByUserId' | 'cosignedByUserId' | 'orderedByUserId'>,
): Promise<SessionRecordChildren> {
  const res = await db.query<SessionRecordChildren>(recordQuery, [
    row.id,
    row.nurseSignedByUserId,
    row.cosignedByUserId,
    row.orderedByUserId,
  ]);
  return res.rows[0]!;
}

// ——— Idempotency-Key of session writes ———

/** Serialises two requests with one key (the second waits for the first's answer). */
export async function lockSessionIdempotencyKey(db: Queryable, lockKey: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 15))`.execute(kysely(db));
}

export async function findSessionIdempotentResult(
  db: Queryable,
  organizationId: string,
  userId: string,
  key: string,
): Promise<{ requestHash: string; statusCode: number; response: unknown } | undefined> {
  return kysely(db)
    .selectFrom('sessionIdempotencyKeys')
    .select(['requestHash', 'statusCode', 'response'])
    .where('organizationId', '=', organizationId)
    .where('userId', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function insertSessionIdempotentResult(
  db: Queryable,
  r: {
    organizationId: string;
    userId: string;
    key: string;
    requestHash: string;
    statusCode: number;
    response: unknown;
    createdAt: Date;
  },
): Promise<void> {
  await kysely(db)
    .insertInto('sessionIdempotencyKeys')
    .values({ ...r, response: JSON.stringify(r.response) })
    .execute();
}

// ——— the board's channel ———

export const sessionBoardChannel = 'session_board';

/** A client that holds the board's LISTEN (checked out of the pool for as long as boards are open). */
export type ListenClient = pg.PoolClient;
export type BoardPool = pg.Pool;

export async function notifySessionChange(db: Queryable, payload: string): Promise<void> {
  await sql`SELECT pg_notify(${sessionBoardChannel}, ${payload})`.execute(kysely(db));
}

/** Several notices in one statement (one round trip; each is delivered as its own notification). */
export async function notifySessionChanges(db: Queryable, payloads: readonly string[]): Promise<void> {
  await db.query({
    name: 'session_board_notify_v1',
    text: 'SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p',
    values: [sessionBoardChannel, [...payloads]],
  });
}

export async function listenForSessionChanges(client: ListenClient): Promise<void> {
  await client.query(`LISTEN ${sessionBoardChannel}`);
}

export async function unlistenSessionChanges(client: ListenClient): Promise<void> {
  await client.query(`UNLISTEN ${sessionBoardChannel}`);
}

/** Whether any session of the organization exists (the demo loads its sessions once). */
export async function hasAnySession(db: Queryable, organizationId: string): Promise<boolean> {
  const row = await kysely(db)
    .selectFrom('treatmentSessions')
    .select('id')
    .where('organizationId', '=', organizationId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findPatientWeight(db: Queryable, patientId: string): Promise<string | null> {
  const row = await kysely(db).selectFrom('patients').select('weightKg').where('id', '=', patientId).executeTakeFirst();
  return row?.weightKg ?? null;
}

// ——— vials a dose can be drawn from (the controlled-substance stock, migration 0011) ———

export interface DrawableVialRow {
  id: string;
  locationId: string;
  locationName: string;
  productId: string;
  drug: string;
  form: string;
  strengthMgPerMl: number;
  number: number;
  lot: string;
  expiresOn: string;
  capacityUl: number;
  remainingUl: number;
  status: string;
}

function drawableVials(db: Queryable, organizationId: string) {
  return kysely(db)
    .selectFrom('csVials as v')
    .innerJoin('csProducts as p', 'p.id', 'v.productId')
    .innerJoin('locations as l', 'l.id', 'v.locationId')
    .select([
      'v.id',
      'v.locationId',
      'l.name as locationName',
      'v.productId',
      'p.drug',
      'p.form',
      sql<number>`p.strength_mg_per_ml::float8`.as('strengthMgPerMl'),
      'v.number',
      'v.lot',
      'v.expiresOn',
      'v.capacityUl',
      'v.remainingUl',
      'v.status',
    ])
    .where('v.organizationId', '=', organizationId);
}

/** Sealed and open vials of the given forms (at a location, or all): open ones first, then by expiry. */
export async function listDrawableVials(
  db: Queryable,
  organizationId: string,
  filter: { locationId: string | null; forms: readonly string[] },
): Promise<DrawableVialRow[]> {
  let q = drawableVials(db, organizationId)
    .where('v.status', 'in', ['sealed', 'open'])
    .where('p.form', 'in', [...filter.forms])
    .where('v.remainingUl', '>', 0);
  if (filter.locationId !== null) q = q.where('v.locationId', '=', filter.locationId);
  return q
    .orderBy(sql`v.status = 'open'`, 'desc')
    .orderBy('v.expiresOn')
    .orderBy('v.lot')
    .orderBy('v.number')
    .limit(200)
    .execute();
}

export async function findDrawableVial(
  db: Queryable,
  organizationId: string,
  vialId: string,
): Promise<DrawableVialRow | undefined> {
  return drawableVials(db, organizationId).where('v.id', '=', vialId).executeTakeFirst();
}

/** The session opened from an appointment, if any. */
export async function findSessionIdForAppointment(db: Queryable, appointmentId: string): Promise<string | undefined> {
  const row = await kysely(db)
    .selectFrom('treatmentSessions')
    .select('id')
    .where('appointmentId', '=', appointmentId)
    .executeTakeFirst();
  return row?.id;
}

// ——— the observation vitals write in one statement (decision 025) ———

let lastIdMs = 0;
let idSeq = 0;
// Random bytes drawn 4 KiB at a time: one call to the generator per 256 ids instead of one per id.
const randomPool = Buffer.alloc(4096);
let randomAt = randomPool.length;
function random16(): Buffer {
  if (randomAt + 16 > randomPool.length) {
    crypto.randomFillSync(randomPool);
    randomAt = 0;
  }
  const bytes = Buffer.from(randomPool.subarray(randomAt, randomAt + 16));
  randomAt += 16;
  return bytes;
}

/**
 * A UUIDv7 (RFC 9562) made here rather than by the database, so that a write can name its rows (and
 * answer with them) before its one statement runs. Monotonic within the process like PostgreSQL's
 * uuidv7(): the 12 bits after the millisecond count up within a millisecond, so rows made in one
 * write sort in the order they were made (the alerts of a reading are read back by raised_at, id).
 */
export function newRowId(now: number = Date.now()): string {
  if (now > lastIdMs) {
    lastIdMs = now;
    idSeq = 0;
  } else if (++idSeq > 0xfff) {
    lastIdMs += 1;
    idSeq = 0;
  }
  const bytes = random16();
  const ms = lastIdMs;
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | (idSeq >>> 8);
  bytes[7] = idSeq & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What the vitals write needs of a session, as it stood at one version (every change bumps it). */
export interface VitalsSnapshotRow {
  id: string;
  organizationId: string;
  patientId: string;
  phase: string;
  route: string;
  protocol: ClinicProtocol;
  checkedInAt: Date;
  doseStartedAt: Date | null;
  doseEndedAt: Date | null;
  signed: boolean;
  version: number;
  /** The baseline reading (fixed when the dose started), or null before it. */
  baseline: VitalSignsRow | null;
  /** The record's last reading (by taken_at, then recorded_at), if any. */
  lastTakenAt: Date | null;
  lastKind: 'pre_dose' | 'observation' | null;
  /** Unacknowledged alerts above a notice. */
  openAlerts: number;
}

export interface IdempotentResultRow {
  requestHash: string;
  statusCode: number;
  response: unknown;
}

const snapshotQuery = {
  name: 'session_vitals_snapshot_v1',
  text: `SELECT s.id, s.organization_id, s.patient_id, s.phase, s.route, pv.protocol, s.checked_in_at, s.dose_started_at,
       s.dose_ended_at, s.nurse_signed_at IS NOT NULL AS signed, s.version,
       CASE WHEN b.id IS NULL THEN NULL ELSE json_build_object('systolicMmhg', b.systolic_mmhg, 'diastolicMmhg', b.diastolic_mmhg,
         'heartRateBpm', b.heart_rate_bpm, 'spo2Percent', b.spo2_percent, 'respiratoryRatePerMin', b.respiratory_rate_per_min) END AS baseline,
       l.taken_at AS last_taken_at, l.kind AS last_kind,
       (SELECT count(*) FROM session_alerts a WHERE a.session_id = s.id AND a.acknowledged_at IS NULL AND a.level <> 'notice')::int
         AS open_alerts
     FROM treatment_sessions s
     JOIN protocol_versions pv ON pv.id = s.protocol_version_id
     LEFT JOIN session_vitals b ON b.id = s.baseline_vitals_id
     LEFT JOIN LATERAL (SELECT v.taken_at, v.kind FROM session_vitals v WHERE v.session_id = s.id
                         ORDER BY v.taken_at DESC, v.recorded_at DESC LIMIT 1) l ON true
    WHERE s.id = $1 AND s.organization_id = $2`,
};

const previousQuery = {
  name: 'session_idempotent_result_v1',
  text: `SELECT request_hash, status_code, response FROM session_idempotency_keys
    WHERE organization_id = $1 AND user_id = $2 AND key = $3`,
};

interface RawSnapshot {
  id: string;
  organization_id: string;
  patient_id: string;
  phase: string;
  route: string;
  protocol: ClinicProtocol;
  checked_in_at: Date;
  dose_started_at: Date | null;
  dose_ended_at: Date | null;
  signed: boolean;
  version: number;
  baseline: VitalSignsRow | null;
  last_taken_at: Date | null;
  last_kind: 'pre_dose' | 'observation' | null;
  open_alerts: number;
}

/**
 * The session as the vitals write needs it, and the answer already stored under the request's
 * Idempotency-Key: two reads (no transaction: the write that follows checks the version).
 */
export async function findVitalsSnapshot(
  db: Queryable,
  q: { sessionId: string; organizationId: string; userId: string; key: string },
): Promise<{ snapshot: VitalsSnapshotRow | undefined; previous: IdempotentResultRow | undefined }> {
  const session = () => db.query<RawSnapshot>({ ...snapshotQuery, values: [q.sessionId, q.organizationId] });
  const previous = () =>
    db.query<{ request_hash: string; status_code: number; response: unknown }>({
      ...previousQuery,
      values: [q.organizationId, q.userId, q.key],
    });
  // On the pool, two connections at once; on one client (a caller's transaction), one after the other.
  const [s, p] =
    db instanceof pg.Pool ? await Promise.all([session(), previous()]) : [await session(), await previous()];
  const r = s.rows[0];
  const prev = p.rows[0];
  return {
    snapshot: r && {
      id: r.id,
      organizationId: r.organization_id,
      patientId: r.patient_id,
      phase: r.phase,
      route: r.route,
      protocol: r.protocol,
      checkedInAt: r.checked_in_at,
      doseStartedAt: r.dose_started_at,
      doseEndedAt: r.dose_ended_at,
      signed: r.signed,
      version: r.version,
      baseline: r.baseline,
      lastTakenAt: r.last_taken_at,
      lastKind: r.last_kind,
      openAlerts: r.open_alerts,
    },
    previous: prev && { requestHash: prev.request_hash, statusCode: prev.status_code, response: prev.response },
  };
}

export interface ObservationVitalsWrite {
  sessionId: string;
  organizationId: string;
  /** The version the write was based on: nothing is written unless the session is still at it. */
  version: number;
  now: Date;
  vitals: Omit<NewSessionVitals, 'organizationId' | 'sessionId' | 'kind' | 'recordedAt'> & { id: string };
  alerts: readonly {
    id: string;
    level: string;
    vital: string;
    message: string;
    threshold: string;
    source: string;
  }[];
  audit: {
    actorRoles: readonly string[];
    ip: string | null;
    userAgent: string | null;
    details: Readonly<Record<string, unknown>>;
  };
  idempotency: { key: string; requestHash: string; response: unknown };
}

export type ObservationVitalsResult =
  | {
      status: 'recorded';
      patch: { recordedBy: string | null; temperatureC: number | null };
      /** True when the statement was its own commit (not part of a caller's transaction, which may roll back). */
      committed: boolean;
    }
  | { status: 'stale' }
  | { status: 'key_used' };

// The version check and bump, the reading, its alerts, the audit entry and the Idempotency-Key's answer:
// data-modifying CTEs hanging off the session's UPDATE (nothing is written when the version moved on or the
// session was signed or ended), one round trip and one commit. The stored answer gets the recorder's name and
// the temperature as the column keeps it (numeric(3,1)).
const observationVitalsStatement = `WITH bumped AS (
    UPDATE treatment_sessions SET version = version + 1, updated_at = $3
     WHERE id = $1 AND organization_id = $2 AND version = $4 AND nurse_signed_at IS NULL
       AND phase IN ('dosing', 'observation')
    RETURNING id, organization_id, patient_id, version),
  reading AS (
    INSERT INTO session_vitals (id, organization_id, session_id, taken_at, kind, systolic_mmhg, diastolic_mmhg, heart_rate_bpm,
      spo2_percent, respiratory_rate_per_min, temperature_c, on_room_air, symptomatic, recorded_by_user_id, recorded_at)
    SELECT $5::uuid, organization_id, id, $6::timestamptz, 'observation', $7::int, $8::int, $9::int, $10::int, $11::int,
           $12::numeric, $13::boolean, $14::boolean, $15::uuid, $3::timestamptz FROM bumped
    RETURNING id, temperature_c),
  raised AS (
    INSERT INTO session_alerts (id, organization_id, session_id, vitals_id, level, vital, message, threshold, source, raised_at)
    SELECT a.id, $2::uuid, $1::uuid, reading.id, a.level, a.vital, a.message, a.threshold, a.source, $3::timestamptz
      FROM reading, jsonb_to_recordset($16::jsonb) AS a(id uuid, level text, vital text, message text, threshold text, source text)),
  audited AS (
    INSERT INTO audit_log (occurred_at, organization_id, actor_user_id, actor_roles, action, resource_type, resource_id,
      patient_id, ip, user_agent, outcome, details)
    SELECT $3::timestamptz, $2::uuid, $15::uuid, $17::text[], 'sessions.vitals', 'treatment_session', $1::text,
           bumped.patient_id, $18::inet, $19::text, 'success', $20::jsonb FROM bumped),
  patch AS (
    SELECT jsonb_build_object('recordedBy', (SELECT name FROM users WHERE id = $15::uuid),
                              'temperatureC', reading.temperature_c::float8) AS patch FROM reading),
  kept AS (
    INSERT INTO session_idempotency_keys (organization_id, user_id, key, request_hash, status_code, response, created_at)
    SELECT $2::uuid, $15::uuid, $21::text, $22::text, 200,
           jsonb_set($23::jsonb, '{vitals}', ($23::jsonb -> 'vitals') || patch.patch), $3::timestamptz FROM patch)
  SELECT (SELECT patch FROM patch) AS patch`;

const observationVitalsQuery = {
  name: `session_observation_vitals_${crypto.createHash('sha1').update(observationVitalsStatement).digest('hex').slice(0, 12)}`,
  text: observationVitalsStatement,
};

// The same write for several sessions at once (decision 029): the writes come as one JSON array, each with its
// ordinal; a session appears at most once (the batcher keeps a session's writes in separate statements, so each
// checks the version the one before it left). Answers one row per write, in order; no patch where the version
// had moved on.
const observationVitalsBatchStatement = `WITH input AS MATERIALIZED (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ord int, session_id uuid, organization_id uuid, now timestamptz,
      version int, vitals_id uuid, taken_at timestamptz, systolic_mmhg int, diastolic_mmhg int, heart_rate_bpm int,
      spo2_percent int, respiratory_rate_per_min int, temperature_c numeric, on_room_air boolean, symptomatic boolean,
      user_id uuid, alerts jsonb, actor_roles text[], ip inet, user_agent text, details jsonb, key text,
      request_hash text, response jsonb)),
  bumped AS (
    UPDATE treatment_sessions s SET version = s.version + 1, updated_at = input.now
      FROM input
     WHERE s.id = input.session_id AND s.organization_id = input.organization_id AND s.version = input.version
       AND s.nurse_signed_at IS NULL AND s.phase IN ('dosing', 'observation')
    RETURNING input.ord, s.id, s.organization_id, s.patient_id),
  reading AS (
    INSERT INTO session_vitals (id, organization_id, session_id, taken_at, kind, systolic_mmhg, diastolic_mmhg, heart_rate_bpm,
      spo2_percent, respiratory_rate_per_min, temperature_c, on_room_air, symptomatic, recorded_by_user_id, recorded_at)
    SELECT input.vitals_id, bumped.organization_id, bumped.id, input.taken_at, 'observation', input.systolic_mmhg,
           input.diastolic_mmhg, input.heart_rate_bpm, input.spo2_percent, input.respiratory_rate_per_min,
           input.temperature_c, input.on_room_air, input.symptomatic, input.user_id, input.now
      FROM input JOIN bumped USING (ord) ORDER BY input.ord
    RETURNING id, temperature_c),
  raised AS (
    INSERT INTO session_alerts (id, organization_id, session_id, vitals_id, level, vital, message, threshold, source, raised_at)
    SELECT a.id, bumped.organization_id, bumped.id, input.vitals_id, a.level, a.vital, a.message, a.threshold, a.source, input.now
      FROM input JOIN bumped USING (ord),
           jsonb_to_recordset(input.alerts) AS a(id uuid, level text, vital text, message text, threshold text, source text)),
  audited AS (
    INSERT INTO audit_log (occurred_at, organization_id, actor_user_id, actor_roles, action, resource_type, resource_id,
      patient_id, ip, user_agent, outcome, details)
    SELECT input.now, input.organization_id, input.user_id, input.actor_roles, 'sessions.vitals', 'treatment_session',
           input.session_id::text, bumped.patient_id, input.ip, input.user_agent, 'success', input.details
      FROM input JOIN bumped USING (ord) ORDER BY input.ord),
  patch AS (
    SELECT input.ord, jsonb_build_object('recordedBy', u.name, 'temperatureC', reading.temperature_c::float8) AS patch
      FROM input JOIN reading ON reading.id = input.vitals_id LEFT JOIN users u ON u.id = input.user_id),
  kept AS (
    INSERT INTO session_idempotency_keys (organization_id, user_id, key, request_hash, status_code, response, created_at)
    SELECT input.organization_id, input.user_id, input.key, input.request_hash, 200,
           jsonb_set(input.response, '{vitals}', (input.response -> 'vitals') || patch.patch), input.now
      FROM input JOIN patch USING (ord))
  SELECT input.ord, patch.patch FROM input LEFT JOIN patch USING (ord) ORDER BY input.ord`;

const observationVitalsBatchQuery = {
  name: `session_observation_vitals_batch_${crypto.createHash('sha1').update(observationVitalsBatchStatement).digest('hex').slice(0, 12)}`,
  text: observationVitalsBatchStatement,
};

type Patch = { recordedBy: string | null; temperatureC: number | null };
type Outcome = { status: 'recorded'; patch: Patch } | { status: 'stale' } | { status: 'key_used' };

const observationBatchers = new WeakMap<pg.Pool, StatementBatcher<ObservationVitalsWrite, Outcome>>();

function observationBatcher(pool: pg.Pool): StatementBatcher<ObservationVitalsWrite, Outcome> {
  let batcher = observationBatchers.get(pool);
  if (!batcher) {
    batcher = new StatementBatcher<ObservationVitalsWrite, Outcome>(
      async (writes) => {
        // Alone, the single statement is cheaper for PostgreSQL than the JSON form.
        if (writes.length === 1) return [await observationVitalsOne(pool, writes[0]!)];
        const res = await pool.query<{ ord: number; patch: Patch | null }>({
          ...observationVitalsBatchQuery,
          values: [JSON.stringify(writes.map(batchRow))],
        });
        return writes.map((_, ord) => {
          const patch = res.rows[ord]?.patch;
          return patch ? { status: 'recorded', patch } : { status: 'stale' };
        });
      },
      // A session's writes never share a statement: each must see the version the one before it left.
      { maxBatch: 64, maxInFlight: 1, conflictKey: (w) => w.sessionId },
    );
    observationBatchers.set(pool, batcher);
  }
  return batcher;
}

function batchRow(w: ObservationVitalsWrite, ord: number): Record<string, unknown> {
  const v = w.vitals;
  return {
    ord,
    session_id: w.sessionId,
    organization_id: w.organizationId,
    now: w.now,
    version: w.version,
    vitals_id: v.id,
    taken_at: v.takenAt,
    systolic_mmhg: v.systolicMmhg,
    diastolic_mmhg: v.diastolicMmhg,
    heart_rate_bpm: v.heartRateBpm,
    spo2_percent: v.spo2Percent,
    respiratory_rate_per_min: v.respiratoryRatePerMin,
    temperature_c: v.temperatureC,
    on_room_air: v.onRoomAir,
    symptomatic: v.symptomatic,
    user_id: v.recordedByUserId,
    alerts: w.alerts,
    actor_roles: w.audit.actorRoles,
    ip: w.audit.ip,
    user_agent: w.audit.userAgent?.slice(0, 500) ?? null,
    details: w.audit.details,
    key: w.idempotency.key,
    request_hash: w.idempotency.requestHash,
    response: w.idempotency.response,
  };
}

/**
 * The observation-phase vitals write, in one statement (see above). Outside a transaction, writes to
 * different sessions that arrive together share one statement and one commit (decision 029).
 */
export async function recordObservationVitals(
  db: Queryable,
  w: ObservationVitalsWrite,
): Promise<ObservationVitalsResult> {
  if (db instanceof pg.Pool) {
    const outcome = await observationBatcher(db).submit(w);
    return outcome.status === 'recorded' ? { ...outcome, committed: true } : outcome;
  }
  const outcome = await observationVitalsOne(db, w);
  return outcome.status === 'recorded' ? { ...outcome, committed: false } : outcome;
}

async function observationVitalsOne(db: Queryable, w: ObservationVitalsWrite): Promise<Outcome> {
  const v = w.vitals;
  try {
    const res = await db.query<{ patch: { recordedBy: string | null; temperatureC: number | null } | null }>({
      ...observationVitalsQuery,
      values: [
        w.sessionId,
        w.organizationId,
        w.now,
        w.version,
        v.id,
        v.takenAt,
        v.systolicMmhg,
        v.diastolicMmhg,
        v.heartRateBpm,
        v.spo2Percent,
        v.respiratoryRatePerMin,
        v.temperatureC,
        v.onRoomAir,
        v.symptomatic,
        v.recordedByUserId,
        JSON.stringify(w.alerts),
        [...w.audit.actorRoles],
        w.audit.ip,
        w.audit.userAgent?.slice(0, 500) ?? null,
        JSON.stringify(w.audit.details),
        w.idempotency.key,
        w.idempotency.requestHash,
        JSON.stringify(w.idempotency.response),
      ],
    });
    const patch = res.rows[0]?.patch;
    return patch ? { status: 'recorded', patch } : { status: 'stale' };
  } catch (error) {
    // The key was used already (by this request's twin, or another): nothing of this statement was written.
    if (
      (error as { code?: string; constraint?: string }).code === '23505' &&
      (error as { constraint?: string }).constraint === 'session_idempotency_keys_pkey'
    )
      return { status: 'key_used' };
    throw error;
  }
}

/**
 * Idempotency-Key answers stored before `before`, removed a slice at a time (short transactions beside the
 * clinic's writes); the number removed. A retry comes within minutes or, from a tablet that was offline,
 * within days: a key's answer is not needed for long, and it holds a copy of what the write returned.
 */
export async function pruneIdempotencyKeys(db: Queryable, before: Date, slice = 5000): Promise<number> {
  let removed = 0;
  for (;;) {
    const res = await db.query(
      `DELETE FROM session_idempotency_keys WHERE ctid = ANY (ARRAY(
         SELECT ctid FROM session_idempotency_keys WHERE created_at < $1 LIMIT $2))`,
      [before, slice],
    );
    removed += res.rowCount ?? 0;
    if ((res.rowCount ?? 0) < slice) return removed;
  }
}
