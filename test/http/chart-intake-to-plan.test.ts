import { describe, expect, it } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { createIdentityTestApp, signIn } from '../setup/identity.js';
import { caller, cleanInput, planContent } from './chart-fixtures.js';
import { formTokenFrom, validIntake } from './intake-fixtures.js';

/**
 * Issue 6, "done when": in the demo clinic a prescriber takes an intake from the queue to an eligible
 * patient with signed consent and a signed induction plan — all on the chart's timeline, every step audited.
 */
const t = await createIdentityTestApp({
  env: { KETACLINIC_INTAKE_MIN_FILL_SECONDS: '0', KETACLINIC_INTAKE_RATE_LIMIT: '1000' },
});
const setup = await t.db.client();
const { organizationId } = await loadDemoClinic(setup);
await setup.end();
const account = demoAccounts.find((a) => a.roles.includes('prescriber'))!;
const userId = (await t.db.pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [account.email]))
  .rows[0]!.id;
const rx = caller(
  t,
  await signIn(t, {
    id: userId,
    email: account.email,
    password: account.password,
    organizationId,
    totpSecret: account.totpSecret,
    patientId: null,
  }),
);

describe('from the intake queue to a signed induction plan', () => {
  it('converts, assesses, consents and signs, with the timeline and the audit log to show for it', async () => {
    const submitted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/intake',
      payload: validIntake(await formTokenFrom(t.app)),
    });
    expect(submitted.statusCode).toBe(201);
    const queue = (await rx.get('/intakes')).json<{ items: { id: string; reference: string; version: number }[] }>()
      .items;
    const intake = queue.find((i) => i.reference === submitted.json().reference)!;
    const converted = await rx.post(`/intakes/${intake.id}/convert`, {
      requestAssessment: true,
      version: intake.version,
    });
    expect(converted.statusCode).toBe(201);
    const patientId = converted.json().patientId as string;

    const chart = (await rx.get(`/patients/${patientId}`)).json();
    expect(chart.patient).toMatchObject({ givenName: 'Alex', familyName: 'Example', status: 'intake' });
    // The intake's scores are part of the questionnaire history, with bands.
    expect(
      chart.questionnaires.map(
        (q: { instrumentId: string; source: string; severity: { label: string } }) =>
          `${q.instrumentId} ${q.source} ${q.severity.label}`,
      ),
    ).toEqual(expect.arrayContaining(['phq9 intake Moderate', 'gad7 intake Mild']));
    expect(
      (
        await rx.patch(`/patients/${patientId}`, {
          version: chart.patient.version,
          weightKg: 78,
          heightCm: 172,
          sex: 'male',
          companion: { name: 'Sam Example', phone: '(555) 010-0188', relationship: 'Brother' },
        })
      ).statusCode,
    ).toBe(200);

    const draft = (
      await rx.post(`/patients/${patientId}/assessments`, {
        input: { ...cleanInput, benzodiazepineLorazepamEqMgPerDay: 0.5 },
        goals: 'Sleep and work again',
      })
    ).json();
    expect(draft.result.decision).toBe('eligible');
    expect(
      (
        await rx.post(`/patients/${patientId}/assessments/${draft.id}/sign`, {
          decision: 'eligible',
          version: draft.version,
        })
      ).statusCode,
    ).toBe(200);

    const template = (await rx.get('/consent-templates')).json().items[0];
    expect(
      (
        await rx.post(`/patients/${patientId}/consents`, {
          templateVersionId: template.currentVersion.id,
          signedName: 'Alex Example',
          signatureKind: 'drawn',
          signatureDrawing: 'M10 60 L40 20 L70 60',
          confirmed: true,
        })
      ).statusCode,
    ).toBe(201);
    const plan = (await rx.post(`/patients/${patientId}/plans`, { content: planContent })).json();
    const signed = await rx.post(`/patients/${patientId}/plans/${plan.id}/sign`, { version: plan.version });
    expect(signed.json()).toMatchObject({ status: 'signed', number: 1 });
    expect(signed.json().derived.series.sessions).toHaveLength(6);

    const after = (await rx.get(`/patients/${patientId}`)).json();
    expect(after.patient.status).toBe('eligible');
    expect(after.consent.status).toBe('active');
    expect(after.timeline.map((e: { kind: string }) => e.kind).reverse()).toEqual([
      'intake_submitted',
      'intake_converted',
      'chart_updated',
      'status_changed',
      'assessment_started',
      'assessment_signed',
      'status_changed',
      'consent_signed',
      'plan_drafted',
      'plan_signed',
    ]);
    const audit = await t.db.pool.query<{ action: string; actor_user_id: string | null }>(
      'SELECT action, actor_user_id FROM audit_log WHERE patient_id = $1 ORDER BY id',
      [patientId],
    );
    const writes = audit.rows.map((r) => r.action).filter((a) => !a.endsWith('.read') && !a.endsWith('.list'));
    expect(writes).toEqual([
      'intake.convert',
      'patients.update',
      'assessments.create',
      'assessments.sign',
      'consents.sign',
      'plans.create',
      'plans.sign',
    ]);
    expect(audit.rows.every((r) => r.actor_user_id === userId)).toBe(true);
  });
});
