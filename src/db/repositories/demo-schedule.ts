import type { Queryable } from '../kysely.js';

/** SQL for the demo clinic's calendar (src/app/demo-schedule.ts). */

export async function setClosedDates(db: Queryable, organizationId: string, dates: readonly string[]): Promise<void> {
  await db.query(`UPDATE locations SET closed_dates = $2::date[] WHERE organization_id = $1`, [organizationId, dates]);
}

export async function activeStaff(
  db: Queryable,
  organizationId: string,
): Promise<{ id: string; roles: string[]; email: string }[]> {
  const res = await db.query<{ id: string; roles: string[]; email: string }>(
    `SELECT id, roles, email FROM users WHERE organization_id = $1 AND kind = 'staff' AND active ORDER BY email`,
    [organizationId],
  );
  return res.rows;
}

export async function insertRotaNurse(
  db: Queryable,
  organizationId: string,
  n: { email: string; name: string; passwordHash: string },
): Promise<string | undefined> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO users (organization_id, email, email_key, name, kind, roles, password_hash)
     VALUES ($1, $2, lower(normalize(btrim($2), NFKC)), $3, 'staff', ARRAY['nurse'], $4) ON CONFLICT DO NOTHING RETURNING id`,
    [organizationId, n.email, n.name, n.passwordHash],
  );
  return res.rows[0]?.id;
}

export async function patientIdByFamilyName(
  db: Queryable,
  organizationId: string,
  familyName: string,
): Promise<string | undefined> {
  const res = await db.query<{ id: string }>(
    `SELECT id FROM patients WHERE organization_id = $1 AND family_name = $2`,
    [organizationId, familyName],
  );
  return res.rows[0]?.id;
}

export async function insertCalendarPatient(
  db: Queryable,
  p: {
    organizationId: string;
    mrn: string;
    given: string;
    family: string;
    dob: string;
    email: string;
    companionName: string;
    companionPhone: string;
    eventAt: Date;
  },
): Promise<string | undefined> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO patients (organization_id, mrn, given_name, family_name, date_of_birth, email, status,
            companion_name, companion_phone, companion_relationship)
     VALUES ($1, $2, $3, $4, $5, $6, 'maintenance', $7, $8, 'Friend') ON CONFLICT DO NOTHING RETURNING id`,
    [p.organizationId, p.mrn, p.given, p.family, p.dob, p.email, p.companionName, p.companionPhone],
  );
  const id = res.rows[0]?.id;
  if (id) {
    await db.query(
      `INSERT INTO patient_events (organization_id, patient_id, occurred_at, kind, summary) VALUES ($1, $2, $3, 'status', $4)`,
      [p.organizationId, id, p.eventAt, 'Maintenance sessions (demo calendar patient)'],
    );
  }
  return id;
}

export async function patientsWithSignedPlans(
  db: Queryable,
  organizationId: string,
): Promise<{ patientId: string; route: string }[]> {
  const res = await db.query<{ patientId: string; route: string }>(
    `SELECT t.patient_id AS "patientId", t.content->>'route' AS route FROM treatment_plans t JOIN patients p ON p.id = t.patient_id
      WHERE t.organization_id = $1 AND t.status = 'signed' AND p.status IN ('in_induction', 'maintenance') ORDER BY p.family_name`,
    [organizationId],
  );
  return res.rows;
}

export interface DemoAppointment {
  readonly organizationId: string;
  readonly locationId: string;
  readonly patientId: string;
  readonly typeId: string;
  readonly kind: string;
  readonly chairId: string | null;
  readonly staffId: string | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly status: string;
  readonly companionName: string | null;
  readonly confirmedAt: Date | null;
  readonly cancelReason: string | null;
  readonly lateCancel: boolean;
  readonly now: Date;
}

/** Written directly (past and present statuses included); the exclusion constraints still apply. */
export async function insertDemoAppointment(db: Queryable, a: DemoAppointment): Promise<void> {
  await db.query(
    `INSERT INTO appointments (organization_id, location_id, patient_id, appointment_type_id, kind, chair_id, staff_user_id,
            starts_at, ends_at, status, companion_name, confirmed_at, confirmed_via, cancel_reason, late_cancel,
            status_changed_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $16)`,
    [
      a.organizationId,
      a.locationId,
      a.patientId,
      a.typeId,
      a.kind,
      a.chairId,
      a.staffId,
      a.startsAt,
      a.endsAt,
      a.status,
      a.companionName,
      a.confirmedAt,
      a.confirmedAt ? 'link' : null,
      a.cancelReason,
      a.lateCancel,
      a.now,
    ],
  );
}
