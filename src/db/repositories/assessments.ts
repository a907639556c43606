import { sql } from 'kysely';
import { kysely, type Queryable } from '../kysely.js';

/**
 * SQL for initial assessments: drafts, the signed document (never changed again), and amendments (new
 * drafts pointing at the signed original). `input` and `result` are jsonb written from the domain's types.
 */
export type AssessmentStatus = 'draft' | 'signed';
export type AssessmentDecision = 'eligible' | 'eligible_with_clearance' | 'not_eligible';

export interface AssessmentRecord {
  readonly id: string;
  readonly patientId: string;
  readonly status: AssessmentStatus;
  readonly input: unknown;
  readonly goals: string;
  readonly notes: string;
  readonly baselineResultIds: string[];
  readonly protocolVersionId: string;
  readonly protocolNumber: number;
  readonly protocolLabel: string;
  /** The protocol version's settings as stored. */
  readonly protocol: unknown;
  readonly patientDateOfBirth: string;
  readonly clinicTimeZone: string;
  readonly result: unknown;
  readonly decision: AssessmentDecision | null;
  readonly clearanceNote: string | null;
  readonly notEligibleReason: string | null;
  readonly overrideReason: string | null;
  readonly signedByUserId: string | null;
  readonly signedByName: string | null;
  readonly signedAt: Date | null;
  readonly amendsAssessmentId: string | null;
  readonly amendmentReason: string | null;
  /** The amendments of this assessment, oldest first. */
  readonly amendedBy: string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

function assessments(db: Queryable, patientId: string) {
  return (
    kysely(db)
      .selectFrom('assessments as a')
      .innerJoin('protocolVersions as p', 'p.id', 'a.protocolVersionId')
      .leftJoin('users as u', 'u.id', 'a.signedByUserId')
      .innerJoin('patients as pt', 'pt.id', 'a.patientId')
      .innerJoin('organizations as o', 'o.id', 'a.organizationId')
      .select([
        'a.id',
        'a.patientId',
        'a.status',
        'a.input',
        'a.goals',
        'a.notes',
        'a.baselineResultIds',
        'a.protocolVersionId',
        'p.number as protocolNumber',
        'p.label as protocolLabel',
        'p.protocol',
        'pt.dateOfBirth as patientDateOfBirth',
        'o.timeZone as clinicTimeZone',
        'a.result',
        'a.decision',
        'a.clearanceNote',
        'a.notEligibleReason',
        'a.overrideReason',
        'a.signedByUserId',
        'u.name as signedByName',
        'a.signedAt',
        'a.amendsAssessmentId',
        'a.amendmentReason',
        // An ordered aggregate has no builder form.
        sql<
          string[]
        >`coalesce((SELECT array_agg(x.id ORDER BY x.created_at) FROM assessments x WHERE x.amends_assessment_id = a.id), '{}')`.as(
          'amendedBy',
        ),
        'a.createdAt',
        'a.updatedAt',
        'a.version',
      ])
      .where('a.patientId', '=', patientId)
      // CHECK constraints (0004_chart.sql).
      .$narrowType<{ status: AssessmentStatus; decision: AssessmentDecision | null }>()
  );
}

/** The patient's assessment; locked until commit when `forUpdate`. */
export async function findAssessment(
  db: Queryable,
  patientId: string,
  id: string,
  forUpdate = false,
): Promise<AssessmentRecord | undefined> {
  let query = assessments(db, patientId).where('a.id', '=', id);
  if (forUpdate) query = query.forUpdate('a');
  return query.executeTakeFirst();
}

export async function listAssessmentsOfPatient(db: Queryable, patientId: string): Promise<AssessmentRecord[]> {
  return assessments(db, patientId).orderBy('a.createdAt').execute();
}

/**
 * The patient's open draft of the same kind: a new assessment on this protocol version (`amends` null), or an
 * amendment of that signed assessment.
 */
export async function findOpenDraft(
  db: Queryable,
  patientId: string,
  of: { readonly protocolVersionId: string; readonly amends: null } | { readonly amends: string },
): Promise<{ id: string } | undefined> {
  let query = kysely(db)
    .selectFrom('assessments')
    .select('id')
    .where('patientId', '=', patientId)
    .where('status', '=', 'draft');
  query =
    of.amends === null
      ? query.where('amendsAssessmentId', 'is', null).where('protocolVersionId', '=', of.protocolVersionId)
      : query.where('amendsAssessmentId', '=', of.amends);
  return query.orderBy('createdAt').limit(1).executeTakeFirst();
}

/** The decision of the patient's most recently signed assessment. */
export async function findLatestSignedAssessment(
  db: Queryable,
  patientId: string,
): Promise<{ id: string; decision: AssessmentDecision | null } | undefined> {
  return kysely(db)
    .selectFrom('assessments')
    .select(['id', 'decision'])
    .where('patientId', '=', patientId)
    .where('status', '=', 'signed')
    .orderBy('signedAt', 'desc')
    .limit(1)
    .$narrowType<{ decision: AssessmentDecision | null }>()
    .executeTakeFirst();
}

/** How many of `ids` (distinct) are questionnaire results on the patient's chart. */
export async function countQuestionnaireResultsOfPatient(
  db: Queryable,
  patientId: string,
  ids: readonly string[],
): Promise<number> {
  const row = await kysely(db)
    .selectFrom('questionnaireResults')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('patientId', '=', patientId)
    .where('id', 'in', [...ids])
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function insertAssessment(
  db: Queryable,
  a: {
    organizationId: string;
    patientId: string;
    input: unknown;
    goals: string;
    notes: string;
    baselineResultIds: readonly string[];
    protocolVersionId: string;
    amendsAssessmentId?: string;
    amendmentReason?: string;
    createdByUserId: string;
    createdAt: Date;
  },
): Promise<string> {
  const row = await kysely(db)
    .insertInto('assessments')
    .values({
      ...a,
      input: JSON.stringify(a.input),
      baselineResultIds: [...a.baselineResultIds],
      updatedAt: a.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Revises a draft: only the fields given change. */
export async function updateAssessmentDraft(
  db: Queryable,
  id: string,
  d: { input?: unknown; goals?: string; notes?: string; baselineResultIds?: readonly string[] },
  now: Date,
): Promise<void> {
  await kysely(db)
    .updateTable('assessments')
    .set((eb) => ({
      ...(d.input !== undefined ? { input: JSON.stringify(d.input) } : {}),
      ...(d.goals !== undefined ? { goals: d.goals } : {}),
      ...(d.notes !== undefined ? { notes: d.notes } : {}),
      ...(d.baselineResultIds !== undefined ? { baselineResultIds: [...d.baselineResultIds] } : {}),
      updatedAt: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

export async function signAssessmentRow(
  db: Queryable,
  id: string,
  s: {
    result: unknown;
    decision: AssessmentDecision;
    clearanceNote: string | null;
    notEligibleReason: string | null;
    overrideReason: string | null;
    signedByUserId: string;
    signedAt: Date;
  },
): Promise<void> {
  await kysely(db)
    .updateTable('assessments')
    .set((eb) => ({
      ...s,
      status: 'signed',
      result: JSON.stringify(s.result),
      updatedAt: s.signedAt,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

/** The patient's most recently started assessment (draft or signed). */
export async function findLatestAssessment(db: Queryable, patientId: string): Promise<AssessmentRecord | undefined> {
  return assessments(db, patientId).orderBy('a.createdAt', 'desc').limit(1).executeTakeFirst();
}

/** Removes a draft (a plan refers only to signed assessments). A signed one is never removed: the guard refuses. */
export async function deleteAssessmentDraft(db: Queryable, id: string): Promise<void> {
  await db.query(`DELETE FROM assessments WHERE id = $1 AND status = 'draft'`, [id]);
}
