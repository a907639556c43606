import { describe, expect, it } from 'vitest';
import { auditActions, chartClinic, cleanInput, newPatient, signedAssessment } from './chart-fixtures.js';

/**
 * A draft assessment the prescriber will not sign can be discarded: removed, audited and on the timeline,
 * after which a new one can be started. Signed assessments are amended, never discarded.
 */
const clinic = await chartClinic('Discard Clinic');
const { as } = clinic;

async function draft(patientId: string): Promise<{ id: string; version: number }> {
  const res = await as.prescriber.post(`/patients/${patientId}/assessments`, { input: cleanInput, goals: 'Sleep' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('discarding an assessment draft', () => {
  it('removes the draft, audits it and says so on the timeline; a new draft can then be started', async () => {
    const patientId = await newPatient(clinic);
    const d = await draft(patientId);
    const res = await as.prescriber.delete(`/patients/${patientId}/assessments/${d.id}?version=${d.version}`);
    expect(res.statusCode, res.body).toBe(204);
    expect((await as.prescriber.get(`/patients/${patientId}/assessments/${d.id}`)).statusCode).toBe(404);
    expect((await as.prescriber.get(`/patients/${patientId}/assessments`)).json().items).toEqual([]);
    expect(await auditActions(clinic, patientId)).toContain('assessments.discard');
    const chart = (await as.prescriber.get(`/patients/${patientId}`)).json();
    expect(chart.timeline.map((e: { summary: string }) => e.summary)).toContain('Assessment draft discarded');
    await draft(patientId);
  });

  it('refuses a stale version (409) and keeps the draft', async () => {
    const patientId = await newPatient(clinic);
    const d = await draft(patientId);
    const edited = await as.prescriber.patch(`/patients/${patientId}/assessments/${d.id}`, {
      notes: 'Seen today',
      version: d.version,
    });
    expect(edited.statusCode).toBe(200);
    const res = await as.prescriber.delete(`/patients/${patientId}/assessments/${d.id}?version=${d.version}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('stale_version');
    expect((await as.prescriber.get(`/patients/${patientId}/assessments/${d.id}`)).statusCode).toBe(200);
  });

  it('never discards a signed assessment (409 document_signed), which stays as it was', async () => {
    const patientId = await newPatient(clinic);
    const signed = (await signedAssessment(clinic, patientId)) as { id: string; version: number };
    const res = await as.prescriber.delete(`/patients/${patientId}/assessments/${signed.id}?version=${signed.version}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('document_signed');
    expect((await as.prescriber.get(`/patients/${patientId}/assessments/${signed.id}`)).json().status).toBe('signed');
  });

  it.each([
    ['no version', ''],
    ['a version that is not a number', '?version=abc'],
    ['version 0', '?version=0'],
  ])('%s → 400 naming the query field, nothing removed', async (_, query) => {
    const patientId = await newPatient(clinic);
    const d = await draft(patientId);
    const res = await as.prescriber.delete(`/patients/${patientId}/assessments/${d.id}${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('/query/version');
    expect((await as.prescriber.get(`/patients/${patientId}/assessments/${d.id}`)).statusCode).toBe(200);
  });

  it('only staff who write assessments, only in their own clinic', async () => {
    const patientId = await newPatient(clinic);
    const d = await draft(patientId);
    const url = `/patients/${patientId}/assessments/${d.id}?version=${d.version}`;
    expect((await as.coordinator.delete(url)).statusCode).toBe(403);
    expect((await as.patient.delete(url)).statusCode).toBe(403);
    expect((await as.otherPrescriber.delete(url)).statusCode).toBe(404);
    expect((await as.prescriber.get(`/patients/${patientId}/assessments/${d.id}`)).statusCode).toBe(200);
  });
});
