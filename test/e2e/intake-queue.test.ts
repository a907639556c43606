import { describe, expect, it, onTestFinished } from 'vitest';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { urgentIntake, validIntake, withPath } from '../http/intake-fixtures.js';
import { browserSignIn, chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startIntakeServer } from './intake-server.js';

/** Chromium logs a 401 from "who am I?" before sign-in as a console error; it is the expected answer. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));

describe.skipIf(!chromiumPath)('the intake queue in the staff console', async () => {
  const browser = await launchBrowser();
  const coordinator = demoAccounts.find((a) => a.roles.includes('coordinator'))!;

  /**
   * The demo clinic with a routine and an urgent request in its queue, started afresh for each attempt: a retry on
   * CI (vitest.config.ts) must not meet the request the attempt before it assigned, annotated or converted.
   */
  async function startQueue() {
    const server = await startIntakeServer(onTestFinished);
    const { url } = server;
    async function submit(body: Record<string, unknown>): Promise<string> {
      const res = await fetch(`${url}/api/v1/intake`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { reference: string }).reference;
    }
    const page0 = await (await fetch(`${url}/get-started`)).text();
    const token = /data-form-token="([^"]+)"/.exec(page0)![1]!;
    const routine = await submit(validIntake(token));
    const urgent = await submit(urgentIntake(withPath(validIntake(token), 'contact.givenName', 'Robin')));
    return { db: server.db, signIn: browserSignIn(server).signIn, routine, urgent };
  }

  it('a coordinator sees urgent requests first and converts an intake into a patient', async () => {
    const { db, signIn, routine, urgent } = await startQueue();
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    await signIn(page, coordinator, { path: '/app/intake', landing: 'Intake queue' });
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Intake queue' }).count()).resolves.toBe(1);

    const rows = page.locator('table.intake-queue tbody tr');
    await rows.first().waitFor();
    await expect(rows.nth(0).textContent()).resolves.toContain(urgent);
    await expect(rows.nth(0).textContent()).resolves.toContain('Urgent');
    await expect(rows.nth(0).textContent()).resolves.toContain('C-SSRS screener: moderate risk');
    await expect(rows.nth(1).textContent()).resolves.toContain(routine);
    await expect(rows.nth(1).textContent()).resolves.toContain('PHQ-9 10/27 Moderate');
    await expect(rows.nth(1).textContent()).resolves.toContain('Blood pressure may be uncontrolled (not sure)');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await rows.nth(1).getByRole('link', { name: 'Alex Example' }).click();
    await page.getByRole('heading', { level: 1, name: 'Alex Example' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByText('Assigned to you').waitFor();
    await page.getByLabel('Add a note').fill('Called, booked an assessment.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Called, booked an assessment.').waitFor();
    await page.getByRole('button', { name: 'Convert to patient' }).click();
    await page.getByRole('button', { name: 'Yes, create the patient record' }).click();
    await page.getByRole('heading', { name: 'Patient record created' }).waitFor();
    await expect(page.getByText(/Medical record number \d{6}\./).count()).resolves.toBe(1);

    const patient = (
      await db.pool.query(
        'SELECT p.given_name, p.status, i.status AS intake_status FROM intakes i JOIN patients p ON p.id = i.patient_id WHERE i.reference = $1',
        [routine],
      )
    ).rows[0];
    expect(patient).toEqual({ given_name: 'Alex', status: 'intake', intake_status: 'converted' });
    expect(
      (
        await db.pool.query(
          "SELECT count(*)::int AS n FROM audit_log WHERE action IN ('intake.list', 'intake.read', 'intake.convert')",
        )
      ).rows[0].n,
    ).toBeGreaterThanOrEqual(3);
    expect(unexpected(errors)).toEqual([]);
  });
});
