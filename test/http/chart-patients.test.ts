import { describe, expect, it } from 'vitest';
import { auditActions, chartClinic, newPatient } from './chart-fixtures.js';

const clinic = await chartClinic('Patients Clinic');
const { as } = clinic;

describe('patient list and search', async () => {
  const ids = {
    ada: await newPatient(clinic, { given: 'Ada', family: 'Birchwood', dob: '1970-02-03' }),
    bo: await newPatient(clinic, { given: 'Bo', family: 'Cedarly', dob: '1991-07-08' }),
    cy: await newPatient(clinic, { given: 'Cy', family: 'Birchwood', dob: '1988-12-24' }),
  };
  const outsider = await newPatient(clinic, {
    given: 'Ada',
    family: 'Birchwood',
    organizationId: clinic.otherOrganizationId,
  });

  it('finds patients by part of a name, only in the caller’s clinic, sorted by family then given name', async () => {
    const res = await as.coordinator.get('/patients?q=birch');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { id: string }) => p.id)).toEqual([ids.ada, ids.cy]);
    expect(res.json().items[0]).toMatchObject({
      givenName: 'Ada',
      familyName: 'Birchwood',
      status: 'intake',
      statusLabel: 'Intake',
    });
    expect(res.json().items.map((p: { id: string }) => p.id)).not.toContain(outsider);
  });

  it('finds a patient by date of birth and by MRN', async () => {
    const byDob = await as.nurse.get('/patients?q=1991-07-08');
    expect(byDob.json().items.map((p: { id: string }) => p.id)).toEqual([ids.bo]);
    // as US staff type it
    for (const typed of ['07/08/1991', '7/8/1991', '07-08-1991']) {
      const us = await as.nurse.get(`/patients?q=${encodeURIComponent(typed)}`);
      expect(
        us.json().items.map((p: { id: string }) => p.id),
        typed,
      ).toEqual([ids.bo]);
    }
    const mrn = byDob.json().items[0].mrn as string;
    const byMrn = await as.nurse.get(`/patients?q=${Number(mrn)}`);
    expect(byMrn.json().items.map((p: { id: string }) => p.id)).toContain(ids.bo);
  });

  it('pages with a cursor and a bounded limit', async () => {
    const first = await as.prescriber.get('/patients?limit=2');
    expect(first.json().items).toHaveLength(2);
    expect(first.json().nextCursor).toEqual(expect.any(String));
    const second = await as.prescriber.get(`/patients?limit=2&cursor=${first.json().nextCursor}`);
    const seen = [...first.json().items, ...second.json().items].map((p: { id: string }) => p.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect((await as.prescriber.get('/patients?limit=500')).statusCode).toBe(400);
    expect((await as.prescriber.get('/patients?cursor=garbage')).json().code).toBe('validation_failed');
  });

  it('filters by status and audits the search without the words searched for', async () => {
    const res = await as.prescriber.get('/patients?status=maintenance&q=Birchwood');
    expect(res.json().items).toEqual([]);
    const entry = await clinic.t.db.pool.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_log WHERE action = 'patients.search' ORDER BY id DESC LIMIT 1",
    );
    expect(entry.rows[0]!.details).toEqual({ kind: 'name', status: 'maintenance', results: 0 });
  });
});

