import type { Queryable } from '../kysely.js';

/** SQL for scheduling: locations' calendars, chairs, staff hours, appointment types, appointments. */

export interface LocationRow {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly ownTimeZone: string | null;
  readonly openingHours: readonly { day: number; opens: string; closes: string }[];
  readonly closedDates: readonly string[];
  readonly version: number;
}

const locationSelect = `SELECT l.id, l.name, coalesce(l.time_zone, o.time_zone) AS "timeZone", l.time_zone AS "ownTimeZone",
       l.opening_hours AS "openingHours", l.closed_dates::text[] AS "closedDates", l.version
  FROM locations l JOIN organizations o ON o.id = l.organization_id`;

export async function listLocations(db: Queryable, organizationId: string): Promise<LocationRow[]> {
  const res = await db.query<LocationRow>(`${locationSelect} WHERE l.organization_id = $1 ORDER BY l.name`, [
    organizationId,
  ]);
  return res.rows;
}

export async function findLocation(
  db: Queryable,
  organizationId: string,
  id: string,
  forUpdate = false,
): Promise<LocationRow | undefined> {
  const res = await db.query<LocationRow>(
    `${locationSelect} WHERE l.organization_id = $1 AND l.id = $2${forUpdate ? ' FOR UPDATE OF l' : ''}`,
    [organizationId, id],
  );
  return res.rows[0];
}

export interface LocationFields {
  readonly name: string;
  readonly timeZone: string | null;
  readonly openingHours: readonly { day: number; opens: string; closes: string }[];
  readonly closedDates: readonly string[];
}

export async function insertLocation(db: Queryable, organizationId: string, f: LocationFields): Promise<string> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO locations (organization_id, name, time_zone, opening_hours, closed_dates)
     VALUES ($1, $2, $3, $4, $5::date[]) RETURNING id`,
    [organizationId, f.name, f.timeZone, JSON.stringify(f.openingHours), f.closedDates],
  );
  return res.rows[0]!.id;
}

export async function updateLocation(
  db: Queryable,
  organizationId: string,
  id: string,
  f: LocationFields,
): Promise<void> {
  await db.query(
    `UPDATE locations SET name = $3, time_zone = $4, opening_hours = $5, closed_dates = $6::date[], version = version + 1
      WHERE organization_id = $1 AND id = $2`,
    [organizationId, id, f.name, f.timeZone, JSON.stringify(f.openingHours), f.closedDates],
  );
}

export interface ChairRow {
  readonly id: string;
  readonly locationId: string;
  readonly name: string;
  readonly kind: 'chair' | 'room';
  readonly active: boolean;
  readonly version: number;
}

const chairSelect = `SELECT id, location_id AS "locationId", name, kind, active, version FROM chairs`;

export async function listChairs(db: Queryable, organizationId: string, locationId?: string): Promise<ChairRow[]> {
  const res = await db.query<ChairRow>(
    `${chairSelect} WHERE organization_id = $1 AND ($2::uuid IS NULL OR location_id = $2) ORDER BY name`,
    [organizationId, locationId ?? null],
  );
  return res.rows;
}

export async function findChair(db: Queryable, organizationId: string, id: string): Promise<ChairRow | undefined> {
  const res = await db.query<ChairRow>(`${chairSelect} WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
  return res.rows[0];
}

