import { sql } from 'kysely';
import { kysely, type Queryable } from '../kysely.js';

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

function locations(db: Queryable) {
  return kysely(db)
    .selectFrom('locations as l')
    .innerJoin('organizations as o', 'o.id', 'l.organizationId')
    .select((eb) => [
      'l.id',
      'l.name',
      eb.fn.coalesce('l.timeZone', 'o.timeZone').as('timeZone'),
      'l.timeZone as ownTimeZone',
      // jsonb written by this repository from LocationFields.
      eb.ref('l.openingHours').$castTo<LocationRow['openingHours']>().as('openingHours'),
      // A date[] would parse to Date objects; calendar dates stay text (array types have no builder name).
      eb.cast<string[]>('l.closedDates', sql`text[]`).as('closedDates'),
      'l.version',
    ]);
}

export async function listLocations(db: Queryable, organizationId: string): Promise<LocationRow[]> {
  return locations(db).where('l.organizationId', '=', organizationId).orderBy('l.name').execute();
}

export async function findLocation(
  db: Queryable,
  organizationId: string,
  id: string,
  forUpdate = false,
): Promise<LocationRow | undefined> {
  let query = locations(db).where('l.organizationId', '=', organizationId).where('l.id', '=', id);
  if (forUpdate) query = query.forUpdate('l');
  return query.executeTakeFirst();
}

export interface LocationFields {
  readonly name: string;
  readonly timeZone: string | null;
  readonly openingHours: readonly { day: number; opens: string; closes: string }[];
  readonly closedDates: readonly string[];
}

