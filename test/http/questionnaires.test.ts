import { describe, expect, it } from 'vitest';
import { sendQuestionnaireReminders } from '../../src/app/questionnaires/reminders.js';
import { escalateAlerts } from '../../src/app/questionnaires/safety-alerts.js';
import { materialiseAll } from '../../src/app/questionnaires/schedule.js';
import { createUser, signIn } from '../setup/identity.js';
import { caller, measure, planContent, signedAssessment, signedConsent } from './chart-fixtures.js';
import { scheduleClinic } from './schedule-fixtures.js';

/**
 * Questionnaires between visits and safety alerts (issue 17): the plan's schedule (prescribers edit it),
 * assignments written once, the patient's portal (one answer at a time, submit, scored), bad input, the
 * urgent task a risky answer raises, its acknowledgement, resolution and escalation, reminders sent once
 * by two servers, and the overdue list.
 */
const clinic = await scheduleClinic('Questionnaire Clinic');
const { as, t, users } = clinic;
const pool = t.db.pool;
const patientId = users.patient.patientId!;
const mail = { smtp: false, publicUrl: 'http://clinic.example.test' };
const HOUR = 3_600_000;

// The portal patient gets a signed plan and a booked induction series: Mon 30 Nov – Fri 11 Dec 2026, 10:00 New York.
await measure(clinic, patientId);
await signedAssessment(clinic, patientId);
await signedConsent(clinic, patientId, clinic.templateVersionId);
{
  const draft = await as.prescriber.post(`/patients/${patientId}/plans`, { content: planContent });
  const signed = await as.prescriber.post(`/patients/${patientId}/plans/${draft.json().id}/sign`, {
    version: draft.json().version,
  });
  if (signed.statusCode !== 200) throw new Error(signed.body);
  const proposal = await as.coordinator.post('/schedule/series/proposal', { patientId, locationId: clinic.locationId });
  const sessions = proposal.json().sessions.map((s: { date: string; startTime: string; chair: { id: string } }) => ({
    date: s.date,
    startTime: s.startTime,
    chairId: s.chair.id,
  }));
  const booked = await clinic.postAs(
    'coordinator',
    '/schedule/series',
    { patientId, locationId: clinic.locationId, sessions },
    { 'idempotency-key': 'q-series' },
  );
  if (booked.statusCode !== 201) throw new Error(booked.body);
}

const count = async (sql: string, params: unknown[] = []) =>
  (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) x`, params)).rows[0]!.n;
const moveTo = async (iso: string) => {
  t.clock.advance(new Date(iso).getTime() - t.clock.now.getTime());
  await clinic.refresh();
};
const answersFor = (instrument: 'phq9' | 'gad7', values: number[]) =>
  values.map((value, i) => ({ itemId: `${instrument}_${i + 1}`, value }));
async function answerAll(id: string, answers: { itemId: string; value: number }[]) {
  for (const a of answers) {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/portal/questionnaires/${id}/answers/${a.itemId}`,
      headers: as.patient.headers,
      payload: { value: a.value },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
}
const put = (who: keyof typeof as, url: string, payload: unknown) =>
  t.app.inject({ method: 'PUT', url: `/api/v1${url}`, headers: as[who].headers, payload: payload as object });

