import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { browserSignIn, chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

/** The 401 of "who am I?" before sign-in, and the 400 of the deliberately malformed receipt, are expected answers. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 40[01]/.test(e));

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

describe.skipIf(!chromiumPath)('controlled substances in the staff console', async () => {
  const server = await startTestServer({ demo: true });
  const { url } = server;
  const { signIn } = browserSignIn(server);
  const browser = await launchBrowser();
  const nurse = demoAccounts.find((a) => a.roles.includes('nurse'))!;
  const prescriber = demoAccounts.find((a) => a.roles.includes('prescriber'))!;
  let attempts = 0;

  it('a nurse receives stock checked by a prescriber, gives a dose, wastes the rest with a witness, and counts', async () => {
    // A lot of each attempt's own: a receipt's page opens the first vial of its lot, so a retry on CI
    // (vitest.config.ts) would otherwise land on the vial the attempt before it emptied (the register is append-only).
    attempts += 1;
    const newLot = `E2E-LOT${attempts}`;
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    await signIn(page, nurse, { path: '/app/login' });
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Controlled substances' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Controlled substances' }).waitFor();
    await page.getByText('DEMO-K2601').first().waitFor();
    await expectAccessible(page);

    // Receive: a malformed DEA number is explained at the top and beside the field.
    await page.getByRole('link', { name: 'Receive stock' }).click();
    await page.getByRole('heading', { level: 1, name: 'Receive stock' }).waitFor();
    await page.getByLabel('Received at').selectOption({ label: 'Larkspur Demo — Riverside' });
    // The 10 mL vial of 50 mg/mL ketamine (the demo also keeps 100 mg/mL vials and esketamine spray devices).
    const product = page.getByLabel('Product');
    const ketamine50 = await product
      .locator('option', { hasText: /^Ketamine hydrochloride 50 mg\/mL/ })
      .getAttribute('value');
    await product.selectOption(ketamine50);
    await page.getByLabel('Supplier name').fill('Example Wholesale (test)');
    await page.getByLabel('Supplier address').fill('2 Example Street, Springfield');
    await page.getByLabel('Supplier DEA number').fill('PE1234564');
    await page.getByLabel('Invoice number').fill('E2E-1');
    await page.getByLabel('Lot number').fill(newLot);
    const nextYear = `${new Date().getFullYear() + 1}-06-30`;
    await page.getByLabel('Expiry date').fill(nextYear);
    await page.getByLabel('Containers received').fill('2');
    await page.getByLabel('Witness', { exact: true }).selectOption({ label: prescriber.name });
    await page.getByLabel('Witness’s password or authenticator code').fill(prescriber.password);
    await page.getByRole('button', { name: 'Record the receipt' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await page.getByRole('link', { name: /check digit/ }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Supplier DEA number').fill('PE1234563');
    await page.getByLabel('Witness’s password or authenticator code').fill(prescriber.password);
    await page.getByRole('button', { name: 'Record the receipt' }).click();
    await page.getByRole('heading', { level: 1, name: `Lot ${newLot}, vial 1 of 2` }).waitFor();
    // The numbers to mark on the containers (a later delivery of the lot would go on from 3).
    await page
      .getByText(
        `Receipt recorded: 2 sealed vials of lot ${newLot}, numbered 1 and 2. Mark each container with its number.`,
      )
      .waitFor();
    await page.getByText('Sealed', { exact: true }).waitFor();

    // A dose from this vial.
    await page.getByRole('link', { name: 'Record a dose from this vial' }).click();
    await page.getByRole('heading', { level: 1, name: 'Record a dose' }).waitFor();
    await page.getByLabel('Patient', { exact: true }).selectOption({ index: 1 });
    await page.getByLabel('Volume given (mL)').fill('2.5');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Record the dose' }).click();
    await page.getByRole('heading', { level: 1, name: `Lot ${newLot}, vial 1 of 2` }).waitFor();
    await page.locator('.cs-figure', { hasText: '7.5 mL' }).waitFor();

    // Waste the rest, witnessed by the prescriber.
    await page.getByRole('link', { name: 'Record waste' }).click();
    await page.getByRole('heading', { level: 1, name: 'Record waste' }).waitFor();
    await page.getByRole('button', { name: /Waste all that is left/ }).click();
    await page.getByLabel('Witness', { exact: true }).selectOption({ label: prescriber.name });
    await page.getByLabel('Witness’s password or authenticator code').fill(prescriber.password);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Record the waste' }).click();
    await page.getByRole('heading', { level: 1, name: `Lot ${newLot}, vial 1 of 2` }).waitFor();
    await page.getByText('Rest wasted').first().waitFor();
    const history = await page.locator('table tbody tr').allTextContents();
    expect(history.map((r) => r.replace(/\s+/g, ' '))).toEqual([
      expect.stringMatching(/1\. Received.*\+10 mL/),
      expect.stringMatching(/2\. Administered.*-2\.5 mL/),
      expect.stringMatching(/3\. Wasted \(witnessed\).*-7\.5 mL.*Dr\. Pat Prescriber \(demo\) \(password\)/),
    ]);
    await expectAccessible(page);

    // Count the location: enter what is found, blind; the record then compares.
    await page.getByRole('link', { name: 'Back to controlled substances' }).click();
    await page.getByRole('link', { name: 'Counts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Counts' }).waitFor();
    await page.getByLabel('Location').selectOption({ label: 'Larkspur Demo — Riverside' });
    const expected = await page.evaluate(async () => {
      const res = await fetch('/api/v1/controlled-substances/stock');
      return (await res.json()) as {
        locations: { id: string; name: string }[];
        vials: { lot: string; locationId: string; remainingMl: number }[];
      };
    });
    const riverside = expected.locations.find((l) => l.name.endsWith('Riverside'))!.id;
    const lots = new Map<string, { containers: number; ml: number }>();
    for (const v of expected.vials.filter((x) => x.locationId === riverside && x.remainingMl > 0)) {
      const lot = lots.get(v.lot) ?? { containers: 0, ml: 0 };
      lots.set(v.lot, { containers: lot.containers + 1, ml: Math.round((lot.ml + v.remainingMl) * 1000) / 1000 });
    }
    const groups = page.locator('form fieldset').filter({ hasText: ', lot ' });
    await groups.first().waitFor();
    for (const group of await groups.all()) {
      const lot = /lot (\S+)/.exec((await group.locator('legend').textContent()) ?? '')![1]!;
      await group.getByLabel('Containers counted').fill(String(lots.get(lot)!.containers));
      await group.getByLabel('Total volume counted (mL)').fill(String(lots.get(lot)!.ml));
    }
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save the count' }).click();
    await page.getByRole('heading', { name: 'Count saved: it agrees with the record' }).waitFor();
    await expectAccessible(page);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('a prescriber answers "every milligram from lot X" from the dispensing log', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    const year = new Date().getFullYear();
    await page.goto(`${url}/app/controlled-substances/log?from=${year - 1}-01-01&to=${year + 1}-12-31&lot=DEMO-K2601`, {
      waitUntil: 'networkidle',
    });
    await signIn(page, prescriber, { path: null });
    await page.getByRole('heading', { level: 1, name: 'Dispensing log' }).waitFor();
    await page.getByText(/Received: 5 entries, 50 mL/).waitFor();
    await page.getByRole('link', { name: 'Download PDF' }).waitFor();
    await expectAccessible(page);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });
});