export async function insertChair(
  db: Queryable,
  organizationId: string,
  f: { locationId: string; name: string; kind: 'chair' | 'room' },
): Promise<string> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO chairs (organization_id, location_id, name, kind) VALUES ($1, $2, $3, $4) RETURNING id`,
    [organizationId, f.locationId, f.name, f.kind],
  );
  return res.rows[0]!.id;
}

export async function updateChair(
  db: Queryable,
  organizationId: string,
  id: string,
  f: { name: string; kind: 'chair' | 'room'; active: boolean },
): Promise<void> {
  await db.query(
    `UPDATE chairs SET name = $3, kind = $4, active = $5, version = version + 1 WHERE organization_id = $1 AND id = $2`,
    [organizationId, id, f.name, f.kind, f.active],
  );
}

export interface StaffHoursRow {
  readonly userId: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly weekday: number;
  readonly opens: string;
  readonly closes: string;
}

export async function listStaffHours(
  db: Queryable,
  organizationId: string,
  locationId: string,
): Promise<StaffHoursRow[]> {
  const res = await db.query<StaffHoursRow>(
    `SELECT h.user_id AS "userId", u.name, u.roles, h.weekday, to_char(h.opens, 'HH24:MI') AS opens,
            to_char(h.closes, 'HH24:MI') AS closes
       FROM staff_working_hours h JOIN users u ON u.id = h.user_id
      WHERE h.organization_id = $1 AND h.location_id = $2 AND u.active
      ORDER BY u.name, h.weekday`,
    [organizationId, locationId],
  );
  return res.rows;
}

export async function replaceStaffHours(
  db: Queryable,
  organizationId: string,
  locationId: string,
  userId: string,
  hours: readonly { weekday: number; opens: string; closes: string }[],
): Promise<void> {
  await db.query(`DELETE FROM staff_working_hours WHERE organization_id = $1 AND location_id = $2 AND user_id = $3`, [
    organizationId,
    locationId,
    userId,
  ]);
  for (const h of hours) {
    await db.query(
      `INSERT INTO staff_working_hours (organization_id, location_id, user_id, weekday, opens, closes) VALUES ($1, $2, $3, $4, $5, $6)`,
      [organizationId, locationId, userId, h.weekday, h.opens, h.closes],
    );
  }
}

export interface StaffMemberRow {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
}

export async function findStaffMember(
  db: Queryable,
  organizationId: string,
  id: string,
): Promise<StaffMemberRow | undefined> {
  const res = await db.query<StaffMemberRow>(
    `SELECT id, name, roles FROM users WHERE organization_id = $1 AND id = $2 AND kind = 'staff' AND active`,
    [organizationId, id],
  );
  return res.rows[0];
}

export interface AppointmentTypeRow {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly minutes: number;
  readonly preCheckMinutes: number | null;
  readonly doseMinutes: number | null;
  readonly observationMinutes: number | null;
  readonly needsChair: boolean;
  readonly staffRole: 'nurse' | 'prescriber' | null;
  readonly prescriberOnSite: boolean;
  readonly requiresSignedPlan: boolean;
  readonly source: string;
  readonly active: boolean;
  readonly version: number;
}

const typeSelect = `SELECT id, kind, label, minutes, pre_check_minutes AS "preCheckMinutes", dose_minutes AS "doseMinutes",
  observation_minutes AS "observationMinutes", needs_chair AS "needsChair", staff_role AS "staffRole",
  prescriber_on_site AS "prescriberOnSite", requires_signed_plan AS "requiresSignedPlan", source, active, version
  FROM appointment_types`;

export async function listAppointmentTypes(db: Queryable, organizationId: string): Promise<AppointmentTypeRow[]> {
  const res = await db.query<AppointmentTypeRow>(
    `${typeSelect} WHERE organization_id = $1 ORDER BY array_position(ARRAY['assessment','iv_session','im_session','esketamine_session','follow_up','telehealth'], kind)`,
    [organizationId],
  );
  return res.rows;
}

export async function findAppointmentType(
  db: Queryable,
  organizationId: string,
  id: string,
): Promise<AppointmentTypeRow | undefined> {
  const res = await db.query<AppointmentTypeRow>(`${typeSelect} WHERE organization_id = $1 AND id = $2`, [
    organizationId,
    id,
  ]);
  return res.rows[0];
}

export type AppointmentTypeFields = Omit<AppointmentTypeRow, 'id' | 'version'>;

export async function insertAppointmentTypes(
  db: Queryable,
  organizationId: string,
  types: readonly AppointmentTypeFields[],
  now: Date,
): Promise<void> {
  for (const t of types) {
    await db.query(
      `INSERT INTO appointment_types (organization_id, kind, label, minutes, pre_check_minutes, dose_minutes, observation_minutes,
              needs_chair, staff_role, prescriber_on_site, requires_signed_plan, source, active, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (organization_id, kind) DO NOTHING`,
      [
        organizationId,
        t.kind,
        t.label,
        t.minutes,
        t.preCheckMinutes,
        t.doseMinutes,
        t.observationMinutes,
        t.needsChair,
        t.staffRole,
        t.prescriberOnSite,
        t.requiresSignedPlan,
        t.source,
        t.active,
        now,
      ],
    );
  }
}

export async function updateAppointmentType(
  db: Queryable,
  organizationId: string,
  id: string,
  t: AppointmentTypeFields,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE appointment_types SET label = $3, minutes = $4, pre_check_minutes = $5, dose_minutes = $6, observation_minutes = $7,
            needs_chair = $8, staff_role = $9, prescriber_on_site = $10, requires_signed_plan = $11, active = $12,
            updated_at = $13, version = version + 1
      WHERE organization_id = $1 AND id = $2`,
    [
      organizationId,
      id,
      t.label,
      t.minutes,
      t.preCheckMinutes,
      t.doseMinutes,
      t.observationMinutes,
      t.needsChair,
      t.staffRole,
      t.prescriberOnSite,
      t.requiresSignedPlan,
      t.active,
      now,
    ],
  );
}