describe('the chart', async () => {
  const id = await newPatient(clinic, { given: 'Rowan', family: 'Quill' });

  it('reads the whole chart and audits the read', async () => {
    const res = await as.nurse.get(`/patients/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      patient: { id, givenName: 'Rowan', status: 'intake', bmi: null },
      consent: { status: 'none' },
      eligibility: null,
    });
    expect(await auditActions(clinic, id)).toContain('patients.read');
  });

  it('answers 404 for another clinic’s patient and for a patient user’s neighbour, 200 for the patient’s own record', async () => {
    expect((await as.otherPrescriber.get(`/patients/${id}`)).statusCode).toBe(404);
    expect((await as.patient.get(`/patients/${id}`)).statusCode).toBe(404);
    const own = await as.patient.get(`/patients/${clinic.users.patient.patientId!}`);
    expect(own.statusCode).toBe(200);
    expect((await as.patient.get('/patients')).statusCode).toBe(403);
  });

  it('records demographics, the usual companion and measurements; BMI follows', async () => {
    const chart = (await as.prescriber.get(`/patients/${id}`)).json<{ patient: { version: number } }>();
    const res = await as.prescriber.patch(`/patients/${id}`, {
      version: chart.patient.version,
      weightKg: 72.5,
      heightCm: 168,
      sex: 'female',
      companion: { name: 'Sam Quill', phone: '(555) 010-0199', relationship: 'Partner' },
      medicalHistory: { hypertension: false, glaucoma: false },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      weightKg: 72.5,
      heightCm: 168,
      bmi: 25.7,
      companion: { name: 'Sam Quill', relationship: 'Partner' },
      version: chart.patient.version + 1,
    });
    const after = (await as.prescriber.get(`/patients/${id}`)).json();
    expect(after.vitals[0]).toMatchObject({ weightKg: 72.5, heightCm: 168 });
    expect(after.timeline[0].summary).toMatch(/Chart updated/);
  });

  const badEdits: [string, Record<string, unknown>, string, RegExp][] = [
    ['a weight of 0 kg', { weightKg: 0 }, '/body/weightKg', /Enter the weight in kilograms, between 20 and 350 kg/],
    [
      'a weight of 700 kg (pounds?)',
      { weightKg: 700 },
      '/body/weightKg',
      /700 kg is above 350 kg.*If 700 is in pounds, that is 317.5 kg/,
    ],
    ['a height in inches', { heightCm: 69 }, '/body/heightCm', /69 looks like inches.*175.3 cm/],
    ['a height in metres', { heightCm: 1.75 }, '/body/heightCm', /1.75 looks like metres.*175 cm/],
    [
      'a date of birth in the future',
      { dateOfBirth: '2027-01-01' },
      '/body/dateOfBirth',
      /Enter a date of birth in the past/,
    ],
    ['a date that does not exist', { dateOfBirth: '1990-02-30' }, '/body/dateOfBirth', /real date/],
  ];
  it.each(badEdits)('refuses %s with a field message and changes nothing', async (_name, edit, path, message) => {
    const before = (await as.prescriber.get(`/patients/${id}`)).json().patient;
    const res = await as.prescriber.patch(`/patients/${id}`, {
      version: before.version,
      givenName: 'Changed',
      ...edit,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
    expect(res.json().errors).toEqual([{ path, message: expect.stringMatching(message) }]);
    const after = (await as.prescriber.get(`/patients/${id}`)).json().patient;
    expect(after).toEqual(before);
  });

  it('refuses a stale edit with 409 stale_version', async () => {
    const before = (await as.prescriber.get(`/patients/${id}`)).json().patient;
    expect(
      (await as.prescriber.patch(`/patients/${id}`, { version: before.version, preferredName: 'Ro' })).statusCode,
    ).toBe(200);
    const stale = await as.prescriber.patch(`/patients/${id}`, { version: before.version, preferredName: 'Row' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale_version');
  });

  it('lets a nurse read but not edit demographics', async () => {
    const before = (await as.nurse.get(`/patients/${id}`)).json().patient;
    expect((await as.nurse.patch(`/patients/${id}`, { version: before.version, preferredName: 'X' })).statusCode).toBe(
      403,
    );
  });

  it('records allergies, diagnoses with catalogue labels, and flags benzodiazepines and MAOIs', async () => {
    expect(
      (
        await as.nurse.post(`/patients/${id}/allergies`, {
          substance: 'Penicillin',
          reaction: 'Rash',
          severity: 'moderate',
        })
      ).statusCode,
    ).toBe(201);
    const dx = await as.prescriber.post(`/patients/${id}/diagnoses`, { icd10: 'f43.10', isPrimary: true });
    expect(dx.json()).toMatchObject({ icd10: 'F43.10', label: 'Post-traumatic stress disorder, unspecified' });
    expect((await as.prescriber.post(`/patients/${id}/diagnoses`, { icd10: 'Z99.9' })).json().errors[0].path).toBe(
      '/body/label',
    );
    expect((await as.prescriber.post(`/patients/${id}/diagnoses`, { icd10: 'depression' })).json().errors[0].path).toBe(
      '/body/icd10',
    );
    const benzo = await as.prescriber.post(`/patients/${id}/medications`, {
      name: 'Clonazepam (Klonopin)',
      doseText: '1 mg twice a day',
      dailyMg: 2,
    });
    expect(benzo.json()).toMatchObject({ benzodiazepine: true, lorazepamEqMgPerDay: 4, maoi: false });
    const maoi = await as.prescriber.post(`/patients/${id}/medications`, { name: 'Phenelzine', dailyMg: 45 });
    expect(maoi.json()).toMatchObject({ benzodiazepine: false, maoi: true });
    const chart = (await as.prescriber.get(`/patients/${id}`)).json();
    expect(chart.benzodiazepineTotal).toEqual({ mgPerDay: 4, unknownDose: [] });
    expect(chart.maoi).toBe(true);
    expect(chart.allergies[0]).toMatchObject({ substance: 'Penicillin', severity: 'moderate' });
    expect(chart.diagnoses[0]).toMatchObject({ icd10: 'F43.10', isPrimary: true });

    expect((await as.prescriber.delete(`/patients/${id}/medications/${maoi.json().id}`)).statusCode).toBe(204);
    expect((await as.prescriber.get(`/patients/${id}`)).json().maoi).toBe(false);
    expect(
      (await as.coordinator.post(`/patients/${id}/allergies`, { substance: 'Latex', severity: 'mild' })).statusCode,
    ).toBe(403);
  });

  it('records "No known drug allergies" explicitly, never together with a listed allergy', async () => {
    const fresh = await newPatient(clinic, { given: 'Nia', family: 'Kettering' });
    expect((await as.prescriber.get(`/patients/${fresh}`)).json().noKnownAllergies).toBeNull();
    const set = await as.nurse.post(`/patients/${fresh}/no-known-allergies`, { noKnownAllergies: true });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ noKnownAllergies: true, recordedAt: expect.any(String) });
    const chart = (await as.prescriber.get(`/patients/${fresh}`)).json();
    expect(chart.noKnownAllergies).toEqual({ recordedAt: expect.any(String) });
    expect(chart.timeline[0].summary).toBe('No known drug allergies recorded');
    // exclusive: no allergy while NKDA is on the chart …
    const refused = await as.nurse.post(`/patients/${fresh}/allergies`, { substance: 'Latex', severity: 'mild' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('/body/substance');
    // … and no NKDA while an allergy is listed
    expect((await as.nurse.post(`/patients/${fresh}/no-known-allergies`, { noKnownAllergies: false })).statusCode).toBe(
      200,
    );
    expect(
      (await as.nurse.post(`/patients/${fresh}/allergies`, { substance: 'Latex', severity: 'mild' })).statusCode,
    ).toBe(201);
    const both = await as.nurse.post(`/patients/${fresh}/no-known-allergies`, { noKnownAllergies: true });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors[0].path).toBe('/body/noKnownAllergies');
    expect((await as.prescriber.get(`/patients/${fresh}`)).json().noKnownAllergies).toBeNull();
    expect(await auditActions(clinic, fresh)).toContain('chart.no_known_allergies.set');
    expect(
      (await as.coordinator.post(`/patients/${fresh}/no-known-allergies`, { noKnownAllergies: true })).statusCode,
    ).toBe(403);
  });

  it('records vitals and a scored questionnaire with its band; history shows both', async () => {
    expect(
      (await as.nurse.post(`/patients/${id}/vitals`, { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 70 }))
        .statusCode,
    ).toBe(201);
    const bad = await as.nurse.post(`/patients/${id}/vitals`, { systolicMmHg: 80, diastolicMmHg: 90 });
    expect(bad.json().errors[0]).toEqual({
      path: '/body/diastolicMmHg',
      message: 'The diastolic must be below the systolic',
    });
    const phq9 = await as.nurse.post(`/patients/${id}/questionnaires`, {
      instrumentId: 'phq9',
      answers: { phq9_1: 2, phq9_2: 2, phq9_3: 2, phq9_4: 2, phq9_5: 2, phq9_6: 2, phq9_7: 2, phq9_8: 1, phq9_9: 0 },
    });
    expect(phq9.statusCode).toBe(201);
    expect(phq9.json()).toMatchObject({ total: 15, severity: { id: 'moderately_severe' } });
    const incomplete = await as.nurse.post(`/patients/${id}/questionnaires`, {
      instrumentId: 'phq9',
      answers: { phq9_1: 2 },
    });
    expect(incomplete.json().code).toBe('answers_invalid');
    const chart = (await as.nurse.get(`/patients/${id}`)).json();
    expect(chart.questionnaires[0]).toMatchObject({ instrumentId: 'phq9', total: 15, source: 'chart' });
    expect(chart.vitals.some((v: { systolicMmHg: number | null }) => v.systolicMmHg === 128)).toBe(true);
  });

  it('moves status by the state machine; eligible only by signing an assessment', async () => {
    const p = await newPatient(clinic, { given: 'Status', family: 'Walker' });
    const v = (await as.coordinator.get(`/patients/${p}`)).json<{ patient: { version: number } }>().patient.version;
    const eligible = await as.coordinator.post(`/patients/${p}/status`, {
      status: 'eligible',
      reason: 'seems fine',
      version: v,
    });
    expect(eligible.statusCode).toBe(422);
    expect(eligible.json().code).toBe('patient_status_transition_invalid');
    const toMaintenance = await as.coordinator.post(`/patients/${p}/status`, {
      status: 'maintenance',
      reason: 'x',
      version: v,
    });
    expect(toMaintenance.json().code).toBe('patient_status_transition_invalid');
    const paused = await as.coordinator.post(`/patients/${p}/status`, {
      status: 'paused',
      reason: 'Travelling for a month',
      version: v,
    });
    expect(paused.json()).toEqual({ status: 'paused', version: v + 1 });
    const chart = (await as.nurse.get(`/patients/${p}`)).json();
    expect(chart.timeline[0].summary).toBe('Status: Intake → Paused (Travelling for a month)');
    // A reason may be clinical ("PHQ-9 down by more than half"): the coordinator's chart shows the move only.
    const scheduling = (await as.coordinator.get(`/patients/${p}`)).json();
    expect(scheduling.timeline[0].summary).toBe('Status: Intake → Paused');
  });
});

describe('diagnoses recorded together', () => {
  it('twelve primary diagnoses sent at once (four codes, three times each) leave each code once and one primary', async () => {
    const id = await newPatient(clinic, { given: 'Parallel', family: 'Primary' });
    const codes = ['F33.1', 'F41.1', 'F43.10', 'F32.2'];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        as.prescriber.post(`/patients/${id}/diagnoses`, { icd10: codes[i % codes.length], isPrimary: true }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([...Array(4).fill(201), ...Array(8).fill(409)]);
    const rows = await clinic.t.db.pool.query<{ icd10: string; is_primary: boolean }>(
      'SELECT icd10, is_primary FROM patient_diagnoses WHERE patient_id = $1 ORDER BY icd10',
      [id],
    );
    expect(rows.rows.map((r) => r.icd10)).toEqual([...codes].sort());
    expect(rows.rows.filter((r) => r.is_primary)).toHaveLength(1);
  });
});

describe('what a coordinator sees', async () => {
  const id = await newPatient(clinic, { given: 'Sched', family: 'Uling' });
  await as.prescriber.post(`/patients/${id}/diagnoses`, { icd10: 'F33.2', isPrimary: true });
  await as.prescriber.post(`/patients/${id}/medications`, { name: 'Lorazepam', dailyMg: 1 });

  it('leaves clinical notes out of the chart for a coordinator, and says so', async () => {
    const coordinator = (await as.coordinator.get(`/patients/${id}`)).json();
    expect(coordinator).toMatchObject({
      clinicalRedacted: true,
      diagnoses: [],
      medications: [],
      vitals: [],
      questionnaires: [],
      patient: { givenName: 'Sched', medicalHistory: {} },
    });
    expect(coordinator.timeline.map((e: { kind: string }) => e.kind)).not.toContain('diagnosis_added');
    const nurse = (await as.nurse.get(`/patients/${id}`)).json();
    expect(nurse).toMatchObject({
      clinicalRedacted: false,
      diagnoses: [{ icd10: 'F33.2' }],
      benzodiazepineTotal: { mgPerDay: 1 },
    });
  });
});
