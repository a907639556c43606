import {
  doseSessions,
  nextTreatmentAppointments,
  questionnaireScores,
  sessionEntries,
  signedPlans,
  type DoseSessionRow,
  type NextSessionRow,
  type QuestionnaireScoreRow,
  type SessionEntryRow,
} from '../../db/repositories/measurements.js';
import { findLatestProtocol } from '../../db/repositories/protocols.js';
import type { PlanContent } from '../../domain/chart/plan.js';
import { getInstrument } from '../../domain/instruments/registry.js';
import { instrumentIds } from '../../domain/instruments/index.js';
import type { InstrumentId } from '../../domain/instruments/types.js';
import { assessCourse, type CoursePlan, type InstrumentCourse } from '../../domain/outcomes/index.js';
import { upgradeStoredProtocol } from '../../domain/protocol/index.js';
import type { Queryable } from '../context.js';

/**
 * Loads, for a set of patients, what the domain needs to judge their course (scores, dose times, the signed
 * plan) in six queries whatever the number of patients, and runs `assessCourse` per patient and instrument.
 * Shared by the measurement view, the lists and the exports so all three judge alike.
 */
export interface PatientCourses {
  readonly scores: readonly QuestionnaireScoreRow[];
  readonly sessions: readonly DoseSessionRow[];
  readonly entries: readonly SessionEntryRow[];
  readonly plan: { readonly id: string; readonly content: PlanContent } | null;
  readonly nextSession: NextSessionRow | null;
  /** One per instrument with a total, in the registry's order; the plan's outcome instrument first. */
  readonly courses: readonly InstrumentCourse[];
}

const followed = (id: string): id is InstrumentId =>
  (instrumentIds as readonly string[]).includes(id) && getInstrument(id).range !== undefined;

export function coursePlan(content: PlanContent | null): CoursePlan | null {
  if (content === null) return null;
  return {
    inductionSessions: content.induction.sessions,
    responseDropPercent: content.outcome.responseDropPercent,
    remissionAtOrBelow: content.outcome.remissionAtOrBelow,
    reviewBySession: content.stopRule.reviewBySession,
    minImprovementPercent: content.stopRule.minImprovementPercent,
  };
}

export async function loadCourses(
  db: Queryable,
  organizationId: string,
  patientIds: readonly string[],
  now: Date,
): Promise<Map<string, PatientCourses>> {
  // One after another: inside a transaction they share one connection.
  const scores = await questionnaireScores(db, organizationId, patientIds);
  const sessions = await doseSessions(db, organizationId, patientIds);
  const plans = await signedPlans(db, organizationId, patientIds);
  const next = await nextTreatmentAppointments(db, organizationId, patientIds, now);
  // The clinic's treated range (protocol outcomeBaselineMinimum, CLINICAL.md §5) decides whether response and
  // remission are judged at all.
  const treated = upgradeStoredProtocol(await findLatestProtocol(db, organizationId)).outcomeBaselineMinimum;
  const treatedMinimum = (id: InstrumentId): number | undefined =>
    id === 'phq9' || id === 'madrs' || id === 'qids_sr16' ? treated[id] : undefined;
  const entries = await sessionEntries(
    db,
    organizationId,
    sessions.map((s) => s.id),
  );
  const result = new Map<string, PatientCourses>();
  for (const patientId of patientIds) {
    const mine = scores.filter((s) => s.patientId === patientId);
    const doses = sessions.filter((s) => s.patientId === patientId);
    const sessionIds = new Set(doses.map((d) => d.id));
    const planRow = plans.find((p) => p.patientId === patientId);
    const plan = planRow ? { id: planRow.id, content: planRow.content as PlanContent } : null;
    const primary = plan?.content.outcome.instrumentId;
    const ids = [...new Set(mine.map((s) => s.instrumentId))].filter(followed);
    ids.sort((a, b) => (a === primary ? -1 : b === primary ? 1 : instrumentIds.indexOf(a) - instrumentIds.indexOf(b)));
    const cp = coursePlan(plan?.content ?? null);
    const courses = ids.map((instrumentId) => {
      const minimum = treatedMinimum(instrumentId);
      return assessCourse({
        instrumentId,
        scores: mine
          .filter((s) => s.instrumentId === instrumentId)
          .map((s) => ({ at: s.completedAt.getTime(), total: s.total })),
        sessionsAt: doses.map((d) => d.doseStartedAt.getTime()),
        // The plan's response / remission / stop rule belongs to its outcome instrument; others keep their own.
        plan: cp && instrumentId === primary ? cp : cp ? { inductionSessions: cp.inductionSessions } : null,
        ...(minimum === undefined ? {} : { treatedRangeMinimum: minimum }),
      });
    });
    result.set(patientId, {
      scores: mine,
      sessions: doses,
      entries: entries.filter((e) => sessionIds.has(e.sessionId)),
      plan,
      nextSession: next.find((n) => n.patientId === patientId) ?? null,
      courses,
    });
  }
  return result;
}
