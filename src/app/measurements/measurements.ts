import { measurementPatient, organizationTimeZone } from '../../db/repositories/measurements.js';
import { patientStatusLabels, type PatientStatus } from '../../domain/chart/patient-status.js';
import { getInstrument } from '../../domain/instruments/registry.js';
import type { SeverityBand } from '../../domain/instruments/types.js';
import {
  instrumentLabels,
  labelOf,
  maintenanceNotApplicableLabels,
  maintenanceReasonLabels,
  maintenanceStatusLabels,
  nonResponseStatusLabels,
  outcomeFindingLabels,
  responseApplicabilityLabels,
} from '../../domain/labels/index.js';
import type { InstrumentCourse, MaintenanceCheck, NonResponseCheck } from '../../domain/outcomes/index.js';
import { audit } from '../audit/record.js';
import { patientNotFound, requireStaffAction } from '../chart/access.js';
import { withTransaction, type AppContext } from '../context.js';
import { loadCourses, type PatientCourses } from './course-data.js';

/**
 * The clinician's measurement view of one patient (issue 17, CLINICAL.md §5): every instrument over time with
 * its baseline, latest, change, response and remission, the early-improvement check, maintenance due and the
 * non-response review; CADSS-6 and adverse events per dose. Clinical staff only (questionnaires.read and
 * clinical_notes.read: prescribers and nurses); reading it is audited with the patient.
 */
export interface Labelled<T extends string> {
  readonly code: T;
  readonly label: string;
}

export interface ScorePointView {
  readonly id: string;
  readonly at: string;
  /** Null: an incomplete form (never read as 0). */
  readonly total: number | null;
  readonly severityLabel: string | null;
  readonly context: string;
  readonly flags: string[];
  readonly change: number | null;
  readonly percentChange: number | null;
  readonly findings: Labelled<string>[];
  /** Whether this score is the baseline (the last before the first dose). */
  readonly baseline: boolean;
}

export interface InstrumentView {
  readonly instrumentId: string;
  readonly label: string;
  readonly range: { readonly min: number; readonly max: number };
  readonly bands: SeverityBand[];
  readonly primary: boolean;
  readonly scores: ScorePointView[];
  readonly unusable: number;
  readonly baseline: { readonly at: string; readonly total: number } | null;
  readonly latest: {
    readonly at: string;
    readonly total: number;
    readonly change: number | null;
    readonly percentChange: number | null;
  } | null;
  /** Response and remission as judged (or why not). */
  readonly responseRemission: { readonly applicable: boolean; readonly label: string };
  readonly latestFindings: Labelled<string>[];
  readonly everResponded: boolean;
  readonly everRemitted: boolean;
  readonly earlyImprovement: {
    readonly status: NonResponseCheck['status'];
    readonly label: string;
    readonly bySession: number | null;
    readonly message: string | null;
  };
  readonly maintenance: {
    readonly status: MaintenanceCheck['status'];
    readonly label: string;
    readonly due: boolean;
    readonly reasons: Labelled<string>[];
    readonly detail: string | null;
  };
}

export interface SessionMeasureView {
  readonly id: string;
  readonly doseNumber: number | null;
  readonly at: string;
  readonly route: string;
  readonly cadss6: { readonly at: string; readonly total: number }[];
  readonly adverseEvents: {
    readonly at: string;
    readonly event: string;
    readonly severity: string;
    readonly intervention: string;
    readonly outcome: string;
  }[];
}

export interface MeasurementView {
  readonly patient: {
    readonly id: string;
    readonly mrn: string;
    readonly name: string;
    readonly dateOfBirth: string;
    readonly status: string;
    readonly statusLabel: string;
  };
  readonly timeZone: string;
  readonly plan: {
    readonly id: string;
    readonly inductionSessions: number;
    readonly outcomeInstrumentId: string;
    readonly reviewBySession: number;
    readonly minImprovementPercent: number;
  } | null;
  readonly sessions: SessionMeasureView[];
  readonly instruments: InstrumentView[];
  readonly maintenanceDue: boolean;
  readonly nonResponseReview: boolean;
  readonly nextSession: { readonly id: string; readonly startsAt: string } | null;
}

export async function getPatientMeasurements(patientId: string, ctx: AppContext): Promise<MeasurementView> {
  const principal = requireStaffAction(ctx, 'questionnaires.read');
  requireStaffAction(ctx, 'clinical_notes.read');
  return withTransaction(ctx, async (tx) => {
    const view = await readMeasurementView(tx, principal.organizationId, patientId);
    await audit(tx, {
      action: 'measurements.read',
      resourceType: 'measurements',
      resourceId: patientId,
      patientId,
      details: { instruments: view.instruments.map((i) => i.instrumentId), sessions: view.sessions.length },
    });
    return view;
  });
}

