import {
  completeAssignment,
  findAssignment,
  insertPortalResult,
  listPatientAssignments,
  saveDraftAnswer,
  type AssignmentRow,
} from '../../db/repositories/questionnaires.js';
import { DomainError } from '../../domain/errors.js';
import { getInstrument, scoreInstrument, type InstrumentScore } from '../../domain/instruments/index.js';
import {
  explainScore,
  safetyAlertReasonsFor,
  stateAt,
  type AssignmentState,
  type ScoreExplanation,
} from '../../domain/questionnaires/index.js';
import { can, type Principal } from '../../domain/permissions/index.js';
import { audit } from '../audit/record.js';
import { requirePrincipal, withTransaction, type AppContext } from '../context.js';
import { materialiseForPatient } from './schedule.js';
import { raiseSafetyAlert, type AlertMailOptions } from './safety-alerts.js';

/**
 * The patient's own questionnaires in the portal: the list of those due, one opened, answers saved one at
 * a time on the server (so the patient can stop and carry on, on any device), and submission, scored by
 * the domain. Another patient's questionnaire is "not found"; a finished or closed one cannot change.
 */
export interface PortalAssignment {
  readonly id: string;
  readonly instrumentId: string;
  readonly title: string;
  readonly reason: string;
  readonly opensAt: Date;
  readonly dueAt: Date;
  readonly closesAt: Date;
  readonly state: AssignmentState | 'completed';
  readonly status: AssignmentRow['status'];
  readonly answered: number;
  readonly questions: number;
  readonly draftAnswers: Readonly<Record<string, number | boolean | null>>;
  readonly completedAt: Date | null;
  readonly version: number;
}

export interface SubmitResult {
  readonly assignment: PortalAssignment;
  readonly total: number | null;
  readonly severity: { id: string; label: string } | null;
  readonly explanation: ScoreExplanation;
  /** True when the answers raised an urgent task for the care team: the portal shows crisis resources now. */
  readonly safetyAlert: boolean;
}

function requirePatient(ctx: AppContext, action: 'portal.read' | 'portal.submit'): Principal & { patientId: string } {
  const principal = requirePrincipal(ctx);
  if (principal.kind !== 'patient' || principal.patientId === null || !can(principal, action))
    throw new DomainError('forbidden', 'Questionnaires here are for patients signed in to the portal.');
  return principal as Principal & { patientId: string };
}

const notFound = () => new DomainError('not_found', 'No such questionnaire.');

function toView(row: AssignmentRow, now: Date): PortalAssignment {
  const definition = getInstrument(row.instrumentId);
  const answered = Object.values(row.draftAnswers).filter((v) => v !== null).length;
  return {
    id: row.id,
    instrumentId: row.instrumentId,
    title: definition.title,
    reason: row.reason,
    opensAt: row.opensAt,
    dueAt: row.dueAt,
    closesAt: row.closesAt,
    state: row.status === 'completed' ? 'completed' : stateAt(row, now),
    status: row.status,
    answered,
    questions: definition.items.length,
    draftAnswers: row.draftAnswers,
    completedAt: row.completedAt,
    version: row.version,
  };
}

export async function listMyQuestionnaires(ctx: AppContext): Promise<PortalAssignment[]> {
  const principal = requirePatient(ctx, 'portal.read');
  return withTransaction(ctx, async (tx) => {
    // The schedule follows the plan and its bookings: bring the patient's assignments up to date first.
    await materialiseForPatient(tx.db, principal.organizationId, principal.patientId, tx.now);
    const rows = await listPatientAssignments(tx.db, principal.organizationId, principal.patientId, tx.now);
    await audit(tx, {
      action: 'portal.questionnaires_read',
      resourceType: 'questionnaire_assignment',
      patientId: principal.patientId,
      details: { count: rows.length },
    });
    return rows.map((r) => toView(r, tx.now));
  });
}

async function ownAssignment(tx: AppContext, principal: Principal & { patientId: string }, id: string, lock: boolean) {
  const row = await findAssignment(tx.db, principal.organizationId, id, lock);
  if (!row || row.patientId !== principal.patientId || row.status === 'cancelled' || row.opensAt > tx.now)
    throw notFound();
  return row;
}

export async function openMyQuestionnaire(id: string, ctx: AppContext): Promise<PortalAssignment> {
  const principal = requirePatient(ctx, 'portal.read');
  return withTransaction(ctx, async (tx) => {
    const row = await ownAssignment(tx, principal, id, false);
    await audit(tx, {
      action: 'portal.questionnaire_read',
      resourceType: 'questionnaire_assignment',
      resourceId: row.id,
      patientId: principal.patientId,
    });
    return toView(row, tx.now);
  });
}