/** Chair and staff time already taken in [from, to), at any location of the organization. */
export async function busyBetween(
  db: Queryable,
  organizationId: string,
  from: Date,
  to: Date,
  excludeAppointmentId: string | null = null,
): Promise<{ chairId: string | null; staffUserId: string | null; patientId: string; startsAt: Date; endsAt: Date }[]> {
  const res = await db.query<{
    chairId: string | null;
    staffUserId: string | null;
    patientId: string;
    startsAt: Date;
    endsAt: Date;
  }>(
    `SELECT chair_id AS "chairId", staff_user_id AS "staffUserId", patient_id AS "patientId", starts_at AS "startsAt", ends_at AS "endsAt"
       FROM appointments
      WHERE organization_id = $1 AND during && tstzrange($2, $3, '[)') AND status NOT IN ('cancelled', 'no_show')
        AND ($4::uuid IS NULL OR id <> $4)`,
    [organizationId, from, to, excludeAppointmentId],
  );
  return res.rows;
}

export interface NewAppointment {
  readonly organizationId: string;
  readonly locationId: string;
  readonly patientId: string;
  readonly appointmentTypeId: string;
  readonly kind: string;
  readonly chairId: string | null;
  readonly staffUserId: string | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly seriesId: string | null;
  readonly seriesNumber: number | null;
  readonly planId: string | null;
  readonly createdByUserId: string | null;
  readonly now: Date;
  readonly status?: string;
}

