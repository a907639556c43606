import { sql } from 'kysely';
import type { IntakeScore, PrescreenFlag, UrgentReason } from '../../domain/intake/index.js';
import { kysely, type Queryable } from '../kysely.js';

/**
 * SQL for intakes ("Get started" requests): stored once by the public form, then triaged in the queue
 * (assigned, noted, contacted, declined or converted into a patient record).
 */
export type IntakeStatus = 'new' | 'contacted' | 'converted' | 'declined';

export interface NewIntake {
  readonly organizationId: string;
  readonly reference: string;
  readonly urgent: boolean;
  readonly urgentReasons: readonly string[];
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  readonly phone: string;
  readonly dateOfBirth: string;
  readonly state: string;
  readonly conditions: readonly string[];
  readonly answers: unknown;
  readonly scores: unknown;
  readonly prescreen: unknown;
  readonly prescreenFlags: unknown;
  readonly medications: string;
  readonly contactTimes: readonly string[];
  readonly contactMethod: string;
  readonly consentContact: boolean;
  readonly privacyNoticeVersion: string;
  readonly submittedAt: Date;
}

export async function insertIntake(db: Queryable, i: NewIntake): Promise<string> {
  const row = await kysely(db)
    .insertInto('intakes')
    .values({
      ...i,
      urgentReasons: [...i.urgentReasons],
      conditions: [...i.conditions],
      contactTimes: [...i.contactTimes],
      answers: JSON.stringify(i.answers),
      scores: JSON.stringify(i.scores),
      prescreen: JSON.stringify(i.prescreen),
      prescreenFlags: JSON.stringify(i.prescreenFlags),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Serialises requests with the same Idempotency-Key until commit; the second sees the first's row. */
export async function lockIntakeIdempotencyKey(db: Queryable, organizationId: string, key: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`intake-idem:${organizationId}:${key}`}))`.execute(kysely(db));
}

/** The key's stored request, unless it was stored before `notBefore` (then it is deleted and forgotten). */
export async function findIntakeIdempotencyKey(
  db: Queryable,
  organizationId: string,
  key: string,
  notBefore: Date,
): Promise<{ requestHash: string; reference: string; urgent: boolean } | undefined> {
  await kysely(db)
    .deleteFrom('intakeIdempotencyKeys')
    .where('organizationId', '=', organizationId)
    .where('key', '=', key)
    .where('createdAt', '<', notBefore)
    .execute();
  return kysely(db)
    .selectFrom('intakeIdempotencyKeys as k')
    .innerJoin('intakes as i', 'i.id', 'k.intakeId')
    .select(['k.requestHash', 'i.reference', 'i.urgent'])
    .where('k.organizationId', '=', organizationId)
    .where('k.key', '=', key)
    .executeTakeFirst();
}

export async function insertIntakeIdempotencyKey(
  db: Queryable,
  k: { organizationId: string; key: string; requestHash: string; intakeId: string; createdAt: Date },
): Promise<void> {
  await kysely(db).insertInto('intakeIdempotencyKeys').values(k).execute();
}

/** What the queue shows of an intake (camelCase; jsonb columns as the domain wrote them). */
export interface IntakeSummaryRecord {
  id: string;
  reference: string;
  status: IntakeStatus;
  urgent: boolean;
  urgentReasons: UrgentReason[];
  givenName: string;
  familyName: string;
  state: string;
  conditions: string[];
  submittedAt: Date;
  scores: IntakeScore[];
  prescreenFlags: PrescreenFlag[];
  assignedUserId: string | null;
  assignedName: string | null;
  contactedAt: Date | null;
  version: number;
}

function summaries(db: Queryable, organizationId: string) {
  return kysely(db)
    .selectFrom('intakes as i')
    .leftJoin('users as u', 'u.id', 'i.assignedUserId')
    .select([
      'i.id',
      'i.reference',
      'i.status',
      'i.urgent',
      'i.urgentReasons',
      'i.givenName',
      'i.familyName',
      'i.state',
      'i.conditions',
      'i.submittedAt',
      'i.scores',
      'i.prescreenFlags',
      'i.assignedUserId',
      'u.name as assignedName',
      'i.contactedAt',
      'i.version',
    ])
    .where('i.organizationId', '=', organizationId)
    .$narrowType<{ status: IntakeStatus; urgentReasons: UrgentReason[] }>();
}

// CHECK constraints (0002_intake.sql) hold status to its values; scores and flags are written by the domain.
const toSummaryRecord = <R extends { scores: unknown; prescreenFlags: unknown }>(r: R) => ({
  ...r,
  scores: r.scores as IntakeScore[],
  prescreenFlags: r.prescreenFlags as PrescreenFlag[],
});

export interface IntakeQueueQuery {
  readonly organizationId: string;
  /** `null`: every status. */
  readonly statuses: readonly IntakeStatus[] | null;
  readonly assignedUserId: string | null;
  /** A LIKE pattern (lower case) matched against both name orders, the email and the reference. */
  readonly pattern: string | null;
  /** Keyset position: rows after this one in the queue's order. */
  readonly after: { readonly urgent: boolean; readonly at: string; readonly id: string } | null;
  readonly limit: number;
}

/**
 * Urgent first, then oldest first, then id; `cursorAt` is `submittedAt` to the microsecond (what a
 * JavaScript Date would round away), for the next page's keyset.
 */
export async function listIntakeQueue(
  db: Queryable,
  q: IntakeQueueQuery,
): Promise<(IntakeSummaryRecord & { cursorAt: string })[]> {
  let query = summaries(db, q.organizationId).select(
    sql<string>`to_char(i.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursorAt'),
  );
  if (q.statuses !== null) query = query.where('i.status', 'in', [...q.statuses]);
  if (q.assignedUserId !== null) query = query.where('i.assignedUserId', '=', q.assignedUserId);
  if (q.pattern !== null) {
    const p = q.pattern;
    query = query.where(
      sql<boolean>`(lower(i.given_name || ' ' || i.family_name) LIKE ${p} OR lower(i.family_name || ' ' || i.given_name) LIKE ${p}
                    OR lower(i.email) LIKE ${p} OR lower(i.reference) LIKE ${p})`,
    );
  }
  if (q.after !== null) {
    // (NOT urgent, submitted_at, id) ascending is "urgent first, then oldest first" as one comparable row.
    const a = q.after;
    query = query.where(
      sql<boolean>`(NOT i.urgent, i.submitted_at, i.id) > (NOT ${a.urgent}::boolean, ${a.at}::timestamptz, ${a.id}::uuid)`,
    );
  }
  const rows = await query
    .orderBy('i.urgent', 'desc')
    .orderBy('i.submittedAt', 'asc')
    .orderBy('i.id', 'asc')
    .limit(q.limit)
    .execute();
  return rows.map(toSummaryRecord);
}

