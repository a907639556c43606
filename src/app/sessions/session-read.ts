import { DomainError } from '../../domain/errors.js';
import { can, type Principal } from '../../domain/permissions/index.js';
import { bagRemainder, type PartialVitalSigns } from '../../domain/session/index.js';
import type { AppContext, Queryable } from '../context.js';
import {
  findDrawableVial,
  findSessionRow,
  listSessionAlerts,
  listSessionVitals,
  loadSessionChildren,
  type SessionRecordRow,
  type SessionVitalsRow,
} from '../../db/repositories/treatment-sessions.js';
import {
  remsCompleteness,
  remsObservationEndsAt,
  type RemsCheckItem,
  type RemsItem,
} from '../../domain/session/esketamine-rems.js';
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

export type Prechecks = {
  companion: { name: string; phone: string } | null;
  fastingAttested: boolean;
  pregnancyTest: 'not_applicable' | 'negative' | 'positive' | 'not_done';
  medicationChanges: { reviewed: boolean; changes: string };
  weightKg: number | null;
};

export type DoseOrder = {
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
  /** The vial the dose is drawn from (its lot, expiry and strength), and the ledger entries of the draw. */
  vial: {
    vialId: string;
    vialNumber: number;
    drug: string;
    lotNumber: string;
    expiryDate: string;
    strengthMgPerMl: number;
    /** The ledger's administration entry, once the dose was drawn. */
    ledgerEntryId: string | null;
    waste: { ledgerEntryId: string; volumeMl: number; reason: string; witness: string; at: string }[];
    /**
     * What was drawn into the IV bag and not infused (the infusion stopped early), wasted with a witness:
     * the register's waste entry and the correction of the administration (decision 028).
     */
    bagWaste?: BagWasteRecord | null;
  } | null;
  /** Esketamine (route IN): the dose in mg and each 28 mg device drawn from the ledger (decision 019). */
  esketamine?: EsketamineOrder | null;
};

export type BagWasteRecord = {
  ledgerEntryId: string;
  correctionEntryId: string;
  volumeMl: number;
  mg: number;
  reason: string;
  witness: string;
  at: string;
};

export type EsketamineOrder = {
  doseMg: number;
  devices: {
    vialId: string;
    vialNumber: number;
    drug: string;
    lotNumber: string;
    expiryDate: string;
    volumeMl: number;
    /** The ledger's administration entry for this device, once given. */
    ledgerEntryId: string | null;
  }[];
};

/** The esketamine REMS checklist of a session (route IN): each check with its due time, and what is missing. */
export type RemsView = {
  complete: boolean;
  observationEndsAt: string | null;
  checks: { item: RemsCheckItem; dueAt: string | null; done: boolean }[];
  missing: { item: RemsItem; message: string }[];
};

export type Delivered = {
  mg: number;
  mgPerKg: number;
  drugVolumeMl: number;
  volumeInfusedMl: number | null;
};

/** The session row as the use-cases read it (the stored jsonb documents typed). */
export type SessionRow = Omit<
  SessionRecordRow,
  'route' | 'phase' | 'prechecks' | 'gate' | 'doseOrder' | 'delivered' | 'discharge'
> & {
  route: 'IV' | 'IM' | 'IN';
  phase: Phase;
  prechecks: Prechecks | null;
  gate: GateResult | null;
  doseOrder: DoseOrder | null;
  delivered: Delivered | null;
  discharge: DischargeRecord | null;
};

export type DischargeRecord = {
  speechAtBaseline: boolean;
  awarenessAtBaseline: boolean;
  purposefulMovement: boolean;
  companionPresent: boolean;
  collectedBy: string;
  aftercareGiven: boolean;
  dischargedBy: string;
};

export type VitalsView = {
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
};

export type AlertView = {
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
};

export type SessionView = {
  id: string;
  patient: { id: string; name: string; mrn: string };
  planId: string;
  appointmentId: string | null;
  locationId: string | null;
  chair: string | null;
  route: 'IV' | 'IM' | 'IN';
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
  /** Esketamine sessions only (clinical staff): the REMS checklist; null otherwise. */
  rems: RemsView | null;
  /**
   * What is still in the dose's vial after the draw (clinical staff, unsigned record): it is wasted with a
   * witness before the nurse signs (CLINICAL.md §6). Null when the vial is empty or no vial was drawn.
   */
  vialRemainder: VialRemainder | null;
  /**
   * The drug drawn into the IV bag and not infused when the infusion stopped early (clinical staff,
   * unsigned record, until wasted): wasted with a witness before the nurse signs (decision 028).
   */
  bagRemainder: BagRemainderView | null;
  version: number;
};

