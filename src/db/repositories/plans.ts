import { kysely, type Queryable } from '../kysely.js';

/**
 * SQL for treatment plans: versions numbered per patient; a draft is revised, a signed plan never changes
 * (its successor supersedes it). `content`, `dose` and `series` are jsonb written by the use-case from the
 * domain's types, returned as stored.
 */
export type PlanStatus = 'draft' | 'signed' | 'superseded';

export interface PlanRecord {
  readonly id: string;
  readonly patientId: string;
  readonly number: number;
  readonly status: PlanStatus;
  readonly supersedesPlanId: string | null;
  readonly content: unknown;
  readonly dose: unknown;
  readonly series: unknown;
  readonly overrideReason: string | null;
  readonly changeReason: string | null;
  readonly protocolVersionId: string;
  readonly protocolNumber: number;
  readonly protocolLabel: string;
  readonly consentId: string | null;
  readonly assessmentId: string | null;
  readonly signedByUserId: string | null;
  readonly signedByName: string | null;
  readonly signedAt: Date | null;
  readonly supersededAt: Date | null;
  readonly createdAt: Date;
  readonly version: number;
}

function plans(db: Queryable, patientId: string) {
  return (
    kysely(db)
      .selectFrom('treatmentPlans as t')
      .innerJoin('protocolVersions as p', 'p.id', 't.protocolVersionId')
      .leftJoin('users as u', 'u.id', 't.signedByUserId')
      .select([
        't.id',
        't.patientId',
        't.number',
        't.status',
        't.supersedesPlanId',
        't.content',
        't.dose',
        't.series',
        't.overrideReason',
        't.changeReason',
        't.protocolVersionId',
        'p.number as protocolNumber',
        'p.label as protocolLabel',
        't.consentId',
        't.assessmentId',
        't.signedByUserId',
        'u.name as signedByName',
        't.signedAt',
        't.supersededAt',
        't.createdAt',
        't.version',
      ])
      .where('t.patientId', '=', patientId)
      // CHECK constraint (0004_chart.sql).
      .$narrowType<{ status: PlanStatus }>()
  );
}

/** The patient's plan; locked until commit when `forUpdate`. */
export async function findPlan(
  db: Queryable,
  patientId: string,
  id: string,
  forUpdate = false,
): Promise<PlanRecord | undefined> {
  let query = plans(db, patientId).where('t.id', '=', id);
  if (forUpdate) query = query.forUpdate('t');
  return query.executeTakeFirst();
}

export async function listPlansOfPatient(db: Queryable, patientId: string): Promise<PlanRecord[]> {
  return plans(db, patientId).orderBy('t.number').execute();
}

/** The patient's newest plan version (any status), and the signed one in force. */
export async function findPlanHeads(db: Queryable, patientId: string) {
  const latest = await kysely(db)
    .selectFrom('treatmentPlans')
    .select(['id', 'number', 'status'])
    .where('patientId', '=', patientId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  const signed = await kysely(db)
    .selectFrom('treatmentPlans')
    .select('id')
    .where('patientId', '=', patientId)
    .where('status', '=', 'signed')
    .executeTakeFirst();
  return { latest, signedId: signed?.id ?? null };
}

/** What a draft holds; `dose` and `series` are JSON text. */
export interface PlanDraft {
  readonly content: unknown;
  readonly dose: string;
  readonly series: string;
  readonly overrideReason: string | null;
  readonly changeReason: string | null;
  readonly protocolVersionId: string;
}

export async function insertPlan(
  db: Queryable,
  p: PlanDraft & {
    organizationId: string;
    patientId: string;
    number: number;
    supersedesPlanId: string | null;
    createdByUserId: string;
    createdAt: Date;
  },
): Promise<string> {
  const row = await kysely(db)
    .insertInto('treatmentPlans')
    .values({ ...p, content: JSON.stringify(p.content), updatedAt: p.createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePlanDraft(db: Queryable, id: string, d: PlanDraft, now: Date): Promise<void> {
  await kysely(db)
    .updateTable('treatmentPlans')
    .set((eb) => ({ ...d, content: JSON.stringify(d.content), updatedAt: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** The signed plan `id` (if still signed) gives way to its successor. */
export async function supersedePlan(db: Queryable, id: string, at: Date): Promise<void> {
  await kysely(db)
    .updateTable('treatmentPlans')
    .set((eb) => ({ status: 'superseded', supersededAt: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'signed')
    .execute();
}

export async function signPlanRow(
  db: Queryable,
  id: string,
  s: { dose: string; series: string; consentId: string; assessmentId: string; signedByUserId: string; signedAt: Date },
): Promise<void> {
  await kysely(db)
    .updateTable('treatmentPlans')
    .set((eb) => ({ ...s, status: 'signed', updatedAt: s.signedAt, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Removes a draft (sessions, series and schedules refer only to signed plans). A signed one is never removed: the guard refuses. */
export async function deletePlanDraft(db: Queryable, id: string): Promise<void> {
  await db.query(`DELETE FROM treatment_plans WHERE id = $1 AND status = 'draft'`, [id]);
}
