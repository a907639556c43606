import { sql } from 'kysely';
import { kysely, type Queryable } from '../kysely.js';

/**
 * What the clinician's measurement view and the measurement-based-care lists read: scored questionnaires,
 * the doses given (with CADSS and adverse events per session), the signed plan's outcome rules and the
 * next booked treatment session. Every query is limited to one organization and a set of patients.
 */
export interface MeasurementPatientRow {
  readonly id: string;
  readonly mrn: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: string;
  readonly status: string;
}

export interface QuestionnaireScoreRow {
  readonly id: string;
  readonly patientId: string;
  readonly instrumentId: string;
  readonly total: number | null;
  readonly severityLabel: string | null;
  readonly flags: string[];
  readonly context: string;
  readonly completedAt: Date;
}

export interface DoseSessionRow {
  readonly id: string;
  readonly patientId: string;
  readonly doseNumber: number | null;
  readonly route: string;
  readonly doseStartedAt: Date;
  readonly clinicDate: string;
  readonly phase: string;
  readonly delivered: unknown;
}

export interface SessionEntryRow {
  readonly sessionId: string;
  readonly kind: 'cadss6' | 'adverse_event';
  readonly at: Date;
  readonly content: unknown;
}

export interface SignedPlanRow {
  readonly id: string;
  readonly patientId: string;
  readonly content: unknown;
  readonly signedAt: Date | null;
}

export interface NextSessionRow {
  readonly patientId: string;
  readonly id: string;
  readonly startsAt: Date;
  readonly kind: string;
}

/** Patients in the given statuses (the lists read those in induction or maintenance). */
export function patientsInStatuses(
  q: Queryable,
  organizationId: string,
  statuses: readonly string[],
): Promise<MeasurementPatientRow[]> {
  return kysely(q)
    .selectFrom('patients')
    .select(['id', 'mrn', 'givenName', 'familyName', 'dateOfBirth', 'status'])
    .where('organizationId', '=', organizationId)
    .where('status', 'in', [...statuses])
    .orderBy('familyName')
    .orderBy('givenName')
    .orderBy('id')
    .execute();
}

export function measurementPatient(
  q: Queryable,
  organizationId: string,
  patientId: string,
): Promise<MeasurementPatientRow | undefined> {
  return kysely(q)
    .selectFrom('patients')
    .select(['id', 'mrn', 'givenName', 'familyName', 'dateOfBirth', 'status'])
    .where('organizationId', '=', organizationId)
    .where('id', '=', patientId)
    .executeTakeFirst();
}

export async function questionnaireScores(
  q: Queryable,
  organizationId: string,
  patientIds: readonly string[],
): Promise<QuestionnaireScoreRow[]> {
  if (patientIds.length === 0) return [];
  return kysely(q)
    .selectFrom('questionnaireResults')
    .select(['id', 'patientId', 'instrumentId', 'total', 'severityLabel', 'flags', 'context', 'completedAt'])
    .where('organizationId', '=', organizationId)
    .where('patientId', 'in', [...patientIds])
    .orderBy('completedAt')
    .orderBy('id')
    .execute();
}

/** Sessions in which a dose was started (ended-without-dose sessions never count as doses). */
export async function doseSessions(
  q: Queryable,
  organizationId: string,
  patientIds: readonly string[],
): Promise<DoseSessionRow[]> {
  if (patientIds.length === 0) return [];
  const rows = await kysely(q)
    .selectFrom('treatmentSessions')
    .select(['id', 'patientId', 'doseNumber', 'route', 'doseStartedAt', 'clinicDate', 'phase', 'delivered'])
    .where('organizationId', '=', organizationId)
    .where('patientId', 'in', [...patientIds])
    .where('doseStartedAt', 'is not', null)
    .orderBy('doseStartedAt')
    .execute();
  return rows.flatMap((r) => (r.doseStartedAt ? [{ ...r, doseStartedAt: r.doseStartedAt }] : []));
}

export async function sessionEntries(
  q: Queryable,
  organizationId: string,
  sessionIds: readonly string[],
): Promise<SessionEntryRow[]> {
  if (sessionIds.length === 0) return [];
  const rows = await kysely(q)
    .selectFrom('sessionEntries')
    .select(['sessionId', 'kind', 'at', 'content'])
    .where('organizationId', '=', organizationId)
    .where('sessionId', 'in', [...sessionIds])
    .where('kind', 'in', ['cadss6', 'adverse_event'])
    .orderBy('at')
    .execute();
  return rows.map((r) => ({ ...r, kind: r.kind === 'cadss6' ? 'cadss6' : 'adverse_event' }));
}

/** The plan in force (signed, not superseded) per patient. */
export async function signedPlans(
  q: Queryable,
  organizationId: string,
  patientIds: readonly string[],
): Promise<SignedPlanRow[]> {
  if (patientIds.length === 0) return [];
  return kysely(q)
    .selectFrom('treatmentPlans')
    .select(['id', 'patientId', 'content', 'signedAt'])
    .where('organizationId', '=', organizationId)
    .where('patientId', 'in', [...patientIds])
    .where('status', '=', 'signed')
    .execute();
}

/** Each patient's next treatment appointment from `now` that is still going ahead. */
export async function nextTreatmentAppointments(
  q: Queryable,
  organizationId: string,
  patientIds: readonly string[],
  now: Date,
): Promise<NextSessionRow[]> {
  if (patientIds.length === 0) return [];
  return kysely(q)
    .selectFrom('appointments')
    .select(['patientId', 'id', 'startsAt', 'kind'])
    .distinctOn('patientId')
    .where('organizationId', '=', organizationId)
    .where('patientId', 'in', [...patientIds])
    .where('kind', 'in', ['iv_session', 'im_session', 'esketamine_session'])
    .where('status', 'in', ['scheduled', 'confirmed'])
    .where('startsAt', '>=', now)
    .orderBy('patientId')
    .orderBy('startsAt')
    .execute();
}

export async function organizationTimeZone(q: Queryable, organizationId: string): Promise<string> {
  const row = await kysely(q)
    .selectFrom('organizations')
    .select(sql<string>`time_zone`.as('timeZone'))
    .where('id', '=', organizationId)
    .executeTakeFirst();
  return row?.timeZone ?? 'UTC';
}