export async function insertAppointment(db: Queryable, a: NewAppointment): Promise<string> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO appointments (organization_id, location_id, patient_id, appointment_type_id, kind, chair_id, staff_user_id,
            starts_at, ends_at, series_id, series_number, plan_id, status, status_changed_at, status_changed_by_user_id,
            created_by_user_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $14, $14) RETURNING id`,
    [
      a.organizationId,
      a.locationId,
      a.patientId,
      a.appointmentTypeId,
      a.kind,
      a.chairId,
      a.staffUserId,
      a.startsAt,
      a.endsAt,
      a.seriesId,
      a.seriesNumber,
      a.planId,
      a.status ?? 'scheduled',
      a.now,
      a.createdByUserId,
    ],
  );
  return res.rows[0]!.id;
}

export interface AppointmentRow {
  readonly id: string;
  readonly organizationId: string;
  readonly locationId: string;
  readonly locationName: string;
  readonly timeZone: string;
  readonly patientId: string;
  readonly patientName: string;
  readonly patientMrn: string;
  readonly patientEmail: string | null;
  readonly appointmentTypeId: string;
  readonly kind: string;
  readonly typeLabel: string;
  readonly hasDose: boolean;
  readonly chairId: string | null;
  readonly chairName: string | null;
  readonly staffUserId: string | null;
  readonly staffName: string | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly status: string;
  readonly seriesId: string | null;
  readonly seriesNumber: number | null;
  readonly planId: string | null;
  readonly companionName: string | null;
  readonly confirmedAt: Date | null;
  readonly confirmedVia: string | null;
  readonly cancelReason: string | null;
  readonly lateCancel: boolean;
  readonly statusChangedAt: Date;
  readonly questionnairesDone: number;
  readonly version: number;
}

const appointmentSelect = `SELECT a.id, a.organization_id AS "organizationId", a.location_id AS "locationId", l.name AS "locationName",
       coalesce(l.time_zone, o.time_zone) AS "timeZone", a.patient_id AS "patientId",
       p.given_name || ' ' || p.family_name AS "patientName", p.mrn AS "patientMrn", p.email AS "patientEmail",
       a.appointment_type_id AS "appointmentTypeId", a.kind, t.label AS "typeLabel", t.dose_minutes IS NOT NULL AS "hasDose",
       a.chair_id AS "chairId", c.name AS "chairName", a.staff_user_id AS "staffUserId", u.name AS "staffName",
       a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.status, a.series_id AS "seriesId", a.series_number AS "seriesNumber",
       a.plan_id AS "planId", a.companion_name AS "companionName", a.confirmed_at AS "confirmedAt", a.confirmed_via AS "confirmedVia",
       a.cancel_reason AS "cancelReason", a.late_cancel AS "lateCancel", a.status_changed_at AS "statusChangedAt",
       (SELECT count(*)::int FROM questionnaire_results q
         WHERE q.patient_id = a.patient_id AND q.context = 'pre_session'
           AND q.completed_at BETWEEN a.starts_at - interval '3 days' AND a.ends_at) AS "questionnairesDone",
       a.version
  FROM appointments a
  JOIN locations l ON l.id = a.location_id
  JOIN organizations o ON o.id = a.organization_id
  JOIN patients p ON p.id = a.patient_id
  JOIN appointment_types t ON t.id = a.appointment_type_id
  LEFT JOIN chairs c ON c.id = a.chair_id
  LEFT JOIN users u ON u.id = a.staff_user_id`;

export async function findAppointment(
  db: Queryable,
  organizationId: string,
  id: string,
  forUpdate = false,
): Promise<AppointmentRow | undefined> {
  const res = await db.query<AppointmentRow>(
    `${appointmentSelect} WHERE a.organization_id = $1 AND a.id = $2${forUpdate ? ' FOR UPDATE OF a' : ''}`,
    [organizationId, id],
  );
  return res.rows[0];
}

export async function listAppointments(
  db: Queryable,
  organizationId: string,
  filter: {
    locationId?: string | null;
    patientId?: string | null;
    chairId?: string | null;
    seriesId?: string | null;
    from: Date;
    to: Date;
  },
): Promise<AppointmentRow[]> {
  const res = await db.query<AppointmentRow>(
    `${appointmentSelect}
      WHERE a.organization_id = $1 AND a.during && tstzrange($2, $3, '[)')
        AND ($4::uuid IS NULL OR a.location_id = $4) AND ($5::uuid IS NULL OR a.patient_id = $5)
        AND ($6::uuid IS NULL OR a.chair_id = $6) AND ($7::uuid IS NULL OR a.series_id = $7)
      ORDER BY a.starts_at, c.name NULLS LAST, a.id
      LIMIT 2000`,
    [
      organizationId,
      filter.from,
      filter.to,
      filter.locationId ?? null,
      filter.patientId ?? null,
      filter.chairId ?? null,
      filter.seriesId ?? null,
    ],
  );
  return res.rows;
}

export async function updateAppointmentStatus(
  db: Queryable,
  id: string,
  f: {
    status: string;
    now: Date;
    userId: string | null;
    cancelReason?: string | null;
    lateCancel?: boolean;
    companionName?: string | null;
    confirmedVia?: 'link' | 'staff' | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE appointments SET status = $2, status_changed_at = $3, status_changed_by_user_id = $4,
            cancel_reason = CASE WHEN $2 = 'cancelled' THEN $5 ELSE cancel_reason END,
            late_cancel = CASE WHEN $2 = 'cancelled' THEN $6 ELSE late_cancel END,
            companion_name = coalesce($7, companion_name),
            confirmed_at = CASE WHEN $2 = 'confirmed' THEN $3 ELSE confirmed_at END,
            confirmed_via = CASE WHEN $2 = 'confirmed' THEN $8 ELSE confirmed_via END,
            updated_at = $3, version = version + 1
      WHERE id = $1`,
    [
      id,
      f.status,
      f.now,
      f.userId,
      f.cancelReason ?? null,
      f.lateCancel ?? false,
      f.companionName ?? null,
      f.confirmedVia ?? null,
    ],
  );
}

