import {
  readChartJson,
  readChartPage,
  type ChartJson,
  type EventJson,
  type HistoryKind,
  type IntakeJson,
  type PagePosition,
  type ResultJson,
  type VitalsJson,
} from '../../db/repositories/chart-read.js';
import {
  consentState,
  patientStatusLabels,
  totalLorazepamEquivalent,
  type PatientStatus,
} from '../../domain/chart/index.js';
import { DomainError } from '../../domain/errors.js';
import type { ClinicCalendar } from '../../domain/planning/index.js';
import { can, type Principal } from '../../domain/permissions/index.js';
import { localDateAt } from '../clinic-time.js';
import { requirePrincipal, type AppContext } from '../context.js';
import { mayReadPatient, patientNotFound } from './access.js';
import { calendarFrom } from '../scheduling/clinic-calendar.js';
import { toPatientView, type PatientView } from './patient-rows.js';
import { currentProtocolVersion } from '../protocols/protocols.js';

/**
 * The whole chart in one read (one statement, src/db/repositories/chart-read.ts), audited as one access (who,
 * which patient, when). Lists show current entries, documents (assessments, consents, plans) all of them; the
 * histories that grow — vitals, questionnaire results, the timeline — their newest page, older pages by cursor.
 */
export type ConsentSummary =
  | { status: 'none' }
  | { status: 'active'; consentId: string; signedAt: string }
  | { status: 'withdrawn'; consentId: string; withdrawnAt: string };

export interface Chart {
  patient: PatientView & { statusLabel: string };
  allergies: { id: string; substance: string; reaction: string | null; severity: string; recordedAt: string }[];
  /** When "No known drug allergies" was recorded; null when not asked (or allergies are listed). */
  noKnownAllergies: { recordedAt: string } | null;
  diagnoses: { id: string; icd10: string; label: string; isPrimary: boolean; recordedAt: string }[];
  medications: {
    id: string;
    name: string;
    doseText: string | null;
    dailyMg: number | null;
    benzodiazepine: boolean;
    lorazepamEqMgPerDay: number | null;
    maoi: boolean;
    recordedAt: string;
  }[];
  benzodiazepineTotal: { mgPerDay: number; unknownDose: string[] };
  maoi: boolean;
  vitals: {
    id: string;
    recordedAt: string;
    context: string;
    systolicMmHg: number | null;
    diastolicMmHg: number | null;
    heartRateBpm: number | null;
    spo2Percent: number | null;
    respiratoryRatePerMin: number | null;
    weightKg: number | null;
    heightCm: number | null;
  }[];
  questionnaires: {
    id: string;
    source: 'intake' | 'chart';
    instrumentId: string;
    total: number | null;
    severity: { id: string; label: string } | null;
    flags: string[];
    completedAt: string;
  }[];
  documents: { id: string; kind: 'assessment' | 'consent' | 'plan'; title: string; status: string; date: string }[];
  timeline: { id: string; occurredAt: string; kind: string; summary: string; actor: string | null }[];
  consent: ConsentSummary;
  eligibility: { assessmentId: string; decision: string; signedAt: string } | null;
  planning: { calendar: ClinicCalendar; protocolVersionId: string; protocolNumber: number };
  /** The patient's portal account, if staff have given one; `passwordSet` once the temporary password was changed. */
  portalAccount: { email: string; createdAt: string; passwordSet: boolean } | null;
  /** True when clinical sections were left out for a reader without clinical_notes.read (coordinators). */
  clinicalRedacted: boolean;
  /** Cursors of the older pages of the histories (GET /patients/{id}/{history}?cursor=…); null: no older page. */
  olderPages: Record<HistoryKind, string | null>;
}

/** Rows per history page: the chart carries the newest page of each. */
export const HISTORY_PAGE = 25;

const encodeCursor = (p: PagePosition): string => Buffer.from(JSON.stringify([p.at, p.id])).toString('base64url');
const exactAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): PagePosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      exactAt.test(parsed[0]) &&
      typeof parsed[1] === 'string' &&
      uuid.test(parsed[1])
    )
      return { at: parsed[0], id: parsed[1] };
  } catch {
    // fall through
  }
  throw new DomainError('validation_failed', 'That page cursor is not valid; reload the chart.', {
    errors: [{ path: '/query/cursor', message: 'Not a valid page cursor' }],
  });
}

