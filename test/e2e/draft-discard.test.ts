import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { browserSignIn, chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

/**
 * A prescriber starts an assessment by mistake, saves it, then discards the draft: an in-page confirmation,
 * back to the chart with a notice, the draft gone and a line on the timeline; a new assessment can be started.
 * The same for a draft change to a signed treatment plan, which leaves the signed plan the order.
 */
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

describe.skipIf(!chromiumPath)('discarding drafts in the console', async () => {
  const server = await startTestServer({ demo: true });
  const { signIn } = browserSignIn(server);
  const browser = await launchBrowser();
  const prescriber = demoAccounts.find((a) => a.roles.includes('prescriber'))!;
  // Each attempt starts with no draft (a retry on CI must not meet the draft an earlier attempt saved).
  const noDrafts = async (table: 'assessments' | 'treatment_plans', familyName: string): Promise<void> => {
    await server.db.pool.query(
      `DELETE FROM ${table} WHERE status = 'draft' AND patient_id IN (SELECT id FROM patients WHERE family_name = $1)`,
      [familyName],
    );
  };

  it('save a draft, discard it after confirming, start again', async () => {
    await noDrafts('assessments', 'Intakeson');
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    await signIn(page, prescriber, { path: '/app/patients', landing: 'Patients' });
    await page.getByLabel('Name, date of birth or MRN').fill('Intakeson');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Intakeson, Ivy' }).click();
    await heading(page, 'Ivy Intakeson');

    await page.getByRole('link', { name: 'Start an assessment' }).click();
    await heading(page, 'Initial assessment');
    await page.getByLabel('Reading 1: systolic').fill('124');
    await page.getByLabel('Reading 1: diastolic').fill('78');
    await page
      .getByRole('group', { name: /ketamine or phencyclidine/ })
      .getByLabel('No')
      .check();
    // No discarding before there is a draft.
    expect(await page.getByRole('button', { name: 'Discard draft' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Save draft' }).click();
    // The first save gives the draft its address.
    await page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/);

    await page.getByRole('button', { name: 'Discard draft' }).click();
    const confirm = page.getByRole('group', { name: 'Discard this draft?' });
    await confirm.waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    // Cancel keeps it; the second time it goes.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await confirm.count()).toBe(0);
    await page.getByRole('button', { name: 'Discard draft' }).click();
    await page
      .getByRole('group', { name: 'Discard this draft?' })
      .getByRole('button', { name: 'Discard draft' })
      .click();

    await heading(page, 'Ivy Intakeson');
    await page.getByText('Assessment draft discarded.').waitFor();
    expect(await page.getByRole('link', { name: 'Start an assessment' }).count()).toBe(1);
    const events = await server.db.pool.query<{ summary: string }>(
      `SELECT e.summary FROM patient_events e JOIN patients p ON p.id = e.patient_id
        WHERE p.family_name = 'Intakeson' ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1`,
    );
    expect(events.rows[0]?.summary).toBe('Assessment draft discarded');
    const drafts = await server.db.pool.query(
      `SELECT 1 FROM assessments a JOIN patients p ON p.id = a.patient_id WHERE p.family_name = 'Intakeson'`,
    );
    expect(drafts.rowCount).toBe(0);
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await page.close();
  });

  it('a draft change to the signed plan: discarded after confirming, the signed plan stays the order', async () => {
    await noDrafts('treatment_plans', 'Maintenby');
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    await signIn(page, prescriber, { path: '/app/patients', landing: 'Patients' });
    await page.getByLabel('Name, date of birth or MRN').fill('Maintenby');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Maintenby, Milo' }).click();
    await heading(page, 'Milo Maintenby');
    const signedBefore = await server.db.pool.query<{ id: string; number: number }>(
      `SELECT t.id, t.number FROM treatment_plans t JOIN patients p ON p.id = t.patient_id
        WHERE p.family_name = 'Maintenby' AND t.status = 'signed'`,
    );
    expect(signedBefore.rowCount).toBe(1);
    const inForce = signedBefore.rows[0]!;

    await page.getByRole('link', { name: 'Change the plan (new version)' }).click();
    await heading(page, 'New version of the treatment plan');
    // Milo is in maintenance: the new version keeps the induction series that took place, and says so.
    await page.getByText(`The induction series of version ${inForce.number} began on`).waitFor();
    await page.getByText(/^Began \d{2}\/\d{2}\/\d{4}: these are the dates the induction was planned for/).waitFor();
    expect(await page.getByRole('button', { name: 'Discard draft' }).count()).toBe(0);
    await page.getByLabel(`Reason for changing the signed plan (version ${inForce.number})`).fill('Drafted by mistake');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    const next = inForce.number + 1;
    await heading(page, `Treatment plan, version ${next} (draft)`);

    await page.getByRole('button', { name: 'Discard draft' }).click();
    const confirm = page.getByRole('group', { name: `Discard the draft of plan version ${next}?` });
    await confirm.waitFor();
    await confirm.getByText(`Plan version ${inForce.number}, signed, stays the order nurses follow.`).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await confirm.count()).toBe(0);
    await page.getByRole('button', { name: 'Discard draft' }).click();
    await confirm.getByRole('button', { name: 'Discard draft' }).click();

    await heading(page, 'Milo Maintenby');
    await page.getByText(`Draft of plan version ${next} discarded.`).waitFor();
    await page.getByRole('link', { name: 'Change the plan (new version)' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    const plans = await server.db.pool.query<{ id: string; status: string }>(
      `SELECT t.id, t.status FROM treatment_plans t JOIN patients p ON p.id = t.patient_id
        WHERE p.family_name = 'Maintenby' AND t.status <> 'superseded'`,
    );
    expect(plans.rows).toEqual([{ id: inForce.id, status: 'signed' }]);
    const events = await server.db.pool.query<{ summary: string }>(
      `SELECT e.summary FROM patient_events e JOIN patients p ON p.id = e.patient_id
        WHERE p.family_name = 'Maintenby' ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1`,
    );
    expect(events.rows[0]?.summary).toBe(`Treatment plan v${next} draft discarded`);
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await page.close();
  });
});
