import { describe, expect, it } from 'vitest';
import {
  newRowId,
  recordObservationVitals,
  type ObservationVitalsWrite,
} from '../../src/db/repositories/treatment-sessions.js';
import {
  cssrsLow,
  freeChair,
  goodPrechecks,
  normalVitals,
  phq9Answers,
  readyPatient,
  sessionClinic,
  stockVials,
} from './session-fixtures.js';

/**
 * The vitals write once the dose has started, in one statement (decision 025): the answer is light (the
 * reading, its alerts, the chair's state, the new version) and agrees with the record; the version check,
 * the Idempotency-Key, the audit entry and the phase rules hold as for every session write; a session
 * changed by another write (here, on another server, or straight in the database) is never written on
 * the strength of what this server remembered.
 */
const clinic = await sessionClinic('Vitals Write Clinic');
const { s } = clinic;
const iv10 = (await stockVials(clinic, { strengthMgPerMl: 10, containerMl: 100, containers: 1 })).vialIds[0]!;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<Json> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as Json;
}

/** An IV session with the infusion running (baseline 124/78). */
async function dosing(): Promise<Json> {
  const patientId = await readyPatient(clinic);
  let session = await ok(s.nurse.post('/sessions', { patientId, chair: freeChair() }), 201);
  for (const [instrumentId, answers] of [
    ['phq9', phq9Answers],
    ['cssrs_screener', cssrsLow],
  ] as const) {
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/questionnaires`, { version: session.version, instrumentId, answers }),
    );
  }
  session = await ok(
    s.nurse.post(`/sessions/${session.id}/pre-checks`, { version: session.version, ...goodPrechecks }),
  );
  clinic.advance(1);
  const baseline = await ok(
    s.nurse.post(`/sessions/${session.id}/vitals`, {
      version: session.version,
      takenAt: clinic.iso(),
      ...normalVitals,
    }),
  );
  // Before the dose the answer carries the gate recomputed with the reading.
  expect(baseline).toMatchObject({
    phase: 'pre_checks',
    gate: { outcome: 'proceed' },
    alerts: [],
    nextVitalsDue: null,
  });
  session = await ok(
    s.nurse.post(`/sessions/${session.id}/order`, {
      version: baseline.version,
      titrate: false,
      vialId: iv10,
      diluent: 'sodium_chloride_0_9',
      finalVolumeMl: 100,
    }),
  );
  return ok(s.nurse.post(`/sessions/${session.id}/start`, { version: session.version, at: clinic.iso() }));
}

const reading = (session: Json, extra: Json = {}) => ({
  version: session.version,
  takenAt: clinic.iso(),
  ...normalVitals,
  ...extra,
});

describe('the vitals write during and after the dose', () => {
  it('answers the reading, its alerts and the chair’s state as the record then holds them, audited in the same commit', async () => {
    const session = await dosing();
    clinic.advance(10);
    const written = await ok(
      s.nurse.post(
        `/sessions/${session.id}/vitals`,
        reading(session, { systolicMmHg: 172, diastolicMmHg: 112, temperatureC: 36.55 }),
      ),
    );
    const record = await ok(s.nurse.get(`/sessions/${session.id}`));
    expect(written.version).toBe((session.version as number) + 1);
    expect(record.version).toBe(written.version);
    expect(written).toMatchObject({ id: session.id, phase: 'dosing', boardPhase: 'dosing', gate: null });
    // The reading as stored: its id, the recorder's name, the temperature as the column keeps it.
    expect(written.vitals).toEqual(record.vitals.at(-1));
    expect(written.vitals).toMatchObject({ kind: 'observation', temperatureC: 36.6, recordedBy: expect.any(String) });
    // Diastolic ≥ 110 alerts the prescriber (CLINICAL.md §3): the same alert, same id, as on the record.
    const diastolic = written.alerts.find((a: Json) => a.vital === 'diastolic');
    expect(diastolic).toMatchObject({ level: 'alert', vitalsId: written.vitals.id });
    expect(record.alerts).toEqual(written.alerts);
    expect(written.openAlerts).toBe(record.openAlerts);
    expect(written.nextVitalsDue).toEqual(record.nextVitalsDue);
    const audit = await clinic.t.db.pool.query<{ patient_id: string; details: Json; xmin: string }>(
      "SELECT patient_id, details, xmin::text FROM audit_log WHERE action = 'sessions.vitals' AND resource_id = $1 ORDER BY id DESC LIMIT 1",
      [session.id],
    );
    expect(audit.rows[0]).toMatchObject({
      patient_id: session.patient.id,
      details: { vitalsId: written.vitals.id, alerts: written.alerts.length },
    });
    const row = await clinic.t.db.pool.query<{ xmin: string }>('SELECT xmin::text FROM session_vitals WHERE id = $1', [
      written.vitals.id,
    ]);
    expect(row.rows[0]!.xmin).toBe(audit.rows[0]!.xmin);

    // The alert counts as open on the next reading until a prescriber acknowledges it (a write that moves the
    // version on: what this server remembered of the session is not used after it).
    clinic.advance(5);
    const second = await ok(s.nurse.post(`/sessions/${session.id}/vitals`, reading(written)));
    expect(second).toMatchObject({ alerts: [], openAlerts: 1 });
    const acknowledged = await ok(
      s.prescriber.post(`/sessions/${session.id}/alerts/${diastolic.id}/acknowledge`, {
        version: second.version,
        note: 'Reviewed at chairside',
      }),
    );
    clinic.advance(5);
    const third = await ok(s.nurse.post(`/sessions/${session.id}/vitals`, reading(acknowledged)));
    expect(third).toMatchObject({ alerts: [], openAlerts: 0 });
  });

  it('a back-dated reading does not move the next due time past the latest one', async () => {
    const session = await dosing();
    clinic.advance(10);
    const latest = await ok(s.nurse.post(`/sessions/${session.id}/vitals`, reading(session)));
    const late = await ok(
      s.nurse.post(`/sessions/${session.id}/vitals`, { ...reading(latest), takenAt: clinic.iso(-6) }),
    );
    const record = await ok(s.nurse.get(`/sessions/${session.id}`));
    expect(late.nextVitalsDue).toEqual(record.nextVitalsDue);
    expect(late.nextVitalsDue).toEqual(latest.nextVitalsDue);
  });

  it('two writes on one version: one is recorded, the other is 409 and leaves nothing', async () => {
    const session = await dosing();
    clinic.advance(10);
    // Warm: this server now remembers the session at its new version, as it does on the hot path.
    const warm = await ok(s.nurse.post(`/sessions/${session.id}/vitals`, reading(session)));
    const before = await clinic.t.db.pool.query('SELECT 1 FROM session_vitals WHERE session_id = $1', [session.id]);
    const [a, b] = await Promise.all([
      s.nurse.post(`/sessions/${session.id}/vitals`, reading(warm, { heartRateBpm: 80 })),
      s.prescriber.post(`/sessions/${session.id}/vitals`, reading(warm, { heartRateBpm: 90 })),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json()).toMatchObject({ code: 'stale_version' });
    const after = await clinic.t.db.pool.query('SELECT 1 FROM session_vitals WHERE session_id = $1', [session.id]);
    expect(after.rowCount).toBe(before.rowCount! + 1);
    const audits = await clinic.t.db.pool.query(
      "SELECT 1 FROM audit_log WHERE action = 'sessions.vitals' AND resource_id = $1",
      [session.id],
    );
    expect(audits.rowCount).toBe(3); // the baseline, the warm-up, the winner
  });

  it('writes to several sessions at once: each answer is its own and agrees with its record (decision 029)', async () => {
    const started = [await dosing(), await dosing(), await dosing()];
    clinic.advance(10);
    // Written once each, so this server sends the next writes straight to the statement.
    const sessions: Json[] = [];
    for (const session of started)
      sessions.push(await ok(s.nurse.post(`/sessions/${session.id}/vitals`, reading(session))));
    clinic.advance(5);
    const answers = await Promise.all(
      sessions.map((session, i) =>
        ok(
          s.nurse.post(
            `/sessions/${session.id}/vitals`,
            reading(session, i === 1 ? { systolicMmHg: 182, diastolicMmHg: 96 } : { heartRateBpm: 70 + i }),
          ),
        ),
      ),
    );
    expect(answers.map((a): unknown[] => [a.id, a.version])).toEqual(
      sessions.map((x): unknown[] => [x.id, (x.version as number) + 1]),
    );
    expect(answers.map((a) => (a.alerts as unknown[]).length > 0)).toEqual([false, true, false]);
    const rows = await clinic.t.db.pool.query<{ session_id: string; x: string; alerts: number; audit_x: string }>(
      `SELECT v.session_id, v.xmin::text AS x,
              (SELECT count(*) FROM session_alerts a WHERE a.vitals_id = v.id)::int AS alerts,
              (SELECT max(l.xmin::text) FROM audit_log l WHERE l.action = 'sessions.vitals' AND l.resource_id = v.session_id::text
                 AND l.details ->> 'vitalsId' = v.id::text) AS audit_x
         FROM session_vitals v WHERE v.id = ANY($1::uuid[])`,
      [answers.map((a): unknown => a.vitals.id)],
    );
    expect(rows.rows).toHaveLength(3);
    // Each reading committed with its own audit entry (whether or not they shared a statement).
    for (const r of rows.rows) expect(r.audit_x).toBe(r.x);
    for (const a of answers) {
      const record = await ok(s.nurse.get(`/sessions/${a.id}`));
      expect(record.version).toBe(a.version);
      expect(record.vitals.at(-1)).toMatchObject({
        id: (a.vitals as Json).id as string,
        recordedBy: (a.vitals as Json).recordedBy as string,
      });
      const alertIds = (a.alerts as Json[]).map((x): unknown => x.id);
      expect((record.alerts as Json[]).map((x): unknown => x.id)).toEqual(expect.arrayContaining(alertIds));
    }
  });

  it('writes to several sessions handed over together go in one statement and one commit (decision 029)', async () => {
    const started = [await dosing(), await dosing(), await dosing()];
    clinic.advance(10);
    const nurse = clinic.users.nurse.id;
    const write = (session: Json, i: number): ObservationVitalsWrite => ({
      sessionId: session.id as string,
      organizationId: clinic.organizationId,
      version: session.version as number,
      now: new Date(clinic.iso()),
      vitals: {
        id: newRowId(),
        takenAt: new Date(clinic.iso()),
        systolicMmhg: 120,
        diastolicMmhg: 80,
        heartRateBpm: 70 + i,
        spo2Percent: 98,
        respiratoryRatePerMin: null,
        temperatureC: null,
        onRoomAir: true,
        symptomatic: false,
        recordedByUserId: nurse,
      },
      alerts: [],
      audit: { actorRoles: ['nurse'], ip: null, userAgent: null, details: { batch: i } },
      idempotency: { key: `batch-${String(session.id)}`, requestHash: 'h', response: { vitals: {} } },
    });
    const pool = clinic.t.db.pool;
    const results = await Promise.all(started.map((session, i) => recordObservationVitals(pool, write(session, i))));
    expect(results.map((r) => r.status)).toEqual(['recorded', 'recorded', 'recorded']);
    const xmins = await pool.query<{ x: string }>(
      `SELECT DISTINCT xmin::text AS x FROM treatment_sessions WHERE id = ANY($1::uuid[])
       UNION SELECT DISTINCT xmin::text FROM session_vitals WHERE session_id = ANY($1::uuid[]) AND kind = 'observation'
       UNION SELECT DISTINCT xmin::text FROM audit_log WHERE action = 'sessions.vitals' AND details ? 'batch'
                                         AND resource_id = ANY($2::text[])`,
      [started.map((x): unknown => x.id), started.map((x): unknown => x.id)],
    );
    expect(xmins.rows).toHaveLength(1);
    // The same version again: nothing more is written for any of them.
    const again = await Promise.all(
      started.map((session, i) =>
        recordObservationVitals(pool, {
          ...write(session, i),
          idempotency: { key: `again-${i}`, requestHash: 'h', response: {} },
        }),
      ),
    );
    expect(again.map((r) => r.status)).toEqual(['stale', 'stale', 'stale']);
  });

  it('a used Idempotency-Key among writes that arrive together is refused alone; the others are recorded', async () => {
    const [one, two, three] = [await dosing(), await dosing(), await dosing()];
    clinic.advance(10);
    // Both sessions already written once, so this server sends the next writes straight to the statement.
    const first = await ok(s.nurse.post(`/sessions/${one.id}/vitals`, reading(one), 'tablet-9-entry-0001'));
    const twoWarm = await ok(s.nurse.post(`/sessions/${two.id}/vitals`, reading(two)));
    const threeWarm = await ok(s.nurse.post(`/sessions/${three.id}/vitals`, reading(three)));
    const [reused, fresh] = await Promise.all([
      s.nurse.post(`/sessions/${two.id}/vitals`, reading(twoWarm, { heartRateBpm: 91 }), 'tablet-9-entry-0001'),
      s.nurse.post(`/sessions/${three.id}/vitals`, reading(threeWarm, { heartRateBpm: 92 }), 'tablet-9-entry-0002'),
    ]);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('idempotency_key_reused');
    expect(fresh.statusCode).toBe(200);
    expect((await ok(s.nurse.get(`/sessions/${two.id}`))).version).toBe(twoWarm.version);
    expect((await ok(s.nurse.get(`/sessions/${three.id}`))).version).toBe((threeWarm.version as number) + 1);
    expect(first.version).toBe((one.version as number) + 1);
  });

  it('a change made elsewhere (another server, the database) is never overwritten from memory', async () => {
    const session = await dosing();
    clinic.advance(10);
    const warm = await ok(s.nurse.post(`/sessions/${session.id}/vitals`, reading(session)));
    // Another app server signs nothing but writes: the version moves on behind this server's back.
    await clinic.t.db.pool.query('UPDATE treatment_sessions SET version = version + 1 WHERE id = $1', [session.id]);
    const stale = await s.nurse.post(`/sessions/${session.id}/vitals`, reading(warm));
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version' });
    const fresh = await ok(
      s.nurse.post(`/sessions/${session.id}/vitals`, { ...reading(warm), version: (warm.version as number) + 1 }),
    );
    expect(fresh.version).toBe((warm.version as number) + 2);
  });

  it('the same Idempotency-Key returns the first answer; another request with it is refused and writes nothing', async () => {
    const session = await dosing();
    clinic.advance(10);
    const body = reading(session, { systolicMmHg: 150 });
    const first = await ok(s.nurse.post(`/sessions/${session.id}/vitals`, body, 'tablet-7-entry-0001'));
    const again = await s.nurse.post(`/sessions/${session.id}/vitals`, body, 'tablet-7-entry-0001');
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first);
    // The key again on the current version (this server goes straight to the write): refused, nothing stored.
    const other = await s.nurse.post(
      `/sessions/${session.id}/vitals`,
      { ...body, version: first.version, systolicMmHg: 140 },
      'tablet-7-entry-0001',
    );
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
    const record = await ok(s.nurse.get(`/sessions/${session.id}`));
    expect(record.version).toBe(first.version);
    expect(record.vitals.filter((v: Json) => v.kind === 'observation')).toHaveLength(1);
    const none = await s.nurse.post(`/sessions/${session.id}/vitals`, { ...body, version: first.version }, null);
    expect(none.json()).toMatchObject({
      code: 'idempotency_key_required',
      errors: [{ path: '/headers/idempotency-key' }],
    });
  });

  it('names the request’s fields in its refusals, refuses other clinics and ended sessions', async () => {
    const session = await dosing();
    clinic.advance(10);
    const inverted = await s.nurse.post(
      `/sessions/${session.id}/vitals`,
      reading(session, { systolicMmHg: 90, diastolicMmHg: 95 }),
    );
    expect(inverted.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/body/diastolicMmHg' }] });
    const future = await s.nurse.post(`/sessions/${session.id}/vitals`, {
      ...reading(session),
      takenAt: clinic.iso(5),
    });
    expect(future.json()).toMatchObject({ code: 'vitals_time_invalid', errors: [{ path: '/body/takenAt' }] });
    const empty = await s.nurse.post(`/sessions/${session.id}/vitals`, {
      version: session.version,
      takenAt: clinic.iso(),
    });
    expect(empty.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/body' }] });
    const elsewhere = await clinic.t.app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${session.id}/vitals`,
      headers: { ...clinic.as.otherPrescriber.headers, 'idempotency-key': 'other-clinic-0001' },
      payload: reading(session),
    });
    expect(elsewhere.statusCode).toBe(404);
    const record = await ok(s.nurse.get(`/sessions/${session.id}`));
    expect(record.version).toBe(session.version);
    expect(record.vitals).toHaveLength(1);
  });
});