/** The reader's view, or "not found" before any query when the record is not theirs to see. */
function readerOf(ctx: AppContext, patientId: string): { principal: Principal; redact: boolean } {
  const principal = requirePrincipal(ctx);
  // The organization is checked by the query; a patient user may read only their own record.
  if (!mayReadPatient(principal, { organizationId: principal.organizationId, id: patientId })) throw patientNotFound();
  // Coordinators see what scheduling needs, no clinical notes (DESIGN.md "People and what they do").
  return { principal, redact: principal.kind === 'staff' && !can(principal, 'clinical_notes.read') };
}

const auditOf = (ctx: AppContext, principal: Principal, details: Record<string, unknown>) => ({
  occurredAt: ctx.now,
  actorUserId: principal.userId,
  actorRoles: principal.roles,
  ip: ctx.ip,
  userAgent: ctx.userAgent,
  details,
});

export async function getChart(patientId: string, ctx: AppContext): Promise<Chart> {
  const { principal, redact } = readerOf(ctx, patientId);
  const json = await readChartJson(ctx.db, {
    patientId,
    organizationId: principal.organizationId,
    pageSize: HISTORY_PAGE,
    audit: auditOf(ctx, principal, { view: redact ? 'chart_scheduling' : 'chart' }),
  });
  if (!json) throw patientNotFound();
  // A clinic without a protocol version yet gets version 1 (the defaults) written once, as before.
  const protocol = json.protocol ?? (await currentProtocolVersion(ctx.db, json.patient.organizationId, ctx.now));
  const chart = toChart(json, localDateAt(json.timeZone, ctx.now), protocol);
  return redact ? withoutClinicalNotes(chart) : chart;
}

export interface HistoryPage<T> {
  items: T[];
  nextCursor: string | null;
}

type Vitals = Chart['vitals'][number];
type Questionnaire = Chart['questionnaires'][number];
type TimelineEntry = Chart['timeline'][number];

/** An older page of a chart's vitals, questionnaire results or timeline, audited as a read of the chart. */
export async function getChartHistory(
  patientId: string,
  kind: HistoryKind,
  cursor: string,
  ctx: AppContext,
): Promise<HistoryPage<Vitals | Questionnaire | TimelineEntry>> {
  const position = decodeCursor(cursor);
  const { principal, redact } = readerOf(ctx, patientId);
  const page = await readChartPage(ctx.db, {
    kind,
    before: position,
    patientId,
    organizationId: principal.organizationId,
    pageSize: HISTORY_PAGE,
    audit: auditOf(ctx, principal, { view: redact ? `${kind}_scheduling` : kind, page: 'older' }),
  });
  if (!page) throw patientNotFound();
  const { rows, next } = pageOf(page.rows);
  const window = { upper: position.at, lower: next?.at ?? null };
  if (kind === 'vitals') {
    return redact
      ? { items: [], nextCursor: null }
      : { items: (rows as VitalsJson[]).map(toVitals), nextCursor: cursorOf(next) };
  }
  if (kind === 'questionnaires') {
    if (redact) return { items: [], nextCursor: null };
    return { items: questionnairesOf(rows as ResultJson[], page.intakes, window), nextCursor: cursorOf(next) };
  }
  const timeline = timelineOf(rows as EventJson[], page.intakes, window);
  return { items: redact ? scheduledOnly(timeline) : timeline, nextCursor: cursorOf(next) };
}

/** The page's rows (one more was read to know whether an older page exists) and the last row's position. */
function pageOf<T extends { at: string; id: string }>(rows: T[]): { rows: T[]; next: PagePosition | null } {
  if (rows.length <= HISTORY_PAGE) return { rows, next: null };
  const kept = rows.slice(0, HISTORY_PAGE);
  const last = kept[kept.length - 1]!;
  return { rows: kept, next: { at: last.at, id: last.id } };
}
const cursorOf = (p: PagePosition | null): string | null => (p ? encodeCursor(p) : null);

/**
 * Whether an intake's moment (ms) belongs on the page covering (lower, upper] of the chart rows: intake entries
 * are few and not paged themselves, so each goes on the page whose time window holds it.
 */
const inWindow = (at: string, w: { upper: string | null; lower: string | null }): boolean => {
  const t = Date.parse(at);
  const ms = (exact: string): number => Date.parse(`${exact.slice(0, 23)}Z`);
  return (w.upper === null || t <= ms(w.upper)) && (w.lower === null || t > ms(w.lower));
};

