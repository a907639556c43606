import { describe, expect, it } from 'vitest';
import {
  chartClinic,
  consentTemplate,
  measure,
  newPatient,
  planContent,
  signedAssessment,
  signedConsent,
} from '../chart-fixtures.js';

// Issue 9, defects 13 and 14 (denied reads): coordinators get the plan's schedule only, and every
// chart read keeps clinical detail from them; a refused read of a record is audited with the id asked for.
const clinic = await chartClinic('Views Clinic');
const { as, t } = clinic;
const template = await consentTemplate(clinic);
const patientId = await newPatient(clinic, { given: 'Sable', family: 'Schedule' });
await measure(clinic, patientId);
await signedAssessment(clinic, patientId);
await signedConsent(clinic, patientId, template.currentVersion.id);
const draft = await as.prescriber.post(`/patients/${patientId}/plans`, { content: planContent });
const planId = draft.json().id as string;
await as.prescriber.post(`/patients/${patientId}/plans/${planId}/sign`, { version: draft.json().version });

// Anything that would tell a dose, a concentration or a clinical finding.
const doseWords =
  /mgPerKg|MgPerKg|doseMg|concentration|mlPerHour|exactMl|roundedMl|orderedMg|mg\/kg|startDose|maxDose|overrideReason|changeReason/;

describe('what a coordinator reads of a chart', () => {
  it('gets the plan schedule (dates, times, length) and no dose fields, in the list and one plan', async () => {
    const list = await as.coordinator.get(`/patients/${patientId}/plans`);
    expect(list.statusCode).toBe(200);
    const [plan] = list.json().items;
    expect(plan).toMatchObject({ id: planId, status: 'signed', scheduleOnly: true, schedule: { route: 'IV' } });
    expect(plan.schedule.sessions.length).toBeGreaterThan(0);
    expect(plan.schedule.sessions[0]).toEqual(
      expect.objectContaining({ localDate: expect.any(String), localTime: expect.any(String) }),
    );
    expect(plan).not.toHaveProperty('content');
    expect(plan).not.toHaveProperty('derived');
    expect(list.body).not.toMatch(doseWords);
    const one = await as.coordinator.get(`/patients/${patientId}/plans/${planId}`);
    expect(one.statusCode).toBe(200);
    expect(one.body).not.toMatch(doseWords);
  });

  it('still gives prescribers and nurses the whole plan with its dose', async () => {
    for (const who of [as.prescriber, as.nurse]) {
      const one = await who.get(`/patients/${patientId}/plans/${planId}`);
      expect(one.json().derived.startDose.doseMg).toBeGreaterThan(0);
      expect(one.json().content.startMgPerKg).toBe(planContent.startMgPerKg);
    }
  });

  it('leaves dose and clinical detail out of every chart GET a coordinator may call', async () => {
    const routes = [
      `/patients/${patientId}`,
      `/patients/${patientId}/plans`,
      `/patients/${patientId}/plans/${planId}`,
      `/patients/${patientId}/documents`,
      `/patients/${patientId}/consents`,
      `/patients/${patientId}/assessments`,
    ];
    for (const route of routes) {
      const res = await as.coordinator.get(route);
      expect([200, 403], route).toContain(res.statusCode);
      if (res.statusCode === 200) expect(res.body, route).not.toMatch(doseWords);
    }
  });
});

describe('refused reads of a record are audited with the id asked for', () => {
  it("audits another clinic's prescriber asking for this patient, plan and documents (404 each)", async () => {
    const asked = [
      `/patients/${patientId}`,
      `/patients/${patientId}/plans/${planId}`,
      `/patients/${patientId}/documents`,
    ];
    for (const url of asked) expect((await as.otherPrescriber.get(url)).statusCode).toBe(404);
    const entries = await t.db.pool.query<{
      action: string;
      outcome: string;
      resource_id: string;
      details: { route: string };
    }>(
      "SELECT action, outcome, resource_id, details FROM audit_log WHERE action = 'patients.access_denied' ORDER BY id",
    );
    expect(entries.rows).toHaveLength(3);
    for (const row of entries.rows) expect(row).toMatchObject({ outcome: 'denied', resource_id: patientId });
  });

  it('audits a made-up patient id too, and records the id on a permission refusal', async () => {
    const madeUp = '0190a7f2-0000-7000-8000-000000000001';
    expect((await as.nurse.get(`/patients/${madeUp}`)).statusCode).toBe(404);
    const row = await t.db.pool.query(
      "SELECT 1 FROM audit_log WHERE action = 'patients.access_denied' AND resource_id = $1",
      [madeUp],
    );
    expect(row.rowCount).toBe(1);
    expect((await as.patient.get(`/patients/${patientId}/plans`)).statusCode).toBe(403);
    const denied = await t.db.pool.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_log WHERE action = 'access.denied' ORDER BY id DESC LIMIT 1",
    );
    expect(denied.rows[0]!.details).toMatchObject({ idAsked: patientId });
  });
});