function assertWritable(row: AssignmentRow, now: Date): void {
  if (row.status === 'completed')
    throw new DomainError(
      'questionnaire_completed',
      'You have already sent this questionnaire; it cannot be changed.',
      {
        details: { resultId: row.resultId },
      },
    );
  if (now.getTime() >= row.closesAt.getTime())
    throw new DomainError(
      'questionnaire_closed',
      'This questionnaire has closed. Your care team will ask you at your next visit.',
    );
}

export async function answerMyQuestionnaire(
  id: string,
  input: { itemId: string; value: number | boolean | null },
  ctx: AppContext,
): Promise<PortalAssignment> {
  const principal = requirePatient(ctx, 'portal.submit');
  return withTransaction(ctx, async (tx) => {
    const row = await ownAssignment(tx, principal, id, true);
    assertWritable(row, tx.now);
    const item = getInstrument(row.instrumentId).items.find((i) => i.id === input.itemId);
    const invalid = (message: string) =>
      new DomainError('validation_failed', 'The answer is not valid.', { errors: [{ path: '/value', message }] });
    if (!item)
      throw new DomainError('validation_failed', 'The answer is not valid.', {
        errors: [{ path: '/itemId', message: 'This question is not part of the questionnaire' }],
      });
    if (input.value !== null) {
      if (item.kind === 'yes_no' && typeof input.value !== 'boolean') throw invalid('Choose yes or no');
      if (
        item.kind === 'ordinal' &&
        (typeof input.value !== 'number' ||
          !Number.isInteger(input.value) ||
          input.value < item.min ||
          input.value > item.max)
      )
        throw invalid(`Choose one of the answers (${item.min} to ${item.max})`);
    }
    const saved = await saveDraftAnswer(tx.db, row.id, item.id, input.value, tx.now);
    await audit(tx, {
      action: 'portal.questionnaire_answer',
      resourceType: 'questionnaire_assignment',
      resourceId: row.id,
      patientId: principal.patientId,
      details: { itemId: item.id },
    });
    return toView(saved, tx.now);
  });
}

export async function submitMyQuestionnaire(
  id: string,
  ctx: AppContext,
  mail: AlertMailOptions,
): Promise<SubmitResult> {
  const principal = requirePatient(ctx, 'portal.submit');
  return withTransaction(ctx, async (tx) => {
    const row = await ownAssignment(tx, principal, id, true);
    assertWritable(row, tx.now);
    // Throws answers_invalid naming every unanswered question: a missing answer is never scored as 0.
    // An answer to a question the skip logic no longer asks (C-SSRS Q3–Q5 after Q2 went back to "no") is
    // dropped: the patient cannot see it to change it, and the screener refuses a "yes" there.
    const items = getInstrument(row.instrumentId).items;
    const asked = Object.fromEntries(
      items
        .filter((i) => i.askedWhen === undefined || row.draftAnswers[i.askedWhen.itemId] === i.askedWhen.equals)
        .map((i) => [i.id, row.draftAnswers[i.id] ?? null]),
    );
    const score: InstrumentScore = scoreInstrument(row.instrumentId, asked);
    const resultId = await insertPortalResult(tx.db, {
      organizationId: principal.organizationId,
      patientId: principal.patientId,
      instrumentId: score.instrumentId,
      instrumentVersion: score.version,
      total: score.total,
      severityId: score.severity?.id ?? null,
      severityLabel: score.severity?.label ?? null,
      flags: score.flags,
      answers: Object.fromEntries(score.items.map((i) => [i.itemId, i.value])),
      context: row.reason === 'pre_session' ? 'pre_session' : 'follow_up',
      now: tx.now,
    });
    await completeAssignment(tx.db, row.id, resultId, tx.now);
    await audit(tx, {
      action: 'portal.questionnaire_submit',
      resourceType: 'questionnaire_result',
      resourceId: resultId,
      patientId: principal.patientId,
      details: { assignmentId: row.id, instrumentId: score.instrumentId, flags: [...score.flags] },
    });
    const reasons = safetyAlertReasonsFor(score);
    if (reasons.length > 0)
      await raiseSafetyAlert(
        tx,
        { organizationId: principal.organizationId, patientId: principal.patientId, resultId, reasons },
        mail,
      );
    const done = await findAssignment(tx.db, principal.organizationId, row.id);
    return {
      assignment: toView(done ?? row, tx.now),
      total: score.total,
      severity: score.severity,
      explanation: explainScore(score),
      safetyAlert: reasons.length > 0,
    };
  });
}
