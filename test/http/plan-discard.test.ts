import { describe, expect, it } from 'vitest';
import {
  auditActions,
  chartClinic,
  consentTemplate,
  measure,
  newPatient,
  planContent,
  signedAssessment,
  signedConsent,
} from './chart-fixtures.js';

/**
 * A draft treatment plan the prescriber will not sign can be discarded: removed, audited and on the timeline,
 * after which a new draft can be started. A signed plan is the order: never discarded, and a discarded change
 * to it leaves it in force.
 */
const clinic = await chartClinic('Plan Discard Clinic');
const { as } = clinic;
const template = await consentTemplate(clinic);

async function draft(patientId: string, body: Record<string, unknown> = { content: planContent }) {
  const res = await as.prescriber.post(`/patients/${patientId}/plans`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; version: number; number: number }>();
}

async function measuredPatient(): Promise<string> {
  const patientId = await newPatient(clinic);
  await measure(clinic, patientId, 80, 175);
  return patientId;
}

async function signedPlan(patientId: string): Promise<{ id: string; version: number }> {
  await signedAssessment(clinic, patientId);
  await signedConsent(clinic, patientId, template.currentVersion.id);
  const plan = await draft(patientId);
  const signed = await as.prescriber.post(`/patients/${patientId}/plans/${plan.id}/sign`, { version: plan.version });
  expect(signed.statusCode, signed.body).toBe(200);
  return signed.json();
}

describe('discarding a draft treatment plan', () => {
  it('removes the draft, audits it and says so on the timeline; a new draft can then be started', async () => {
    const patientId = await measuredPatient();
    const d = await draft(patientId);
    const res = await as.prescriber.delete(`/patients/${patientId}/plans/${d.id}?version=${d.version}`);
    expect(res.statusCode, res.body).toBe(204);
    expect((await as.prescriber.get(`/patients/${patientId}/plans/${d.id}`)).statusCode).toBe(404);
    expect((await as.prescriber.get(`/patients/${patientId}/plans`)).json().items).toEqual([]);
    expect(await auditActions(clinic, patientId)).toContain('plans.discard');
    const chart = (await as.prescriber.get(`/patients/${patientId}`)).json();
    expect(chart.timeline.map((e: { summary: string }) => e.summary)).toContain('Treatment plan v1 draft discarded');
    expect(chart.documents.filter((doc: { kind: string }) => doc.kind === 'plan')).toEqual([]);
    expect((await draft(patientId)).number).toBe(1);
  });

  it('a discarded change to the signed plan leaves the signed plan in force, unchanged', async () => {
    const patientId = await measuredPatient();
    const v1 = await signedPlan(patientId);
    const v2 = await draft(patientId, {
      content: { ...planContent, startMgPerKg: 0.6 },
      changeReason: 'Partial response at 0.5 mg/kg',
    });
    expect(v2.number).toBe(2);
    const res = await as.prescriber.delete(`/patients/${patientId}/plans/${v2.id}?version=${v2.version}`);
    expect(res.statusCode, res.body).toBe(204);
    const plans = (await as.nurse.get(`/patients/${patientId}/plans`)).json().items;
    expect(plans.map((p: { number: number; status: string }) => `${p.number}:${p.status}`)).toEqual(['1:signed']);
    expect(plans[0]).toMatchObject({ id: v1.id, version: v1.version, content: { startMgPerKg: 0.5 } });
  });

  it('never discards a signed plan (409 document_signed), which stays the order', async () => {
    const patientId = await measuredPatient();
    const signed = await signedPlan(patientId);
    const res = await as.prescriber.delete(`/patients/${patientId}/plans/${signed.id}?version=${signed.version}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('document_signed');
    expect((await as.prescriber.get(`/patients/${patientId}/plans/${signed.id}`)).json().status).toBe('signed');
  });

  it('refuses a stale version (409) and keeps the draft', async () => {
    const patientId = await measuredPatient();
    const d = await draft(patientId);
    const edited = await as.prescriber.patch(`/patients/${patientId}/plans/${d.id}`, {
      content: { ...planContent, startMgPerKg: 0.6 },
      version: d.version,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const res = await as.prescriber.delete(`/patients/${patientId}/plans/${d.id}?version=${d.version}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('stale_version');
    expect((await as.prescriber.get(`/patients/${patientId}/plans/${d.id}`)).statusCode).toBe(200);
  });

  it.each([
    ['no version', ''],
    ['a version that is not a number', '?version=abc'],
    ['version 0', '?version=0'],
    ['a fractional version', '?version=1.5'],
  ])('%s → 400 naming the query field, nothing removed', async (_, query) => {
    const patientId = await measuredPatient();
    const d = await draft(patientId);
    const res = await as.prescriber.delete(`/patients/${patientId}/plans/${d.id}${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('/query/version');
    expect((await as.prescriber.get(`/patients/${patientId}/plans/${d.id}`)).statusCode).toBe(200);
  });

  it('only staff who write plans, only in their own clinic; an unknown plan is 404', async () => {
    const patientId = await measuredPatient();
    const d = await draft(patientId);
    const url = `/patients/${patientId}/plans/${d.id}?version=${d.version}`;
    expect((await as.nurse.delete(url)).statusCode).toBe(403);
    expect((await as.coordinator.delete(url)).statusCode).toBe(403);
    expect((await as.patient.delete(url)).statusCode).toBe(403);
    expect((await as.otherPrescriber.delete(url)).statusCode).toBe(404);
    const unknown = await as.prescriber.delete(
      `/patients/${patientId}/plans/0190aaaa-0000-7000-8000-000000000000?version=1`,
    );
    expect(unknown.statusCode).toBe(404);
    expect((await as.prescriber.get(`/patients/${patientId}/plans/${d.id}`)).statusCode).toBe(200);
  });
});
