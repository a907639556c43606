import { sql } from 'kysely';
import { kysely, type Queryable } from '../kysely.js';

/**
 * The queries behind the worklist home: what is waiting for someone, counted, with the first few
 * items. Every query is limited to one organization; the use-case decides which lists a role sees.
 */
export interface WorkItemRow {
  readonly id: string;
  readonly patientId: string | null;
  readonly name: string;
  readonly mrn: string | null;
  readonly at: Date;
  readonly detail: string | null;
}

export interface WorkListRows {
  readonly count: number;
  readonly items: readonly WorkItemRow[];
}

const LIMIT = 5;

async function withCount<T>(count: Promise<{ n: number | string | bigint } | undefined>, items: Promise<T[]>) {
  const [c, rows] = await Promise.all([count, items]);
  return { count: Number(c?.n ?? 0), items: rows };
}

/** Open intakes (new or contacted); `urgentOnly` for the urgent ones, `assignedTo` for one person's. */
export function openIntakes(
  q: Queryable,
  organizationId: string,
  filter: { urgentOnly?: boolean; assignedTo?: string },
): Promise<WorkListRows> {
  const db = kysely(q);
  let base = db
    .selectFrom('intakes')
    .where('organizationId', '=', organizationId)
    .where('status', 'in', ['new', 'contacted']);
  if (filter.urgentOnly) base = base.where('urgent', '=', true);
  if (filter.assignedTo) base = base.where('assignedUserId', '=', filter.assignedTo);
  return withCount(
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    base
      .select([
        'id',
        sql<null>`NULL::uuid`.as('patientId'),
        sql<string>`given_name || ' ' || family_name`.as('name'),
        sql<null>`NULL::text`.as('mrn'),
        'submittedAt as at',
        sql<string>`array_to_string(urgent_reasons, ',')`.as('detail'),
      ])
      .orderBy('urgent', 'desc')
      .orderBy('submittedAt', 'asc')
      .limit(LIMIT)
      .execute(),
  );
}

/** Drafts of a signed document kind that nobody has signed yet, oldest change first. */
export function unsignedDrafts(
  q: Queryable,
  organizationId: string,
  kind: 'assessments' | 'treatmentPlans',
): Promise<WorkListRows> {
  const db = kysely(q);
  // Both tables have the columns used here; the builder is typed with one of them.
  const table = `${kind} as d` as 'assessments as d';
  const base = db
    .selectFrom(table)
    .innerJoin('patients as p', 'p.id', 'd.patientId')
    .where('d.organizationId', '=', organizationId)
    .where('d.status', '=', 'draft');
  return withCount(
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    base
      .select([
        'd.id',
        'd.patientId',
        sql<string>`p.given_name || ' ' || p.family_name`.as('name'),
        'p.mrn',
        'd.createdAt as at',
        sql<null>`NULL::text`.as('detail'),
      ])
      .orderBy('d.createdAt', 'asc')
      .limit(LIMIT)
      .execute(),
  );
}

/** Patients found eligible whose consent is not on file (never signed, or withdrawn). */
export function consentsWaiting(q: Queryable, organizationId: string): Promise<WorkListRows> {
  const db = kysely(q);
  const base = db
    .selectFrom('patients as p')
    .where('p.organizationId', '=', organizationId)
    .where('p.status', 'in', ['eligible', 'assessment'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('consents as c')
            .select('c.id')
            .whereRef('c.patientId', '=', 'p.id')
            .where('c.withdrawnAt', 'is', null),
        ),
      ),
    );
  return withCount(
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    base
      .select([
        'p.id',
        'p.id as patientId',
        sql<string>`p.given_name || ' ' || p.family_name`.as('name'),
        'p.mrn',
        sql<Date>`coalesce(p.status_changed_at, p.created_at)`.as('at'),
        'p.status as detail',
      ])
      .orderBy('at', 'asc')
      .limit(LIMIT)
      .execute(),
  );
}

/** Consents withdrawn since `since` where the patient has not consented again. */
export function recentWithdrawals(q: Queryable, organizationId: string, since: Date): Promise<WorkListRows> {
  const db = kysely(q);
  const base = db
    .selectFrom('consents as c')
    .innerJoin('patients as p', 'p.id', 'c.patientId')
    .where('c.organizationId', '=', organizationId)
    .where('c.withdrawnAt', '>=', since)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('consents as later')
            .select('later.id')
            .whereRef('later.patientId', '=', 'c.patientId')
            .where('later.withdrawnAt', 'is', null),
        ),
      ),
    );
  return withCount(
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    base
      .select([
        'c.id',
        'c.patientId',
        sql<string>`p.given_name || ' ' || p.family_name`.as('name'),
        'p.mrn',
        sql<Date>`c.withdrawn_at`.as('at'),
        sql<null>`NULL::text`.as('detail'),
      ])
      .orderBy('c.withdrawnAt', 'desc')
      .limit(LIMIT)
      .execute(),
  );
}

