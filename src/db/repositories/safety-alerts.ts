import { sql } from 'kysely';
import { kysely, type Queryable } from '../kysely.js';

/** SQL for safety alerts: the urgent task a risky portal answer raises, its acknowledgement and resolution. */
export interface SafetyAlertRow {
  readonly id: string;
  readonly organizationId: string;
  readonly patientId: string;
  readonly patientName: string;
  readonly mrn: string;
  readonly resultId: string;
  readonly instrumentId: string;
  readonly reasons: string[];
  readonly assignedUserId: string | null;
  readonly assignedUserName: string | null;
  readonly status: 'open' | 'acknowledged' | 'resolved';
  readonly raisedAt: Date;
  readonly acknowledgedAt: Date | null;
  readonly acknowledgedByName: string | null;
  readonly resolvedAt: Date | null;
  readonly resolvedByName: string | null;
  readonly resolutionAction: string | null;
  readonly resolutionNote: string | null;
  readonly escalatedAt: Date | null;
  readonly version: number;
}

const alertSelect = (q: Queryable) =>
  kysely(q)
    .selectFrom('safetyAlerts as a')
    .innerJoin('patients as p', 'p.id', 'a.patientId')
    .innerJoin('questionnaireResults as r', 'r.id', 'a.resultId')
    .leftJoin('users as assigned', 'assigned.id', 'a.assignedUserId')
    .leftJoin('users as ack', 'ack.id', 'a.acknowledgedByUserId')
    .leftJoin('users as res', 'res.id', 'a.resolvedByUserId')
    .select([
      'a.id',
      'a.organizationId',
      'a.patientId',
      sql<string>`p.given_name || ' ' || p.family_name`.as('patientName'),
      'p.mrn',
      'a.resultId',
      'r.instrumentId',
      'a.reasons',
      'a.assignedUserId',
      'assigned.name as assignedUserName',
      'a.status',
      'a.raisedAt',
      'a.acknowledgedAt',
      'ack.name as acknowledgedByName',
      'a.resolvedAt',
      'res.name as resolvedByName',
      'a.resolutionAction',
      'a.resolutionNote',
      'a.escalatedAt',
      'a.version',
    ]);