const toVitals = (v: VitalsJson): Vitals => ({
  id: v.id,
  recordedAt: v.recordedAt,
  context: v.context,
  systolicMmHg: v.systolicMmHg,
  diastolicMmHg: v.diastolicMmHg,
  heartRateBpm: v.heartRateBpm,
  spo2Percent: v.spo2Percent,
  respiratoryRatePerMin: v.respiratoryRatePerMin,
  weightKg: v.weightKg,
  heightCm: v.heightCm,
});

function questionnairesOf(
  results: ResultJson[],
  intakes: IntakeJson[],
  window: { upper: string | null; lower: string | null },
): Questionnaire[] {
  const fromIntakes = intakes.flatMap((intake) =>
    inWindow(intake.submittedAt, window)
      ? intake.scores.map((s, i) => ({
          id: `${intake.id}:${i}`,
          source: 'intake' as const,
          instrumentId: s.instrumentId,
          total: s.total,
          severity: s.severity,
          flags: s.flags,
          completedAt: intake.submittedAt,
        }))
      : [],
  );
  return [
    ...results.map((r) => ({
      id: r.id,
      source: 'chart' as const,
      instrumentId: r.instrumentId,
      total: r.total,
      severity: r.severityId && r.severityLabel ? { id: r.severityId, label: r.severityLabel } : null,
      flags: r.flags,
      completedAt: r.completedAt,
    })),
    ...fromIntakes,
  ].sort((a, b) => b.completedAt.localeCompare(a.completedAt));
}

function timelineOf(
  events: EventJson[],
  intakes: IntakeJson[],
  window: { upper: string | null; lower: string | null },
): TimelineEntry[] {
  const intakeEvents = intakes.flatMap((intake) => [
    {
      id: `${intake.id}:submitted`,
      occurredAt: intake.submittedAt,
      kind: 'intake_submitted',
      summary: `"Get started" intake ${intake.reference} submitted`,
      actor: null,
    },
    ...(intake.convertedAt
      ? [
          {
            id: `${intake.id}:converted`,
            occurredAt: intake.convertedAt,
            kind: 'intake_converted',
            summary: `Intake ${intake.reference} converted to this chart`,
            actor: null,
          },
        ]
      : []),
  ]);
  // Newest first. At the same instant the intake came before anything done on the chart it became
  // (submitted, then converted); chart events keep their own order (the query sorts them by id).
  const rank = (kind: string): number => (kind === 'intake_submitted' ? 0 : kind === 'intake_converted' ? 1 : 2);
  return [
    ...events.map((e) => ({ id: e.id, occurredAt: e.occurredAt, kind: e.kind, summary: e.summary, actor: e.actor })),
    ...intakeEvents.filter((e) => inWindow(e.occurredAt, window)),
  ].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || rank(b.kind) - rank(a.kind));
}

