import { DomainError } from '../../domain/errors.js';
import { can, type Principal } from '../../domain/permissions/index.js';
import type { ClinicProtocol } from '../../domain/protocol/index.js';
import type { PartialVitalSigns } from '../../domain/session/index.js';
import type { AppContext, Queryable } from '../context.js';
import { vitalsDue, type GateResult } from './clinical-rules.js';

/**
 * Reading a treatment session: the row, its record rows, and the view staff see. A coordinator sees the
 * session's place in the day (patient, phase, chair, times) and nothing clinical (DESIGN.md "People").
 */
export type Phase = 'checked_in' | 'pre_checks' | 'dosing' | 'observation' | 'discharged' | 'ended_without_dose';
export type BoardPhase =
  'checked_in' | 'pre_checks' | 'dosing' | 'observation' | 'ready_for_discharge' | 'discharged' | 'ended_without_dose';

export const boardPhaseLabels: Readonly<Record<BoardPhase, string>> = {
  checked_in: 'Checked in',
  pre_checks: 'Pre-checks',
  dosing: 'Dosing',
  observation: 'Observation',
  ready_for_discharge: 'Ready for discharge',
  discharged: 'Discharged',
  ended_without_dose: 'Ended without a dose',
};

export interface Prechecks {
  companion: { name: string; phone: string } | null;
  fastingAttested: boolean;
  pregnancyTest: 'not_applicable' | 'negative' | 'positive' | 'not_done';
  medicationChanges: { reviewed: boolean; changes: string };
  weightKg: number | null;
}

export interface DoseOrder {
  mgPerKg: number;
  titrated: boolean;
  weightKg: number;
  basis: 'actual' | 'ideal' | 'adjusted';
  dosingWeightKg: number;
  concentrationMgPerMl: number;
  drugVolumeMl: number;
  doseMg: number;
  deliveredMgIfGivenInFull: number;
  iv: {
    infusionMinutes: number;
    diluent: 'sodium_chloride_0_9' | 'dextrose_5';
    finalVolumeMl: number;
    pumpRateMlPerHour: number;
    mgPerKgPerHour: number;
  } | null;
  im: { site: string } | null;
  limitCheck:
    { status: 'ok' } | { status: 'override_required'; limits: { limit: string; allowed: number; requested: number }[] };
  rounding: { exactMl: number; roundedMl: number; deltaMl: number; stepMl: number };
  vial: { lotNumber: string; expiryDate: string } | null;
}

export interface Delivered {
  mg: number;
  mgPerKg: number;
  drugVolumeMl: number;
  volumeInfusedMl: number | null;
}

export interface SessionRow {
  id: string;
  organization_id: string;
  patient_id: string;
  plan_id: string;
  protocol_version_id: string;
  protocol: ClinicProtocol;
  appointment_id: string | null;
  location_id: string | null;
  chair: string | null;
  route: 'IV' | 'IM';
  dose_number: number | null;
  clinic_date: string;
  phase: Phase;
  checked_in_at: Date;
  checked_in_by_user_id: string | null;
  prechecks: Prechecks | null;
  gate: GateResult | null;
  dose_order: DoseOrder | null;
  dose_override_reason: string | null;
  ordered_by_user_id: string | null;
  ordered_at: Date | null;
  baseline_vitals_id: string | null;
  dose_started_at: Date | null;
  dose_ended_at: Date | null;
  delivered: Delivered | null;
  discharge: DischargeRecord | null;
  discharged_at: Date | null;
  ended_reason: string | null;
  nurse_signed_by_user_id: string | null;
  nurse_signed_at: Date | null;
  cosigned_by_user_id: string | null;
  cosigned_at: Date | null;
  version: number;
  given_name: string;
  family_name: string;
  mrn: string;
}

export interface DischargeRecord {
  speechAtBaseline: boolean;
  awarenessAtBaseline: boolean;
  purposefulMovement: boolean;
  companionPresent: boolean;
  collectedBy: string;
  aftercareGiven: boolean;
  dischargedBy: string;
}

export interface VitalsView {
  id: string;
  takenAt: string;
  kind: 'pre_dose' | 'observation';
  systolicMmHg: number | null;
  diastolicMmHg: number | null;
  heartRateBpm: number | null;
  spo2Percent: number | null;
  respiratoryRatePerMin: number | null;
  temperatureC: number | null;
  onRoomAir: boolean;
  symptomatic: boolean;
  recordedBy: string | null;
}

