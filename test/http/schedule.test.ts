import { describe, expect, it } from 'vitest';
import { lockAutomaticPlacement } from '../../src/db/repositories/scheduling.js';
import { newPatient } from './chart-fixtures.js';
import { appointmentCount, patientWithSignedPlan, scheduleClinic } from './schedule-fixtures.js';

const clinic = await scheduleClinic('Schedule Clinic');
const { as } = clinic;
const types = (await as.coordinator.get('/schedule/appointment-types')).json().items as {
  id: string;
  kind: string;
  minutes: number;
  version: number;
  [k: string]: unknown;
}[];
const typeId = (kind: string): string => types.find((t) => t.kind === kind)!.id;

/** The appointment type of this kind as it is now, as the body of an edit (with its current version). */
async function typeEdit(kind: string): Promise<{ id: string; body: Record<string, unknown> }> {
  const items = (await as.admin.get('/schedule/appointment-types')).json<{ items: Record<string, unknown>[] }>().items;
  const { id, ...body } = items.find((x) => x.kind === kind)!;
  // Everything but what an edit cannot change: the kind and where the type came from.
  delete body.kind;
  delete body.source;
  return { id: id as string, body };
}

/** Makes the type of this kind a single-phase visit with the given chair and staff needs (isolating one constraint). */
async function simplifyType(kind: string, needs: { needsChair: boolean; staffRole: string | null }): Promise<void> {
  const { id, body } = await typeEdit(kind);
  const edit = await as.admin.patch(`/schedule/appointment-types/${id}`, {
    ...body,
    ...needs,
    preCheckMinutes: null,
    doseMinutes: null,
    observationMinutes: null,
    prescriberOnSite: false,
    requiresSignedPlan: false,
    active: true,
  });
  expect(edit.statusCode, edit.body).toBe(200);
}

describe('scheduling set-up', () => {
  it('gives appointment types from the protocol: IV 15 + 40 + 60, esketamine with 2 h observation', () => {
    expect(types.find((t) => t.kind === 'iv_session')).toMatchObject({
      minutes: 115,
      preCheckMinutes: 15,
      doseMinutes: 40,
      observationMinutes: 60,
      needsChair: true,
      staffRole: 'nurse',
      prescriberOnSite: true,
      requiresSignedPlan: true,
    });
    expect(types.find((t) => t.kind === 'esketamine_session')).toMatchObject({ observationMinutes: 120 });
    expect(types.find((t) => t.kind === 'telehealth')).toMatchObject({ needsChair: false });
  });

  it('lets only admins configure; everyone on staff reads', async () => {
    expect(
      (await as.coordinator.post('/schedule/chairs', { locationId: clinic.locationId, name: 'X' })).statusCode,
    ).toBe(403);
    expect((await as.nurse.get('/schedule/locations')).json().items[0].chairs).toHaveLength(3);
    expect((await as.patient.get('/schedule/locations')).statusCode).toBe(403);
  });

  it('refuses an esketamine type with less than 2 h observation and a stale edit', async () => {
    const t = types.find((x) => x.kind === 'esketamine_session')!;
    const body = { ...t, observationMinutes: 60, minutes: 85 };
    delete (body as Record<string, unknown>).id;
    delete (body as Record<string, unknown>).kind;
    delete (body as Record<string, unknown>).source;
    const short = await as.admin.patch(`/schedule/appointment-types/${t.id}`, body);
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].path).toBe('/body/observationMinutes');
    const stale = await as.admin.patch(`/schedule/appointment-types/${t.id}`, {
      ...body,
      observationMinutes: 120,
      minutes: 145,
      version: 99,
    });
    expect(stale.statusCode).toBe(409);
  });
});