export async function updateAppointmentTime(
  db: Queryable,
  id: string,
  f: { startsAt: Date; endsAt: Date; chairId: string | null; staffUserId: string | null; now: Date },
): Promise<void> {
  await db.query(
    `UPDATE appointments SET starts_at = $2, ends_at = $3, chair_id = $4, staff_user_id = $5, updated_at = $6, version = version + 1
      WHERE id = $1`,
    [id, f.startsAt, f.endsAt, f.chairId, f.staffUserId, f.now],
  );
}

export async function updateCompanion(
  db: Queryable,
  id: string,
  companionName: string | null,
  now: Date,
): Promise<void> {
  await db.query(`UPDATE appointments SET companion_name = $2, updated_at = $3, version = version + 1 WHERE id = $1`, [
    id,
    companionName,
    now,
  ]);
}

export async function insertSeries(
  db: Queryable,
  s: {
    organizationId: string;
    patientId: string;
    planId: string | null;
    kind: 'induction' | 'maintenance';
    constraints: unknown;
    preferredTime: string;
    userId: string;
    now: Date;
  },
): Promise<string> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO appointment_series (organization_id, patient_id, plan_id, kind, constraints, preferred_time, created_by_user_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [s.organizationId, s.patientId, s.planId, s.kind, JSON.stringify(s.constraints), s.preferredTime, s.userId, s.now],
  );
  return res.rows[0]!.id;
}

export async function findSeries(
  db: Queryable,
  organizationId: string,
  id: string,
): Promise<{ id: string; patientId: string; kind: string; constraints: unknown; preferredTime: string } | undefined> {
  const res = await db.query<{
    id: string;
    patientId: string;
    kind: string;
    constraints: unknown;
    preferredTime: string;
  }>(
    `SELECT id, patient_id AS "patientId", kind, constraints, preferred_time AS "preferredTime"
       FROM appointment_series WHERE organization_id = $1 AND id = $2`,
    [organizationId, id],
  );
  return res.rows[0];
}

export interface SignedPlanRow {
  readonly id: string;
  readonly content: {
    route: 'IV' | 'IM';
    infusionMinutes: number | null;
    induction: { sessions: number; startDate: string; preferredTime: string };
    maintenance?: { intent: string };
  };
  readonly protocol: unknown;
}

export async function findSignedPlan(
  db: Queryable,
  organizationId: string,
  patientId: string,
): Promise<SignedPlanRow | undefined> {
  const res = await db.query<SignedPlanRow>(
    `SELECT t.id, t.content, p.protocol FROM treatment_plans t JOIN protocol_versions p ON p.id = t.protocol_version_id
      WHERE t.organization_id = $1 AND t.patient_id = $2 AND t.status = 'signed'`,
    [organizationId, patientId],
  );
  return res.rows[0];
}

export async function findIdempotentResult(
  db: Queryable,
  organizationId: string,
  userId: string,
  key: string,
): Promise<{ requestHash: string; statusCode: number; response: unknown } | undefined> {
  const res = await db.query<{ requestHash: string; statusCode: number; response: unknown }>(
    `SELECT request_hash AS "requestHash", status_code AS "statusCode", response FROM schedule_idempotency_keys
      WHERE organization_id = $1 AND user_id = $2 AND key = $3`,
    [organizationId, userId, key],
  );
  return res.rows[0];
}