export async function insertSafetyAlert(
  q: Queryable,
  a: {
    organizationId: string;
    patientId: string;
    resultId: string;
    reasons: readonly string[];
    assignedUserId: string | null;
    now: Date;
  },
): Promise<string> {
  const row = await kysely(q)
    .insertInto('safetyAlerts')
    .values({
      organizationId: a.organizationId,
      patientId: a.patientId,
      resultId: a.resultId,
      reasons: [...a.reasons],
      assignedUserId: a.assignedUserId,
      raisedAt: a.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findSafetyAlert(
  q: Queryable,
  organizationId: string,
  id: string,
  forUpdate = false,
): Promise<SafetyAlertRow | undefined> {
  let query = alertSelect(q).where('a.organizationId', '=', organizationId).where('a.id', '=', id);
  if (forUpdate) query = query.forUpdate('a');
  return (await query.executeTakeFirst()) as SafetyAlertRow | undefined;
}

/** Unresolved alerts first (open before acknowledged, newest first), then recently resolved ones. */
export async function listSafetyAlerts(
  q: Queryable,
  organizationId: string,
  filter: { status: 'unresolved' | 'resolved'; limit: number },
): Promise<SafetyAlertRow[]> {
  let query = alertSelect(q).where('a.organizationId', '=', organizationId);
  query =
    filter.status === 'unresolved'
      ? query.where('a.status', '<>', 'resolved').orderBy(sql`a.status = 'open'`, 'desc')
      : query.where('a.status', '=', 'resolved');
  return (await query.orderBy('a.raisedAt', 'desc').limit(filter.limit).execute()) as SafetyAlertRow[];
}

export async function countSafetyAlerts(
  q: Queryable,
  organizationId: string,
): Promise<{ open: number; acknowledged: number }> {
  const row = await kysely(q)
    .selectFrom('safetyAlerts')
    .where('organizationId', '=', organizationId)
    .where('status', '<>', 'resolved')
    .select([
      sql<number>`count(*) FILTER (WHERE status = 'open')::int`.as('open'),
      sql<number>`count(*) FILTER (WHERE status = 'acknowledged')::int`.as('acknowledged'),
    ])
    .executeTakeFirst();
  return { open: row?.open ?? 0, acknowledged: row?.acknowledged ?? 0 };
}

export async function acknowledgeSafetyAlert(
  q: Queryable,
  id: string,
  a: { userId: string; now: Date; version: number },
): Promise<boolean> {
  const res = await kysely(q)
    .updateTable('safetyAlerts')
    .set((eb) => ({
      status: 'acknowledged',
      acknowledgedAt: a.now,
      acknowledgedByUserId: a.userId,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('version', '=', a.version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function resolveSafetyAlert(
  q: Queryable,
  id: string,
  r: { userId: string; now: Date; version: number; action: string; note: string },
): Promise<boolean> {
  const res = await kysely(q)
    .updateTable('safetyAlerts')
    .set((eb) => ({
      status: 'resolved',
      resolvedAt: r.now,
      resolvedByUserId: r.userId,
      resolutionAction: r.action,
      resolutionNote: r.note,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'acknowledged')
    .where('version', '=', r.version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface EscalationCandidate {
  readonly id: string;
  readonly organizationId: string;
  readonly patientId: string;
  readonly assignedUserId: string | null;
  readonly raisedAt: Date;
  readonly escalationMinutes: number;
}

/**
 * Open alerts past their clinic's escalation time and never escalated, locked so that a second server
 * running the job at the same moment skips them (and, after this commit, finds them escalated).
 */
export async function claimAlertsToEscalate(q: Queryable, now: Date): Promise<EscalationCandidate[]> {
  return kysely(q)
    .selectFrom('safetyAlerts as a')
    .innerJoin('organizations as o', 'o.id', 'a.organizationId')
    .where('a.status', '=', 'open')
    .where('a.escalatedAt', 'is', null)
    .where(sql<boolean>`a.raised_at + make_interval(mins => o.safety_alert_escalation_minutes) <= ${now}`)
    .select([
      'a.id',
      'a.organizationId',
      'a.patientId',
      'a.assignedUserId',
      'a.raisedAt',
      'o.safetyAlertEscalationMinutes as escalationMinutes',
    ])
    .orderBy('a.raisedAt')
    .limit(100)
    .forUpdate('a')
    .skipLocked()
    .execute();
}

export async function markEscalated(q: Queryable, id: string, userIds: readonly string[], now: Date): Promise<void> {
  await kysely(q)
    .updateTable('safetyAlerts')
    .set((eb) => ({ escalatedAt: now, escalatedToUserIds: [...userIds], version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('escalatedAt', 'is', null)
    .execute();
}

export interface StaffContact {
  readonly id: string;
  readonly email: string;
  readonly roles: string[];
}

/** Active staff of the clinic holding one of `roles`. */
export async function staffWithRoles(
  q: Queryable,
  organizationId: string,
  roles: readonly string[],
): Promise<StaffContact[]> {
  return kysely(q)
    .selectFrom('users')
    .where('organizationId', '=', organizationId)
    .where('kind', '=', 'staff')
    .where('active', '=', true)
    .where(sql<boolean>`roles && ${sql.val([...roles])}::text[]`)
    .select(['id', 'email', 'roles'])
    .orderBy('id')
    .execute();
}

export async function findStaffContact(
  q: Queryable,
  organizationId: string,
  id: string,
): Promise<StaffContact | undefined> {
  return kysely(q)
    .selectFrom('users')
    .where('organizationId', '=', organizationId)
    .where('id', '=', id)
    .where('kind', '=', 'staff')
    .where('active', '=', true)
    .select(['id', 'email', 'roles'])
    .executeTakeFirst();
}

export async function escalationMinutes(q: Queryable, organizationId: string): Promise<number> {
  const row = await kysely(q)
    .selectFrom('organizations')
    .where('id', '=', organizationId)
    .select('safetyAlertEscalationMinutes')
    .executeTakeFirst();
  return row?.safetyAlertEscalationMinutes ?? 30;
}

export async function setEscalationMinutes(q: Queryable, organizationId: string, minutes: number): Promise<void> {
  await kysely(q)
    .updateTable('organizations')
    .set({ safetyAlertEscalationMinutes: minutes })
    .where('id', '=', organizationId)
    .execute();
}

/** The worklist's urgent section: unresolved alerts, unacknowledged first, newest first (first 5, and the count). */
export async function unresolvedAlertsForWorklist(
  q: Queryable,
  organizationId: string,
): Promise<{
  count: number;
  items: { id: string; patientId: string; name: string; mrn: string; at: Date; detail: string }[];
}> {
  const db = kysely(q);
  const base = db
    .selectFrom('safetyAlerts as a')
    .where('a.organizationId', '=', organizationId)
    .where('a.status', '<>', 'resolved');
  const [count, items] = await Promise.all([
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst(),
    base
      .innerJoin('patients as p', 'p.id', 'a.patientId')
      .select([
        'a.id',
        'a.patientId',
        sql<string>`p.given_name || ' ' || p.family_name`.as('name'),
        'p.mrn',
        'a.raisedAt as at',
        sql<string>`a.status || ':' || array_to_string(a.reasons, ',')`.as('detail'),
      ])
      .orderBy(sql`a.status = 'open'`, 'desc')
      .orderBy('a.raisedAt', 'desc')
      .limit(5)
      .execute(),
  ]);
  return { count: count?.n ?? 0, items };
}
