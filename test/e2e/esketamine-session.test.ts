import { describe, expect, it, onTestFinished } from 'vitest';
import { clinicToday } from '../../src/app/clinic-time.js';
import { createPlan, signPlan } from '../../src/app/plans/plans.js';
import { createProduct, receiveStock } from '../../src/app/controlled-substances/stock.js';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { planContent } from '../http/chart-fixtures.js';
import {
  browserSignIn,
  chromiumPath,
  launchBrowser,
  screenshotIfAsked,
  seriousAxeViolations,
  watchErrors,
} from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

/**
 * An esketamine (Spravato) session in a real browser on the demo clinic (decision 019): the nurse orders
 * 56 mg as two nasal-spray devices chosen from the register's stock, gives them, sees the REMS checklist
 * with each check's due time and done/missing, records sedation and dissociation, and the discharge is
 * refused with each missing REMS item listed.
 */
// 400 and 422 where the test provokes them (one device for 56 mg; an early discharge).
const unexpected = (errors: string[]) => errors.filter((e) => !/status of (400|401|409|422)/.test(e));

describe.skipIf(!chromiumPath)('an esketamine session in the demo clinic', async () => {
  const browser = await launchBrowser();
  const nurse = demoAccounts.find((a) => a.roles.includes('nurse'))!;
  const prescriberAccount = demoAccounts.find((a) => a.roles.includes('prescriber'))!;

  /**
   * The demo clinic with Elsie's esketamine plan signed and two devices in the register, started afresh for each
   * attempt: a retry on CI (vitest.config.ts) must not meet the session the attempt before it checked in, nor
   * find its devices already drawn (the register is append-only).
   */
  async function startSessionServer() {
    const server = await startTestServer({ demo: true, demoIntakes: false, cleanup: onTestFinished });
    const { db, demo } = server;
    const organizationId = demo!.organizationId;
    const users = await db.pool.query<{ id: string; roles: string[]; email: string }>(
      'SELECT id, roles, email FROM users WHERE organization_id = $1',
      [organizationId],
    );
    const principal = (role: string) => {
      const u = users.rows.find((r) => r.roles.includes(role))!;
      return { userId: u.id, organizationId, kind: 'staff' as const, roles: u.roles, patientId: null };
    };
    const ctx = (role: string) => ({
      db: db.pool,
      principal: principal(role),
      now: new Date(),
      ip: null,
      userAgent: 'test',
    });
    const elsie = (
      await db.pool.query<{ id: string }>(
        "SELECT id FROM patients WHERE organization_id = $1 AND family_name = 'Eligibleton'",
        [organizationId],
      )
    ).rows[0]!.id;
    const { conditions, induction, maintenance, outcome, stopRule } = planContent;
    const plan = await createPlan(
      elsie,
      {
        content: {
          conditions,
          maintenance,
          outcome,
          stopRule,
          induction: { ...induction, startDate: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10) },
          route: 'IN',
          startMg: 56,
          maxMg: 84,
        },
        changeReason: 'Esketamine plan for the session test',
      },
      ctx('prescriber'),
    );
    await signPlan(elsie, plan.id, { version: plan.version }, ctx('prescriber'));
    // Two devices of esketamine nasal spray at the clinic's first location.
    const product = await createProduct(
      {
        drug: 'Esketamine hydrochloride',
        strengthMgPerMl: 140,
        containerMl: 0.2,
        form: 'nasal_spray',
        ndc: '99999-0140-77',
        schedule: 'III',
      },
      ctx('nurse'),
    );
    const locations = await db.pool.query<{ id: string }>('SELECT id FROM locations WHERE organization_id = $1', [
      organizationId,
    ]);
    const prescriberId = principal('prescriber').userId;
    // The clinic's date, not UTC's (a US evening is already tomorrow in UTC).
    const { today } = await clinicToday(db.pool, organizationId, new Date());
    for (const [n, l] of locations.rows.slice(0, 1).entries()) {
      await receiveStock(
        {
          locationId: l.id,
          productId: product.id,
          receivedOn: today,
          supplierName: 'Example Wholesale Pharmacy',
          supplierAddress: '1 Example Way, Springfield ZZ 00001',
          supplierDeaNumber: 'RA1234563',
          invoiceNumber: `INV-ESK-${n}`,
          lot: 'DEMO-ESK1',
          expiresOn: '2027-09-30',
          containers: 2,
          witnessUserId: prescriberId,
          witnessPassword: prescriberAccount.password,
        },
        ctx('nurse'),
      );
    }
    return { db, elsie, signIn: browserSignIn(server).signIn };
  }

  it('orders two devices from the register, gives them, shows the REMS checklist and refuses an early discharge', async () => {
    const { db, elsie, signIn } = await startSessionServer();
    const page = await browser.newPage({ bypassCSP: true, viewport: { width: 1024, height: 1366 } });
    const errors = watchErrors(page);
    await signIn(page, nurse, { path: '/app/sessions', landing: 'Chair board' });
    await page.getByLabel('Patient name, date of birth or MRN').fill('Eligibleton');
    await page.getByLabel('Chair').fill('Chair 5');
    await page.getByRole('button', { name: 'Find patient' }).click();
    await page.getByRole('button', { name: 'Check in Elsie Eligibleton' }).click();
    await page.getByRole('heading', { level: 1, name: 'Elsie Eligibleton' }).waitFor();
    await page.getByLabel('Companion’s name').fill('Robin Testwood');
    await page.getByLabel('Companion’s phone').fill('(555) 010-0199');
    await page.getByLabel(/Fasting attested/).check();
    await page.getByLabel('Not applicable (cannot become pregnant)').check();
    await page.getByLabel('Medication changes reviewed').check();
    await page.getByLabel('Today’s weight (kg)').fill('70');
    await page.getByRole('button', { name: 'Save pre-checks' }).click();
    await page.getByText('Pre-checks: saved.').waitFor();
    if ((await page.getByRole('button', { name: 'Save PHQ-9' }).count()) > 0) {
      for (let i = 1; i <= 9; i++) await page.check(`#phq9-phq9_${i}-1`);
      await page.getByRole('button', { name: 'Save PHQ-9' }).click();
      await page.getByText('PHQ-9: saved.').waitFor();
    }
    if ((await page.getByRole('button', { name: 'Save C-SSRS screener' }).count()) > 0) {
      for (const item of ['cssrs_1', 'cssrs_2', 'cssrs_6_lifetime']) await page.check(`#cssrs_screener-${item}-false`);
      await page.getByRole('button', { name: 'Save C-SSRS screener' }).click();
      await page.getByText('C-SSRS screener: saved.').waitFor();
    }
    const labels = ['Systolic (mmHg)', 'Diastolic (mmHg)', 'Heart rate (/min)', 'SpO2 (%)', 'Respiratory rate (/min)'];
    for (const [i, v] of [124, 78, 72, 98, 14].entries())
      await page.getByLabel(labels[i]!, { exact: true }).fill(String(v));
    await page.getByLabel('Respiratory rate (/min)', { exact: true }).press('Enter');
    await page.getByText('Vitals: saved.').waitFor();
    await page.getByRole('heading', { name: 'Pre-dose check: proceed' }).waitFor();

    // One device only for 56 mg: refused, the error summary says how many.
    const devices = page.getByRole('group', { name: /Devices drawn/ }).getByRole('checkbox');
    await devices.first().waitFor();
    await devices.nth(0).check();
    await page.getByRole('button', { name: 'Order the dose' }).click();
    await page.getByText('56 mg is 2 devices of 28 mg; 1 recorded').first().waitFor();
    await devices.nth(1).check();
    await page.getByRole('button', { name: 'Order the dose' }).click();
    await page.getByText('Order: saved.').waitFor();
    await expect(page.locator('.summary-list').textContent()).resolves.toMatch(
      /Esketamine nasal spray 56 mg \(2 devices of 28 mg\).*Lot DEMO-ESK1/,
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'First device given now' }).click();
    await page.getByText('Step: Observation').waitFor();

    const rems = page.getByRole('region', { name: /Esketamine REMS checklist/ });
    await expect(rems.getByRole('row', { name: /Blood pressure before dosing .* Done/ }).count()).resolves.toBe(1);
    await expect(
      rems.getByRole('row', { name: /Blood pressure about 40 min after the dose .* Missing/ }).count(),
    ).resolves.toBe(1);
    await rems.getByText(/may leave no earlier than/).waitFor();

    await page.check('#rems-level-moderate');
    await page.getByRole('button', { name: 'Record assessment' }).click();
    await page.getByText('Sedation assessment: saved.').waitFor();
    await page.getByText(/Sedation: Moderate/).waitFor();

    for (const label of [
      'Speech back to pre-treatment level',
      'Awareness back to pre-treatment level',
      'Purposeful movement back to pre-treatment level',
      'A responsible adult is here to take the patient home',
      /Aftercare instructions given/,
    ])
      await page.getByLabel(label).check();
    await page.getByRole('button', { name: 'Discharge' }).click();
    await page
      .getByText(/min of the 120 min REMS observation left/)
      .first()
      .waitFor();
    await page
      .getByText(/Record a dissociation assessment after the dose/)
      .first()
      .waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshotIfAsked(page, 'session-esketamine-rems-tablet', { fullPage: true });
    const drawn = await db.pool.query(
      `SELECT e.change_ul FROM cs_ledger_entries e JOIN treatment_sessions s ON s.id = e.session_ref
        WHERE s.patient_id = $1 AND e.kind = 'administration'`,
      [elsie],
    );
    expect(drawn.rows).toEqual([{ change_ul: -200 }, { change_ul: -200 }]);
    expect(unexpected(errors)).toEqual([]);
  });
});