describe('the questionnaire schedule of the plan', () => {
  it('reads as the defaults (version 0) with the next points; only prescribers edit it, with optimistic concurrency', async () => {
    const read = await as.nurse.get(`/patients/${patientId}/questionnaire-schedule`);
    expect(read.statusCode, read.body).toBe(200);
    const schedule = read.json();
    expect(schedule).toMatchObject({
      version: 0,
      isDefault: true,
      settings: { instrumentIds: ['phq9'], afterInductionWeeks: [1, 2, 4, 8], maintenanceEveryWeeks: 2 },
    });
    expect(schedule.upcoming.filter((p: { reason: string }) => p.reason === 'pre_session')).toHaveLength(6);
    expect((await as.coordinator.get(`/patients/${patientId}/questionnaire-schedule`)).statusCode).toBe(403);

    const settings = { ...schedule.settings, instrumentIds: ['phq9', 'gad7'] };
    expect(
      (await put('nurse', `/patients/${patientId}/questionnaire-schedule`, { settings, version: 0 })).statusCode,
    ).toBe(403);
    const bad = await put('prescriber', `/patients/${patientId}/questionnaire-schedule`, {
      settings: { ...settings, afterInductionWeeks: [0] },
      version: 0,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toContainEqual(expect.objectContaining({ path: '/afterInductionWeeks/0' }));
    const saved = await put('prescriber', `/patients/${patientId}/questionnaire-schedule`, { settings, version: 0 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 1, isDefault: false, settings: { instrumentIds: ['phq9', 'gad7'] } });
    const stale = await put('prescriber', `/patients/${patientId}/questionnaire-schedule`, { settings, version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale_version');
    expect(
      await count(`SELECT 1 FROM audit_log WHERE action = 'questionnaires.schedule_update' AND patient_id = $1`, [
        patientId,
      ]),
    ).toBe(1);
  });
});

describe('the patient fills in questionnaires in the portal', () => {
  let phq9Id = '';
  it('lists those open (PHQ-9 and GAD-7 before the first session), written once however often it is asked', async () => {
    await moveTo('2026-11-28T12:00:00Z');
    const list = await as.patient.get('/portal/questionnaires');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { id: string; instrumentId: string; state: string; questions: number }[];
    expect(items.map((i) => [i.instrumentId, i.state])).toEqual([
      ['gad7', 'open'],
      ['phq9', 'open'],
    ]);
    phq9Id = items.find((i) => i.instrumentId === 'phq9')!.id;
    const rows = await count('SELECT 1 FROM questionnaire_assignments WHERE patient_id = $1', [patientId]);
    await as.patient.get('/portal/questionnaires');
    expect(await materialiseAll(pool, t.clock.now)).toBe(0);
    expect(await count('SELECT 1 FROM questionnaire_assignments WHERE patient_id = $1', [patientId])).toBe(rows);
    expect((await as.nurse.get('/portal/questionnaires')).statusCode).toBe(403);
  });

  it('refuses answers out of range, of another kind or for another question, and changes nothing', async () => {
    for (const [itemId, value, path] of [
      ['phq9_1', 4, '/value'],
      ['phq9_1', -1, '/value'],
      ['phq9_1', 1.5, '/value'],
      ['phq9_1', true, '/value'],
      ['gad7_1', 1, '/itemId'],
    ] as const) {
      const res = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/portal/questionnaires/${phq9Id}/answers/${itemId}`,
        headers: as.patient.headers,
        payload: { value },
      });
      expect(res.statusCode, `${itemId}=${String(value)}`).toBe(400);
      expect(res.json().errors[0].path).toBe(path);
    }
    const open = await as.patient.get(`/portal/questionnaires/${phq9Id}`);
    expect(open.json()).toMatchObject({ draftAnswers: {}, status: 'assigned' });
  });

  it('keeps each answer on the server (resumable), refuses an incomplete submission, scores a complete one', async () => {
    await answerAll(phq9Id, answersFor('phq9', [2, 2, 1, 2]));
    const resumed = await as.patient.get(`/portal/questionnaires/${phq9Id}`);
    expect(resumed.json()).toMatchObject({ status: 'in_progress', answered: 4, draftAnswers: { phq9_4: 2 } });
    const incomplete = await as.patient.post(`/portal/questionnaires/${phq9Id}/submit`);
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().code).toBe('answers_invalid');
    expect(await count('SELECT 1 FROM questionnaire_results WHERE patient_id = $1', [patientId])).toBe(0);

    await answerAll(phq9Id, answersFor('phq9', [2, 2, 1, 2, 1, 1, 1, 2, 0]));
    const sent = await as.patient.post(`/portal/questionnaires/${phq9Id}/submit`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({
      total: 12,
      severity: { id: 'moderate' },
      safetyAlert: false,
      assignment: { status: 'completed', state: 'completed' },
      explanation: { headline: 'Your score is 12 out of 27' },
    });
    const stored = await pool.query(`SELECT source, context, total FROM questionnaire_results WHERE patient_id = $1`, [
      patientId,
    ]);
    expect(stored.rows).toEqual([{ source: 'portal', context: 'pre_session', total: 12 }]);
  });

  it('refuses to resubmit or change a sent questionnaire (409), and nothing changes', async () => {
    const again = await as.patient.post(`/portal/questionnaires/${phq9Id}/submit`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('questionnaire_completed');
    const change = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/portal/questionnaires/${phq9Id}/answers/phq9_1`,
      headers: as.patient.headers,
      payload: { value: 0 },
    });
    expect(change.statusCode).toBe(409);
    expect(await count('SELECT 1 FROM questionnaire_results WHERE patient_id = $1', [patientId])).toBe(1);
  });

  it("answers 404 to another patient opening, answering or submitting this patient's questionnaire", async () => {
    const other = await createUser(pool, {
      organizationId: clinic.organizationId,
      email: 'someone.else@patients.example.org',
      kind: 'patient',
    });
    const otherAs = caller(t, await signIn(t, other));
    const gad7 = (await as.patient.get('/portal/questionnaires'))
      .json()
      .items.find((i: { instrumentId: string }) => i.instrumentId === 'gad7');
    expect((await otherAs.get(`/portal/questionnaires/${gad7.id}`)).statusCode).toBe(404);
    const answer = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/portal/questionnaires/${gad7.id}/answers/gad7_1`,
      headers: otherAs.headers,
      payload: { value: 3 },
    });
    expect(answer.statusCode).toBe(404);
    expect((await otherAs.post(`/portal/questionnaires/${gad7.id}/submit`)).statusCode).toBe(404);
    expect((await as.patient.get(`/portal/questionnaires/${gad7.id}`)).json().draftAnswers).toEqual({});
    expect((await otherAs.get('/portal/questionnaires')).json().items).toEqual([]);
  });
});

describe('safety alerts', () => {
  let alertId = '';
  it('PHQ-9 item 9 above 0 raises an urgent task for the prescriber at once (console and email, no patient data in the email)', async () => {
    // Before session 2 (Wed 2 Dec 10:00): its PHQ-9 opened 72 h before.
    await moveTo('2026-11-30T18:00:00Z');
    const item = (await as.patient.get('/portal/questionnaires'))
      .json()
      .items.find((i: { instrumentId: string; state: string }) => i.instrumentId === 'phq9' && i.state === 'open');
    await answerAll(item.id, answersFor('phq9', [3, 3, 2, 2, 2, 2, 2, 2, 2]));
    const sent = await as.patient.post(`/portal/questionnaires/${item.id}/submit`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().safetyAlert).toBe(true);

    const counts = await as.nurse.get('/safety-alerts/counts');
    expect(counts.json()).toEqual({ open: 1, acknowledged: 0 });
    expect((await as.coordinator.get('/safety-alerts/counts')).statusCode).toBe(403);
    const list = (await as.prescriber.get('/safety-alerts')).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      patientId,
      reasons: ['phq9_item9'],
      status: 'open',
      assignedUserId: users.prescriber.id,
      instrumentId: 'phq9',
    });
    alertId = list[0].id;
    // First on the worklist, with a label for every code.
    const worklist = (await as.prescriber.get('/worklist')).json().sections;
    expect(worklist[0]).toMatchObject({ id: 'safety_alerts', urgent: true, count: 1 });
    expect(worklist[0].items[0]).toMatchObject({
      path: `/alerts/${alertId}`,
      detail: 'Not yet acknowledged: PHQ-9 item 9: thoughts of being better off dead or of self-harm',
    });
    const emails = await pool.query<{ to_address: string; body_text: string; subject: string }>(
      `SELECT to_address, subject, body_text FROM email_outbox WHERE kind = 'safety_alert'`,
    );
    expect(emails.rows.map((e) => e.to_address)).toEqual([users.prescriber.email]);
    expect(emails.rows[0]!.body_text).toContain(`/app/alerts/${alertId}`);
    expect(`${emails.rows[0]!.subject} ${emails.rows[0]!.body_text}`).not.toMatch(/Test Patient|PHQ|item 9/i);
  });

  it('is acknowledged (once, current version) and resolved with a documented action by a clinician only', async () => {
    const alert = (await as.prescriber.get(`/safety-alerts/${alertId}`)).json();
    expect(
      (await as.coordinator.post(`/safety-alerts/${alertId}/acknowledge`, { version: alert.version })).statusCode,
    ).toBe(403);
    expect((await as.admin.post(`/safety-alerts/${alertId}/acknowledge`, { version: alert.version })).statusCode).toBe(
      403,
    );
    const early = await as.prescriber.post(`/safety-alerts/${alertId}/resolve`, {
      version: alert.version,
      action: 'called_patient_safe',
      note: 'Called.',
    });
    expect(early.statusCode).toBe(409);
    const stale = await as.prescriber.post(`/safety-alerts/${alertId}/acknowledge`, {
      version: (alert.version as number) + 5,
    });
    expect(stale.statusCode).toBe(409);
    const ack = await as.prescriber.post(`/safety-alerts/${alertId}/acknowledge`, { version: alert.version });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedByName: 'Prescriber Test' });
    const twice = await as.nurse.post(`/safety-alerts/${alertId}/acknowledge`, { version: ack.json().version });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('safety_alert_state');

    const noNote = await as.prescriber.post(`/safety-alerts/${alertId}/resolve`, {
      version: ack.json().version,
      action: 'called_patient_safe',
      note: '  ',
    });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().errors[0].path).toBe('/note');
    const badAction = await as.prescriber.post(`/safety-alerts/${alertId}/resolve`, {
      version: ack.json().version,
      action: 'ignored',
      note: 'x',
    });
    expect(badAction.statusCode).toBe(400);
    const resolved = await as.prescriber.post(`/safety-alerts/${alertId}/resolve`, {
      version: ack.json().version,
      action: 'called_patient_safe',
      note: 'Called at 13:10; passive thoughts, no plan or intent. Safety plan reviewed; seen Wednesday.',
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolutionAction: 'called_patient_safe' });
    const audited = await pool.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE resource_id = $1 ORDER BY id`,
      [alertId],
    );
    expect(audited.rows.map((r) => r.action)).toEqual([
      'safety_alerts.raise',
      'safety_alerts.read',
      'safety_alerts.acknowledge',
      'safety_alerts.resolve',
    ]);
    expect((await as.nurse.get('/safety-alerts/counts')).json()).toEqual({ open: 0, acknowledged: 0 });
  });

  it('escalates an unacknowledged alert after the clinic’s time, once, even with two servers running the job', async () => {
    const resultId = (
      await pool.query<{ id: string }>(
        'SELECT id FROM questionnaire_results WHERE patient_id = $1 ORDER BY completed_at LIMIT 1',
        [patientId],
      )
    ).rows[0]!.id;
    const raisedAt = new Date('2026-12-01T12:00:00Z');
    const alert = await pool.query<{ id: string }>(
      `INSERT INTO safety_alerts (organization_id, patient_id, result_id, reasons, assigned_user_id, raised_at)
       VALUES ($1, $2, $3, '{phq9_item9}', $4, $5) RETURNING id`,
      [clinic.organizationId, patientId, resultId, users.prescriber.id, raisedAt],
    );
    const id = alert.rows[0]!.id;
    expect(await escalateAlerts(pool, new Date(raisedAt.getTime() + 29 * 60_000), mail)).toBe(0);
    const at30 = new Date(raisedAt.getTime() + 30 * 60_000);
    const [a, b] = await Promise.all([escalateAlerts(pool, at30, mail), escalateAlerts(pool, at30, mail)]);
    expect(a + b).toBe(1);
    expect(await escalateAlerts(pool, new Date(at30.getTime() + HOUR), mail)).toBe(0);
    const sent = await pool.query<{ to_address: string }>(
      `SELECT to_address FROM email_outbox WHERE kind = 'safety_alert_escalation' ORDER BY to_address`,
    );
    // The clinic's admin; the assigned prescriber is the one who did not answer.
    expect(sent.rows.map((r) => r.to_address)).toEqual([users.admin.email]);
    const row = await pool.query('SELECT escalated_at, escalated_to_user_ids FROM safety_alerts WHERE id = $1', [id]);
    expect(row.rows[0]).toMatchObject({ escalated_at: at30, escalated_to_user_ids: [users.admin.id] });

    // An acknowledged alert never escalates; the time is a clinic setting (admins).
    expect((await put('nurse', '/safety-alert-settings', { minutes: 10 })).statusCode).toBe(403);
    expect((await put('admin', '/safety-alert-settings', { minutes: 2 })).statusCode).toBe(400);
    expect((await put('admin', '/safety-alert-settings', { minutes: 10 })).json()).toEqual({ minutes: 10 });
    const second = await pool.query<{ id: string }>(
      `WITH r AS (
         INSERT INTO questionnaire_results (organization_id, patient_id, instrument_id, instrument_version, answers, completed_at, source)
         VALUES ($4, $1, 'phq9', '1', '{}', $2, 'portal') RETURNING id, organization_id, patient_id)
       INSERT INTO safety_alerts (organization_id, patient_id, result_id, reasons, raised_at, status, acknowledged_at, acknowledged_by_user_id)
       SELECT organization_id, patient_id, id, '{phq9_item9}', $2, 'acknowledged', $2, $3 FROM r RETURNING id`,
      [patientId, raisedAt, users.nurse.id, clinic.organizationId],
    );
    expect(second.rowCount).toBe(1);
    expect(await escalateAlerts(pool, new Date(raisedAt.getTime() + 5 * HOUR), mail)).toBe(0);
  });
});

describe('reminders and the overdue list', () => {
  it('queues one reminder per patient for what opened, once, even when two servers run at the same moment', async () => {
    const now = t.clock.now;
    const [a, b] = await Promise.all([
      sendQuestionnaireReminders(pool, now, mail),
      sendQuestionnaireReminders(pool, now, mail),
    ]);
    expect(a + b).toBe(1);
    expect(await sendQuestionnaireReminders(pool, now, mail)).toBe(0);
    const emails = await pool.query<{ subject: string; body_text: string; to_address: string }>(
      `SELECT subject, body_text, to_address FROM email_outbox WHERE kind = 'questionnaire_reminder'`,
    );
    expect(emails.rows).toHaveLength(1);
    expect(emails.rows[0]!.to_address).toBe(users.patient.email);
    expect(emails.rows[0]!.body_text).toContain('http://clinic.example.test/portal/questionnaires');
    expect(`${emails.rows[0]!.subject} ${emails.rows[0]!.body_text}`).not.toMatch(/PHQ|GAD|depress|anxi|ketamine/i);
  });

  it('lists the patient as overdue once a questionnaire is past its due time (clinicians only)', async () => {
    // Session 2 starts Wed 2 Dec 15:00Z; its GAD-7 is still unanswered.
    await moveTo('2026-12-02T16:00:00Z');
    expect((await as.coordinator.get('/questionnaires/overdue')).statusCode).toBe(403);
    const res = await as.nurse.get('/questionnaires/overdue');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().count).toBe(1);
    expect(res.json().items[0]).toMatchObject({ patientId, instrumentIds: ['gad7'] });
  });
});

describe('the C-SSRS screener from the portal', () => {
  it('at high risk raises an urgent task (reasons: cssrs_high), skip logic respected', async () => {
    const current = (await as.prescriber.get(`/patients/${patientId}/questionnaire-schedule`)).json();
    const saved = await put('prescriber', `/patients/${patientId}/questionnaire-schedule`, {
      settings: { ...current.settings, instrumentIds: ['phq9', 'gad7', 'cssrs_screener'] },
      version: current.version,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const item = (await as.patient.get('/portal/questionnaires'))
      .json()
      .items.find((i: { instrumentId: string }) => i.instrumentId === 'cssrs_screener');
    // The one before session 2 (overdue, still open today) comes first.
    expect(item).toMatchObject({ state: 'overdue', questions: 7 });
    const answer = (itemId: string, value: boolean) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/portal/questionnaires/${item.id}/answers/${itemId}`,
        headers: as.patient.headers,
        payload: { value },
      });
    expect((await answer('cssrs_1', 1 as unknown as boolean)).statusCode).toBe(400);
    for (const [itemId, value] of [
      ['cssrs_1', true],
      ['cssrs_2', true],
      ['cssrs_3', true],
      ['cssrs_4', true],
      ['cssrs_5', false],
      ['cssrs_6_lifetime', false],
    ] as const)
      expect((await answer(itemId, value)).statusCode).toBe(200);
    const sent = await as.patient.post(`/portal/questionnaires/${item.id}/submit`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ safetyAlert: true, total: null, severity: { id: 'high' } });
    const alerts = (await as.nurse.get('/safety-alerts')).json().items as { reasons: string[]; status: string }[];
    expect(alerts.find((a) => a.reasons.includes('cssrs_high'))).toMatchObject({ status: 'open' });

    // The next one: Q3 answered "yes", then Q2 changed back to "no". Q3 is no longer asked, so it is
    // dropped at submission (low risk, no alert) rather than refused.
    const next = (await as.patient.get('/portal/questionnaires'))
      .json()
      .items.find(
        (i: { instrumentId: string; state: string }) => i.instrumentId === 'cssrs_screener' && i.state === 'open',
      );
    for (const [itemId, value] of [
      ['cssrs_1', true],
      ['cssrs_2', true],
      ['cssrs_3', true],
      ['cssrs_2', false],
      ['cssrs_6_lifetime', false],
    ] as const) {
      const res = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/portal/questionnaires/${next.id}/answers/${itemId}`,
        headers: as.patient.headers,
        payload: { value },
      });
      expect(res.statusCode).toBe(200);
    }
    const low = await as.patient.post(`/portal/questionnaires/${next.id}/submit`);
    expect(low.statusCode, low.body).toBe(200);
    expect(low.json()).toMatchObject({ safetyAlert: false, severity: { id: 'low' } });
  });
});