export interface AlertView {
  id: string;
  vitalsId: string;
  level: 'notice' | 'alert' | 'stop';
  vital: string;
  message: string;
  threshold: string;
  source: string;
  raisedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  acknowledgement: string | null;
}

export interface SessionView {
  id: string;
  patient: { id: string; name: string; mrn: string };
  planId: string;
  appointmentId: string | null;
  locationId: string | null;
  chair: string | null;
  route: 'IV' | 'IM';
  doseNumber: number | null;
  clinicDate: string;
  phase: Phase;
  boardPhase: BoardPhase;
  boardPhaseLabel: string;
  checkedInAt: string;
  minutesElapsed: number;
  minutesSinceDose: number | null;
  /** False for a coordinator: the clinical fields below are then empty. */
  clinical: boolean;
  prechecks: Prechecks | null;
  gate: GateResult | null;
  order: DoseOrder | null;
  doseOverrideReason: string | null;
  orderedBy: string | null;
  doseStartedAt: string | null;
  doseEndedAt: string | null;
  delivered: Delivered | null;
  infusion: {
    state: 'not_started' | 'running' | 'paused' | 'stopped';
    rateMlPerHour: number | null;
    events: {
      id: string;
      kind: string;
      at: string;
      rateMlPerHour: number | null;
      volumeInfusedMl: number | null;
      reason: string | null;
      by: string;
    }[];
  } | null;
  baselineVitalsId: string | null;
  vitals: VitalsView[];
  lastVitals: VitalsView | null;
  nextVitalsDue: { dueAt: string; intervalMinutes: number; overdue: boolean; minutesOverdue: number } | null;
  alerts: AlertView[];
  openAlerts: number;
  overrides: { id: string; code: string; reason: string; repeatVitalsId: string | null; by: string; at: string }[];
  entries: { id: string; kind: string; at: string; content: Record<string, unknown>; by: string }[];
  discharge: DischargeRecord | null;
  dischargedAt: string | null;
  endedReason: string | null;
  nurseSignature: { by: string; at: string } | null;
  prescriberSignature: { by: string; at: string } | null;
  amendments: { id: string; reason: string; text: string; by: string; at: string }[];
  version: number;
}

export const sessionSelect = `SELECT s.*, pv.protocol, p.given_name, p.family_name, p.mrn, to_char(s.clinic_date, 'YYYY-MM-DD') AS clinic_date
  FROM treatment_sessions s JOIN protocol_versions pv ON pv.id = s.protocol_version_id JOIN patients p ON p.id = s.patient_id`;

export const sessionNotFound = (): DomainError => new DomainError('not_found', 'No such treatment session.');

export async function loadSessionRow(
  tx: AppContext,
  principal: Principal,
  id: string,
  forUpdate = false,
): Promise<SessionRow> {
  const res = await tx.db.query<SessionRow>(
    `${sessionSelect} WHERE s.id = $1 AND s.organization_id = $2${forUpdate ? ' FOR UPDATE OF s' : ''}`,
    [id, principal.organizationId],
  );
  if (!res.rows[0]) throw sessionNotFound();
  return res.rows[0];
}

interface VitalsRow {
  id: string;
  session_id: string;
  taken_at: Date;
  kind: 'pre_dose' | 'observation';
  systolic_mmhg: number | null;
  diastolic_mmhg: number | null;
  heart_rate_bpm: number | null;
  spo2_percent: number | null;
  respiratory_rate_per_min: number | null;
  temperature_c: string | null;
  on_room_air: boolean;
  symptomatic: boolean;
  recorded_by: string | null;
}

const toVitals = (r: VitalsRow): VitalsView => ({
  id: r.id,
  takenAt: r.taken_at.toISOString(),
  kind: r.kind,
  systolicMmHg: r.systolic_mmhg,
  diastolicMmHg: r.diastolic_mmhg,
  heartRateBpm: r.heart_rate_bpm,
  spo2Percent: r.spo2_percent,
  respiratoryRatePerMin: r.respiratory_rate_per_min,
  temperatureC: r.temperature_c === null ? null : Number(r.temperature_c),
  onRoomAir: r.on_room_air,
  symptomatic: r.symptomatic,
  recordedBy: r.recorded_by,
});