export interface BagRemainderView {
  vialId: string;
  lotNumber: string;
  vialNumber: number;
  concentrationMgPerMl: number;
  drawnMl: number;
  drawnMg: number;
  deliveredMg: number;
  volumeInfusedMl: number;
  finalVolumeMl: number;
  /** mL of undiluted drug (at the vial's concentration) and its mg still in the bag. */
  remainingMl: number;
  remainingMg: number;
}

export interface VialRemainder {
  vialId: string;
  lotNumber: string;
  vialNumber: number;
  remainingMl: number;
}

export const sessionNotFound = (): DomainError => new DomainError('not_found', 'No such treatment session.');

/** The row's stored documents as the use-cases wrote them (one place where jsonb meets its type). */
export const asSessionRow = (r: SessionRecordRow): SessionRow => r as SessionRow;

export async function loadSessionRow(
  tx: AppContext,
  principal: Principal,
  id: string,
  forUpdate = false,
): Promise<SessionRow> {
  const row = await findSessionRow(tx.db, principal.organizationId, id, forUpdate);
  if (!row) throw sessionNotFound();
  return asSessionRow(row);
}

const toVitals = (r: SessionVitalsRow): VitalsView => ({
  id: r.id,
  takenAt: r.takenAt.toISOString(),
  kind: r.kind,
  systolicMmHg: r.systolicMmhg,
  diastolicMmHg: r.diastolicMmhg,
  heartRateBpm: r.heartRateBpm,
  spo2Percent: r.spo2Percent,
  respiratoryRatePerMin: r.respiratoryRatePerMin,
  temperatureC: r.temperatureC === null ? null : Number(r.temperatureC),
  onRoomAir: r.onRoomAir,
  symptomatic: r.symptomatic,
  recordedBy: r.recordedBy,
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

/**
 * The pre-dose picture the gate reads: each vital as last measured (the readings in the order taken). A
 * prescriber's repeat blood pressure, taken alone, updates the pressure and keeps the heart rate, SpO2 and
 * respiratory rate of the full set before it; nothing is invented where nothing was measured.
 */
export function latestOfEachVital(readings: readonly VitalsView[]): PartialVitalSigns | undefined {
  if (readings.length === 0) return undefined;
  return readings.reduce<PartialVitalSigns>((acc, v) => ({ ...acc, ...vitalSigns(v) }), {});
}

/** The reading a dose is measured against: the last full set before it (a lone repeat pressure is not one). */
export function baselineReading(preDose: readonly VitalsView[]): VitalsView | undefined {
  const full = (v: VitalsView): boolean =>
    v.systolicMmHg !== null &&
    v.diastolicMmHg !== null &&
    v.heartRateBpm !== null &&
    v.spo2Percent !== null &&
    v.respiratoryRatePerMin !== null;
  return preDose.findLast(full) ?? preDose.at(-1);
}

export async function sessionVitals(db: Queryable, sessionIds: readonly string[]): Promise<Map<string, VitalsView[]>> {
  const map = new Map<string, VitalsView[]>();
  for (const r of await listSessionVitals(db, sessionIds))
    map.set(r.sessionId, [...(map.get(r.sessionId) ?? []), toVitals(r)]);
  return map;
}

export async function sessionAlerts(db: Queryable, sessionIds: readonly string[]): Promise<Map<string, AlertView[]>> {
  const map = new Map<string, AlertView[]>();
  for (const r of await listSessionAlerts(db, sessionIds)) {
    const view: AlertView = {
      id: r.id,
      vitalsId: r.vitalsId,
      level: r.level,
      vital: r.vital,
      message: r.message,
      threshold: r.threshold,
      source: r.source,
      raisedAt: r.raisedAt.toISOString(),
      acknowledgedBy: r.acknowledgedBy,
      acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
      acknowledgement: r.acknowledgement,
    };
    map.set(r.sessionId, [...(map.get(r.sessionId) ?? []), view]);
  }
  return map;
}

const minutesBetween = (from: Date, to: Date): number =>
  Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));

