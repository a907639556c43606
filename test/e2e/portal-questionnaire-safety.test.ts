import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAccounts, demoPatientAccount } from '../../src/app/identity/demo-accounts.js';
import { browserSignIn, chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

/**
 * Issue 17's safety alert, in a real browser at phone width: the demo patient answers a PHQ-9 one
 * question per screen (saved as they go), answers item 9 above "Not at all", sends it and sees crisis
 * support on the same screen; the demo prescriber sees the urgent task appear in the console's menu badge
 * within seconds, opens it and acknowledges it. Every page axe clean.
 */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of (401|400)/.test(e));
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
const phone = { viewport: { width: 390, height: 844 }, bypassCSP: true };

describe.skipIf(!chromiumPath)('a suicidal-ideation answer in the portal reaches the prescriber', async () => {
  const server = await startTestServer({ demo: true });
  const { url, db } = server;
  const { signIn } = browserSignIn(server);
  const browser = await launchBrowser();
  const prescriber = demoAccounts.find((a) => a.roles.includes('prescriber'))!;
  // The demo patient has a PHQ-9 open in the portal (a follow-up point of their schedule).
  const patient = await db.pool.query<{ patient_id: string; organization_id: string }>(
    'SELECT patient_id, organization_id FROM users WHERE email = $1',
    [demoPatientAccount.email],
  );
  const { patient_id: patientId, organization_id: organizationId } = patient.rows[0]!;
  /**
   * A fresh open PHQ-9 and no alerts, at the start of each attempt: a retry on CI (vitest.config.ts) must not
   * meet the draft, the result or the alert of the attempt before it.
   */
  const openPhq9 = async (): Promise<void> => {
    await db.pool.query('DELETE FROM safety_alerts WHERE patient_id = $1', [patientId]);
    await db.pool.query('DELETE FROM questionnaire_assignments WHERE patient_id = $1', [patientId]);
    await db.pool.query(
      `INSERT INTO questionnaire_assignments (organization_id, patient_id, key, instrument_id, reason, week, opens_at, due_at, closes_at, created_at, updated_at)
       VALUES ($1, $2, 'phq9:after_induction:1', 'phq9', 'after_induction', 1, now() - interval '1 hour', now() + interval '1 day', now() + interval '4 days', now(), now())`,
      [organizationId, patientId],
    );
  };

  it('patient answers item 9 > 0 → sees crisis support → prescriber sees the urgent task and acknowledges it', async () => {
    await openPhq9();
    const page = await browser.newPage(phone);
    const errors = watchErrors(page);
    await page.goto(`${url}/portal/`, { waitUntil: 'networkidle' });
    await page.getByLabel('Email address').fill(demoPatientAccount.email);
    await page.getByLabel('Password', { exact: true }).fill(demoPatientAccount.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, /Your care at/);
    await page.getByRole('link', { name: /Answer: Patient Health Questionnaire/ }).click();

    // One question per screen; continuing without an answer shows the error summary.
    await heading(page, 'Little interest or pleasure in doing things');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('heading', { level: 2, name: 'There is a problem' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    const answers = [
      'Several days',
      'Several days',
      'Not at all',
      'Several days',
      'Not at all',
      'Several days',
      'Not at all',
      'Not at all',
    ];
    for (const [i, label] of answers.entries()) {
      await page.getByText(`question ${i + 1} of 10`, { exact: false }).waitFor();
      await page.getByLabel(label, { exact: true }).check();
      await page.getByRole('button', { name: 'Save and continue' }).click();
    }
    await page.getByText('question 9 of 10', { exact: false }).waitFor();
    await page.getByLabel('More than half the days', { exact: true }).check();
    // Support right where item 9 is answered, before anything is sent.
    await page.getByRole('heading', { level: 2, name: 'You do not have to wait for help' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    // Saved per answer on the server: the draft survives a reload.
    await page.getByText('question 10 of 10', { exact: false }).waitFor();
    const draft = await db.pool.query<{ draft_answers: Record<string, number> }>(
      'SELECT draft_answers FROM questionnaire_assignments WHERE patient_id = $1',
      [patientId],
    );
    expect(draft.rows[0]!.draft_answers.phq9_9).toBe(2);
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByText('question 10 of 10', { exact: false }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Skip this question' }).click();

    await heading(page, 'Check your answers');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Send your answers' }).click();

    // Crisis support on the same screen as the result, and the care team already told.
    await page.getByRole('heading', { level: 2, name: 'Please talk to someone now' }).waitFor();
    await heading(page, 'Your score is 6 out of 27');
    const support = page.getByRole('alert');
    await expect(support.getByRole('link', { name: 'Call 988' }).getAttribute('href')).resolves.toBe('tel:988');
    await expect(support.getByRole('link', { name: 'Text 988' }).getAttribute('href')).resolves.toBe('sms:988');
    await expect(support.getByRole('link', { name: 'Call 911' }).getAttribute('href')).resolves.toBe('tel:911');
    await support.getByText('We have told your care team.').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Back to your questionnaires' }).click();
    await heading(page, 'Your questionnaires');
    await page.getByText('You have no questionnaires to answer right now.', { exact: false }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Sent recently' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(unexpected(errors)).toEqual([]);

    // The prescriber, on a phone too: the badge in the menu, the task, acknowledged.
    const staff = await browser.newPage(phone);
    const staffErrors = watchErrors(staff);
    await signIn(staff, prescriber);
    const badge = staff.getByTestId('alert-badge');
    await badge.waitFor({ timeout: 10_000 });
    await expect(badge.textContent()).resolves.toBe('1 not acknowledged');
    await staff.getByRole('link', { name: /Safety alerts/ }).click();
    await heading(staff, 'Safety alerts');
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await staff.getByRole('link', { name: 'Arlo Assessworth' }).click();
    await heading(staff, 'Arlo Assessworth');
    await staff.getByText('PHQ-9 item 9: thoughts of being better off dead or of self-harm').waitFor();
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await staff.getByRole('button', { name: 'Acknowledge: I am taking this on' }).click();
    await staff.getByRole('heading', { level: 2, name: 'Alert acknowledged.' }).waitFor();
    await staff.getByRole('heading', { level: 2, name: 'Resolve the alert' }).waitFor();
    await badge.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await seriousAxeViolations(staff)).toEqual([]);
    const row = await db.pool.query<{ status: string }>('SELECT status FROM safety_alerts WHERE patient_id = $1', [
      patientId,
    ]);
    expect(row.rows).toEqual([{ status: 'acknowledged' }]);
    expect(unexpected(staffErrors)).toEqual([]);
  });

  it('a prescriber changes the questionnaire schedule of a plan (phone width, axe clean, versioned)', async () => {
    const planned = await db.pool.query<{ patient_id: string }>(
      // One named demo patient in maintenance (a plan in force, no schedule of its own yet), not "the oldest
      // signed plan": demo plans signed in one transaction share their time, so that pick was not stable.
      `SELECT p.patient_id FROM treatment_plans p JOIN patients pt ON pt.id = p.patient_id
        WHERE p.status = 'signed' AND pt.family_name = 'Maintenby'
          AND NOT EXISTS (SELECT 1 FROM treatment_plans n WHERE n.supersedes_plan_id = p.id AND n.status = 'signed')
        LIMIT 1`,
    );
    const plannedId = planned.rows[0]!.patient_id;
    // The clinic's defaults at the start of each attempt: a retry on CI (vitest.config.ts) must not meet the
    // schedule the attempt before it saved (it would read version 2).
    await db.pool.query('DELETE FROM questionnaire_schedules WHERE patient_id = $1', [plannedId]);
    const staff = await browser.newPage(phone);
    const errors = watchErrors(staff);
    await signIn(staff, prescriber, {
      path: `/app/patients/${plannedId}/questionnaire-schedule`,
      landing: 'Questionnaire schedule',
    });
    await staff.getByText('This plan uses the clinic’s defaults.').waitFor();
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await staff.getByLabel('GAD-7').check();
    await staff.getByLabel('Weeks after the last induction session').fill('1, 2, 4, 8, 12');
    await staff.getByRole('button', { name: 'Save the schedule' }).click();
    await staff.getByRole('heading', { level: 2, name: 'Schedule saved' }).waitFor();
    await staff.getByText(/\(version 1\)/).waitFor();
    expect(await seriousAxeViolations(staff)).toEqual([]);
    const row = await db.pool.query<{ settings: { instrumentIds: string[]; afterInductionWeeks: number[] } }>(
      'SELECT s.settings FROM questionnaire_schedules s JOIN treatment_plans p ON p.id = s.plan_id WHERE p.patient_id = $1',
      [plannedId],
    );
    expect(row.rows[0]!.settings).toMatchObject({
      instrumentIds: ['phq9', 'gad7'],
      afterInductionWeeks: [1, 2, 4, 8, 12],
    });
    expect(unexpected(errors)).toEqual([]);
  });
});
