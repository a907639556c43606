import { describe, expect, it } from 'vitest';
import { appendAudited, type AuditedAppend } from '../../src/db/repositories/audited-append.js';
import { chartClinic, newPatient } from './chart-fixtures.js';

/**
 * Chart appends (allergies, diagnoses, medications, vitals, questionnaires) are one statement: the row,
 * its audit entry and its timeline line commit together in one round trip, or nothing is written.
 */
const clinic = await chartClinic('Append Clinic');
const { as } = clinic;
const pool = clinic.t.db.pool;

async function countsFor(patientId: string): Promise<{ vitals: number; audit: number; events: number }> {
  const res = await pool.query<{ vitals: number; audit: number; events: number }>(
    `SELECT (SELECT count(*) FROM patient_vitals WHERE patient_id = $1)::int AS vitals,
            (SELECT count(*) FROM audit_log WHERE patient_id = $1 AND action = 'chart.vitals.add')::int AS audit,
            (SELECT count(*) FROM patient_events WHERE patient_id = $1 AND kind = 'vitals_added')::int AS events`,
    [patientId],
  );
  return res.rows[0]!;
}

/** A vitals append for a patient of the clinic, with its audit entry and timeline line. */
const vitalsFor = (patientId: string, heart: number, action = 'chart.vitals.add'): AuditedAppend => ({
  patientId,
  organizationId: clinic.organizationId,
  table: 'patient_vitals',
  values: { recorded_at: new Date(), context: 'clinic', heart_rate_bpm: heart },
  audit: {
    occurredAt: new Date(),
    actorUserId: clinic.users.nurse.id,
    actorRoles: ['nurse'],
    action,
    resourceType: 'vitals',
    ip: '127.0.0.1',
    userAgent: 'bench',
    details: { via: 'test' },
  },
  event: { kind: 'vitals_added', summary: `Vitals recorded: HR ${heart}` },
});