export function vitalSigns(v: VitalsView | undefined): PartialVitalSigns | undefined {
  if (!v) return undefined;
  const out: { -readonly [K in keyof PartialVitalSigns]: number } = {};
  if (v.systolicMmHg !== null) out.systolicMmHg = v.systolicMmHg;
  if (v.diastolicMmHg !== null) out.diastolicMmHg = v.diastolicMmHg;
  if (v.heartRateBpm !== null) out.heartRateBpm = v.heartRateBpm;
  if (v.spo2Percent !== null) out.spo2Percent = v.spo2Percent;
  if (v.respiratoryRatePerMin !== null) out.respiratoryRatePerMin = v.respiratoryRatePerMin;
  return out;
}

export async function sessionVitals(db: Queryable, sessionIds: readonly string[]): Promise<Map<string, VitalsView[]>> {
  const res = await db.query<VitalsRow>(
    `SELECT v.*, u.name AS recorded_by FROM session_vitals v LEFT JOIN users u ON u.id = v.recorded_by_user_id
      WHERE v.session_id = ANY($1::uuid[]) ORDER BY v.taken_at, v.recorded_at`,
    [[...sessionIds]],
  );
  const map = new Map<string, VitalsView[]>();
  for (const r of res.rows) map.set(r.session_id, [...(map.get(r.session_id) ?? []), toVitals(r)]);
  return map;
}

interface AlertRow {
  id: string;
  session_id: string;
  vitals_id: string;
  level: AlertView['level'];
  vital: string;
  message: string;
  threshold: string;
  source: string;
  raised_at: Date;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  acknowledgement: string | null;
}

export async function sessionAlerts(db: Queryable, sessionIds: readonly string[]): Promise<Map<string, AlertView[]>> {
  const res = await db.query<AlertRow>(
    `SELECT a.*, u.name AS acknowledged_by FROM session_alerts a LEFT JOIN users u ON u.id = a.acknowledged_by_user_id
      WHERE a.session_id = ANY($1::uuid[]) ORDER BY a.raised_at, a.id`,
    [[...sessionIds]],
  );
  const map = new Map<string, AlertView[]>();
  for (const r of res.rows) {
    const view: AlertView = {
      id: r.id,
      vitalsId: r.vitals_id,
      level: r.level,
      vital: r.vital,
      message: r.message,
      threshold: r.threshold,
      source: r.source,
      raisedAt: r.raised_at.toISOString(),
      acknowledgedBy: r.acknowledged_by,
      acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
      acknowledgement: r.acknowledgement,
    };
    map.set(r.session_id, [...(map.get(r.session_id) ?? []), view]);
  }
  return map;
}

const minutesBetween = (from: Date, to: Date): number =>
  Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));

/** The board phase: "ready for discharge" once the recovery time has passed after the end of the dose. */
export function boardPhase(
  row: Pick<SessionRow, 'phase' | 'dose_ended_at' | 'route' | 'protocol'>,
  now: Date,
): BoardPhase {
  if (row.phase === 'observation' && row.dose_ended_at) {
    const earliest = row.dose_ended_at.getTime() + row.protocol.recoveryMinutes[row.route] * 60_000;
    if (now.getTime() >= earliest) return 'ready_for_discharge';
  }
  return row.phase;
}

