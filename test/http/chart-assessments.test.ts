import { describe, expect, it } from 'vitest';
import type { DraftEligibilityInput } from '../../src/app/assessments/assessments.js';
import type { EligibilityInput } from '../../src/domain/eligibility/index.js';
import { auditActions, chartClinic, cleanInput, newPatient } from './chart-fixtures.js';

/**
 * Domain-driven API tests: each eligibility decision path (CLINICAL.md §1) goes through the API —
 * draft with the live proposal, the prescriber's sign-off, the patient's status — and the refusals.
 */
const clinic = await chartClinic('Assessment Clinic');
const { as } = clinic;

async function draft(
  patientId: string,
  input: DraftEligibilityInput,
): Promise<{
  id: string;
  version: number;
  result: { decision: string; findings: { code: string; source: string }[] } | null;
}> {
  const res = await as.prescriber.post(`/patients/${patientId}/assessments`, { input, goals: 'Return to work' });
  expect(res.statusCode).toBe(201);
  return res.json();
}

const paths: {
  name: string;
  input: EligibilityInput;
  proposal: string;
  findings: string[];
  decision: Record<string, unknown>;
  status: string;
}[] = [
  {
    name: 'no findings → eligible',
    input: cleanInput,
    proposal: 'eligible',
    findings: [],
    decision: { decision: 'eligible' },
    status: 'eligible',
  },
  {
    name: 'controlled hypertension (a caution) → eligible',
    input: { ...cleanInput, hypertension: 'controlled' },
    proposal: 'eligible',
    findings: ['controlled_hypertension'],
    decision: { decision: 'eligible' },
    status: 'eligible',
  },
  {
    name: 'benzodiazepine 4 mg/day lorazepam-eq → eligible with psychiatry clearance',
    input: { ...cleanInput, benzodiazepineLorazepamEqMgPerDay: 4 },
    proposal: 'eligible_with_clearance',
    findings: ['benzodiazepine_above_limit'],
    decision: {
      decision: 'eligible_with_clearance',
      clearanceNote: 'Psychiatry to plan a benzodiazepine taper before session 1',
    },
    status: 'eligible',
  },
  {
    // Protocol 2026.2 (CLINICAL.md §1): not eligible while pregnant; breastfeeding needs obstetric clearance.
    name: 'pregnancy → not eligible',
    input: { ...cleanInput, pregnant: true },
    proposal: 'not_eligible',
    findings: ['pregnancy'],
    decision: { decision: 'not_eligible', notEligibleReason: 'Pregnant; reassess after pregnancy' },
    status: 'assessment',
  },
  {
    name: 'breastfeeding → eligible with obstetric clearance',
    input: { ...cleanInput, breastfeeding: true },
    proposal: 'eligible_with_clearance',
    findings: ['breastfeeding'],
    decision: { decision: 'eligible_with_clearance', clearanceNote: 'Obstetric review' },
    status: 'eligible',
  },
  {
    name: 'ketamine or PCP misuse history → not eligible',
    input: { ...cleanInput, ketamineOrPcpMisuseHistory: true },
    proposal: 'not_eligible',
    findings: ['ketamine_or_pcp_misuse_history'],
    decision: { decision: 'not_eligible', notEligibleReason: 'History of ketamine misuse' },
    status: 'assessment',
  },
  {
    name: 'resting BP 190/110 → not eligible (uncontrolled hypertension)',
    input: { ...cleanInput, bloodPressureReadings: [{ systolicMmHg: 190, diastolicMmHg: 110 }] },
    proposal: 'not_eligible',
    // The single 190/110 reading is also its own finding (ACC/AHA 2017, never averaged away).
    findings: ['uncontrolled_hypertension', 'severe_blood_pressure_reading'],
    decision: { decision: 'not_eligible', notEligibleReason: 'Uncontrolled hypertension; refer to PCP' },
    status: 'assessment',
  },
  {
    name: 'active suicidal intent → not eligible',
    input: { ...cleanInput, suicidality: 'active_intent' },
    proposal: 'not_eligible',
    findings: ['active_suicidal_intent'],
    decision: { decision: 'not_eligible', notEligibleReason: 'Higher level of care first' },
    status: 'assessment',
  },
  {
    name: 'no treated indication → not eligible',
    input: { ...cleanInput, diagnoses: [{ icd10: 'F10.20' }] },
    proposal: 'not_eligible',
    findings: ['no_treated_indication'],
    decision: { decision: 'not_eligible', notEligibleReason: 'Not an indication we treat' },
    status: 'assessment',
  },
];

