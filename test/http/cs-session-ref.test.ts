import { describe, expect, it } from 'vitest';
import { newPatient } from './chart-fixtures.js';
import { readyPatient, sessionClinic, stockVials } from './session-fixtures.js';

// An administration's sessionRef names a treatment session of the same clinic and the same patient; any
// other value is refused at /body/sessionRef and nothing is written (the vial's history never names a
// session that does not exist, or another patient's).
const clinic = await sessionClinic('Ledger Session Ref Clinic');
const { s } = clinic;
const stock = await stockVials(clinic, { strengthMgPerMl: 10, containerMl: 50, containers: 1, lot: 'LOT-REF' });
const vialId = stock.vialIds[0]!;
const locationId = stock.locationId;
const patientId = await readyPatient(clinic);
const checkIn = await s.nurse.post('/sessions', { patientId, locationId, chair: 'Chair 1' });
if (checkIn.statusCode !== 201) throw new Error(checkIn.body);
const sessionId = checkIn.json<{ id: string }>().id;
const otherPatientId = await newPatient(clinic, { given: 'Other', family: 'Patient' });

const administer = (body: Record<string, unknown>) =>
  clinic.t.app.inject({
    method: 'POST',
    url: '/api/v1/controlled-substances/administrations',
    headers: clinic.as.nurse.headers,
    payload: { vialId, locationId, volumeMl: 0.5, ...body },
  });

const vialState = async () => ({
  entries: (
    await clinic.t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM cs_ledger_entries WHERE vial_id = $1', [
      vialId,
    ])
  ).rows[0]!.n,
  remainingUl: (
    await clinic.t.db.pool.query<{ r: number }>('SELECT remaining_ul AS r FROM cs_vials WHERE id = $1', [vialId])
  ).rows[0]!.r,
});

describe('an administration’s sessionRef', () => {
  it.each([
    ['a session that does not exist', () => ({ patientId, sessionRef: '00000000-0000-0000-0000-000000000000' })],
    ['another patient’s session', () => ({ patientId: otherPatientId, sessionRef: sessionId })],
  ])('refuses %s at /body/sessionRef, writing nothing', async (_label, body) => {
    const before = await vialState();
    const res = await administer(body());
    expect([400, 422], res.body).toContain(res.statusCode);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('/body/sessionRef');
    expect(await vialState()).toEqual(before);
  });

  it('takes the patient’s own session, and the vial’s history names it', async () => {
    const res = await administer({ patientId, sessionRef: sessionId });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ sessionRef: sessionId, patient: { id: patientId } });
    const history = await s.nurse.get(`/controlled-substances/vials/${vialId}`);
    expect(history.json().entries.map((e: { sessionRef: string | null }) => e.sessionRef)).toEqual([null, sessionId]);
  });
});