describe('booking refuses bad input, naming the problem, and stores nothing', () => {
  it.each([
    ['in the past', { date: '2026-11-25', startTime: '10:00' }, 422, 'appointment_in_past', '/body/date'],
    ['before opening', { date: '2026-12-01', startTime: '07:30' }, 422, 'outside_opening_hours', '/body/startTime'],
    [
      'running past closing',
      { date: '2026-12-01', startTime: '17:00' },
      422,
      'outside_opening_hours',
      '/body/startTime',
    ],
    ['on a closed day', { date: '2026-12-25', startTime: '10:00' }, 422, 'location_closed', '/body/date'],
    ['on a Sunday', { date: '2026-11-29', startTime: '10:00' }, 422, 'location_closed', '/body/date'],
    [
      'with an end before its start',
      { date: '2026-12-01', startTime: '10:00', endTime: '09:00' },
      400,
      'appointment_end_before_start',
      '/body/endTime',
    ],
    ['with a malformed time', { date: '2026-12-01', startTime: '10:75' }, 400, 'validation_failed', '/body/startTime'],
    // A day that does not exist is refused, not rolled over into March; years a clinic never books are too.
    ['on 30 February', { date: '2027-02-30', startTime: '10:00' }, 400, 'validation_failed', '/body/date'],
    ['in the year 0', { date: '0000-01-01', startTime: '10:00' }, 400, 'validation_failed', '/body/date'],
    ['in the year 9999', { date: '9999-12-31', startTime: '10:00' }, 400, 'validation_failed', '/body/date'],
    ['more than two years ahead', { date: '2029-01-08', startTime: '10:00' }, 400, 'validation_failed', '/body/date'],
  ])('%s', async (_label, when, status, code, path) => {
    const patientId = await newPatient(clinic);
    const before = await appointmentCount(clinic);
    const res = await as.coordinator.post('/schedule/appointments', {
      patientId,
      locationId: clinic.locationId,
      kind: 'esketamine_session',
      ...when,
    });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().code).toBe(code);
    expect(res.json().errors[0].path).toBe(path);
    expect(await appointmentCount(clinic)).toBe(before);
  });

  it('02:30 on the spring-forward day (a clinic open through the night)', async () => {
    const night = await as.admin.post('/schedule/locations', {
      name: 'Night clinic',
      timeZone: 'America/New_York',
      openingHours: [7].map((day) => ({ day, opens: '00:00', closes: '23:59' })),
      closedDates: [],
    });
    const patientId = await newPatient(clinic);
    const res = await as.coordinator.post('/schedule/appointments', {
      patientId,
      locationId: night.json().id,
      kind: 'telehealth',
      date: '2027-03-14',
      startTime: '02:30',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'time_in_dst_gap', errors: [{ path: '/body/startTime' }] });
  });

  it('an IV session for a patient without a signed plan', async () => {
    const patientId = await newPatient(clinic);
    const res = await as.coordinator.post('/schedule/appointments', {
      patientId,
      locationId: clinic.locationId,
      kind: 'iv_session',
      date: '2026-12-01',
      startTime: '10:00',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'signed_plan_required', errors: [{ path: '/body/patientId' }] });
  });

  it('a chair of another location, and of another organization', async () => {
    const patientId = await newPatient(clinic);
    const other = await as.admin.post('/schedule/locations', {
      name: 'Uptown',
      timeZone: null,
      openingHours: [{ day: 2, opens: '08:00', closes: '18:00' }],
      closedDates: [],
    });
    const chair = await as.admin.post('/schedule/chairs', { locationId: other.json().id, name: 'Chair U1' });
    const elsewhere = await as.coordinator.post('/schedule/appointments', {
      patientId,
      locationId: clinic.locationId,
      kind: 'esketamine_session',
      date: '2026-12-01',
      startTime: '10:00',
      chairId: chair.json().id,
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().errors[0]).toEqual({ path: '/body/chairId', message: 'belongs to another location' });
    const foreignChair = await clinic.t.db.pool.query<{ id: string }>(
      `WITH l AS (INSERT INTO locations (organization_id, name) VALUES ($1, 'Foreign') RETURNING id)
       INSERT INTO chairs (organization_id, location_id, name) SELECT $1, id, 'F1' FROM l RETURNING id`,
      [clinic.otherOrganizationId],
    );
    const foreign = await as.coordinator.post('/schedule/appointments', {
      patientId,
      locationId: clinic.locationId,
      kind: 'esketamine_session',
      date: '2026-12-01',
      startTime: '10:00',
      chairId: foreignChair.rows[0]!.id,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().errors[0].path).toBe('/body/chairId');
  });

  it('a patient of another organization is not found', async () => {
    const patientId = await newPatient(clinic, { organizationId: clinic.otherOrganizationId });
    const res = await as.coordinator.post('/schedule/appointments', {
      patientId,
      locationId: clinic.locationId,
      kind: 'telehealth',
      date: '2026-12-01',
      startTime: '10:00',
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('booking one appointment', () => {
  it('books into a free chair with a nurse, answers a retry with the same Idempotency-Key once, refuses the key for another body', async () => {
    const patientId = await newPatient(clinic);
    const body = {
      patientId,
      locationId: clinic.locationId,
      kind: 'esketamine_session',
      date: '2026-12-02',
      startTime: '09:00',
    };
    const first = await clinic.postAs('coordinator', '/schedule/appointments', body, { 'idempotency-key': 'k-1' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      status: 'scheduled',
      localDate: '2026-12-02',
      startTime: '09:00',
      endTime: '11:25',
      startsAt: '2026-12-02T14:00:00.000Z',
      chair: { name: 'Chair 1' },
      staff: { id: clinic.users.nurse.id },
    });
    const retry = await clinic.postAs('coordinator', '/schedule/appointments', body, { 'idempotency-key': 'k-1' });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(first.json().id);
    const other = await clinic.postAs(
      'coordinator',
      '/schedule/appointments',
      { ...body, startTime: '12:00' },
      { 'idempotency-key': 'k-1' },
    );
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
    const audit = await clinic.t.db.pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'appointment.book' AND patient_id = $1`,
      [patientId],
    );
    expect(audit.rows[0].n).toBe(1);
  });

  it('a nurse cannot book; a prescriber who is not on the rota cannot be given as the nurse', async () => {
    const patientId = await newPatient(clinic);
    const body = {
      patientId,
      locationId: clinic.locationId,
      kind: 'esketamine_session',
      date: '2026-12-03',
      startTime: '09:00',
    };
    expect((await as.nurse.post('/schedule/appointments', body)).statusCode).toBe(403);
    const wrongRole = await as.coordinator.post('/schedule/appointments', {
      ...body,
      staffUserId: clinic.users.prescriber.id,
    });
    expect(wrongRole.statusCode).toBe(422);
    expect(wrongRole.json()).toMatchObject({ code: 'staff_not_available', errors: [{ path: '/body/staffUserId' }] });
  });
});

describe('double booking is impossible under concurrency', () => {
  it('50 parallel requests for the same chair and time: exactly one booking', async () => {
    // A room-only visit type (no staff) isolates the chair constraint.
    await simplifyType('follow_up', { needsChair: true, staffRole: null });
    const patients = await Promise.all(Array.from({ length: 50 }, () => newPatient(clinic)));
    const results = await Promise.all(
      patients.map((patientId) =>
        as.coordinator.post('/schedule/appointments', {
          patientId,
          locationId: clinic.locationId,
          kind: 'follow_up',
          date: '2026-12-04',
          startTime: '14:00',
          chairId: clinic.chairIds[2],
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    expect(results.find((r) => r.statusCode === 409)!.json()).toMatchObject({
      code: 'slot_taken',
      errors: [{ path: '/body/chairId' }],
    });
    const rows = await clinic.t.db.pool.query(`SELECT count(*)::int AS n FROM appointments WHERE chair_id = $1`, [
      clinic.chairIds[2],
    ]);
    expect(rows.rows[0].n).toBe(1);
  });

  it('parallel bookings that leave the chair to the clinic fill every free chair, then refuse', async () => {
    await simplifyType('follow_up', { needsChair: true, staffRole: null });
    const patients = await Promise.all(Array.from({ length: 8 }, () => newPatient(clinic)));
    // Hold the location's placement lock so that the bookings all arrive before any of them chooses a chair.
    const holder = await clinic.t.db.pool.connect();
    await holder.query('BEGIN');
    await lockAutomaticPlacement(holder, clinic.locationId);
    const pending = Promise.all(
      patients.map((patientId) =>
        as.coordinator.post('/schedule/appointments', {
          patientId,
          locationId: clinic.locationId,
          kind: 'follow_up',
          date: '2026-12-07',
          startTime: '10:00',
        }),
      ),
    );
    let waiting = 0;
    for (let i = 0; i < 200 && waiting < 3; i += 1) {
      await new Promise((r) => setTimeout(r, 10));
      const res = await clinic.t.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      waiting = res.rows[0]!.n;
    }
    await holder.query('COMMIT');
    holder.release();
    expect(waiting).toBeGreaterThanOrEqual(3);
    const results = await pending;
    const booked = results.filter((r) => r.statusCode === 201);
    // Three chairs: each taken once, by the first three; the rest are told no chair is free.
    expect(booked.map((r) => r.json<{ chair: { id: string } }>().chair.id).sort()).toEqual([...clinic.chairIds].sort());
    const refused = results.filter((r) => r.statusCode !== 201);
    const problems = refused.map((r) => r.json<{ code: string; errors: { path: string }[] }>());
    expect(refused.map((r, i) => [r.statusCode, problems[i]!.code, problems[i]!.errors[0]!.path])).toEqual(
      Array.from({ length: 5 }, () => [409, 'slot_taken', '/body/chairId']),
    );
  });

  it('50 parallel requests for the same nurse and time: exactly one booking', async () => {
    // Telehealth run by a nurse (no chair) isolates the staff constraint.
    await simplifyType('telehealth', { needsChair: false, staffRole: 'nurse' });
    const patients = await Promise.all(Array.from({ length: 50 }, () => newPatient(clinic)));
    const results = await Promise.all(
      patients.map((patientId) =>
        as.coordinator.post('/schedule/appointments', {
          patientId,
          locationId: clinic.locationId,
          appointmentTypeId: typeId('telehealth'),
          date: '2026-12-04',
          startTime: '16:00',
          staffUserId: clinic.users.nurse.id,
        }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(49);
    const rows = await clinic.t.db.pool.query(
      `SELECT count(*)::int AS n FROM appointments WHERE staff_user_id = $1 AND starts_at = '2026-12-04T21:00:00Z'`,
      [clinic.users.nurse.id],
    );
    expect(rows.rows[0].n).toBe(1);
  });

  it('ten edits of a chair from the same version: one is saved, nine are told it changed', async () => {
    const chair = (await as.admin.get('/schedule/locations')).json().items[0].chairs[0] as {
      id: string;
      kind: string;
      version: number;
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        as.admin.patch(`/schedule/chairs/${chair.id}`, {
          name: `Chair 1 (${i})`,
          kind: chair.kind,
          active: true,
          version: chair.version,
        }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(9);
  });

  it('ten edits of an appointment type from the same version: one is saved, nine are told it changed', async () => {
    const { id, body } = await typeEdit('telehealth');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        as.admin.patch(`/schedule/appointment-types/${id}`, { ...body, label: `Telehealth ${i}` }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(9);
  });

  it('the same working hours put ten times at once: every copy is answered, and they are stored once', async () => {
    const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '17:00' }));
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        clinic.t.app.inject({
          method: 'PUT',
          url: `/api/v1/schedule/locations/${clinic.locationId}/staff-hours/${clinic.users.nurse.id}`,
          headers: as.admin.headers,
          payload: { hours },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    const rows = await clinic.t.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM staff_working_hours WHERE location_id = $1 AND user_id = $2`,
      [clinic.locationId, clinic.users.nurse.id],
    );
    expect(rows.rows[0]!.n).toBe(5);
  });

  it('the database itself refuses an overlapping chair booking written past the application', async () => {
    const existing = await clinic.t.db.pool.query<Record<string, unknown>>(
      `SELECT * FROM appointments WHERE chair_id = $1 LIMIT 1`,
      [clinic.chairIds[2]],
    );
    const a = existing.rows[0]!;
    const patientId = await newPatient(clinic);
    await expect(
      clinic.t.db.pool.query(
        `INSERT INTO appointments (organization_id, location_id, patient_id, appointment_type_id, kind, chair_id, starts_at, ends_at, status_changed_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz + interval '10 minutes', $8, now(), now(), now())`,
        [
          a.organization_id,
          a.location_id,
          patientId,
          a.appointment_type_id,
          a.kind,
          a.chair_id,
          a.starts_at,
          a.ends_at,
        ],
      ),
    ).rejects.toMatchObject({ code: '23P01', constraint: 'appointments_chair_no_overlap' });
  });
});

describe('series booking from the signed plan', () => {
  it('proposes six sessions, refuses an edit that breaks the spacing, books all six atomically', async () => {
    const patientId = await patientWithSignedPlan(clinic);
    const proposal = await as.coordinator.post('/schedule/series/proposal', {
      patientId,
      locationId: clinic.locationId,
    });
    expect(proposal.statusCode, proposal.body).toBe(200);
    const p = proposal.json();
    expect(p.sessions).toHaveLength(6);
    expect(p.type).toMatchObject({ kind: 'iv_session', minutes: 115 });
    expect(p.sessions.map((s: { date: string }) => s.date)).toEqual([
      '2026-11-30',
      '2026-12-02',
      '2026-12-04',
      '2026-12-07',
      '2026-12-09',
      '2026-12-11',
    ]);
    const sessions = p.sessions.map((s: { date: string; startTime: string; chair: { id: string } }) => ({
      date: s.date,
      startTime: s.startTime,
      chairId: s.chair.id,
    }));

    const tooClose = sessions.map((s: { date: string }, i: number) => (i === 1 ? { ...s, date: '2026-12-01' } : s));
    const before = await appointmentCount(clinic);
    const refused = await as.coordinator.post('/schedule/series', {
      patientId,
      locationId: clinic.locationId,
      sessions: tooClose,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('/body/sessions/1');
    expect(await appointmentCount(clinic)).toBe(before);

    // One session moved by the coordinator to 14:00 in another chair: still fine.
    const moved = sessions.map((s: { date: string }, i: number) =>
      i === 3 ? { ...s, startTime: '14:00', chairId: clinic.chairIds[1] } : s,
    );
    const booked = await clinic.postAs(
      'coordinator',
      '/schedule/series',
      { patientId, locationId: clinic.locationId, sessions: moved },
      { 'idempotency-key': 'series-1' },
    );
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().appointments).toHaveLength(6);
    expect(booked.json().appointments[3]).toMatchObject({
      startTime: '14:00',
      chair: { id: clinic.chairIds[1] },
      series: { number: 4 },
    });
    expect(await appointmentCount(clinic)).toBe(before + 6);

    const retry = await clinic.postAs(
      'coordinator',
      '/schedule/series',
      { patientId, locationId: clinic.locationId, sessions: moved },
      { 'idempotency-key': 'series-1' },
    );
    expect(retry.statusCode).toBe(200);
    expect(retry.json().seriesId).toBe(booked.json().seriesId);

    // The same series again without the key collides with the patient's own sessions: nothing of it stays.
    const again = await as.coordinator.post('/schedule/series', {
      patientId,
      locationId: clinic.locationId,
      sessions: moved,
    });
    expect(again.statusCode).toBe(409);
    expect(await appointmentCount(clinic)).toBe(before + 6);
  });

  it('is all or none: a taken chair on the last session books nothing', async () => {
    const patientId = await patientWithSignedPlan(clinic, 'Rowan');
    const proposal = (
      await as.coordinator.post('/schedule/series/proposal', { patientId, locationId: clinic.locationId })
    ).json();
    const sessions = proposal.sessions.map((s: { date: string; startTime: string }) => ({
      date: s.date,
      startTime: s.startTime,
      chairId: clinic.chairIds[1],
    }));
    // Chair 2 at the last session's time is taken by a room visit (follow-up, made staff-free above).
    const blocker = await newPatient(clinic);
    const block = await as.coordinator.post('/schedule/appointments', {
      patientId: blocker,
      locationId: clinic.locationId,
      kind: 'follow_up',
      date: sessions[5].date,
      startTime: sessions[5].startTime,
      chairId: clinic.chairIds[1],
    });
    expect(block.statusCode, block.body).toBe(201);
    const before = await appointmentCount(clinic);
    const res = await as.coordinator.post('/schedule/series', { patientId, locationId: clinic.locationId, sessions });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].path).toBe('/body/sessions/5/chairId');
    expect(await appointmentCount(clinic)).toBe(before);
  });

  it('refuses a series for a patient without a signed plan', async () => {
    const patientId = await newPatient(clinic);
    const res = await as.coordinator.post('/schedule/series/proposal', { patientId, locationId: clinic.locationId });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('signed_plan_required');
  });
});

describe('the day: status flow, cancellation and re-planning', () => {
  it('confirms, checks in, runs and discharges; cancels late with a reason; re-plans the cancelled session', async () => {
    const patientId = await patientWithSignedPlan(clinic, 'Sorrel');
    const proposal = (
      await as.coordinator.post('/schedule/series/proposal', {
        patientId,
        locationId: clinic.locationId,
        startDate: '2026-11-27',
        preferredTime: '08:00',
      })
    ).json();
    const booked = await as.coordinator.post('/schedule/series', {
      patientId,
      locationId: clinic.locationId,
      sessions: proposal.sessions.map((s: { date: string; startTime: string }) => ({
        date: s.date,
        startTime: s.startTime,
      })),
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const [first, second] = booked.json().appointments;
    expect(first.localDate).toBe('2026-11-27');

    const confirmed = await as.coordinator.post(`/schedule/appointments/${first.id}/status`, {
      status: 'confirmed',
      version: first.version,
      companionName: 'Alex Example',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'confirmed',
      companionName: 'Alex Example',
      confirmedVia: 'staff',
    });

    const early = await as.coordinator.post(`/schedule/appointments/${first.id}/status`, {
      status: 'checked_in',
      version: 2,
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('appointment_status_transition_invalid');

    // The morning of the session (08:00 New York = 13:00 UTC).
    clinic.t.clock.advance(new Date('2026-11-27T12:45:00Z').getTime() - clinic.t.clock.now.getTime());
    await clinic.refresh();
    const nurseCannotCancel = await as.nurse.post(`/schedule/appointments/${first.id}/status`, {
      status: 'cancelled',
      version: 2,
      reason: 'x',
    });
    expect(nurseCannotCancel.statusCode).toBe(403);
    let version = 2;
    for (const [who, status] of [
      ['coordinator', 'checked_in'],
      ['nurse', 'in_session'],
      ['nurse', 'recovery'],
      ['nurse', 'discharged'],
    ] as const) {
      const res = await as[who].post(`/schedule/appointments/${first.id}/status`, { status, version });
      expect(res.statusCode, res.body).toBe(200);
      version = res.json().version;
    }
    const today = await as.coordinator.get(`/schedule/today?locationId=${clinic.locationId}`);
    expect(today.json().date).toBe('2026-11-27');
    expect(today.json().items.find((a: { id: string }) => a.id === first.id)).toMatchObject({ status: 'discharged' });

    // The second session, cancelled less than 24 h before: late, with its reason.
    clinic.t.clock.advance(
      new Date(Date.parse(second.startsAt) - 3 * 3600_000).getTime() - clinic.t.clock.now.getTime(),
    );
    await clinic.refresh();
    const noReason = await as.coordinator.post(`/schedule/appointments/${second.id}/status`, {
      status: 'cancelled',
      version: second.version,
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('/body/reason');
    const cancelled = await as.coordinator.post(`/schedule/appointments/${second.id}/status`, {
      status: 'cancelled',
      version: second.version,
      reason: 'Unwell',
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', lateCancel: true, cancelReason: 'Unwell' });

    const replan = await as.coordinator.post(`/schedule/appointments/${second.id}/replan`);
    expect(replan.statusCode, replan.body).toBe(200);
    const replacement = replan.json();
    const rebook = await as.coordinator.post(`/schedule/appointments/${second.id}/replacement`, {
      date: replacement.date,
      startTime: replacement.startTime,
    });
    expect(rebook.statusCode, rebook.body).toBe(201);
    expect(rebook.json().series.number).toBe(2);
    const twice = await as.coordinator.post(`/schedule/appointments/${second.id}/replacement`, {
      date: replacement.date,
      startTime: replacement.startTime,
    });
    expect(twice.statusCode).toBe(409);
  });

  it('reschedules by form with the same checks, and refuses a stale version', async () => {
    const patientId = await newPatient(clinic);
    const made = (
      await as.coordinator.post('/schedule/appointments', {
        patientId,
        locationId: clinic.locationId,
        kind: 'esketamine_session',
        date: '2026-12-08',
        startTime: '09:00',
      })
    ).json();
    const closed = await as.coordinator.post(`/schedule/appointments/${made.id}/reschedule`, {
      date: '2026-12-25',
      startTime: '09:00',
      version: made.version,
    });
    expect(closed.json().code).toBe('location_closed');
    const moved = await as.coordinator.post(`/schedule/appointments/${made.id}/reschedule`, {
      date: '2026-12-08',
      startTime: '10:00',
      version: made.version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ startTime: '10:00', version: Number(made.version) + 1 });
    const stale = await as.coordinator.post(`/schedule/appointments/${made.id}/reschedule`, {
      date: '2026-12-08',
      startTime: '11:00',
      version: made.version,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale_version');

    // Confirmed for 10:00, then moved: the patient never confirmed the new time, so it waits for them again.
    const confirmed = await as.coordinator.post(`/schedule/appointments/${made.id}/status`, {
      status: 'confirmed',
      version: moved.json().version,
      companionName: 'Alex Example',
    });
    expect(confirmed.json()).toMatchObject({ status: 'confirmed' });
    const movedAgain = await as.coordinator.post(`/schedule/appointments/${made.id}/reschedule`, {
      date: '2026-12-08',
      startTime: '13:00',
      version: confirmed.json().version,
    });
    expect(movedAgain.statusCode, movedAgain.body).toBe(200);
    expect(movedAgain.json()).toMatchObject({ status: 'scheduled', confirmedVia: null });
  });

  it('shows the week calendar to staff, audited per patient; never to a patient', async () => {
    const impossible = await as.nurse.get(`/schedule/calendar?locationId=${clinic.locationId}&from=2026-02-30`);
    expect(impossible.statusCode).toBe(400);
    expect(impossible.json().errors[0].path).toBe('/query/from');
    const week = await as.nurse.get(`/schedule/calendar?locationId=${clinic.locationId}&from=2026-11-30&days=7`);
    expect(week.statusCode).toBe(200);
    expect(week.json().items.length).toBeGreaterThan(5);
    const audited = await clinic.t.db.pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'schedule.read'`,
    );
    expect(audited.rows[0].n).toBeGreaterThan(0);
    expect(
      (await as.patient.get(`/schedule/calendar?locationId=${clinic.locationId}&from=2026-11-30`)).statusCode,
    ).toBe(403);
  });
});