export interface IntakeDetailRecord extends IntakeSummaryRecord {
  email: string;
  phone: string;
  dateOfBirth: string;
  answers: Record<string, Record<string, number | boolean | null>>;
  prescreen: Record<string, string>;
  medications: string;
  contactTimes: string[];
  contactMethod: string;
  declineReason: string | null;
  patientId: string | null;
}

export async function findIntakeDetail(
  db: Queryable,
  organizationId: string,
  id: string,
): Promise<IntakeDetailRecord | undefined> {
  const row = await summaries(db, organizationId)
    .select([
      'i.email',
      'i.phone',
      'i.dateOfBirth',
      'i.answers',
      'i.prescreen',
      'i.medications',
      'i.contactTimes',
      'i.contactMethod',
      'i.declineReason',
      'i.patientId',
    ])
    .where('i.id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      ...toSummaryRecord(row),
      answers: row.answers as IntakeDetailRecord['answers'],
      prescreen: row.prescreen as IntakeDetailRecord['prescreen'],
    }
  );
}

export async function listIntakeNotes(db: Queryable, intakeId: string) {
  return kysely(db)
    .selectFrom('intakeNotes as n')
    .innerJoin('users as u', 'u.id', 'n.authorUserId')
    .select(['n.id', 'n.body', 'n.authorUserId', 'u.name as authorName', 'n.createdAt'])
    .where('n.intakeId', '=', intakeId)
    .orderBy('n.createdAt')
    .orderBy('n.id')
    .execute();
}

export interface LockedIntake {
  readonly id: string;
  readonly status: IntakeStatus;
  readonly version: number;
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  readonly phone: string;
  readonly dateOfBirth: string;
  readonly state: string;
}

/** The intake of `organizationId`, locked until commit. */
export async function lockIntake(db: Queryable, organizationId: string, id: string): Promise<LockedIntake | undefined> {
  return kysely(db)
    .selectFrom('intakes')
    .select(['id', 'status', 'version', 'givenName', 'familyName', 'email', 'phone', 'dateOfBirth', 'state'])
    .where('id', '=', id)
    .where('organizationId', '=', organizationId)
    .$narrowType<{ status: IntakeStatus }>()
    .forUpdate()
    .executeTakeFirst();
}

export type IntakeChange =
  | { readonly kind: 'assign'; readonly userId: string | null }
  | { readonly kind: 'contacted'; readonly at: Date }
  | { readonly kind: 'declined'; readonly at: Date; readonly reason: string }
  | { readonly kind: 'converted'; readonly at: Date; readonly patientId: string };

/** Applies one triage step and bumps the version; returns the new version. */
export async function updateIntake(db: Queryable, id: string, change: IntakeChange): Promise<number> {
  const set =
    change.kind === 'assign'
      ? { assignedUserId: change.userId }
      : change.kind === 'contacted'
        ? { status: 'contacted', contactedAt: change.at }
        : change.kind === 'declined'
          ? { status: 'declined', declinedAt: change.at, declineReason: change.reason }
          : { status: 'converted', convertedAt: change.at, patientId: change.patientId };
  const row = await kysely(db)
    .updateTable('intakes')
    .set({ ...set, version: (eb) => eb('version', '+', 1) })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export async function insertIntakeNote(
  db: Queryable,
  n: { intakeId: string; organizationId: string; authorUserId: string; body: string; createdAt: Date },
): Promise<string> {
  return (await kysely(db).insertInto('intakeNotes').values(n).returning('id').executeTakeFirstOrThrow()).id;
}

/**
 * Takes the organization's next medical record number. The row lock it takes makes numbers gap-free and
 * unique under concurrent conversions.
 */
export async function takeNextMrn(db: Queryable, organizationId: string): Promise<number> {
  const row = await kysely(db)
    .updateTable('organizations')
    .set({ nextMrn: (eb) => eb('nextMrn', '+', 1) })
    .where('id', '=', organizationId)
    .returning((eb) => eb('nextMrn', '-', 1).as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** A patient record (status 'intake') from an intake's contact details. */
export async function insertPatientFromIntake(
  db: Queryable,
  p: {
    organizationId: string;
    mrn: string;
    givenName: string;
    familyName: string;
    dateOfBirth: string;
    email: string;
    phone: string;
    state: string;
    createdAt: Date;
  },
): Promise<string> {
  return (await kysely(db).insertInto('patients').values(p).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertAssessmentRequest(
  db: Queryable,
  r: { organizationId: string; patientId: string; intakeId: string; requestedByUserId: string; createdAt: Date },
): Promise<string> {
  return (await kysely(db).insertInto('assessmentRequests').values(r).returning('id').executeTakeFirstOrThrow()).id;
}