describe('an audited chart append is one statement', () => {
  it('writes the vitals, their audit entry and their timeline line in one statement, with the same id', async () => {
    const patientId = await newPatient(clinic);
    const res = await as.nurse.post(`/patients/${patientId}/vitals`, { systolicMmHg: 131, diastolicMmHg: 84 });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    // One transaction wrote all three (the same xmin): they committed together.
    const xmins = await pool.query<{ vitals: string; audit: string; event: string }>(
      `SELECT (SELECT xmin::text FROM patient_vitals WHERE id = $1) AS vitals,
              (SELECT xmin::text FROM audit_log WHERE resource_id = $1::text) AS audit,
              (SELECT xmin::text FROM patient_events WHERE resource_id = $1) AS event`,
      [id],
    );
    const x = xmins.rows[0]!;
    expect(x.vitals).toEqual(expect.any(String));
    expect([x.audit, x.event]).toEqual([x.vitals, x.vitals]);
    const audit = await pool.query(
      `SELECT resource_id, resource_type, actor_user_id, outcome, ip FROM audit_log WHERE action = 'chart.vitals.add' AND patient_id = $1`,
      [patientId],
    );
    expect(audit.rows).toEqual([
      {
        resource_id: id,
        resource_type: 'vitals',
        actor_user_id: clinic.users.nurse.id,
        outcome: 'success',
        ip: expect.anything(),
      },
    ]);
    const event = await pool.query(
      `SELECT e.summary, e.resource_id, e.actor_user_id, e.occurred_at = a.occurred_at AS same_time
         FROM patient_events e JOIN audit_log a ON a.resource_id = e.resource_id::text WHERE e.patient_id = $1`,
      [patientId],
    );
    expect(event.rows).toEqual([
      {
        summary: 'Vitals recorded: BP 131/84 mmHg',
        resource_id: id,
        actor_user_id: clinic.users.nurse.id,
        same_time: true,
      },
    ]);
  });

  it('a height or weight also becomes the chart’s current measurement (version bumped) in the same statement', async () => {
    const patientId = await newPatient(clinic);
    const before = (await as.nurse.get(`/patients/${patientId}`)).json().patient.version as number;
    expect((await as.nurse.post(`/patients/${patientId}/vitals`, { weightKg: 71.5 })).statusCode).toBe(201);
    const chart = (await as.nurse.get(`/patients/${patientId}`)).json();
    expect(chart.patient).toMatchObject({ weightKg: 71.5, version: before + 1 });
    expect(chart.vitals[0]).toMatchObject({ weightKg: 71.5, heightCm: null });
  });

  it('refuses another clinic’s patient and an unknown id with 404, writes nothing, audits the refusal', async () => {
    const outsider = await newPatient(clinic, { organizationId: clinic.otherOrganizationId });
    const res = await as.nurse.post(`/patients/${outsider}/vitals`, { heartRateBpm: 70 });
    expect(res.statusCode).toBe(404);
    expect(await countsFor(outsider)).toEqual({ vitals: 0, audit: 0, events: 0 });
    const unknown = '0b7d2d1e-0000-4000-8000-000000000001';
    expect((await as.nurse.post(`/patients/${unknown}/vitals`, { heartRateBpm: 70 })).statusCode).toBe(404);
    const denied = await pool.query<{ resource_id: string }>(
      `SELECT resource_id FROM audit_log
        WHERE actor_user_id = $1 AND action = 'patients.access_denied' AND outcome = 'denied' AND resource_id IN ($2, $3)`,
      [clinic.users.nurse.id, outsider, unknown],
    );
    expect(denied.rows.map((r) => r.resource_id).sort()).toEqual([outsider, unknown].sort());
  });

  it('the allergy refused while "No known drug allergies" stands writes nothing', async () => {
    const patientId = await newPatient(clinic);
    expect(
      (await as.nurse.post(`/patients/${patientId}/no-known-allergies`, { noKnownAllergies: true })).statusCode,
    ).toBe(200);
    const res = await as.nurse.post(`/patients/${patientId}/allergies`, {
      substance: 'Penicillin',
      severity: 'severe',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('/body/substance');
    const rows = await pool.query(
      `SELECT (SELECT count(*) FROM patient_allergies WHERE patient_id = $1)::int AS allergies,
              (SELECT count(*) FROM audit_log WHERE patient_id = $1 AND action = 'chart.allergy.add')::int AS audit`,
      [patientId],
    );
    expect(rows.rows[0]).toEqual({ allergies: 0, audit: 0 });
  });

  it('a new primary diagnosis takes "primary" off the others in the same statement', async () => {
    const patientId = await newPatient(clinic);
    await as.prescriber.post(`/patients/${patientId}/diagnoses`, { icd10: 'F33.2', isPrimary: true });
    await as.prescriber.post(`/patients/${patientId}/diagnoses`, { icd10: 'F41.1', isPrimary: true });
    const chart = (await as.prescriber.get(`/patients/${patientId}`)).json();
    expect(chart.diagnoses.map((d: { icd10: string; isPrimary: boolean }) => [d.icd10, d.isPrimary])).toEqual([
      ['F41.1', true],
      ['F33.2', false],
    ]);
  });

  it('records an allergy, a diagnosis and a medication line once: parallel repeats get 409 naming the entry', async () => {
    const patientId = await newPatient(clinic);
    const lists = [
      {
        list: 'allergies',
        table: 'patient_allergies',
        body: { substance: 'Latex', severity: 'mild' },
        path: '/body/substance',
      },
      { list: 'diagnoses', table: 'patient_diagnoses', body: { icd10: 'F33.2', isPrimary: true }, path: '/body/icd10' },
      {
        list: 'medications',
        table: 'patient_medications',
        body: { name: 'Sertraline', doseText: '50 mg daily' },
        path: '/body/name',
      },
    ] as const;
    for (const { list, table, body, path } of lists) {
      // A double tap, a retry, two nurses at once: ten identical writes in parallel.
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => as.prescriber.post(`/patients/${patientId}/${list}`, body)),
      );
      const created = answers.filter((r) => r.statusCode === 201);
      const refused = answers.filter((r) => r.statusCode === 409);
      expect([list, created.length, refused.length]).toEqual([list, 1, 9]);
      const existingId = created[0]!.json().id;
      expect(refused[0]!.json()).toMatchObject({ code: 'already_on_chart', details: { existingId } });
      expect(refused[0]!.json().errors[0].path).toBe(path);
      const rows = await pool.query(
        `SELECT (SELECT count(*) FROM ${table} WHERE patient_id = $1)::int AS rows,
                (SELECT count(*) FROM patient_events WHERE patient_id = $1 AND resource_id = $2)::int AS events,
                (SELECT count(*) FROM audit_log WHERE patient_id = $1 AND resource_id = $2::text)::int AS audit`,
        [patientId, existingId],
      );
      expect(rows.rows[0]).toEqual({ rows: 1, events: 1, audit: 1 });
    }
    // Without regard to case or surrounding spaces.
    const shouted = await as.nurse.post(`/patients/${patientId}/allergies`, {
      substance: '  LATEX ',
      severity: 'severe',
    });
    expect(shouted.statusCode).toBe(409);
    expect(shouted.json().detail).toBe('Latex is already on the allergy list.');
    // Another dose of the same drug is its own line.
    expect(
      (await as.nurse.post(`/patients/${patientId}/medications`, { name: 'Sertraline', doseText: '25 mg at night' }))
        .statusCode,
    ).toBe(201);
    // Taken off the list, the entry may be recorded again.
    const chart = (await as.nurse.get(`/patients/${patientId}`)).json();
    const latex = chart.allergies.find((a: { substance: string }) => a.substance === 'Latex');
    expect((await as.nurse.delete(`/patients/${patientId}/allergies/${latex.id}`)).statusCode).toBe(204);
    expect(
      (await as.nurse.post(`/patients/${patientId}/allergies`, { substance: 'latex', severity: 'moderate' }))
        .statusCode,
    ).toBe(201);
    // Another patient's list is not this one's.
    const other = await newPatient(clinic);
    expect(
      (await as.nurse.post(`/patients/${other}/allergies`, { substance: 'Latex', severity: 'mild' })).statusCode,
    ).toBe(201);
  });

  it('is all or nothing: a failing audit entry leaves no vitals and no timeline line', async () => {
    const patientId = await newPatient(clinic);
    const append: AuditedAppend = {
      patientId,
      organizationId: clinic.organizationId,
      table: 'patient_vitals',
      values: { recorded_at: new Date(), context: 'clinic', heart_rate_bpm: 70 },
      // The audit log refuses an action longer than 100 characters (CHECK): the whole statement fails.
      audit: {
        occurredAt: new Date(),
        actorUserId: clinic.users.nurse.id,
        actorRoles: ['nurse'],
        action: 'x'.repeat(101),
        resourceType: 'vitals',
        ip: null,
        userAgent: null,
      },
      event: { kind: 'vitals_added', summary: 'Vitals recorded' },
    };
    await expect(appendAudited(pool, append)).rejects.toThrow(/check constraint/);
    expect(await countsFor(patientId)).toEqual({ vitals: 0, audit: 0, events: 0 });
  });

  it('appends to the same chart do not wait for each other (FOR KEY SHARE), and every one is audited', async () => {
    const patientId = await newPatient(clinic);
    const first = await pool.connect();
    const append = (heart: number): AuditedAppend => vitalsFor(patientId, heart);
    try {
      await first.query('BEGIN');
      expect((await appendAudited(first, append(61))).status).toBe('appended');
      // The first transaction is still open holding its lock; a second append commits without waiting.
      const second = await Promise.race([
        appendAudited(pool, append(62)).then((r) => r.status),
        new Promise((resolve) => setTimeout(() => resolve('blocked'), 3000)),
      ]);
      expect(second).toBe('appended');
      await first.query('COMMIT');
    } finally {
      first.release();
    }
    expect(await countsFor(patientId)).toEqual({ vitals: 2, audit: 2, events: 2 });
  });

  it('many concurrent appends over HTTP: every acknowledged write has its row, audit entry and timeline line', async () => {
    const patientId = await newPatient(clinic);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => as.nurse.post(`/patients/${patientId}/vitals`, { heartRateBpm: 60 + i })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(await countsFor(patientId)).toEqual({ vitals: 20, audit: 20, events: 20 });
  });

  describe('appends that arrive together share one statement (decision 029)', () => {
    it('one commit for all of them; each has its row, its audit entry and its timeline line', async () => {
      const patients = await Promise.all(Array.from({ length: 5 }, () => newPatient(clinic)));
      const results = await Promise.all(patients.map((id, i) => appendAudited(pool, vitalsFor(id, 70 + i))));
      expect(results.map((r) => r.status)).toEqual(Array(5).fill('appended'));
      const ids = results.map((r) => (r.status === 'appended' ? r.id : ''));
      const rows = await pool.query<{ patient_id: string; heart: number; x: string; audit_x: string; event_x: string }>(
        `SELECT v.patient_id, v.heart_rate_bpm AS heart, v.xmin::text AS x, a.xmin::text AS audit_x, e.xmin::text AS event_x
           FROM patient_vitals v
           JOIN audit_log a ON a.resource_id = v.id::text AND a.patient_id = v.patient_id AND a.details = '{"via": "test"}'
           JOIN patient_events e ON e.resource_id = v.id AND e.summary = 'Vitals recorded: HR ' || v.heart_rate_bpm
          WHERE v.id = ANY($1::uuid[]) ORDER BY v.heart_rate_bpm`,
        [ids],
      );
      expect(rows.rows.map((r) => [r.patient_id, r.heart])).toEqual(patients.map((id, i) => [id, 70 + i]));
      // The same transaction wrote all fifteen rows.
      expect(new Set(rows.rows.flatMap((r) => [r.x, r.audit_x, r.event_x])).size).toBe(1);
    });

    it('another clinic’s patient among them is "not found"; the others are written', async () => {
      const mine = await newPatient(clinic);
      const outsider = await newPatient(clinic, { organizationId: clinic.otherOrganizationId });
      const results = await Promise.all([
        appendAudited(pool, vitalsFor(mine, 81)),
        appendAudited(pool, vitalsFor(outsider, 82)),
        appendAudited(pool, vitalsFor(mine, 83)),
      ]);
      expect(results.map((r) => r.status)).toEqual(['appended', 'patient_not_found', 'appended']);
      expect(await countsFor(mine)).toEqual({ vitals: 2, audit: 2, events: 2 });
      expect(await countsFor(outsider)).toEqual({ vitals: 0, audit: 0, events: 0 });
    });

    it('one the database refuses fails alone and writes nothing; the others are written', async () => {
      const [a, b, c] = await Promise.all([newPatient(clinic), newPatient(clinic), newPatient(clinic)]);
      const settled = await Promise.allSettled([
        appendAudited(pool, vitalsFor(a, 71)),
        appendAudited(pool, vitalsFor(b, 72, 'x'.repeat(101))),
        appendAudited(pool, vitalsFor(c, 73)),
      ]);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((settled[1] as PromiseRejectedResult).reason)).toMatch(/check constraint/);
      expect(await countsFor(a)).toEqual({ vitals: 1, audit: 1, events: 1 });
      expect(await countsFor(b)).toEqual({ vitals: 0, audit: 0, events: 0 });
      expect(await countsFor(c)).toEqual({ vitals: 1, audit: 1, events: 1 });
    });

    it('"No known drug allergies" refuses its own patient’s allergy; the others’ are written', async () => {
      const [nka, other] = await Promise.all([newPatient(clinic), newPatient(clinic)]);
      await as.nurse.post(`/patients/${nka}/no-known-allergies`, { noKnownAllergies: true });
      const responses = await Promise.all([
        as.nurse.post(`/patients/${nka}/allergies`, { substance: 'Latex', severity: 'mild' }),
        as.nurse.post(`/patients/${other}/allergies`, { substance: 'Latex', severity: 'mild' }),
      ]);
      expect(responses.map((r) => r.statusCode)).toEqual([400, 201]);
    });

    it('text PostgreSQL cannot take as JSON (a lone surrogate) never fails the appends beside it', async () => {
      const [odd, plain] = await Promise.all([newPatient(clinic), newPatient(clinic)]);
      const responses = await Promise.all([
        as.nurse.post(`/patients/${odd}/allergies`, { substance: 'Latex \ud800', severity: 'mild' }),
        as.nurse.post(`/patients/${plain}/allergies`, { substance: 'Latex', severity: 'mild' }),
      ]);
      expect(responses[1].statusCode).toBe(201);
      expect([201, 400]).toContain(responses[0].statusCode);
    });

    it('questionnaire answers keep their shape (an object, not a string) on either path', async () => {
      const patientId = await newPatient(clinic);
      const answers = {
        phq9_1: 1,
        phq9_2: 2,
        phq9_3: 0,
        phq9_4: 1,
        phq9_5: 0,
        phq9_6: 1,
        phq9_7: 0,
        phq9_8: 0,
        phq9_9: 0,
      };
      const responses = await Promise.all(
        [0, 1, 2].map(() => as.nurse.post(`/patients/${patientId}/questionnaires`, { instrumentId: 'phq9', answers })),
      );
      expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201]);
      const stored = await pool.query<{ kind: string }>(
        `SELECT jsonb_typeof(answers) AS kind FROM questionnaire_results WHERE patient_id = $1`,
        [patientId],
      );
      expect(stored.rows.map((r) => r.kind)).toEqual(['object', 'object', 'object']);
    });
  });
});
