import { sql } from 'kysely';
import { kysely, type Queryable } from '../kysely.js';

/**
 * SQL for questionnaires between visits (issue 17): the schedule a plan carries, the assignments it
 * yields, the patient's draft answers, and portal results. Every query is scoped by organization (and
 * patient where a patient asks).
 */
export interface PlanInForce {
  readonly id: string;
  readonly organizationId: string;
  readonly patientId: string;
  readonly signedByUserId: string | null;
  readonly outcomeInstrumentId: string;
  readonly timeZone: string;
}

const planSelect = (q: Queryable) =>
  kysely(q)
    .selectFrom('treatmentPlans as tp')
    .innerJoin('organizations as o', 'o.id', 'tp.organizationId')
    .where('tp.status', '=', 'signed')
    .select([
      'tp.id',
      'tp.organizationId',
      'tp.patientId',
      'tp.signedByUserId',
      sql<string>`tp.content -> 'outcome' ->> 'instrumentId'`.as('outcomeInstrumentId'),
      'o.timeZone',
    ]);

export async function findPlanInForce(
  q: Queryable,
  organizationId: string,
  patientId: string,
): Promise<PlanInForce | undefined> {
  return planSelect(q)
    .where('tp.organizationId', '=', organizationId)
    .where('tp.patientId', '=', patientId)
    .executeTakeFirst();
}

/** Every plan in force with at least one series session booked: what the materialising job walks. */
export async function plansWithSessions(q: Queryable): Promise<PlanInForce[]> {
  return planSelect(q)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('appointments as a')
          .select('a.id')
          .whereRef('a.patientId', '=', 'tp.patientId')
          .where('a.seriesId', 'is not', null),
      ),
    )
    .orderBy('tp.organizationId')
    .execute();
}

export interface ScheduleRow {
  readonly id: string;
  readonly planId: string;
  readonly settings: unknown;
  readonly version: number;
  readonly updatedAt: Date;
  readonly updatedByUserId: string | null;
}