/** The summary every viewer of the board sees, and the clinical detail for clinical staff. */
export function summarize(
  row: SessionRow,
  vitals: readonly VitalsView[],
  alerts: readonly AlertView[],
  principal: Principal,
  now: Date,
  options: { board?: boolean } = {},
): SessionView {
  const clinical = can(principal, 'sessions.record') || can(principal, 'sessions.sign');
  const phase = boardPhase(row, now);
  const last = vitals.at(-1) ?? null;
  let due: SessionView['nextVitalsDue'] = null;
  if ((row.phase === 'dosing' || row.phase === 'observation') && row.dose_started_at) {
    const d = vitalsDue(
      {
        phase: row.phase,
        doseStartAt: row.dose_started_at,
        doseEndAt: row.dose_ended_at,
        lastReadingAt: last && last.kind === 'observation' ? new Date(last.takenAt) : undefined,
      },
      now,
      row.protocol,
    );
    due = {
      dueAt: d.dueAt.toISOString(),
      intervalMinutes: d.intervalMinutes,
      overdue: d.overdue,
      minutesOverdue: d.minutesOverdue,
    };
  }
  const open = alerts.filter((a) => a.acknowledgedAt === null && a.level !== 'notice').length;
  return {
    id: row.id,
    patient: { id: row.patient_id, name: `${row.given_name} ${row.family_name}`, mrn: row.mrn },
    planId: row.plan_id,
    appointmentId: row.appointment_id,
    locationId: row.location_id,
    chair: row.chair,
    route: row.route,
    doseNumber: row.dose_number,
    clinicDate: row.clinic_date,
    phase: row.phase,
    boardPhase: phase,
    boardPhaseLabel: boardPhaseLabels[phase],
    checkedInAt: row.checked_in_at.toISOString(),
    minutesElapsed: minutesBetween(row.checked_in_at, row.discharged_at ?? now),
    minutesSinceDose: row.dose_started_at ? minutesBetween(row.dose_started_at, row.discharged_at ?? now) : null,
    clinical,
    prechecks: clinical ? row.prechecks : null,
    gate: clinical ? row.gate : null,
    order: clinical ? row.dose_order : null,
    doseOverrideReason: clinical ? row.dose_override_reason : null,
    orderedBy: null,
    doseStartedAt: row.dose_started_at?.toISOString() ?? null,
    doseEndedAt: row.dose_ended_at?.toISOString() ?? null,
    delivered: clinical ? row.delivered : null,
    infusion: null,
    baselineVitalsId: clinical ? row.baseline_vitals_id : null,
    // The board carries the latest reading and the open alerts; the session page reads the whole record.
    vitals: clinical && !options.board ? [...vitals] : [],
    lastVitals: clinical ? last : null,
    nextVitalsDue: clinical ? due : null,
    alerts: clinical ? alerts.filter((a) => !options.board || a.acknowledgedAt === null) : [],
    openAlerts: clinical ? open : 0,
    overrides: [],
    entries: [],
    discharge: clinical ? row.discharge : null,
    dischargedAt: row.discharged_at?.toISOString() ?? null,
    endedReason: clinical ? row.ended_reason : null,
    nurseSignature: null,
    prescriberSignature: null,
    amendments: [],
    version: row.version,
  };
}

const iso = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// The session's record rows as JSON, in one round trip (a write answers the whole record).
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

interface RecordRow {
  vitals: VitalsView[];
  alerts: AlertView[];
  events: {
    id: string;
    kind: string;
    at: string;
    rateMlPerHour: number | null;
    volumeInfusedMl: number | null;
    reason: string | null;
    by: string;
  }[];
  overrides: SessionView['overrides'];
  entries: SessionView['entries'];
  amendments: SessionView['amendments'];
  nurse: string | null;
  cosigner: string | null;
  orderer: string | null;
}

/** The whole session record (clinical staff) or its place in the day (coordinator). */
export async function sessionView(tx: AppContext, principal: Principal, row: SessionRow): Promise<SessionView> {
  const res = await tx.db.query<RecordRow>(recordQuery, [
    row.id,
    row.nurse_signed_by_user_id,
    row.cosigned_by_user_id,
    row.ordered_by_user_id,
  ]);
  const r = res.rows[0]!;
  const view = summarize(row, r.vitals, r.alerts, principal, tx.now);
  view.nurseSignature = r.nurse && row.nurse_signed_at ? { by: r.nurse, at: row.nurse_signed_at.toISOString() } : null;
  view.prescriberSignature =
    r.cosigner && row.cosigned_at ? { by: r.cosigner, at: row.cosigned_at.toISOString() } : null;
  if (!view.clinical) return view;
  view.orderedBy = r.orderer;
  if (row.route === 'IV') view.infusion = { ...infusionState(r.events), events: r.events };
  view.overrides = r.overrides;
  view.entries = r.entries;
  view.amendments = r.amendments;
  return view;
}

export function infusionState(events: readonly { kind: string; rateMlPerHour: number | null }[]): {
  state: 'not_started' | 'running' | 'paused' | 'stopped';
  rateMlPerHour: number | null;
} {
  let state: 'not_started' | 'running' | 'paused' | 'stopped' = 'not_started';
  let rate: number | null = null;
  for (const e of events) {
    if (e.kind === 'start' || e.kind === 'resume') state = 'running';
    if (e.kind === 'pause') state = 'paused';
    if (e.kind === 'stop') state = 'stopped';
    if (e.rateMlPerHour !== null) rate = e.rateMlPerHour;
  }
  return { state, rateMlPerHour: rate };
}