/** Claims a key inside the booking transaction; false when another request holds it (the caller retries the read). */
export async function saveIdempotentResult(
  db: Queryable,
  r: {
    organizationId: string;
    userId: string;
    key: string;
    requestHash: string;
    statusCode: number;
    response: unknown;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO schedule_idempotency_keys (organization_id, user_id, key, request_hash, status_code, response, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [r.organizationId, r.userId, r.key, r.requestHash, r.statusCode, JSON.stringify(r.response), r.now],
  );
}

// ——— confirmations, reminders, email outbox, calendar feeds ———

export async function insertConfirmation(
  db: Queryable,
  c: {
    tokenHash: string;
    organizationId: string;
    appointmentId: string;
    patientId: string;
    expiresAt: Date;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO appointment_confirmations (token_hash, organization_id, appointment_id, patient_id, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [c.tokenHash, c.organizationId, c.appointmentId, c.patientId, c.expiresAt, c.now],
  );
}

export interface ConfirmationRow {
  readonly tokenHash: string;
  readonly organizationId: string;
  readonly appointmentId: string;
  readonly patientId: string;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
}

export async function findConfirmation(
  db: Queryable,
  tokenHash: string,
  forUpdate = false,
): Promise<ConfirmationRow | undefined> {
  const res = await db.query<ConfirmationRow>(
    `SELECT token_hash AS "tokenHash", organization_id AS "organizationId", appointment_id AS "appointmentId",
            patient_id AS "patientId", expires_at AS "expiresAt", used_at AS "usedAt"
       FROM appointment_confirmations WHERE token_hash = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [tokenHash],
  );
  return res.rows[0];
}

/** Uses every open link of the appointment at once: confirming through one retires the others. */
export async function useConfirmations(db: Queryable, appointmentId: string, now: Date): Promise<void> {
  await db.query(`UPDATE appointment_confirmations SET used_at = $2 WHERE appointment_id = $1 AND used_at IS NULL`, [
    appointmentId,
    now,
  ]);
}

export interface DueReminderRow {
  readonly appointmentId: string;
  readonly organizationId: string;
  readonly patientId: string;
  readonly givenName: string;
  readonly email: string;
  readonly status: string;
  readonly startsAt: Date;
  readonly timeZone: string;
  readonly locationName: string;
  readonly clinicName: string;
}

/** Appointments that are owed a reminder of `kind` now (and have not had it). */
export async function dueReminders(
  db: Queryable,
  kind: '48h' | '24h',
  now: Date,
  limit = 200,
): Promise<DueReminderRow[]> {
  const [fromHours, toHours] = kind === '48h' ? [24, 48] : [0, 24];
  const res = await db.query<DueReminderRow>(
    `SELECT a.id AS "appointmentId", a.organization_id AS "organizationId", a.patient_id AS "patientId", p.given_name AS "givenName",
            p.email, a.status, a.starts_at AS "startsAt", coalesce(l.time_zone, o.time_zone) AS "timeZone",
            l.name AS "locationName", o.name AS "clinicName"
       FROM appointments a JOIN patients p ON p.id = a.patient_id JOIN locations l ON l.id = a.location_id
       JOIN organizations o ON o.id = a.organization_id
      WHERE a.status IN ('scheduled', 'confirmed') AND p.email IS NOT NULL
        AND a.starts_at > $1::timestamptz + make_interval(hours => $2) AND a.starts_at <= $1::timestamptz + make_interval(hours => $3)
        AND NOT EXISTS (SELECT 1 FROM appointment_reminders r WHERE r.appointment_id = a.id AND r.kind = $4)
      ORDER BY a.starts_at LIMIT $5`,
    [now, fromHours, toHours, kind, limit],
  );
  return res.rows;
}

/** Claims the reminder; false when another server already sent it (the primary key decides). */
export async function claimReminder(
  db: Queryable,
  appointmentId: string,
  kind: '48h' | '24h',
  now: Date,
): Promise<boolean> {
  const res = await db.query(
    `INSERT INTO appointment_reminders (appointment_id, kind, sent_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [appointmentId, kind, now],
  );
  return res.rowCount === 1;
}

export async function setReminderEmail(
  db: Queryable,
  appointmentId: string,
  kind: string,
  emailId: string,
): Promise<void> {
  await db.query(`UPDATE appointment_reminders SET email_id = $3 WHERE appointment_id = $1 AND kind = $2`, [
    appointmentId,
    kind,
    emailId,
  ]);
}

export async function insertEmail(
  db: Queryable,
  e: {
    organizationId: string;
    to: string;
    subject: string;
    text: string;
    kind: string;
    status: 'pending' | 'outbox';
    now: Date;
  },
): Promise<string> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO email_outbox (organization_id, to_address, subject, body_text, kind, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [e.organizationId, e.to, e.subject, e.text, e.kind, e.status, e.now],
  );
  return res.rows[0]!.id;
}

export interface EmailRow {
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly kind: string;
  readonly status: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
}

const emailSelect = `SELECT id, to_address AS "to", subject, body_text AS "text", kind, status, attempts, last_error AS "lastError",
  created_at AS "createdAt", sent_at AS "sentAt" FROM email_outbox`;

export async function listEmails(
  db: Queryable,
  organizationId: string,
  limit: number,
  before: Date | null,
): Promise<EmailRow[]> {
  const res = await db.query<EmailRow>(
    `${emailSelect} WHERE organization_id = $1 AND ($3::timestamptz IS NULL OR created_at < $3) ORDER BY created_at DESC, id DESC LIMIT $2`,
    [organizationId, limit, before],
  );
  return res.rows;
}

/** Pending emails, locked for this sender: two servers never send the same email. */
export async function claimPendingEmails(db: Queryable, limit: number): Promise<EmailRow[]> {
  const res = await db.query<EmailRow>(
    `${emailSelect} WHERE status = 'pending' AND attempts < 5 ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return res.rows;
}

export async function markEmail(
  db: Queryable,
  id: string,
  f: { status: 'sent' | 'pending' | 'failed'; error: string | null; now: Date },
): Promise<void> {
  await db.query(
    `UPDATE email_outbox SET status = $2, last_error = $3, attempts = attempts + 1, sent_at = CASE WHEN $2 = 'sent' THEN $4::timestamptz ELSE sent_at END
      WHERE id = $1`,
    [id, f.status, f.error, f.now],
  );
}

export async function insertFeed(
  db: Queryable,
  f: {
    organizationId: string;
    tokenHash: string;
    patientId: string | null;
    chairId: string | null;
    userId: string;
    now: Date;
  },
): Promise<string> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO calendar_feeds (organization_id, token_hash, patient_id, chair_id, created_by_user_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [f.organizationId, f.tokenHash, f.patientId, f.chairId, f.userId, f.now],
  );
  return res.rows[0]!.id;
}

export interface FeedRow {
  readonly id: string;
  readonly organizationId: string;
  readonly patientId: string | null;
  readonly chairId: string | null;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

const feedSelect = `SELECT id, organization_id AS "organizationId", patient_id AS "patientId", chair_id AS "chairId",
  created_at AS "createdAt", revoked_at AS "revokedAt" FROM calendar_feeds`;

export async function findFeedByToken(db: Queryable, tokenHash: string): Promise<FeedRow | undefined> {
  const res = await db.query<FeedRow>(`${feedSelect} WHERE token_hash = $1`, [tokenHash]);
  return res.rows[0];
}

export async function listFeeds(
  db: Queryable,
  organizationId: string,
  filter: { patientId?: string | null; chairId?: string | null },
): Promise<FeedRow[]> {
  const res = await db.query<FeedRow>(
    `${feedSelect} WHERE organization_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR patient_id = $2) AND ($3::uuid IS NULL OR chair_id = $3)
      ORDER BY created_at`,
    [organizationId, filter.patientId ?? null, filter.chairId ?? null],
  );
  return res.rows;
}

export async function findFeed(db: Queryable, organizationId: string, id: string): Promise<FeedRow | undefined> {
  const res = await db.query<FeedRow>(`${feedSelect} WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
  return res.rows[0];
}

export async function revokeFeed(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query(`UPDATE calendar_feeds SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [id, now]);
}

export async function organizationName(db: Queryable, id: string): Promise<string | undefined> {
  const res = await db.query<{ name: string }>('SELECT name FROM organizations WHERE id = $1', [id]);
  return res.rows[0]?.name;
}

/** Serialises requests with the same Idempotency-Key until the end of the transaction. */
export async function lockIdempotencyKey(db: Queryable, key: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}