/** Questionnaires since `since` that raised a flag (suicide risk review, C-SSRS risk, …). */
export function flaggedQuestionnaires(q: Queryable, organizationId: string, since: Date): Promise<WorkListRows> {
  const db = kysely(q);
  const base = db
    .selectFrom('questionnaireResults as r')
    .innerJoin('patients as p', 'p.id', 'r.patientId')
    .where('r.organizationId', '=', organizationId)
    .where('r.completedAt', '>=', since)
    .where(sql<boolean>`cardinality(r.flags) > 0`);
  return withCount(
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    base
      .select([
        'r.id',
        'r.patientId',
        sql<string>`p.given_name || ' ' || p.family_name`.as('name'),
        'p.mrn',
        'r.completedAt as at',
        sql<string>`r.instrument_id || ':' || array_to_string(r.flags, ',')`.as('detail'),
      ])
      .orderBy('r.completedAt', 'desc')
      .limit(LIMIT)
      .execute(),
  );
}

/** Active staff accounts that must set up two-step sign-in and have not. */
export function accountsWithoutMfa(q: Queryable, organizationId: string): Promise<WorkListRows> {
  const db = kysely(q);
  const base = db
    .selectFrom('users')
    .where('organizationId', '=', organizationId)
    .where('kind', '=', 'staff')
    .where('active', '=', true)
    .where('mfaEnabled', '=', false)
    .where(sql<boolean>`roles && ARRAY['admin', 'prescriber']::text[]`);
  return withCount(
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    base
      .select([
        'id',
        sql<null>`NULL::uuid`.as('patientId'),
        'name',
        sql<null>`NULL::text`.as('mrn'),
        'createdAt as at',
        sql<string>`array_to_string(roles, ',')`.as('detail'),
      ])
      .orderBy('createdAt', 'asc')
      .limit(LIMIT)
      .execute(),
  );
}

/** Today's appointments (the clinic's local day), not cancelled or missed, in time order. */
export function todaysAppointments(q: Queryable, organizationId: string, now: Date): Promise<WorkListRows> {
  const db = kysely(q);
  const today = sql<boolean>`(a.starts_at AT TIME ZONE o.time_zone)::date = (${now}::timestamptz AT TIME ZONE o.time_zone)::date`;
  const base = db
    .selectFrom('appointments as a')
    .innerJoin('organizations as o', 'o.id', 'a.organizationId')
    .innerJoin('patients as p', 'p.id', 'a.patientId')
    .where('a.organizationId', '=', organizationId)
    .where('a.status', 'not in', ['cancelled', 'no_show'])
    .where(today);
  return withCount(
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    base
      .select([
        'a.id',
        'a.patientId',
        sql<string>`p.given_name || ' ' || p.family_name`.as('name'),
        'p.mrn',
        'a.startsAt as at',
        'a.status as detail',
      ])
      .orderBy('a.startsAt', 'asc')
      .limit(LIMIT)
      .execute(),
  );
}

/** Session alerts and stops nobody has acknowledged yet, newest first. */
export function openSessionAlerts(q: Queryable, organizationId: string): Promise<WorkListRows> {
  const db = kysely(q);
  const base = db
    .selectFrom('sessionAlerts as al')
    .innerJoin('treatmentSessions as s', (j) =>
      j.onRef('s.id', '=', 'al.sessionId').onRef('s.organizationId', '=', 'al.organizationId'),
    )
    .innerJoin('patients as p', 'p.id', 's.patientId')
    .where('al.organizationId', '=', organizationId)
    .where('al.level', 'in', ['alert', 'stop'])
    .where('al.acknowledgedAt', 'is', null);
  return withCount(
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    base
      .select([
        'al.sessionId as id',
        's.patientId',
        sql<string>`p.given_name || ' ' || p.family_name`.as('name'),
        'p.mrn',
        'al.raisedAt as at',
        'al.message as detail',
      ])
      .orderBy('al.raisedAt', 'desc')
      .limit(LIMIT)
      .execute(),
  );
}
