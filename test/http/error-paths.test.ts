import { describe, expect, it } from 'vitest';
import { chartClinic, cleanInput, consentTemplate, newPatient, signedConsent } from './chart-fixtures.js';

// Use-cases name fields relative to their own input; the route adds "/body" in one place (issue 10).
// These are the request paths the console and the portal read, checked on the wire for the use-cases
// whose literals moved.
const clinic = await chartClinic('Error Paths Clinic');

describe('field paths of use-case errors, as the client sees them', () => {
  it('consent template title in use, unknown template version, withdrawal without a reason', async () => {
    const template = await consentTemplate(clinic);
    const again = await clinic.as.admin.post('/consent-templates', {
      title: 'Ketamine treatment consent',
      body: 'A second text under a title already in use: refused, the template gets a new version instead.',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([{ path: '/body/title', message: 'already in use' }]);

    const patientId = await newPatient(clinic);
    const unknown = await clinic.as.prescriber.post(`/patients/${patientId}/consents`, {
      templateVersionId: '00000000-0000-4000-8000-000000000000',
      signedName: 'Juniper Testcase',
      signatureKind: 'click',
      confirmed: true,
    });
    expect(unknown.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/body/templateVersionId' }] });

    const consent = await signedConsent(clinic, patientId, template.currentVersion.id);
    const noReason = await clinic.as.prescriber.post(`/patients/${patientId}/consents/${consent.id}/withdraw`, {
      reason: ' ',
      version: consent.version,
    });
    expect(noReason.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/body/reason' }] });
  });

  it('an assessment naming a questionnaire that is not on the chart', async () => {
    const patientId = await newPatient(clinic);
    const res = await clinic.as.prescriber.post(`/patients/${patientId}/assessments`, {
      input: cleanInput,
      baselineResultIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { path: '/body/baselineResultIds', message: 'Choose questionnaires recorded on this chart' },
    ]);
  });

  it('a staff account with an email already in use, and a wrong current password', async () => {
    const taken = await clinic.as.admin.post('/users', {
      email: clinic.users.nurse.email,
      name: 'Second Nurse',
      roles: ['nurse'],
      temporaryPassword: 'a long enough temporary passphrase 7',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors).toEqual([{ path: '/body/email', message: 'already in use' }]);

    const wrong = await clinic.as.nurse.post('/me/password', {
      currentPassword: 'not the password at all',
      newPassword: 'a completely new passphrase 42',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors.map((e: { path: string }) => e.path)).toContain('/body/currentPassword');
  });

  it('chart items: allergy against "No known drug allergies", unknown diagnosis code and label, vitals', async () => {
    const patientId = await newPatient(clinic);
    const nkda = await clinic.as.prescriber.post(`/patients/${patientId}/no-known-allergies`, {
      noKnownAllergies: true,
    });
    expect(nkda.statusCode).toBe(200);
    const allergy = await clinic.as.prescriber.post(`/patients/${patientId}/allergies`, {
      substance: 'Penicillin',
      severity: 'moderate',
    });
    expect(allergy.statusCode).toBe(400);
    expect(allergy.json().errors).toEqual([
      { path: '/body/substance', message: 'Take "No known drug allergies" off the chart first' },
    ]);

    const badCode = await clinic.as.prescriber.post(`/patients/${patientId}/diagnoses`, {
      icd10: 'depression',
      isPrimary: false,
    });
    expect(badCode.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/body/icd10' }] });
    const noLabel = await clinic.as.prescriber.post(`/patients/${patientId}/diagnoses`, {
      icd10: 'Z99.89',
      isPrimary: false,
    });
    expect(noLabel.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/body/label' }] });

    const vitals = (body: Record<string, unknown>) => clinic.as.nurse.post(`/patients/${patientId}/vitals`, body);
    const pounds = await vitals({ weightKg: 400, systolicMmHg: 120 });
    expect(pounds.statusCode).toBe(400);
    expect(pounds.json().errors.map((e: { path: string }) => e.path)).toEqual([
      '/body/weightKg',
      '/body/diastolicMmHg',
    ]);
    const inverted = await vitals({ systolicMmHg: 80, diastolicMmHg: 90 });
    expect(inverted.json().errors).toEqual([
      { path: '/body/diastolicMmHg', message: 'The diastolic must be below the systolic' },
    ]);
    const nothing = await vitals({ context: 'clinic' });
    expect(nothing.json().errors).toEqual([{ path: '/body', message: 'Record at least one measurement' }]);
  });

  it('a questionnaire with an answer out of range, on the chart', async () => {
    const patientId = await newPatient(clinic);
    const res = await clinic.as.prescriber.post(`/patients/${patientId}/questionnaires`, {
      instrumentId: 'phq9',
      answers: { phq9_1: 1, phq9_2: 7, phq9_3: 0, phq9_4: 0, phq9_5: 0, phq9_6: 0, phq9_7: 0, phq9_8: 0, phq9_9: 0 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/answers/phq9_2']);
  });

  it('demographics with a future date of birth and a weight in pounds, and an unknown status', async () => {
    const patientId = await newPatient(clinic);
    const chart = await clinic.as.prescriber.get(`/patients/${patientId}`);
    const version = chart.json().patient.version as number;
    const res = await clinic.as.prescriber.patch(`/patients/${patientId}`, {
      dateOfBirth: '2999-01-01',
      weightKg: 400,
      version,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/dateOfBirth', '/body/weightKg']);
    const status = await clinic.as.prescriber.post(`/patients/${patientId}/status`, {
      status: 'archived',
      reason: 'no such status',
      version,
    });
    expect(status.statusCode).toBe(400);
    expect(status.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/status']);
  });

  it('signing an assessment: the sign-off fields and the draft findings', async () => {
    const patientId = await newPatient(clinic);
    const draft = await clinic.as.prescriber.post(`/patients/${patientId}/assessments`, {
      input: { ...cleanInput, bloodPressureReadings: [{ systolicMmHg: 80, diastolicMmHg: 95 }] },
    });
    expect(draft.statusCode).toBe(201);
    const { id, version } = draft.json<{ id: string; version: number }>();
    const sign = (body: Record<string, unknown>) =>
      clinic.as.prescriber.post(`/patients/${patientId}/assessments/${id}/sign`, { ...body, version });
    const findings = await sign({ decision: 'eligible' });
    expect(findings.statusCode).toBe(400);
    expect(findings.json().errors).toEqual([
      {
        path: '/body/input/bloodPressureReadings/0/diastolicMmHg',
        message: 'must be at least 20 mmHg and below the systolic',
      },
    ]);

    const fixed = await clinic.as.prescriber.patch(`/patients/${patientId}/assessments/${id}`, {
      input: cleanInput,
      version,
    });
    const clearance = await clinic.as.prescriber.post(`/patients/${patientId}/assessments/${id}/sign`, {
      decision: 'eligible_with_clearance',
      version: fixed.json().version,
    });
    expect(clearance.statusCode).toBe(422);
    expect(clearance.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/clearanceNote']);
  });
});
