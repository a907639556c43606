import { describe, expect, it } from 'vitest';
import {
  chartClinic,
  cleanInput,
  consentTemplate,
  measure,
  newPatient,
  planContent,
  signedAssessment,
  signedConsent,
  type Caller,
} from './chart-fixtures.js';

/**
 * The chart's writes take an Idempotency-Key when the client sends one (the console does, for every form):
 * a retry after a lost answer gets the first answer again and records nothing twice. Without a key a write
 * is as before.
 */
const clinic = await chartClinic('Chart Retry Clinic');
const { as } = clinic;
const pool = clinic.t.db.pool;

function keyedPost(who: Caller, url: string, body: unknown, key: string) {
  return clinic.t.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    headers: { ...who.headers, 'idempotency-key': key },
    payload: body as object,
  });
}

async function rows(table: string, patientId: string): Promise<number> {
  const res = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE patient_id = $1`, [
    patientId,
  ]);
  return res.rows[0]!.n;
}

describe('a chart write sent again with its Idempotency-Key', () => {
  it('answers the first result again (Idempotent-Replayed), with one row, one audit entry, one timeline line', async () => {
    const patientId = await newPatient(clinic);
    const vitals = { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 71 };
    const first = await keyedPost(as.nurse, `/patients/${patientId}/vitals`, vitals, 'chart-vitals-0001');
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await keyedPost(as.nurse, `/patients/${patientId}/vitals`, vitals, 'chart-vitals-0001');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await rows('patient_vitals', patientId)).toBe(1);
    const trail = await pool.query<{ audit: number; events: number }>(
      `SELECT (SELECT count(*) FROM audit_log WHERE patient_id = $1 AND action = 'chart.vitals.add')::int AS audit,
              (SELECT count(*) FROM patient_events WHERE patient_id = $1 AND kind = 'vitals_added')::int AS events`,
      [patientId],
    );
    expect(trail.rows[0]).toEqual({ audit: 1, events: 1 });
  });

  it('ten copies at once record once, and every copy gets the same answer', async () => {
    const patientId = await newPatient(clinic);
    const answers = {
      phq9_1: 1,
      phq9_2: 1,
      phq9_3: 2,
      phq9_4: 1,
      phq9_5: 0,
      phq9_6: 1,
      phq9_7: 1,
      phq9_8: 0,
      phq9_9: 0,
    };
    const body = { instrumentId: 'phq9', answers, context: 'baseline' };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        keyedPost(as.nurse, `/patients/${patientId}/questionnaires`, body, 'phq9-retry-01'),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((r) => r.json<{ id: string }>().id)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
    expect(await rows('questionnaire_results', patientId)).toBe(1);
  });

  it('refuses the key with another request (422) and a malformed key (400 at the header), writing nothing', async () => {
    const patientId = await newPatient(clinic);
    const url = `/patients/${patientId}/medications`;
    expect((await keyedPost(as.prescriber, url, { name: 'Bupropion' }, 'med-key-0001')).statusCode).toBe(201);
    const other = await keyedPost(as.prescriber, url, { name: 'Lithium' }, 'med-key-0001');
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
    const short = await keyedPost(as.prescriber, url, { name: 'Lithium' }, 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].path).toBe('/headers/idempotency-key');
    expect(await rows('patient_medications', patientId)).toBe(1);
  });

  it('a refused write stores no answer: the corrected retry with the same key is recorded', async () => {
    const patientId = await newPatient(clinic);
    const url = `/patients/${patientId}/vitals`;
    const refused = await keyedPost(as.nurse, url, { systolicMmHg: 80, diastolicMmHg: 120 }, 'vitals-fix-001');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('/body/diastolicMmHg');
    const fixed = await keyedPost(as.nurse, url, { systolicMmHg: 120, diastolicMmHg: 80 }, 'vitals-fix-001');
    expect(fixed.statusCode).toBe(201);
    expect(await rows('patient_vitals', patientId)).toBe(1);
  });

  it('keys are each user’s own, and a status change retried after success is answered, not refused as stale', async () => {
    const patientId = await newPatient(clinic);
    const allergy = { substance: 'Iodine contrast', severity: 'moderate' };
    expect((await keyedPost(as.nurse, `/patients/${patientId}/allergies`, allergy, 'shared-key-01')).statusCode).toBe(
      201,
    );
    // The prescriber's key of the same text is theirs: their write runs (and meets the listed allergy).
    const theirs = await keyedPost(as.prescriber, `/patients/${patientId}/allergies`, allergy, 'shared-key-01');
    expect(theirs.statusCode).toBe(409);
    expect(theirs.json().code).toBe('already_on_chart');

    const { version } = (await as.coordinator.get(`/patients/${patientId}`)).json().patient;
    const pause = { status: 'paused', reason: 'Travelling', version };
    const moved = await keyedPost(as.coordinator, `/patients/${patientId}/status`, pause, 'status-key-01');
    expect(moved.statusCode).toBe(200);
    const retried = await keyedPost(as.coordinator, `/patients/${patientId}/status`, pause, 'status-key-01');
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual(moved.json());
    // Without the key, the same request is a stale version.
    expect((await as.coordinator.post(`/patients/${patientId}/status`, pause)).statusCode).toBe(409);
  });
});

describe('a draft started twice with one Idempotency-Key', () => {
  it('is one assessment draft, and one plan draft', async () => {
    const patientId = await newPatient(clinic);
    const draft = { input: cleanInput, goals: 'Back to work' };
    const starts = await Promise.all(
      [1, 2, 3].map(() => keyedPost(as.prescriber, `/patients/${patientId}/assessments`, draft, 'assess-start-1')),
    );
    expect(starts.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(starts.map((r) => r.json<{ id: string }>().id)).size).toBe(1);
    expect((await as.prescriber.get(`/patients/${patientId}/assessments`)).json().items).toHaveLength(1);

    const planned = await newPatient(clinic);
    await measure(clinic, planned);
    await signedAssessment(clinic, planned);
    await signedConsent(clinic, planned, (await consentTemplate(clinic)).currentVersion.id);
    const plan = { content: planContent };
    const first = await keyedPost(as.prescriber, `/patients/${planned}/plans`, plan, 'plan-start-01');
    expect(first.statusCode, first.body).toBe(201);
    const again = await keyedPost(as.prescriber, `/patients/${planned}/plans`, plan, 'plan-start-01');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    expect((await as.prescriber.get(`/patients/${planned}/plans`)).json().items).toHaveLength(1);
  });
});