export async function insertLocation(db: Queryable, organizationId: string, f: LocationFields): Promise<string> {
  const row = await kysely(db)
    .insertInto('locations')
    .values({
      organizationId,
      name: f.name,
      timeZone: f.timeZone,
      openingHours: JSON.stringify(f.openingHours),
      closedDates: [...f.closedDates],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateLocation(
  db: Queryable,
  organizationId: string,
  id: string,
  f: LocationFields,
): Promise<void> {
  await kysely(db)
    .updateTable('locations')
    .set((eb) => ({
      name: f.name,
      timeZone: f.timeZone,
      openingHours: JSON.stringify(f.openingHours),
      closedDates: [...f.closedDates],
      version: eb('version', '+', 1),
    }))
    .where('organizationId', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

export interface ChairRow {
  readonly id: string;
  readonly locationId: string;
  readonly name: string;
  readonly kind: 'chair' | 'room';
  readonly active: boolean;
  readonly version: number;
}

function chairs(db: Queryable, organizationId: string) {
  return (
    kysely(db)
      .selectFrom('chairs')
      .select(['id', 'locationId', 'name', 'kind', 'active', 'version'])
      .where('organizationId', '=', organizationId)
      // CHECK constraint (0010_scheduling.sql).
      .$narrowType<{ kind: ChairRow['kind'] }>()
  );
}

export async function listChairs(db: Queryable, organizationId: string, locationId?: string): Promise<ChairRow[]> {
  let query = chairs(db, organizationId);
  if (locationId !== undefined) query = query.where('locationId', '=', locationId);
  return query.orderBy('name').execute();
}

export async function findChair(
  db: Queryable,
  organizationId: string,
  id: string,
  forUpdate = false,
): Promise<ChairRow | undefined> {
  const query = chairs(db, organizationId).where('id', '=', id);
  return (forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export async function insertChair(
  db: Queryable,
  organizationId: string,
  f: { locationId: string; name: string; kind: 'chair' | 'room' },
): Promise<string> {
  const row = await kysely(db)
    .insertInto('chairs')
    .values({ organizationId, locationId: f.locationId, name: f.name, kind: f.kind })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateChair(
  db: Queryable,
  organizationId: string,
  id: string,
  f: { name: string; kind: 'chair' | 'room'; active: boolean },
): Promise<void> {
  await kysely(db)
    .updateTable('chairs')
    .set((eb) => ({ name: f.name, kind: f.kind, active: f.active, version: eb('version', '+', 1) }))
    .where('organizationId', '=', organizationId)
    .where('id', '=', id)
    .execute();
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
  return kysely(db)
    .selectFrom('staffWorkingHours as h')
    .innerJoin('users as u', 'u.id', 'h.userId')
    .select((eb) => [
      'h.userId',
      'u.name',
      'u.roles',
      'h.weekday',
      eb.fn<string>('to_char', ['h.opens', sql.lit('HH24:MI')]).as('opens'),
      eb.fn<string>('to_char', ['h.closes', sql.lit('HH24:MI')]).as('closes'),
    ])
    .where('h.organizationId', '=', organizationId)
    .where('h.locationId', '=', locationId)
    .where('u.active', '=', true)
    .orderBy('u.name')
    .orderBy('h.weekday')
    .execute();
}

export async function replaceStaffHours(
  db: Queryable,
  organizationId: string,
  locationId: string,
  userId: string,
  hours: readonly { weekday: number; opens: string; closes: string }[],
): Promise<void> {
  await kysely(db)
    .deleteFrom('staffWorkingHours')
    .where('organizationId', '=', organizationId)
    .where('locationId', '=', locationId)
    .where('userId', '=', userId)
    .execute();
  for (const h of hours) {
    await kysely(db)
      .insertInto('staffWorkingHours')
      .values({ organizationId, locationId, userId, weekday: h.weekday, opens: h.opens, closes: h.closes })
      .execute();
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
  return kysely(db)
    .selectFrom('users')
    .select(['id', 'name', 'roles'])
    .where('organizationId', '=', organizationId)
    .where('id', '=', id)
    .where('kind', '=', 'staff')
    .where('active', '=', true)
    .executeTakeFirst();
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

function appointmentTypes(db: Queryable, organizationId: string) {
  return (
    kysely(db)
      .selectFrom('appointmentTypes')
      .select([
        'id',
        'kind',
        'label',
        'minutes',
        'preCheckMinutes',
        'doseMinutes',
        'observationMinutes',
        'needsChair',
        'staffRole',
        'prescriberOnSite',
        'requiresSignedPlan',
        'source',
        'active',
        'version',
      ])
      .where('organizationId', '=', organizationId)
      // CHECK constraint (0010_scheduling.sql).
      .$narrowType<{ staffRole: AppointmentTypeRow['staffRole'] }>()
  );
}

/** The order types are listed in (an ARRAY literal: as a parameter it would need a cast to a type). */
const kindOrder = sql`ARRAY['assessment', 'iv_session', 'im_session', 'esketamine_session', 'follow_up', 'telehealth']`;

export async function listAppointmentTypes(db: Queryable, organizationId: string): Promise<AppointmentTypeRow[]> {
  return appointmentTypes(db, organizationId)
    .orderBy((eb) => eb.fn('array_position', [kindOrder, eb.ref('kind')]))
    .execute();
}

export async function findAppointmentType(
  db: Queryable,
  organizationId: string,
  id: string,
  forUpdate = false,
): Promise<AppointmentTypeRow | undefined> {
  const query = appointmentTypes(db, organizationId).where('id', '=', id);
  return (forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export type AppointmentTypeFields = Omit<AppointmentTypeRow, 'id' | 'version'>;

export async function insertAppointmentTypes(
  db: Queryable,
  organizationId: string,
  types: readonly AppointmentTypeFields[],
  now: Date,
): Promise<void> {
  for (const t of types) {
    await kysely(db)
      .insertInto('appointmentTypes')
      .values({
        organizationId,
        kind: t.kind,
        label: t.label,
        minutes: t.minutes,
        preCheckMinutes: t.preCheckMinutes,
        doseMinutes: t.doseMinutes,
        observationMinutes: t.observationMinutes,
        needsChair: t.needsChair,
        staffRole: t.staffRole,
        prescriberOnSite: t.prescriberOnSite,
        requiresSignedPlan: t.requiresSignedPlan,
        source: t.source,
        active: t.active,
        updatedAt: now,
      })
      .onConflict((oc) => oc.columns(['organizationId', 'kind']).doNothing())
      .execute();
  }
}

export async function updateAppointmentType(
  db: Queryable,
  organizationId: string,
  id: string,
  t: AppointmentTypeFields,
  now: Date,
): Promise<void> {
  await kysely(db)
    .updateTable('appointmentTypes')
    .set((eb) => ({
      label: t.label,
      minutes: t.minutes,
      preCheckMinutes: t.preCheckMinutes,
      doseMinutes: t.doseMinutes,
      observationMinutes: t.observationMinutes,
      needsChair: t.needsChair,
      staffRole: t.staffRole,
      prescriberOnSite: t.prescriberOnSite,
      requiresSignedPlan: t.requiresSignedPlan,
      active: t.active,
      updatedAt: now,
      version: eb('version', '+', 1),
    }))
    .where('organizationId', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** Chair and staff time already taken in [from, to), at any location of the organization. */
export async function busyBetween(
  db: Queryable,
  organizationId: string,
  from: Date,
  to: Date,
  excludeAppointmentId: string | null = null,
): Promise<{ chairId: string | null; staffUserId: string | null; patientId: string; startsAt: Date; endsAt: Date }[]> {
  let query = kysely(db)
    .selectFrom('appointments')
    .select(['chairId', 'staffUserId', 'patientId', 'startsAt', 'endsAt'])
    .where('organizationId', '=', organizationId)
    .where((eb) => eb('during', '&&', eb.fn<string>('tstzrange', [eb.val(from), eb.val(to), sql.lit('[)')])))
    .where('status', 'not in', ['cancelled', 'no_show']);
  if (excludeAppointmentId !== null) query = query.where('id', '<>', excludeAppointmentId);
  return query.execute();
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
  const row = await kysely(db)
    .insertInto('appointments')
    .values({
      organizationId: a.organizationId,
      locationId: a.locationId,
      patientId: a.patientId,
      appointmentTypeId: a.appointmentTypeId,
      kind: a.kind,
      chairId: a.chairId,
      staffUserId: a.staffUserId,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      seriesId: a.seriesId,
      seriesNumber: a.seriesNumber,
      planId: a.planId,
      status: a.status ?? 'scheduled',
      statusChangedAt: a.now,
      statusChangedByUserId: a.createdByUserId,
      createdByUserId: a.createdByUserId,
      createdAt: a.now,
      updatedAt: a.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
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

function appointments(db: Queryable, organizationId: string) {
  return kysely(db)
    .selectFrom('appointments as a')
    .innerJoin('locations as l', 'l.id', 'a.locationId')
    .innerJoin('organizations as o', 'o.id', 'a.organizationId')
    .innerJoin('patients as p', 'p.id', 'a.patientId')
    .innerJoin('appointmentTypes as t', 't.id', 'a.appointmentTypeId')
    .leftJoin('chairs as c', 'c.id', 'a.chairId')
    .leftJoin('users as u', 'u.id', 'a.staffUserId')
    .select((eb) => [
      'a.id',
      'a.organizationId',
      'a.locationId',
      'l.name as locationName',
      eb.fn.coalesce('l.timeZone', 'o.timeZone').as('timeZone'),
      'a.patientId',
      eb(eb('p.givenName', '||', sql.lit(' ')), '||', eb.ref('p.familyName')).as('patientName'),
      'p.mrn as patientMrn',
      'p.email as patientEmail',
      'a.appointmentTypeId',
      'a.kind',
      't.label as typeLabel',
      eb('t.doseMinutes', 'is not', null).$castTo<boolean>().as('hasDose'),
      'a.chairId',
      'c.name as chairName',
      'a.staffUserId',
      'u.name as staffName',
      'a.startsAt',
      'a.endsAt',
      'a.status',
      'a.seriesId',
      'a.seriesNumber',
      'a.planId',
      'a.companionName',
      'a.confirmedAt',
      'a.confirmedVia',
      'a.cancelReason',
      'a.lateCancel',
      'a.statusChangedAt',
      eb
        .selectFrom('questionnaireResults as q')
        .select((q) => q.cast<number>(q.fn.countAll(), 'integer').as('n'))
        .whereRef('q.patientId', '=', 'a.patientId')
        .where('q.context', '=', 'pre_session')
        .where((q) =>
          q.between(
            'q.completedAt',
            // interval arithmetic has no builder form
            sql<Date>`${q.ref('a.startsAt')} - interval '3 days'`,
            q.ref('a.endsAt'),
          ),
        )
        .$asScalar()
        .as('questionnairesDone'),
      'a.version',
    ])
    .where('a.organizationId', '=', organizationId);
}

export async function findAppointment(
  db: Queryable,
  organizationId: string,
  id: string,
  forUpdate = false,
): Promise<AppointmentRow | undefined> {
  let query = appointments(db, organizationId).where('a.id', '=', id);
  if (forUpdate) query = query.forUpdate('a');
  return query.executeTakeFirst();
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
  let query = appointments(db, organizationId).where((eb) =>
    eb('a.during', '&&', eb.fn<string>('tstzrange', [eb.val(filter.from), eb.val(filter.to), sql.lit('[)')])),
  );
  if (filter.locationId != null) query = query.where('a.locationId', '=', filter.locationId);
  if (filter.patientId != null) query = query.where('a.patientId', '=', filter.patientId);
  if (filter.chairId != null) query = query.where('a.chairId', '=', filter.chairId);
  if (filter.seriesId != null) query = query.where('a.seriesId', '=', filter.seriesId);
  return query
    .orderBy('a.startsAt')
    .orderBy('c.name', (ob) => ob.asc().nullsLast())
    .orderBy('a.id')
    .limit(2000)
    .execute();
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
    confirmedVia?: 'link' | 'staff' | 'portal' | null;
  },
): Promise<void> {
  await kysely(db)
    .updateTable('appointments')
    .set((eb) => ({
      status: f.status,
      statusChangedAt: f.now,
      statusChangedByUserId: f.userId,
      // A cancellation records its reason; a confirmation when and how; other changes keep both.
      ...(f.status === 'cancelled' && { cancelReason: f.cancelReason ?? null, lateCancel: f.lateCancel ?? false }),
      ...(f.companionName != null && { companionName: f.companionName }),
      ...(f.status === 'confirmed' && { confirmedAt: f.now, confirmedVia: f.confirmedVia ?? null }),
      updatedAt: f.now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

export async function updateAppointmentTime(
  db: Queryable,
  id: string,
  f: {
    startsAt: Date;
    endsAt: Date;
    chairId: string | null;
    staffUserId: string | null;
    now: Date;
    /** The patient confirmed another time: the moved appointment waits for a new confirmation. */
    unconfirm: boolean;
  },
): Promise<void> {
  await kysely(db)
    .updateTable('appointments')
    .set((eb) => ({
      startsAt: f.startsAt,
      endsAt: f.endsAt,
      chairId: f.chairId,
      staffUserId: f.staffUserId,
      updatedAt: f.now,
      version: eb('version', '+', 1),
      ...(f.unconfirm ? { status: 'scheduled', confirmedAt: null, confirmedVia: null, statusChangedAt: f.now } : {}),
    }))
    .where('id', '=', id)
    .execute();
}

export async function updateCompanion(
  db: Queryable,
  id: string,
  companionName: string | null,
  now: Date,
): Promise<void> {
  await kysely(db)
    .updateTable('appointments')
    .set((eb) => ({ companionName, updatedAt: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
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
  const row = await kysely(db)
    .insertInto('appointmentSeries')
    .values({
      organizationId: s.organizationId,
      patientId: s.patientId,
      planId: s.planId,
      kind: s.kind,
      constraints: JSON.stringify(s.constraints),
      preferredTime: s.preferredTime,
      createdByUserId: s.userId,
      createdAt: s.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findSeries(
  db: Queryable,
  organizationId: string,
  id: string,
): Promise<{ id: string; patientId: string; kind: string; constraints: unknown; preferredTime: string } | undefined> {
  return kysely(db)
    .selectFrom('appointmentSeries')
    .select(['id', 'patientId', 'kind', 'constraints', 'preferredTime'])
    .where('organizationId', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
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
  return kysely(db)
    .selectFrom('treatmentPlans as t')
    .innerJoin('protocolVersions as p', 'p.id', 't.protocolVersionId')
    .select((eb) => [
      't.id',
      // jsonb written by the plans use-case from the domain's plan content.
      eb.ref('t.content').$castTo<SignedPlanRow['content']>().as('content'),
      'p.protocol',
    ])
    .where('t.organizationId', '=', organizationId)
    .where('t.patientId', '=', patientId)
    .where('t.status', '=', 'signed')
    .executeTakeFirst();
}

export async function findIdempotentResult(
  db: Queryable,
  organizationId: string,
  userId: string,
  key: string,
): Promise<{ requestHash: string; statusCode: number; response: unknown } | undefined> {
  return kysely(db)
    .selectFrom('scheduleIdempotencyKeys')
    .select(['requestHash', 'statusCode', 'response'])
    .where('organizationId', '=', organizationId)
    .where('userId', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
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
  await kysely(db)
    .insertInto('scheduleIdempotencyKeys')
    .values({
      organizationId: r.organizationId,
      userId: r.userId,
      key: r.key,
      requestHash: r.requestHash,
      statusCode: r.statusCode,
      response: JSON.stringify(r.response),
      createdAt: r.now,
    })
    .execute();
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
  await kysely(db)
    .insertInto('appointmentConfirmations')
    .values({
      tokenHash: c.tokenHash,
      organizationId: c.organizationId,
      appointmentId: c.appointmentId,
      patientId: c.patientId,
      expiresAt: c.expiresAt,
      createdAt: c.now,
    })
    .execute();
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
  let query = kysely(db)
    .selectFrom('appointmentConfirmations')
    .select(['tokenHash', 'organizationId', 'appointmentId', 'patientId', 'expiresAt', 'usedAt'])
    .where('tokenHash', '=', tokenHash);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Uses every open link of the appointment at once: confirming through one retires the others. */
export async function useConfirmations(db: Queryable, appointmentId: string, now: Date): Promise<void> {
  await kysely(db)
    .updateTable('appointmentConfirmations')
    .set({ usedAt: now })
    .where('appointmentId', '=', appointmentId)
    .where('usedAt', 'is', null)
    .execute();
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
  const hours = (n: number): Date => new Date(now.getTime() + n * 3_600_000);
  return (
    kysely(db)
      .selectFrom('appointments as a')
      .innerJoin('patients as p', 'p.id', 'a.patientId')
      .innerJoin('locations as l', 'l.id', 'a.locationId')
      .innerJoin('organizations as o', 'o.id', 'a.organizationId')
      .select((eb) => [
        'a.id as appointmentId',
        'a.organizationId',
        'a.patientId',
        'p.givenName',
        'p.email',
        'a.status',
        'a.startsAt',
        eb.fn.coalesce('l.timeZone', 'o.timeZone').as('timeZone'),
        'l.name as locationName',
        'o.name as clinicName',
      ])
      .where('a.status', 'in', ['scheduled', 'confirmed'])
      .where('p.email', 'is not', null)
      .where('a.startsAt', '>', hours(fromHours))
      .where('a.startsAt', '<=', hours(toHours))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('appointmentReminders as r')
              .select('r.appointmentId')
              .whereRef('r.appointmentId', '=', 'a.id')
              .where('r.kind', '=', kind),
          ),
        ),
      )
      .orderBy('a.startsAt')
      .limit(limit)
      // filtered on IS NOT NULL above
      .$narrowType<{ email: string }>()
      .execute()
  );
}

/** Claims the reminder; false when another server already sent it (the primary key decides). */
export async function claimReminder(
  db: Queryable,
  appointmentId: string,
  kind: '48h' | '24h',
  now: Date,
): Promise<boolean> {
  const res = await kysely(db)
    .insertInto('appointmentReminders')
    .values({ appointmentId, kind, sentAt: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function setReminderEmail(
  db: Queryable,
  appointmentId: string,
  kind: string,
  emailId: string,
): Promise<void> {
  await kysely(db)
    .updateTable('appointmentReminders')
    .set({ emailId })
    .where('appointmentId', '=', appointmentId)
    .where('kind', '=', kind)
    .execute();
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
  const row = await kysely(db)
    .insertInto('emailOutbox')
    .values({
      organizationId: e.organizationId,
      toAddress: e.to,
      subject: e.subject,
      bodyText: e.text,
      kind: e.kind,
      status: e.status,
      createdAt: e.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
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

function emails(db: Queryable) {
  return kysely(db)
    .selectFrom('emailOutbox')
    .select([
      'id',
      'toAddress as to',
      'subject',
      'bodyText as text',
      'kind',
      'status',
      'attempts',
      'lastError',
      'createdAt',
      'sentAt',
    ]);
}

export async function listEmails(
  db: Queryable,
  organizationId: string,
  limit: number,
  before: Date | null,
): Promise<EmailRow[]> {
  let query = emails(db).where('organizationId', '=', organizationId);
  if (before !== null) query = query.where('createdAt', '<', before);
  return query.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Pending emails, locked for this sender: two servers never send the same email. */
export async function claimPendingEmails(db: Queryable, limit: number): Promise<EmailRow[]> {
  return emails(db)
    .where('status', '=', 'pending')
    .where('attempts', '<', 5)
    .orderBy('createdAt')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markEmail(
  db: Queryable,
  id: string,
  f: { status: 'sent' | 'pending' | 'failed'; error: string | null; now: Date },
): Promise<void> {
  await kysely(db)
    .updateTable('emailOutbox')
    .set((eb) => ({
      status: f.status,
      lastError: f.error,
      attempts: eb('attempts', '+', 1),
      ...(f.status === 'sent' && { sentAt: f.now }),
    }))
    .where('id', '=', id)
    .execute();
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
  const row = await kysely(db)
    .insertInto('calendarFeeds')
    .values({
      organizationId: f.organizationId,
      tokenHash: f.tokenHash,
      patientId: f.patientId,
      chairId: f.chairId,
      createdByUserId: f.userId,
      createdAt: f.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface FeedRow {
  readonly id: string;
  readonly organizationId: string;
  readonly patientId: string | null;
  readonly chairId: string | null;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

function feeds(db: Queryable) {
  return kysely(db)
    .selectFrom('calendarFeeds')
    .select(['id', 'organizationId', 'patientId', 'chairId', 'createdAt', 'revokedAt']);
}

export async function findFeedByToken(db: Queryable, tokenHash: string): Promise<FeedRow | undefined> {
  return feeds(db).where('tokenHash', '=', tokenHash).executeTakeFirst();
}

export async function listFeeds(
  db: Queryable,
  organizationId: string,
  filter: { patientId?: string | null; chairId?: string | null },
): Promise<FeedRow[]> {
  let query = feeds(db).where('organizationId', '=', organizationId).where('revokedAt', 'is', null);
  if (filter.patientId != null) query = query.where('patientId', '=', filter.patientId);
  if (filter.chairId != null) query = query.where('chairId', '=', filter.chairId);
  return query.orderBy('createdAt').execute();
}

export async function findFeed(db: Queryable, organizationId: string, id: string): Promise<FeedRow | undefined> {
  return feeds(db).where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

export async function revokeFeed(db: Queryable, id: string, now: Date): Promise<void> {
  await kysely(db)
    .updateTable('calendarFeeds')
    .set({ revokedAt: now })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .execute();
}

export async function organizationName(db: Queryable, id: string): Promise<string | undefined> {
  const row = await kysely(db).selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name;
}

/** What an appointment occupies: each is one of its exclusion constraints (no overlap per chair, staff member, patient). */
export interface SlotHolders {
  readonly chairId: string | null;
  readonly staffUserId: string | null;
  readonly patientId: string;
}

/**
 * Queues, until the end of the transaction, every other booking that could take the same chair, member of
 * staff or patient. The exclusion constraints check after inserting, so two bookings of one slot made at the
 * same instant can each find the other's uncommitted row and wait for it: a deadlock that PostgreSQL breaks
 * by failing one of them (40P01) a second later. Taken in one sorted order, in one statement, these locks
 * make the second booking wait for the first to commit and then meet the constraint as a plain conflict.
 * The exclusion constraints stay the authority; a hash collision only makes two bookings queue needlessly.
 */
export async function lockSlotHolders(db: Queryable, holders: readonly SlotHolders[]): Promise<void> {
  const keys = new Set<string>();
  for (const h of holders) {
    keys.add(`appointment-slot:patient:${h.patientId}`);
    if (h.chairId) keys.add(`appointment-slot:chair:${h.chairId}`);
    if (h.staffUserId) keys.add(`appointment-slot:staff:${h.staffUserId}`);
  }
  await lockKeys(db, [...keys]);
}

/**
 * Queues, until the end of the transaction, the bookings at a location that let the clinic choose the chair or
 * the member of staff. Taken before the choice: the second of two such bookings made together reads the
 * schedule after the first has committed, and takes the next free chair instead of meeting the first in the
 * overlap constraint. Bookings that name their chair and staff member do not take it.
 */
export async function lockAutomaticPlacement(db: Queryable, locationId: string): Promise<void> {
  await lockKeys(db, [`appointment-slot:location:${locationId}`]);
}

/** Transaction-scoped advisory locks on hashed keys, taken in sorted order in one statement. */
async function lockKeys(db: Queryable, keys: readonly string[]): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(key, 0) AS k FROM unnest(${keys}::text[]) AS key ORDER BY 1) AS sorted`.execute(
    kysely(db),
  );
}

/** Serialises requests with the same Idempotency-Key until the end of the transaction. */
export async function lockIdempotencyKey(db: Queryable, key: string): Promise<void> {
  await kysely(db)
    .selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.fn('hashtext', [eb.val(key)])]).as('locked'))
    .execute();
}