describe('each eligibility decision path through the API', () => {
  it.each(paths)('$name', async ({ input, proposal, findings, decision, status }) => {
    const patientId = await newPatient(clinic);
    const d = await draft(patientId, input);
    expect(d).toMatchObject({
      status: 'draft',
      decision: null,
      result: { decision: proposal },
      protocol: { number: 1, label: 'ketaclinic-default-2026.2' },
    });
    expect(d.result!.findings.map((f: { code: string }) => f.code)).toEqual(findings);
    for (const f of d.result!.findings) expect(f.source).toMatch(/CLINICAL\.md|C-SSRS|Yale/);
    expect((await as.prescriber.get(`/patients/${patientId}`)).json().patient.status).toBe('assessment');

    const signed = await as.prescriber.post(`/patients/${patientId}/assessments/${d.id}/sign`, {
      ...decision,
      version: d.version,
    });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({
      status: 'signed',
      decision: decision.decision,
      result: { decision: proposal },
      signedBy: { id: clinic.users.prescriber.id },
    });
    const chart = (await as.prescriber.get(`/patients/${patientId}`)).json();
    expect(chart.patient.status).toBe(status);
    expect(chart.timeline.map((e: { kind: string }) => e.kind)).toContain('assessment_signed');
    expect(await auditActions(clinic, patientId)).toEqual(
      expect.arrayContaining(['assessments.create', 'assessments.sign']),
    );
  });
});