/** The view without the permission check and audit (the exports call it inside their own). */
export async function readMeasurementView(
  tx: AppContext,
  organizationId: string,
  patientId: string,
): Promise<MeasurementView> {
  const patient = await measurementPatient(tx.db, organizationId, patientId);
  if (!patient) throw patientNotFound();
  const timeZone = await organizationTimeZone(tx.db, organizationId);
  const loaded = await loadCourses(tx.db, organizationId, [patientId], tx.now);
  const data = loaded.get(patientId)!;
  const instruments = data.courses.map((c) => instrumentView(c, data));
  return {
    patient: {
      id: patient.id,
      mrn: patient.mrn,
      name: `${patient.givenName} ${patient.familyName}`,
      dateOfBirth: patient.dateOfBirth,
      status: patient.status,
      statusLabel: patientStatusLabels[patient.status as PatientStatus] ?? patient.status,
    },
    timeZone,
    plan: data.plan
      ? {
          id: data.plan.id,
          inductionSessions: data.plan.content.induction.sessions,
          outcomeInstrumentId: data.plan.content.outcome.instrumentId,
          reviewBySession: data.plan.content.stopRule.reviewBySession,
          minImprovementPercent: data.plan.content.stopRule.minImprovementPercent,
        }
      : null,
    sessions: sessionViews(data),
    instruments,
    maintenanceDue: instruments.some((i) => i.maintenance.due),
    nonResponseReview: instruments.some((i) => i.primary && i.earlyImprovement.status === 'review_recommended'),
    nextSession: data.nextSession
      ? { id: data.nextSession.id, startsAt: data.nextSession.startsAt.toISOString() }
      : null,
  };
}

function sessionViews(data: PatientCourses): SessionMeasureView[] {
  return data.sessions.map((s) => {
    const mine = data.entries.filter((e) => e.sessionId === s.id);
    return {
      id: s.id,
      doseNumber: s.doseNumber,
      at: s.doseStartedAt.toISOString(),
      route: s.route,
      cadss6: mine.flatMap((e) => {
        const total = (e.content as { total?: unknown }).total;
        return e.kind === 'cadss6' && typeof total === 'number' ? [{ at: e.at.toISOString(), total }] : [];
      }),
      adverseEvents: mine.flatMap((e) => {
        if (e.kind !== 'adverse_event') return [];
        const c = e.content as Record<string, unknown>;
        const text = (k: string): string => (typeof c[k] === 'string' ? c[k] : '');
        return [
          {
            at: e.at.toISOString(),
            event: text('event'),
            severity: text('severity'),
            intervention: text('intervention'),
            outcome: text('outcome'),
          },
        ];
      }),
    };
  });
}

const findingsOf = (codes: readonly string[]): Labelled<string>[] =>
  codes.map((code) => ({ code, label: labelOf(outcomeFindingLabels, code) }));

function instrumentView(course: InstrumentCourse, data: PatientCourses): InstrumentView {
  const definition = getInstrument(course.instrumentId);
  const change = course.change;
  const rows = data.scores.filter((s) => s.instrumentId === course.instrumentId);
  const byTime = new Map(change?.followUps.map((p) => [p.at, p]) ?? []);
  const scores = rows.map((row): ScorePointView => {
    const at = row.completedAt.getTime();
    const point = row.total === null ? undefined : byTime.get(at);
    return {
      id: row.id,
      at: row.completedAt.toISOString(),
      total: row.total,
      severityLabel: row.severityLabel,
      context: row.context,
      flags: row.flags,
      change: point?.change ?? null,
      percentChange: point?.percentChange ?? null,
      findings: findingsOf(point?.findings ?? []),
      baseline: change?.baseline?.at === at && change.baseline.total === row.total,
    };
  });
  const rr = change?.responseRemission;
  const early = course.nonResponse;
  const m = course.maintenance;
  return {
    instrumentId: course.instrumentId,
    label: instrumentLabels[course.instrumentId],
    range: definition.range ?? { min: 0, max: 0 },
    bands: [...(definition.bands ?? [])],
    primary: data.plan?.content.outcome.instrumentId === course.instrumentId,
    scores,
    unusable: course.unusable,
    baseline: change?.baseline
      ? { at: new Date(change.baseline.at).toISOString(), total: change.baseline.total }
      : null,
    latest: change?.latest
      ? {
          at: new Date(change.latest.at).toISOString(),
          total: change.latest.total,
          change: change.latest.change,
          percentChange: change.latest.percentChange,
        }
      : null,
    responseRemission:
      rr === undefined
        ? { applicable: false, label: 'No dose given yet: scores only' }
        : rr.status === 'applicable'
          ? { applicable: true, label: 'Judged against the baseline (CLINICAL.md §5)' }
          : { applicable: false, label: responseApplicabilityLabels[rr.reason] },
    latestFindings: findingsOf(change?.latest?.findings ?? []),
    everResponded: course.everResponded,
    everRemitted: course.everRemitted,
    earlyImprovement: {
      status: early.status,
      label: nonResponseStatusLabels[early.status],
      bySession:
        early.status === 'review_recommended' ? early.bySession : (change?.rules.earlyImprovement?.bySession ?? null),
      message: early.status === 'review_recommended' ? early.message : null,
    },
    maintenance: {
      status: m.status,
      label:
        m.status === 'not_applicable' ? maintenanceNotApplicableLabels[m.reason] : maintenanceStatusLabels[m.status],
      due: m.status === 'due',
      reasons: m.status === 'due' ? m.reasons.map((code) => ({ code, label: maintenanceReasonLabels[code] })) : [],
      detail:
        m.status === 'due' || m.status === 'holding'
          ? `Latest ${m.point.total}; best since the first dose ${m.best.total}; baseline ${m.best.total + m.improvement}` +
            (m.improvement > 0 ? `; ${m.regained} of ${m.improvement} points of improvement regained` : '')
          : m.status === 'in_induction'
            ? `${m.sessionsGiven} of ${m.inductionSessions} induction sessions given`
            : null,
    },
  };
}