function toChart(json: ChartJson, today: string, protocol: { id: string; number: number }): Chart {
  const row = json.patient;
  const meds = json.medications;
  const benzo = totalLorazepamEquivalent(meds);
  const state = consentState(
    json.consents.map((c) => ({
      id: c.id,
      signedAt: new Date(c.signedAt),
      withdrawnAt: c.withdrawnAt ? new Date(c.withdrawnAt) : null,
    })),
  );
  const signedEligible = [...json.assessments].reverse().find((a) => a.status === 'signed');
  const vitals = pageOf(json.vitals);
  const results = pageOf(json.results);
  const events = pageOf(json.events);
  const status = row.status as PatientStatus;
  const patient: PatientView = toPatientView(
    {
      ...row,
      sex: row.sex,
      status,
      measuredAt: row.measuredAt ? new Date(row.measuredAt) : null,
      statusChangedAt: row.statusChangedAt ? new Date(row.statusChangedAt) : null,
      createdAt: new Date(row.createdAt),
    },
    today,
  );
  return {
    patient: { ...patient, statusLabel: patientStatusLabels[status] },
    allergies: json.allergies,
    noKnownAllergies: row.noKnownAllergiesAt ? { recordedAt: row.noKnownAllergiesAt } : null,
    diagnoses: json.diagnoses,
    medications: meds,
    benzodiazepineTotal: { mgPerDay: benzo.mgPerDay, unknownDose: [...benzo.unknownDose] },
    maoi: meds.some((m) => m.maoi),
    vitals: vitals.rows.map(toVitals),
    questionnaires: questionnairesOf(results.rows, json.intakes, { upper: null, lower: results.next?.at ?? null }),
    documents: [
      ...json.assessments.map((a) => ({
        id: a.id,
        kind: 'assessment' as const,
        title: `${a.amends ? 'Amended assessment' : 'Initial assessment'}${a.decision ? ` — ${a.decision.replaceAll('_', ' ')}` : ''}`,
        status: a.status,
        date: a.signedAt ?? a.createdAt,
      })),
      ...json.consents.map((c) => ({
        id: c.id,
        kind: 'consent' as const,
        title: `${c.title} (template v${c.number})`,
        status: c.withdrawnAt ? 'withdrawn' : 'signed',
        date: c.withdrawnAt ?? c.signedAt,
      })),
      ...json.plans.map((p) => ({
        id: p.id,
        kind: 'plan' as const,
        title: `Treatment plan v${p.number}`,
        status: p.status,
        date: p.signedAt ?? p.createdAt,
      })),
    ].sort((a, b) => b.date.localeCompare(a.date)),
    timeline: timelineOf(events.rows, json.intakes, { upper: null, lower: events.next?.at ?? null }),
    consent:
      state.status === 'active'
        ? { status: 'active', consentId: state.consentId, signedAt: state.signedAt.toISOString() }
        : state.status === 'withdrawn'
          ? { status: 'withdrawn', consentId: state.consentId, withdrawnAt: state.withdrawnAt.toISOString() }
          : { status: 'none' },
    eligibility:
      signedEligible?.decision && signedEligible.signedAt
        ? { assessmentId: signedEligible.id, decision: signedEligible.decision, signedAt: signedEligible.signedAt }
        : null,
    planning: {
      calendar: calendarFrom({ timeZone: json.timeZone, openingHours: json.openingHours }),
      protocolVersionId: protocol.id,
      protocolNumber: protocol.number,
    },
    portalAccount: json.account
      ? {
          email: json.account.email,
          createdAt: json.account.createdAt,
          passwordSet: !json.account.mustChangePassword,
        }
      : null,
    clinicalRedacted: false,
    olderPages: {
      vitals: cursorOf(vitals.next),
      questionnaires: cursorOf(results.next),
      timeline: cursorOf(events.next),
    },
  };
}

/**
 * Timeline entries a scheduler needs, with clinical detail (doses, diagnoses) left out: null keeps the summary,
 * a string replaces it, a function rewrites it.
 */
const schedulingEvents: Readonly<Record<string, string | null | ((summary: string) => string)>> = {
  intake_submitted: null,
  intake_converted: null,
  // "Status: In induction → Maintenance (PHQ-9 down by more than half)": the move, without its clinical reason
  // (setPatientStatus writes the reason in brackets at the end).
  status_changed: (summary) => summary.replace(/\s*\(.*\)\s*$/s, ''),
  consent_signed: null,
  consent_withdrawn: null,
  plan_signed: 'Treatment plan signed',
  portal_access_granted: null,
  // Referral letters and non-clinical paperwork (clinical uploads are `clinical_document_*`, left out).
  document_uploaded: null,
  document_retracted: null,
};

function withoutClinicalNotes(chart: Chart): Chart {
  return {
    ...chart,
    patient: { ...chart.patient, substanceUse: {}, medicalHistory: {} },
    allergies: [],
    noKnownAllergies: null,
    diagnoses: [],
    medications: [],
    benzodiazepineTotal: { mgPerDay: 0, unknownDose: [] },
    maoi: false,
    vitals: [],
    questionnaires: [],
    timeline: scheduledOnly(chart.timeline),
    clinicalRedacted: true,
    olderPages: { ...chart.olderPages, vitals: null, questionnaires: null },
  };
}

function scheduledOnly(timeline: TimelineEntry[]): TimelineEntry[] {
  return timeline.flatMap((e) => {
    if (!(e.kind in schedulingEvents)) return [];
    const rule = schedulingEvents[e.kind];
    return [{ ...e, summary: typeof rule === 'function' ? rule(e.summary) : (rule ?? e.summary) }];
  });
}
