import {
  cancelAssignmentsNotIn,
  findPlanInForce,
  findSchedule,
  insertSchedule,
  plansWithSessions,
  seriesSessions,
  updateSchedule,
  upsertAssignments,
  type PlanInForce,
} from '../../db/repositories/questionnaires.js';
import { DomainError } from '../../domain/errors.js';
import {
  assertScheduleSettings,
  questionnairesDue,
  scheduleSettingsForPlan,
  type DueAssignment,
  type QuestionnaireScheduleSettings,
} from '../../domain/questionnaires/index.js';
import { audit } from '../audit/record.js';
import { findPatientKey, requireStaffAction } from '../chart/access.js';
import { withTransaction, type AppContext, type Queryable } from '../context.js';

/**
 * The questionnaire schedule of the patient's plan in force: read by clinical staff, edited by prescribers
 * (plans.write) with optimistic concurrency, audited; and the assignments it yields, written once each.
 */
export interface ScheduleView {
  readonly planId: string;
  readonly settings: QuestionnaireScheduleSettings;
  /** 0 while the plan uses the defaults (no edit yet). */
  readonly version: number;
  readonly isDefault: boolean;
  readonly updatedAt: Date | null;
  /** The points the schedule yields from today, with their state (a preview, includes upcoming ones). */
  readonly upcoming: readonly DueAssignment[];
}

async function settingsOf(db: Queryable, plan: PlanInForce) {
  const row = await findSchedule(db, plan.id);
  return row
    ? { settings: row.settings as QuestionnaireScheduleSettings, version: row.version, updatedAt: row.updatedAt }
    : { settings: scheduleSettingsForPlan(plan.outcomeInstrumentId), version: 0, updatedAt: null };
}

const noPlan = () =>
  new DomainError('plan_not_signed', 'The patient has no signed treatment plan in force: sign one first.');

async function view(tx: AppContext, plan: PlanInForce): Promise<ScheduleView> {
  const { settings, version, updatedAt } = await settingsOf(tx.db, plan);
  const sessions = await seriesSessions(tx.db, plan.organizationId, plan.patientId);
  const upcoming = questionnairesDue({
    settings,
    sessions,
    timeZone: plan.timeZone,
    now: tx.now,
    includeUpcoming: true,
    horizonWeeks: 4,
  }).filter((a) => a.state === 'upcoming' || a.state === 'open');
  return { planId: plan.id, settings, version, isDefault: version === 0, updatedAt, upcoming: upcoming.slice(0, 30) };
}

export async function getQuestionnaireSchedule(patientId: string, ctx: AppContext): Promise<ScheduleView> {
  const principal = requireStaffAction(ctx, 'questionnaires.read');
  return withTransaction(ctx, async (tx) => {
    const patient = await findPatientKey(tx, patientId);
    const plan = await findPlanInForce(tx.db, principal.organizationId, patient.id);
    if (!plan) throw noPlan();
    await audit(tx, {
      action: 'questionnaires.schedule_read',
      resourceType: 'questionnaire_schedule',
      resourceId: plan.id,
      patientId: patient.id,
    });
    return view(tx, plan);
  });
}

export async function putQuestionnaireSchedule(
  patientId: string,
  input: { settings: QuestionnaireScheduleSettings; version: number },
  ctx: AppContext,
): Promise<ScheduleView> {
  const principal = requireStaffAction(ctx, 'plans.write');
  assertScheduleSettings(input.settings);
  return withTransaction(ctx, async (tx) => {
    const patient = await findPatientKey(tx, patientId, { forUpdate: true });
    const plan = await findPlanInForce(tx.db, principal.organizationId, patient.id);
    if (!plan) throw noPlan();
    const current = await findSchedule(tx.db, plan.id, true);
    const stale = () =>
      new DomainError('stale_version', 'Someone else changed this schedule; reload it and try again.', {
        details: { currentVersion: current?.version ?? 0 },
      });
    const settings = {
      ...input.settings,
      afterInductionWeeks: input.settings.afterInductionWeeks.toSorted((a, b) => a - b),
    };
    if (current === undefined) {
      if (input.version !== 0) throw stale();
      await insertSchedule(tx.db, {
        organizationId: plan.organizationId,
        patientId: plan.patientId,
        planId: plan.id,
        settings,
        userId: principal.userId,
        now: tx.now,
      });
    } else {
      const updated = await updateSchedule(tx.db, {
        planId: plan.id,
        settings,
        userId: principal.userId,
        now: tx.now,
        version: input.version,
      });
      if (!updated) throw stale();
    }
    await audit(tx, {
      action: 'questionnaires.schedule_update',
      resourceType: 'questionnaire_schedule',
      resourceId: plan.id,
      patientId: plan.patientId,
      details: { fromVersion: input.version, instrumentIds: settings.instrumentIds },
    });
    await materialiseForPlan(tx.db, plan, tx.now);
    return view(tx, plan);
  });
}

/**
 * Writes the plan's assignments that are open now (or past), each once; cancels those not started whose
 * point the schedule no longer yields (a cancelled session, a schedule edit). Returns how many were new.
 */
export async function materialiseForPlan(db: Queryable, plan: PlanInForce, now: Date): Promise<number> {
  const { settings } = await settingsOf(db, plan);
  const sessions = await seriesSessions(db, plan.organizationId, plan.patientId);
  const all = questionnairesDue({ settings, sessions, timeZone: plan.timeZone, now, includeUpcoming: true });
  await cancelAssignmentsNotIn(
    db,
    plan.patientId,
    all.map((a) => a.key),
    now,
  );
  const due = all.filter((a) => a.state !== 'upcoming' && a.state !== 'missed');
  return upsertAssignments(
    db,
    { organizationId: plan.organizationId, patientId: plan.patientId, planId: plan.id, now },
    due.map((a) => ({
      key: a.key,
      instrumentId: a.instrumentId,
      reason: a.reason,
      appointmentId: a.appointmentId,
      week: a.week,
      opensAt: a.opensAt,
      dueAt: a.dueAt,
      closesAt: a.closesAt,
    })),
  );
}

export async function materialiseForPatient(
  db: Queryable,
  organizationId: string,
  patientId: string,
  now: Date,
): Promise<number> {
  const plan = await findPlanInForce(db, organizationId, patientId);
  return plan ? materialiseForPlan(db, plan, now) : 0;
}

/** The job: every plan in force with booked sessions, one transaction per plan. */
export async function materialiseAll(db: Queryable, now: Date): Promise<number> {
  let written = 0;
  for (const plan of await plansWithSessions(db)) {
    const ctx: AppContext = { db, principal: null, now, ip: null, userAgent: null };
    written += await withTransaction(ctx, (tx) => materialiseForPlan(tx.db, plan, now));
  }
  return written;
}
