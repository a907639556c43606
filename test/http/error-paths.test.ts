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
});