export async function findSchedule(q: Queryable, planId: string, forUpdate = false): Promise<ScheduleRow | undefined> {
  let query = kysely(q)
    .selectFrom('questionnaireSchedules')
    .where('planId', '=', planId)
    .select(['id', 'planId', 'settings', 'version', 'updatedAt', 'updatedByUserId']);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function insertSchedule(
  q: Queryable,
  s: { organizationId: string; patientId: string; planId: string; settings: unknown; userId: string; now: Date },
): Promise<ScheduleRow | undefined> {
  return kysely(q)
    .insertInto('questionnaireSchedules')
    .values({
      organizationId: s.organizationId,
      patientId: s.patientId,
      planId: s.planId,
      settings: JSON.stringify(s.settings),
      updatedByUserId: s.userId,
      createdAt: s.now,
      updatedAt: s.now,
    })
    .onConflict((oc) => oc.column('planId').doNothing())
    .returning(['id', 'planId', 'settings', 'version', 'updatedAt', 'updatedByUserId'])
    .executeTakeFirst();
}

/** Optimistic concurrency: updates only the version the editor read; undefined when someone was first. */
export async function updateSchedule(
  q: Queryable,
  s: { planId: string; settings: unknown; userId: string; now: Date; version: number },
): Promise<ScheduleRow | undefined> {
  return kysely(q)
    .updateTable('questionnaireSchedules')
    .set((eb) => ({
      settings: JSON.stringify(s.settings),
      updatedByUserId: s.userId,
      updatedAt: s.now,
      version: eb('version', '+', 1),
    }))
    .where('planId', '=', s.planId)
    .where('version', '=', s.version)
    .returning(['id', 'planId', 'settings', 'version', 'updatedAt', 'updatedByUserId'])
    .executeTakeFirst();
}

export interface SessionRow {
  readonly appointmentId: string;
  readonly series: 'induction' | 'maintenance';
  readonly startsAt: Date;
  readonly cancelled: boolean;
}

/** The patient's series sessions (induction and maintenance), as booked. */
export async function seriesSessions(q: Queryable, organizationId: string, patientId: string): Promise<SessionRow[]> {
  const rows = await kysely(q)
    .selectFrom('appointments as a')
    .innerJoin('appointmentSeries as s', 's.id', 'a.seriesId')
    .where('a.organizationId', '=', organizationId)
    .where('a.patientId', '=', patientId)
    .select([
      'a.id as appointmentId',
      's.kind as series',
      'a.startsAt',
      sql<boolean>`a.status IN ('cancelled', 'no_show')`.as('cancelled'),
    ])
    .orderBy('a.startsAt')
    .execute();
  return rows.map((r) => ({ ...r, series: r.series === 'maintenance' ? 'maintenance' : 'induction' }));
}

export interface NewAssignment {
  readonly key: string;
  readonly instrumentId: string;
  readonly reason: string;
  readonly appointmentId: string | null;
  readonly week: number | null;
  readonly opensAt: Date;
  readonly dueAt: Date;
  readonly closesAt: Date;
}

/**
 * Writes the assignments not yet written (unique per patient and key: a second run, on this server or
 * another, writes nothing); one not started yet follows its session when the session moved.
 * Returns how many were new.
 */
export async function upsertAssignments(
  q: Queryable,
  owner: { organizationId: string; patientId: string; planId: string; now: Date },
  rows: readonly NewAssignment[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await kysely(q)
    .insertInto('questionnaireAssignments')
    .values(
      rows.map((r) => ({
        organizationId: owner.organizationId,
        patientId: owner.patientId,
        planId: owner.planId,
        key: r.key,
        instrumentId: r.instrumentId,
        reason: r.reason,
        appointmentId: r.appointmentId,
        week: r.week,
        opensAt: r.opensAt,
        dueAt: r.dueAt,
        closesAt: r.closesAt,
        createdAt: owner.now,
        updatedAt: owner.now,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['patientId', 'key'])
        .doUpdateSet((eb) => ({
          opensAt: eb.ref('excluded.opensAt'),
          dueAt: eb.ref('excluded.dueAt'),
          closesAt: eb.ref('excluded.closesAt'),
          updatedAt: eb.ref('excluded.updatedAt'),
        }))
        .where('questionnaireAssignments.status', '=', 'assigned')
        .where((eb) =>
          eb.or([
            eb('questionnaireAssignments.opensAt', '<>', eb.ref('excluded.opensAt')),
            eb('questionnaireAssignments.dueAt', '<>', eb.ref('excluded.dueAt')),
            eb('questionnaireAssignments.closesAt', '<>', eb.ref('excluded.closesAt')),
          ]),
        ),
    )
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .execute();
  return inserted.filter((r) => r.inserted).length;
}

/** Assignments not started whose key the schedule no longer yields (a cancelled session, a changed schedule). */
export async function cancelAssignmentsNotIn(
  q: Queryable,
  patientId: string,
  keep: readonly string[],
  now: Date,
): Promise<number> {
  let query = kysely(q)
    .updateTable('questionnaireAssignments')
    .set((eb) => ({ status: 'cancelled', updatedAt: now, version: eb('version', '+', 1) }))
    .where('patientId', '=', patientId)
    .where('status', '=', 'assigned')
    .where('closesAt', '>', now);
  if (keep.length > 0) query = query.where('key', 'not in', keep);
  const res = await query.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export interface AssignmentRow {
  readonly id: string;
  readonly organizationId: string;
  readonly patientId: string;
  readonly instrumentId: string;
  readonly reason: string;
  readonly appointmentId: string | null;
  readonly week: number | null;
  readonly opensAt: Date;
  readonly dueAt: Date;
  readonly closesAt: Date;
  readonly status: 'assigned' | 'in_progress' | 'completed' | 'cancelled';
  readonly draftAnswers: Record<string, number | boolean | null>;
  readonly resultId: string | null;
  readonly completedAt: Date | null;
  readonly version: number;
}

const assignmentColumns = [
  'id',
  'organizationId',
  'patientId',
  'instrumentId',
  'reason',
  'appointmentId',
  'week',
  'opensAt',
  'dueAt',
  'closesAt',
  'status',
  'draftAnswers',
  'resultId',
  'completedAt',
  'version',
] as const;

/** The patient's assignments that are open now or were finished in the last `recentDays`. */
export async function listPatientAssignments(
  q: Queryable,
  organizationId: string,
  patientId: string,
  now: Date,
  recentDays = 30,
): Promise<AssignmentRow[]> {
  const since = new Date(now.getTime() - recentDays * 86_400_000);
  const rows = await kysely(q)
    .selectFrom('questionnaireAssignments')
    .where('organizationId', '=', organizationId)
    .where('patientId', '=', patientId)
    .where('opensAt', '<=', now)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', 'in', ['assigned', 'in_progress']), eb('closesAt', '>', now)]),
        eb.and([eb('status', '=', 'completed'), eb('completedAt', '>=', since)]),
      ]),
    )
    .select(assignmentColumns)
    .orderBy('dueAt')
    .orderBy('instrumentId')
    .execute();
  return rows as AssignmentRow[];
}

export async function findAssignment(
  q: Queryable,
  organizationId: string,
  id: string,
  forUpdate = false,
): Promise<AssignmentRow | undefined> {
  let query = kysely(q)
    .selectFrom('questionnaireAssignments')
    .where('organizationId', '=', organizationId)
    .where('id', '=', id)
    .select(assignmentColumns);
  if (forUpdate) query = query.forUpdate();
  return (await query.executeTakeFirst()) as AssignmentRow | undefined;
}

export async function saveDraftAnswer(
  q: Queryable,
  id: string,
  itemId: string,
  value: number | boolean | null,
  now: Date,
): Promise<AssignmentRow> {
  const row = await kysely(q)
    .updateTable('questionnaireAssignments')
    .set((eb) => ({
      draftAnswers: sql`draft_answers || jsonb_build_object(${itemId}::text, ${JSON.stringify(value)}::jsonb)`,
      status: 'in_progress',
      updatedAt: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .returning(assignmentColumns)
    .executeTakeFirstOrThrow();
  return row as AssignmentRow;
}

export async function completeAssignment(q: Queryable, id: string, resultId: string, now: Date): Promise<void> {
  await kysely(q)
    .updateTable('questionnaireAssignments')
    .set((eb) => ({
      status: 'completed',
      resultId,
      completedAt: now,
      updatedAt: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

export async function insertPortalResult(
  q: Queryable,
  r: {
    organizationId: string;
    patientId: string;
    instrumentId: string;
    instrumentVersion: string;
    total: number | null;
    severityId: string | null;
    severityLabel: string | null;
    flags: readonly string[];
    answers: unknown;
    context: 'pre_session' | 'follow_up';
    now: Date;
  },
): Promise<string> {
  const row = await kysely(q)
    .insertInto('questionnaireResults')
    .values({
      organizationId: r.organizationId,
      patientId: r.patientId,
      instrumentId: r.instrumentId,
      instrumentVersion: r.instrumentVersion,
      total: r.total,
      severityId: r.severityId,
      severityLabel: r.severityLabel,
      flags: [...r.flags],
      answers: JSON.stringify(r.answers),
      context: r.context,
      completedAt: r.now,
      source: 'portal',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface DueReminderRow {
  readonly id: string;
  readonly organizationId: string;
  readonly patientId: string;
  readonly instrumentId: string;
  readonly dueAt: Date;
  readonly email: string;
  readonly givenName: string;
  readonly clinicName: string;
  readonly timeZone: string;
}

/**
 * Open assignments not yet reminded, for patients with an active portal account, locked for this
 * transaction: another server running the same job at the same moment skips them (SKIP LOCKED) and
 * sends nothing for them; the column set below keeps a later run from sending again.
 */
export async function claimDueReminders(q: Queryable, now: Date, limit = 200): Promise<DueReminderRow[]> {
  return kysely(q)
    .selectFrom('questionnaireAssignments as qa')
    .innerJoin('patients as p', 'p.id', 'qa.patientId')
    .innerJoin('users as u', (join) => join.onRef('u.patientId', '=', 'qa.patientId').on('u.active', '=', true))
    .innerJoin('organizations as o', 'o.id', 'qa.organizationId')
    .where('qa.status', 'in', ['assigned', 'in_progress'])
    .where('qa.remindedAt', 'is', null)
    .where('qa.opensAt', '<=', now)
    .where('qa.closesAt', '>', now)
    .select([
      'qa.id',
      'qa.organizationId',
      'qa.patientId',
      'qa.instrumentId',
      'qa.dueAt',
      'u.email',
      sql<string>`coalesce(p.preferred_name, p.given_name)`.as('givenName'),
      'o.name as clinicName',
      'o.timeZone',
    ])
    .orderBy('qa.patientId')
    .orderBy('qa.dueAt')
    .limit(limit)
    .forUpdate('qa')
    .skipLocked()
    .execute();
}

export async function markReminded(q: Queryable, ids: readonly string[], emailId: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await kysely(q)
    .updateTable('questionnaireAssignments')
    .set({ remindedAt: now, reminderEmailId: emailId })
    .where('id', 'in', ids)
    .execute();
}

export interface OverdueRow {
  readonly patientId: string;
  readonly name: string;
  readonly mrn: string;
  readonly overdue: number;
  readonly oldestDueAt: Date;
  readonly instrumentIds: string[];
}

/** Patients with assignments past their due date and not yet closed or done, oldest first. */
export async function overdueByPatient(
  q: Queryable,
  organizationId: string,
  now: Date,
  limit: number,
): Promise<{ count: number; items: OverdueRow[] }> {
  const db = kysely(q);
  const base = db
    .selectFrom('questionnaireAssignments as qa')
    .where('qa.organizationId', '=', organizationId)
    .where('qa.status', 'in', ['assigned', 'in_progress'])
    .where('qa.dueAt', '<=', now)
    .where('qa.closesAt', '>', now);
  const [count, items] = await Promise.all([
    base.select(sql<number>`count(DISTINCT qa.patient_id)::int`.as('n')).executeTakeFirst(),
    base
      .innerJoin('patients as p', 'p.id', 'qa.patientId')
      .groupBy(['qa.patientId', 'p.givenName', 'p.familyName', 'p.mrn'])
      .select([
        'qa.patientId',
        sql<string>`p.given_name || ' ' || p.family_name`.as('name'),
        'p.mrn',
        sql<number>`count(*)::int`.as('overdue'),
        sql<Date>`min(qa.due_at)`.as('oldestDueAt'),
        sql<string[]>`array_agg(DISTINCT qa.instrument_id ORDER BY qa.instrument_id)`.as('instrumentIds'),
      ])
      .orderBy(sql`min(qa.due_at)`)
      .limit(limit)
      .execute(),
  ]);
  return { count: count?.n ?? 0, items };
}