describe('sign-off rules', () => {
  it('updates the live proposal as a draft is edited, and a missing blood pressure gives no proposal yet', async () => {
    const patientId = await newPatient(clinic);
    const d = await draft(patientId, { ...cleanInput, bloodPressureReadings: [] });
    expect(d.result).toBeNull();
    const edited = await as.prescriber.patch(`/patients/${patientId}/assessments/${d.id}`, {
      version: d.version,
      input: { ...cleanInput, maoi: true },
    });
    expect(edited.json().result).toMatchObject({ decision: 'eligible_with_clearance', clearances: ['psychiatry'] });
    const incomplete = await as.prescriber.post(`/patients/${patientId}/assessments/${d.id}/sign`, {
      decision: 'eligible',
      version: d.version,
    });
    expect(incomplete.json().code).toBe('stale_version');
  });

  it('refuses to sign without a blood pressure (assessment_incomplete)', async () => {
    const patientId = await newPatient(clinic);
    const d = await draft(patientId, { ...cleanInput, bloodPressureReadings: [] });
    const res = await as.prescriber.post(`/patients/${patientId}/assessments/${d.id}/sign`, {
      decision: 'eligible',
      version: d.version,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('assessment_incomplete');
  });

  it('needs a reason to decide less restrictively than the findings, and a clearance or a reason per decision', async () => {
    const patientId = await newPatient(clinic);
    const d = await draft(patientId, { ...cleanInput, seizureDisorder: true });
    const sign = (body: Record<string, unknown>) =>
      as.prescriber.post(`/patients/${patientId}/assessments/${d.id}/sign`, { ...body, version: d.version });
    const noReason = await sign({ decision: 'eligible' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json()).toMatchObject({
      code: 'assessment_decision_invalid',
      errors: [{ path: '/body/overrideReason' }],
    });
    expect((await sign({ decision: 'eligible_with_clearance' })).json().errors[0].path).toBe('/body/clearanceNote');
    expect((await sign({ decision: 'not_eligible' })).json().errors[0].path).toBe('/body/notEligibleReason');
    const unchanged = await as.prescriber.get(`/patients/${patientId}/assessments/${d.id}`);
    expect(unchanged.json()).toMatchObject({ status: 'draft', version: d.version });
    const override = await sign({
      decision: 'eligible',
      overrideReason: 'Neurology letter on file: seizure-free for 10 years',
    });
    expect(override.json()).toMatchObject({
      decision: 'eligible',
      overrideReason: 'Neurology letter on file: seizure-free for 10 years',
    });
  });

  it('lets only a prescriber sign (a nurse gets 403) and a nurse may read', async () => {
    const patientId = await newPatient(clinic);
    const d = await draft(patientId, cleanInput);
    const nurse = await as.nurse.post(`/patients/${patientId}/assessments/${d.id}/sign`, {
      decision: 'eligible',
      version: d.version,
    });
    expect(nurse.statusCode).toBe(403);
    expect((await as.nurse.get(`/patients/${patientId}/assessments`)).json().items).toHaveLength(1);
    expect((await as.coordinator.get(`/patients/${patientId}/assessments`)).statusCode).toBe(403);
    expect((await as.otherPrescriber.get(`/patients/${patientId}/assessments`)).statusCode).toBe(404);
  });

  it('never changes a signed assessment (409 document_signed); an amendment references it with a reason', async () => {
    const patientId = await newPatient(clinic);
    const d = await draft(patientId, cleanInput);
    const signed = (
      await as.prescriber.post(`/patients/${patientId}/assessments/${d.id}/sign`, {
        decision: 'eligible',
        version: d.version,
      })
    ).json();
    const edit = await as.prescriber.patch(`/patients/${patientId}/assessments/${d.id}`, {
      version: signed.version,
      goals: 'changed',
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('document_signed');
    const resign = await as.prescriber.post(`/patients/${patientId}/assessments/${d.id}/sign`, {
      decision: 'not_eligible',
      notEligibleReason: 'x',
      version: signed.version,
    });
    expect(resign.json().code).toBe('document_signed');
    // The database refuses too (second wall).
    await expect(
      clinic.t.db.pool.query("UPDATE assessments SET goals = 'tampered' WHERE id = $1", [d.id]),
    ).rejects.toThrow(/signed and cannot be changed/);

    expect(
      (await as.prescriber.post(`/patients/${patientId}/assessments/${d.id}/amendments`, { reason: '' })).json()
        .errors[0].path,
    ).toBe('/body/reason');
    const amendment = await as.prescriber.post(`/patients/${patientId}/assessments/${d.id}/amendments`, {
      reason: 'Patient disclosed daily alprazolam',
    });
    expect(amendment.statusCode).toBe(201);
    expect(amendment.json()).toMatchObject({
      status: 'draft',
      amendsAssessmentId: d.id,
      amendmentReason: 'Patient disclosed daily alprazolam',
      goals: 'Return to work',
    });
    const a = amendment.json();
    const edited = await as.prescriber.patch(`/patients/${patientId}/assessments/${a.id}`, {
      version: a.version,
      input: { ...cleanInput, benzodiazepineLorazepamEqMgPerDay: 6 },
    });
    const signedAmendment = await as.prescriber.post(`/patients/${patientId}/assessments/${a.id}/sign`, {
      decision: 'eligible_with_clearance',
      clearanceNote: 'Taper first',
      version: edited.json().version,
    });
    expect(signedAmendment.json()).toMatchObject({ status: 'signed', decision: 'eligible_with_clearance' });
    const original = await as.prescriber.get(`/patients/${patientId}/assessments/${d.id}`);
    expect(original.json()).toMatchObject({
      status: 'signed',
      decision: 'eligible',
      goals: 'Return to work',
      amendedBy: [a.id],
    });
  });

  it('rejects out-of-range findings with the domain’s field errors, changing nothing', async () => {
    const patientId = await newPatient(clinic);
    const d = await draft(patientId, {
      ...cleanInput,
      bloodPressureReadings: [{ systolicMmHg: 80, diastolicMmHg: 95 }],
    });
    expect(d.result).toBeNull();
    const res = await as.prescriber.post(`/patients/${patientId}/assessments/${d.id}/sign`, {
      decision: 'eligible',
      version: d.version,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('/body/input/bloodPressureReadings/0/diastolicMmHg');
  });

  it('requires the new eligibility questions (ketamine/PCP misuse, bladder symptoms, STOP-BANG) on every save', async () => {
    const patientId = await newPatient(clinic);
    const old = Object.fromEntries(
      Object.entries(cleanInput).filter(
        ([key]) => !['ketamineOrPcpMisuseHistory', 'bladderSymptoms', 'stopBangScore'].includes(key),
      ),
    );
    const res = await as.prescriber.post(`/patients/${patientId}/assessments`, { input: old });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/body/input/bladderSymptoms', '/body/input/ketamineOrPcpMisuseHistory', '/body/input/stopBangScore']);
    const bad = await as.prescriber.post(`/patients/${patientId}/assessments`, {
      input: { ...cleanInput, stopBangScore: 9 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/input/stopBangScore');
  });
});

describe('a draft is started once', () => {
  it('ten starts at once make one draft; the others are 409 naming it, as are ten amendments of one assessment', async () => {
    const patientId = await newPatient(clinic);
    const starts = await Promise.all(
      Array.from({ length: 10 }, () =>
        as.prescriber.post(`/patients/${patientId}/assessments`, { input: cleanInput, goals: 'Sleep again' }),
      ),
    );
    const made = starts.filter((r) => r.statusCode === 201);
    expect(made).toHaveLength(1);
    const draftId = made[0]!.json<{ id: string }>().id;
    for (const refused of starts.filter((r) => r.statusCode !== 201))
      expect(refused.json()).toMatchObject({
        status: 409,
        code: 'assessment_draft_open',
        details: { assessmentId: draftId },
      });
    expect((await as.prescriber.get(`/patients/${patientId}/assessments`)).json().items).toHaveLength(1);

    // Signed, it may be amended — once at a time.
    const current = (await as.prescriber.get(`/patients/${patientId}/assessments/${draftId}`)).json();
    const signed = await as.prescriber.post(`/patients/${patientId}/assessments/${draftId}/sign`, {
      decision: 'eligible',
      version: current.version,
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const amends = await Promise.all(
      Array.from({ length: 10 }, () =>
        as.prescriber.post(`/patients/${patientId}/assessments/${draftId}/amendments`, { reason: 'New medication' }),
      ),
    );
    expect(amends.map((r) => r.statusCode).sort()).toEqual([201, ...Array(9).fill(409)]);
    // A new assessment beside the amendment in draft is still possible (a different document).
    expect((await as.prescriber.post(`/patients/${patientId}/assessments`, { input: cleanInput })).statusCode).toBe(
      201,
    );
    expect((await as.prescriber.get(`/patients/${patientId}/assessments`)).json().items).toHaveLength(3);
  });
});