/** The board phase: "ready for discharge" once the recovery time has passed after the end of the dose. */
export function boardPhase(
  row: Pick<SessionRow, 'phase' | 'doseStartedAt' | 'doseEndedAt' | 'route' | 'protocol'>,
  now: Date,
): BoardPhase {
  if (row.phase === 'observation' && row.doseEndedAt) {
    // Esketamine: the REMS 2 hours from the dose (the rest of the checklist is on the session page).
    const earliest =
      row.route === 'IN'
        ? remsObservationEndsAt(row.doseStartedAt ?? row.doseEndedAt).getTime()
        : row.doseEndedAt.getTime() + row.protocol.recoveryMinutes[row.route] * 60_000;
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
  if ((row.phase === 'dosing' || row.phase === 'observation') && row.doseStartedAt) {
    const d = vitalsDue(
      {
        phase: row.phase,
        doseStartAt: row.doseStartedAt,
        doseEndAt: row.doseEndedAt,
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
    patient: { id: row.patientId, name: `${row.givenName} ${row.familyName}`, mrn: row.mrn },
    planId: row.planId,
    appointmentId: row.appointmentId,
    locationId: row.locationId,
    chair: row.chair,
    route: row.route,
    doseNumber: row.doseNumber,
    clinicDate: row.clinicDate,
    phase: row.phase,
    boardPhase: phase,
    boardPhaseLabel: boardPhaseLabels[phase],
    checkedInAt: row.checkedInAt.toISOString(),
    minutesElapsed: minutesBetween(row.checkedInAt, row.dischargedAt ?? now),
    minutesSinceDose: row.doseStartedAt ? minutesBetween(row.doseStartedAt, row.dischargedAt ?? now) : null,
    clinical,
    prechecks: clinical ? row.prechecks : null,
    gate: clinical ? row.gate : null,
    order: clinical ? row.doseOrder : null,
    doseOverrideReason: clinical ? row.doseOverrideReason : null,
    orderedBy: null,
    doseStartedAt: row.doseStartedAt?.toISOString() ?? null,
    doseEndedAt: row.doseEndedAt?.toISOString() ?? null,
    delivered: clinical ? row.delivered : null,
    infusion: null,
    baselineVitalsId: clinical ? row.baselineVitalsId : null,
    // The board carries the latest reading and the open alerts; the session page reads the whole record.
    vitals: clinical && !options.board ? [...vitals] : [],
    lastVitals: clinical ? last : null,
    nextVitalsDue: clinical ? due : null,
    alerts: clinical ? alerts.filter((a) => !options.board || a.acknowledgedAt === null) : [],
    openAlerts: clinical ? open : 0,
    overrides: [],
    entries: [],
    discharge: clinical ? row.discharge : null,
    dischargedAt: row.dischargedAt?.toISOString() ?? null,
    endedReason: clinical ? row.endedReason : null,
    nurseSignature: null,
    prescriberSignature: null,
    amendments: [],
    rems: null,
    vialRemainder: null,
    bagRemainder: null,
    version: row.version,
  };
}

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
  const r = (await loadSessionChildren(tx.db, row)) as RecordRow;
  const view = summarize(row, r.vitals, r.alerts, principal, tx.now);
  view.nurseSignature = r.nurse && row.nurseSignedAt ? { by: r.nurse, at: row.nurseSignedAt.toISOString() } : null;
  view.prescriberSignature = r.cosigner && row.cosignedAt ? { by: r.cosigner, at: row.cosignedAt.toISOString() } : null;
  if (!view.clinical) return view;
  view.orderedBy = r.orderer;
  if (row.route === 'IV') view.infusion = { ...infusionState(r.events), events: r.events };
  view.overrides = r.overrides;
  view.entries = r.entries;
  view.amendments = r.amendments;
  if (row.route === 'IN') view.rems = remsView(row, r.vitals, r.entries, row.dischargedAt ?? tx.now);
  if (!row.nurseSignedAt) {
    view.vialRemainder = await vialRemainder(tx.db, row);
    view.bagRemainder = sessionBagRemainder(row);
  }
  return view;
}

/**
 * What the vial the dose was drawn from still holds: a single dose is drawn per vial and the rest is
 * wasted with a witness (CLINICAL.md §6: waste left in a vial is logged, two staff sign it), so a record
 * with a remainder cannot be signed. Read from the ledger's vial as it is now: another session's draw or
 * waste from the same vial counts too. Esketamine devices are drawn whole and leave nothing.
 */
export async function vialRemainder(
  db: Queryable,
  row: Pick<SessionRow, 'organizationId' | 'doseOrder'>,
): Promise<VialRemainder | null> {
  const vial = row.doseOrder?.vial;
  if (!vial?.ledgerEntryId) return null;
  const stock = await findDrawableVial(db, row.organizationId, vial.vialId);
  if (!stock || stock.remainingUl <= 0 || !['open', 'sealed', 'expired'].includes(stock.status)) return null;
  return {
    vialId: vial.vialId,
    lotNumber: vial.lotNumber,
    vialNumber: vial.vialNumber,
    remainingMl: stock.remainingUl / 1000,
  };
}

/**
 * What the IV bag still holds of the drawn dose once the infusion stopped early, until it is wasted with
 * a witness (decision 028): drawn mL × (1 − volume infused ÷ final volume), to the µL. Null for IM and
 * esketamine, before the stop, when the whole bag ran in, or once the bag's waste is on the record.
 */
export function sessionBagRemainder(
  row: Pick<SessionRow, 'route' | 'doseOrder' | 'delivered' | 'doseEndedAt'>,
): BagRemainderView | null {
  const order = row.doseOrder;
  const vial = order?.vial;
  const infused = row.delivered?.volumeInfusedMl;
  if (row.route !== 'IV' || !order?.iv || !vial?.ledgerEntryId || vial.bagWaste || !row.doseEndedAt) return null;
  if (infused === null || infused === undefined) return null;
  const rest = bagRemainder({
    drawnMl: order.drugVolumeMl,
    concentrationMgPerMl: vial.strengthMgPerMl,
    finalVolumeMl: order.iv.finalVolumeMl,
    volumeInfusedMl: infused,
  });
  if (!rest) return null;
  return {
    vialId: vial.vialId,
    lotNumber: vial.lotNumber,
    vialNumber: vial.vialNumber,
    concentrationMgPerMl: vial.strengthMgPerMl,
    drawnMl: order.drugVolumeMl,
    drawnMg: rest.drawnMg,
    deliveredMg: rest.deliveredMg,
    volumeInfusedMl: infused,
    finalVolumeMl: order.iv.finalVolumeMl,
    remainingMl: rest.remainingMl,
    remainingMg: rest.remainingMg,
  };
}

/**
 * The REMS checklist (remsCompleteness) from what is stored: every blood pressure of the session, and
 * the sedation and dissociation entries. A discharged session is judged as it stood at discharge.
 */
export function remsView(
  row: Pick<SessionRow, 'doseStartedAt'>,
  vitals: readonly Pick<VitalsView, 'takenAt' | 'systolicMmHg' | 'diastolicMmHg'>[],
  entries: readonly Pick<SessionView['entries'][number], 'kind' | 'at' | 'content'>[],
  now: Date,
): RemsView {
  const result = remsCompleteness({
    doseAt: row.doseStartedAt ?? undefined,
    now,
    bloodPressures: vitals.map((v) => ({
      takenAt: new Date(v.takenAt),
      systolicMmHg: v.systolicMmHg,
      diastolicMmHg: v.diastolicMmHg,
    })),
    assessments: entries
      .filter((e) => e.kind === 'sedation' || e.kind === 'dissociation')
      .map((e) => ({ kind: e.kind as 'sedation' | 'dissociation', takenAt: new Date(e.at), level: e.content.level })),
  });
  return {
    complete: result.complete,
    observationEndsAt: row.doseStartedAt ? remsObservationEndsAt(row.doseStartedAt).toISOString() : null,
    checks: result.checks.map((c) => ({ item: c.item, dueAt: c.dueAt?.toISOString() ?? null, done: c.done })),
    missing: [...result.missing],
  };
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
