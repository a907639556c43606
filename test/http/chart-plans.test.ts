import { describe, expect, it } from 'vitest';
import {
  auditActions,
  chartClinic,
  cleanInput,
  consentTemplate,
  measure,
  newPatient,
  planContent,
  signedAssessment,
  signedConsent,
} from './chart-fixtures.js';

/** Consent templates and signatures, treatment plans and their versions, and protocol versions. */
const clinic = await chartClinic('Plan Clinic');
const { as } = clinic;
const template = await consentTemplate(clinic);

describe('consent', () => {
  it('records a click signature with time, IP and template version; a new template version never changes it', async () => {
    const patientId = await newPatient(clinic);
    const consent = await as.prescriber.post(`/patients/${patientId}/consents`, {
      templateVersionId: template.currentVersion.id,
      signedName: 'Juniper Testcase',
      signatureKind: 'click',
      confirmed: true,
    });
    expect(consent.statusCode).toBe(201);
    expect(consent.json()).toMatchObject({
      status: 'signed',
      channel: 'clinic_tablet',
      templateVersion: { number: 1 },
      ip: '127.0.0.1',
      witnessedBy: { id: clinic.users.prescriber.id },
    });

    const templates = (await as.admin.get('/consent-templates')).json().items;
    const current = templates.find((t: { id: string }) => t.id === template.id);
    const v2 = await as.admin.post(`/consent-templates/${template.id}/versions`, {
      body: 'Version two of the consent text, with the bladder-symptoms paragraph added.',
      version: current.version,
    });
    expect(v2.statusCode).toBe(201);
    expect(v2.json().currentVersion.number).toBe(2);
    const stale = await as.admin.post(`/consent-templates/${template.id}/versions`, {
      body: 'A third version written from an old screen, long enough.',
      version: current.version,
    });
    expect(stale.json().code).toBe('stale_version');

    const consents = (await as.prescriber.get(`/patients/${patientId}/consents`)).json().items;
    expect(consents[0].templateVersion).toMatchObject({ number: 1, body: expect.stringMatching(/off-label/) });
    // Signing against the old text once a new one exists is refused: show the current text.
    const old = await as.prescriber.post(`/patients/${patientId}/consents`, {
      templateVersionId: template.currentVersion.id,
      signedName: 'Juniper Testcase',
      signatureKind: 'click',
      confirmed: true,
    });
    expect(old.json().code).toBe('stale_version');
    await expect(
      clinic.t.db.pool.query("UPDATE consent_template_versions SET body = 'tampered' WHERE id = $1", [
        template.currentVersion.id,
      ]),
    ).rejects.toThrow(/immutable/);
  });

  it('needs the confirmation tick and a drawing for a drawn signature; only admins edit templates; a nurse cannot record consent', async () => {
    const patientId = await newPatient(clinic);
    const templates = (await as.admin.get('/consent-templates')).json().items;
    const versionId = templates[0].currentVersion.id;
    const unconfirmed = await as.prescriber.post(`/patients/${patientId}/consents`, {
      templateVersionId: versionId,
      signedName: 'J T',
      signatureKind: 'click',
      confirmed: false,
    });
    expect(unconfirmed.json().errors[0].path).toBe('/body/confirmed');
    const noDrawing = await as.prescriber.post(`/patients/${patientId}/consents`, {
      templateVersionId: versionId,
      signedName: 'J T',
      signatureKind: 'drawn',
      confirmed: true,
    });
    expect(noDrawing.json().errors[0].path).toBe('/body/signatureDrawing');
    const drawn = await as.prescriber.post(`/patients/${patientId}/consents`, {
      templateVersionId: versionId,
      signedName: 'J T',
      signatureKind: 'drawn',
      signatureDrawing: 'M10 10 L40 30',
      confirmed: true,
    });
    expect(drawn.json()).toMatchObject({ signatureKind: 'drawn', signatureDrawing: 'M10 10 L40 30' });
    expect(
      (
        await as.nurse.post(`/patients/${patientId}/consents`, {
          templateVersionId: versionId,
          signedName: 'J T',
          signatureKind: 'click',
          confirmed: true,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await as.prescriber.post('/consent-templates', {
          title: 'Other',
          body: 'Some consent text long enough to be a template.',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('lets the patient sign and read their own consent in the portal, and nobody else’s', async () => {
    const own = clinic.users.patient.patientId!;
    const versionId = (await as.admin.get('/consent-templates')).json().items[0].currentVersion.id;
    const res = await as.patient.post(`/patients/${own}/consents`, {
      templateVersionId: versionId,
      signedName: 'Test Patient',
      signatureKind: 'click',
      confirmed: true,
    });
    expect(res.json()).toMatchObject({ channel: 'portal', witnessedBy: null });
    expect((await as.patient.get(`/patients/${own}/consents`)).json().items).toHaveLength(1);
    const other = await newPatient(clinic);
    expect((await as.patient.get(`/patients/${other}/consents`)).statusCode).toBe(404);
    expect(
      (
        await as.patient.post(`/patients/${other}/consents`, {
          templateVersionId: versionId,
          signedName: 'Test Patient',
          signatureKind: 'click',
          confirmed: true,
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('treatment plans', () => {
  it('walks intake → assessment → eligible → consent → signed induction plan, with the series and dose, on the timeline and in the audit log', async () => {
    const patientId = await newPatient(clinic);
    await measure(clinic, patientId, 80, 175);
    await signedAssessment(clinic, patientId);
    const consent = await signedConsent(
      clinic,
      patientId,
      (await as.admin.get('/consent-templates')).json().items[0].currentVersion.id,
    );
    const draft = await as.prescriber.post(`/patients/${patientId}/plans`, { content: planContent });
    expect(draft.statusCode, draft.body).toBe(201);
    const plan = draft.json();
    expect(plan).toMatchObject({ number: 1, status: 'draft', protocol: { number: 1 } });
    expect(plan.derived.startDose).toMatchObject({
      doseMg: 40,
      volume: { exactMl: 4, roundedMl: 4, stepMl: 0.1 },
      infusion: { minutes: 40 },
      limitCheck: { status: 'ok' },
    });
    expect(plan.derived.maxDose).toMatchObject({
      doseMg: 48,
      infusion: { mgPerKgPerHour: 0.9 },
      limitCheck: { status: 'ok' },
    });
    expect(plan.derived.series.sessions.map((s: { localDate: string }) => s.localDate)).toEqual([
      '2026-11-30',
      '2026-12-02',
      '2026-12-04',
      '2026-12-07',
      '2026-12-09',
      '2026-12-11',
    ]);
    expect(plan.derived.appointmentMinutes).toBe(130);

    const nurse = await as.nurse.post(`/patients/${patientId}/plans/${plan.id}/sign`, { version: plan.version });
    expect(nurse.statusCode).toBe(403);
    const signed = await as.prescriber.post(`/patients/${patientId}/plans/${plan.id}/sign`, { version: plan.version });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({
      status: 'signed',
      consentId: consent.id,
      signedBy: { id: clinic.users.prescriber.id },
    });

    const chart = (await as.prescriber.get(`/patients/${patientId}`)).json();
    expect(chart.patient.status).toBe('eligible');
    expect(chart.consent.status).toBe('active');
    const kinds = chart.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'assessment_started',
        'assessment_signed',
        'status_changed',
        'consent_signed',
        'plan_drafted',
        'plan_signed',
      ]),
    );
    expect(chart.documents.map((d: { kind: string; status: string }) => `${d.kind}:${d.status}`).sort()).toEqual([
      'assessment:signed',
      'consent:signed',
      'plan:signed',
    ]);
    expect(await auditActions(clinic, patientId)).toEqual(
      expect.arrayContaining([
        'assessments.create',
        'assessments.sign',
        'consents.sign',
        'plans.create',
        'plans.sign',
        'patients.read',
      ]),
    );

    // A signed plan never changes: edit → 409; a change is a new version, which supersedes it when signed.
    const edit = await as.prescriber.patch(`/patients/${patientId}/plans/${plan.id}`, {
      content: planContent,
      version: signed.json().version,
    });
    expect(edit.json().code).toBe('document_signed');
    const noReason = await as.prescriber.post(`/patients/${patientId}/plans`, {
      content: { ...planContent, startMgPerKg: 0.6 },
    });
    expect(noReason.json().errors[0].path).toBe('/body/changeReason');
    const v2 = await as.prescriber.post(`/patients/${patientId}/plans`, {
      content: { ...planContent, startMgPerKg: 0.6 },
      changeReason: 'Partial response at 0.5 mg/kg',
    });
    expect(v2.json()).toMatchObject({ number: 2, status: 'draft', supersedesPlanId: plan.id });
    const v2signed = await as.prescriber.post(`/patients/${patientId}/plans/${v2.json().id}/sign`, {
      version: v2.json().version,
    });
    expect(v2signed.json().status).toBe('signed');
    const all = (await as.nurse.get(`/patients/${patientId}/plans`)).json().items;
    expect(all.map((p: { number: number; status: string }) => `${p.number}:${p.status}`)).toEqual([
      '1:superseded',
      '2:signed',
    ]);
    expect(all[0].content.startMgPerKg).toBe(0.5);
  });

  it('refuses a plan without consent on file (and after withdrawal), changing nothing', async () => {
    const patientId = await newPatient(clinic);
    await measure(clinic, patientId);
    await signedAssessment(clinic, patientId);
    const plan = (await as.prescriber.post(`/patients/${patientId}/plans`, { content: planContent })).json();
    const none = await as.prescriber.post(`/patients/${patientId}/plans/${plan.id}/sign`, { version: plan.version });
    expect(none.statusCode).toBe(422);
    expect(none.json().code).toBe('consent_required');
    const consent = await signedConsent(
      clinic,
      patientId,
      (await as.admin.get('/consent-templates')).json().items[0].currentVersion.id,
    );
    const withdrawn = await as.prescriber.post(`/patients/${patientId}/consents/${consent.id}/withdraw`, {
      reason: 'Patient changed their mind',
      version: consent.version,
    });
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', withdrawalReason: 'Patient changed their mind' });
    expect(
      (
        await as.prescriber.post(`/patients/${patientId}/consents/${consent.id}/withdraw`, {
          reason: 'again',
          version: withdrawn.json().version,
        })
      ).json().code,
    ).toBe('consent_already_withdrawn');
    const after = await as.prescriber.post(`/patients/${patientId}/plans/${plan.id}/sign`, { version: plan.version });
    expect(after.json()).toMatchObject({ code: 'consent_required', detail: expect.stringMatching(/withdrew consent/) });
    expect((await as.prescriber.get(`/patients/${patientId}`)).json().consent.status).toBe('withdrawn');
    expect((await as.prescriber.get(`/patients/${patientId}/plans/${plan.id}`)).json()).toMatchObject({
      status: 'draft',
      version: plan.version,
    });
  });

  it('records a consent once: the same text signed again (or ten times at once) is refused until withdrawn', async () => {
    const patientId = await newPatient(clinic);
    const templateVersionId = (await as.admin.get('/consent-templates')).json().items[0].currentVersion.id;
    const sign = () =>
      as.prescriber.post(`/patients/${patientId}/consents`, {
        templateVersionId,
        signedName: 'Juniper Testcase',
        signatureKind: 'click',
        confirmed: true,
      });
    const answers = await Promise.all(Array.from({ length: 10 }, sign));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, ...Array(9).fill(409)]);
    const first = answers.find((r) => r.statusCode === 201)!.json();
    const again = answers.find((r) => r.statusCode === 409)!.json();
    expect(again).toMatchObject({ code: 'consent_already_signed', details: { consentId: first.id } });
    expect((await as.prescriber.get(`/patients/${patientId}/consents`)).json().items).toHaveLength(1);
    // After the patient withdraws, a new signature of the same text is a new consent.
    await as.prescriber.post(`/patients/${patientId}/consents/${first.id}/withdraw`, {
      reason: 'Patient withdrew, then asked to continue',
      version: first.version,
    });
    expect((await sign()).statusCode).toBe(201);
    const items = (await as.prescriber.get(`/patients/${patientId}/consents`)).json().items;
    expect(items.map((c: { status: string }) => c.status)).toEqual(['withdrawn', 'signed']);
  });

  it('refuses to sign before a signed eligible assessment', async () => {
    const patientId = await newPatient(clinic);
    await measure(clinic, patientId);
    await signedConsent(
      clinic,
      patientId,
      (await as.admin.get('/consent-templates')).json().items[0].currentVersion.id,
    );
    const plan = (await as.prescriber.post(`/patients/${patientId}/plans`, { content: planContent })).json();
    expect(
      (await as.prescriber.post(`/patients/${patientId}/plans/${plan.id}/sign`, { version: plan.version })).json().code,
    ).toBe('eligibility_not_signed');
  });

  it('needs an override reason for a dose above the protocol limit; none is saved without it', async () => {
    const patientId = await newPatient(clinic);
    await measure(clinic, patientId, 80);
    const above = await as.prescriber.post(`/patients/${patientId}/plans`, {
      content: { ...planContent, startMgPerKg: 1, titration: { stepMgPerKg: 0.1, maxMgPerKg: 1 } },
    });
    expect(above.statusCode).toBe(422);
    expect(above.json()).toMatchObject({
      code: 'dose_override_reason_required',
      // The field of the request body, named like every other (it was "/overrideReason" before the route
      // added the prefix in one place); the console maps both forms to the field.
      errors: [{ path: '/body/overrideReason' }],
    });
    expect(above.json().detail).toMatch(/starting dose 1 mg\/kg \(limit 0.75\)/);
    expect(above.json().details.limits.map((l: { limit: string }) => l.limit)).toEqual(
      expect.arrayContaining(['max_mg_per_kg', 'max_total_mg', 'max_infusion_rate']),
    );
    expect((await as.prescriber.get(`/patients/${patientId}/plans`)).json().items).toEqual([]);
    const titrationAbove = await as.prescriber.post(`/patients/${patientId}/plans`, {
      content: { ...planContent, titration: { stepMgPerKg: 0.1, maxMgPerKg: 1.2 } },
    });
    expect(titrationAbove.json().detail).toMatch(/titration maximum 1.2 mg\/kg/);
    const withReason = await as.prescriber.post(`/patients/${patientId}/plans`, {
      content: { ...planContent, startMgPerKg: 1, titration: { stepMgPerKg: 0.1, maxMgPerKg: 1 }, infusionMinutes: 60 },
      overrideReason: 'Partial responder at 0.75 mg/kg in a previous clinic; infusion over 60 min',
    });
    expect(withReason.statusCode).toBe(201);
    // 1 mg/kg × 80 kg = 80 mg (> 75 mg); over 60 min the rate is exactly the 1 mg/kg/h limit, not above it.
    expect(withReason.json().derived.exceededLimits.map((l: { limit: string }) => l.limit)).toEqual([
      'max_mg_per_kg',
      'max_total_mg',
    ]);
    expect(withReason.json().overrideReason).toMatch(/Partial responder/);
  });

  it('needs height, weight and sex on the chart; a bad plan names the field', async () => {
    const patientId = await newPatient(clinic);
    const missing = await as.prescriber.post(`/patients/${patientId}/plans`, { content: planContent });
    expect(missing.json()).toMatchObject({
      code: 'plan_measurements_missing',
      details: { missing: ['weight', 'height', 'sex assigned at birth'] },
    });
    await measure(clinic, patientId);
    const im = await as.prescriber.post(`/patients/${patientId}/plans`, { content: { ...planContent, route: 'IM' } });
    expect(im.json().errors[0]).toEqual({
      path: '/body/content/infusionMinutes',
      message: 'Leave the infusion duration empty for IM',
    });
    const fourWeeks = await as.prescriber.post(`/patients/${patientId}/plans`, {
      content: { ...planContent, induction: { ...planContent.induction, sessions: 12 } },
    });
    expect(fourWeeks.json().errors[0].path).toBe('/body/content/induction/sessions');
    expect((await as.coordinator.post(`/patients/${patientId}/plans`, { content: planContent })).statusCode).toBe(403);
  });
});

describe('esketamine (intranasal) plans', () => {
  const { conditions, induction, maintenance, outcome, stopRule } = planContent;
  const esketamine = { conditions, induction, maintenance, outcome, stopRule, route: 'IN', startMg: 56, maxMg: 84 };

  it('a prescriber writes and signs a 56 mg plan rising to 84 mg: devices, no weight basis, 2-hour REMS chair time', async () => {
    const patientId = await newPatient(clinic);
    await measure(clinic, patientId, 80, 175);
    await signedAssessment(clinic, patientId);
    await signedConsent(
      clinic,
      patientId,
      (await as.admin.get('/consent-templates')).json().items[0].currentVersion.id,
    );
    const draft = await as.prescriber.post(`/patients/${patientId}/plans`, { content: esketamine });
    expect(draft.statusCode, draft.body).toBe(201);
    const plan = draft.json();
    expect(plan.content).toEqual(esketamine);
    expect(plan.derived).toMatchObject({
      esketamine: { startMg: 56, startDevices: 2, maxMg: 84, maxDevices: 3 },
      exceededLimits: [],
      appointmentMinutes: 150,
    });
    expect(plan.derived.startDose).toBeUndefined();
    expect(plan.derived.series.sessions).toHaveLength(6);
    const signed = await as.prescriber.post(`/patients/${patientId}/plans/${plan.id}/sign`, { version: plan.version });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'signed' });
    const one = (await as.nurse.get(`/patients/${patientId}/plans/${plan.id}`)).json();
    expect(one.content).toMatchObject({ route: 'IN', startMg: 56, maxMg: 84 });
    const schedule = (await as.coordinator.get(`/patients/${patientId}/plans/${plan.id}`)).json();
    expect(schedule).toMatchObject({ scheduleOnly: true, schedule: { route: 'IN', appointmentMinutes: 150 } });
    expect(JSON.stringify(schedule)).not.toContain('startMg');
    const chart = (await as.prescriber.get(`/patients/${patientId}`)).json();
    expect(chart.timeline.map((e: { summary: string }) => e.summary)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Intranasal esketamine \(IN\) 56 mg \(2 devices of 28 mg\)/)]),
    );

    // The plan opens an esketamine session (its devices and REMS: test/http/session-esketamine.test.ts).
    const checkIn = await clinic.t.app.inject({
      method: 'POST',
      url: '/api/v1/sessions',
      headers: { ...as.nurse.headers, 'idempotency-key': `esk-${patientId}` },
      payload: { patientId },
    });
    expect(checkIn.statusCode, checkIn.body).toBe(201);
    expect(checkIn.json()).toMatchObject({ route: 'IN', planId: plan.id });
  });

  it.each([
    [{ startMg: 57 }, '/body/content/startMg'],
    [{ startMg: 28, maxMg: 56 }, '/body/content/startMg'],
    [{ maxMg: 112 }, '/body/content/maxMg'],
    [{ startMg: 84, maxMg: 56 }, '/body/content/maxMg'],
  ])('refuses a dose that is not 56 or 84 mg by device: %o', async (patch, path) => {
    const patientId = await newPatient(clinic);
    await measure(clinic, patientId);
    const res = await as.prescriber.post(`/patients/${patientId}/plans`, { content: { ...esketamine, ...patch } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    expect((await as.prescriber.get(`/patients/${patientId}/plans`)).json().items).toEqual([]);
  });

  it('refuses a weight-based or infusion field on an esketamine plan, and "56" as text', async () => {
    const patientId = await newPatient(clinic);
    await measure(clinic, patientId);
    for (const extra of [
      { startMgPerKg: 0.5 },
      { weightBasis: 'actual' },
      { infusionMinutes: 40 },
      { startMg: '56' },
    ]) {
      const res = await as.prescriber.post(`/patients/${patientId}/plans`, { content: { ...esketamine, ...extra } });
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expect(res.json().errors.length).toBeGreaterThan(0);
    }
    expect((await as.nurse.post(`/patients/${patientId}/plans`, { content: esketamine })).statusCode).toBe(403);
  });
});

describe('protocol versions', () => {
  it('starts from the defaults as version 1; an admin saves version 2; documents keep the version they used', async () => {
    const patientId = await newPatient(clinic);
    const first = await as.prescriber.post(`/patients/${patientId}/assessments`, { input: cleanInput });
    const list = (await as.prescriber.get('/protocols')).json();
    expect(list.current).toMatchObject({ number: 1, label: 'ketaclinic-default-2026.2' });
    const protocol = {
      ...list.current.protocol,
      benzodiazepineMaxLorazepamMgPerDay: {
        value: 1,
        source: 'Clinic policy: stricter benzodiazepine limit',
        verified: false,
      },
    };
    expect(
      (await as.prescriber.post('/protocols', { protocol, changeNote: 'Stricter benzo limit', basedOnNumber: 1 }))
        .statusCode,
    ).toBe(403);
    const saved = await as.admin.post('/protocols', { protocol, changeNote: 'Stricter benzo limit', basedOnNumber: 1 });
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ number: 2, label: 'clinic-v2', createdBy: { id: clinic.users.admin.id } });
    const stale = await as.admin.post('/protocols', { protocol, changeNote: 'From an old screen', basedOnNumber: 1 });
    expect(stale.json().code).toBe('stale_version');
    const invalid = await as.admin.post('/protocols', {
      protocol: {
        ...protocol,
        doseLimits: { ...protocol.doseLimits, IV: { ...protocol.doseLimits.IV, maxMgPerKg: -1 } },
      },
      changeNote: 'oops',
      basedOnNumber: 2,
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors[0].path).toMatch(/^\/protocol\/doseLimits\/IV\/maxMgPerKg/);

    const second = await as.prescriber.post(`/patients/${patientId}/assessments`, {
      input: { ...cleanInput, benzodiazepineLorazepamEqMgPerDay: 1.5 },
    });
    expect(second.json()).toMatchObject({ protocol: { number: 2 }, result: { decision: 'eligible_with_clearance' } });
    expect(
      (await as.prescriber.get(`/patients/${patientId}/assessments/${first.json().id}`)).json().protocol.number,
    ).toBe(1);
  });
});

describe('the database as a second wall', () => {
  it('refuses to change or delete a signed consent except to withdraw it once, and a signed plan except to supersede it', async () => {
    const patientId = await newPatient(clinic);
    await measure(clinic, patientId);
    await signedAssessment(clinic, patientId);
    const consent = await signedConsent(
      clinic,
      patientId,
      (await as.admin.get('/consent-templates')).json().items[0].currentVersion.id,
    );
    const pool = clinic.t.db.pool;
    await expect(
      pool.query("UPDATE consents SET signed_name = 'Someone Else' WHERE id = $1", [consent.id]),
    ).rejects.toThrow(/only be withdrawn/);
    await expect(pool.query('DELETE FROM consents WHERE id = $1', [consent.id])).rejects.toThrow(/only be withdrawn/);
    const draft = (await as.prescriber.post(`/patients/${patientId}/plans`, { content: planContent })).json();
    await as.prescriber.post(`/patients/${patientId}/plans/${draft.id}/sign`, { version: draft.version });
    await expect(
      pool.query("UPDATE treatment_plans SET override_reason = 'later' WHERE id = $1", [draft.id]),
    ).rejects.toThrow(/signed and cannot be changed/);
    await expect(pool.query('DELETE FROM treatment_plans WHERE id = $1', [draft.id])).rejects.toThrow(
      /signed and cannot be changed/,
    );
  });
});
