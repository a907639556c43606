import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { browserSignIn, chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

/** US conventions: search by 06/14/1985, dates shown MM/DD/YYYY, weight and height in lb and ft/in. */
describe.skipIf(!chromiumPath)('US conventions in the console', async () => {
  const server = await startTestServer({ demo: true });
  const { db } = server;
  const { signIn } = browserSignIn(server);
  const browser = await launchBrowser();
  const coordinator = demoAccounts.find((a) => a.roles.includes('coordinator') && !a.totpSecret)!;
  const patient = (
    await db.pool.query<{ id: string; dob: string; given_name: string; family_name: string }>(
      "SELECT id, to_char(date_of_birth, 'MM/DD/YYYY') AS dob, given_name, family_name FROM patients WHERE family_name = 'Intakeson'",
    )
  ).rows[0]!;

  it('finds a patient by a US date of birth and records weight in pounds with a plausibility check', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    await signIn(page, coordinator, { path: '/app/patients', landing: 'Patients' });
    await page.getByLabel('Name, date of birth or MRN').fill(patient.dob);
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByRole('link', { name: `${patient.family_name}, ${patient.given_name}` });
    await row.waitFor();
    expect(await page.getByText(patient.dob, { exact: true }).count()).toBeGreaterThan(0);
    // No one's date of birth (or name) in the address: it would stay in the browser's history.
    expect(page.url()).not.toContain(patient.dob.slice(-4));
    expect(new URL(page.url()).search).toBe('');
    await row.click();
    // Back to the list: the same search, still out of the address.
    await page.goBack();
    await row.waitFor();
    expect(new URL(page.url()).search).toBe('');
    await row.click();
    await page.getByRole('link', { name: 'Edit details' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit details' }).waitFor();
    expect(await page.getByLabel('Date of birth').inputValue()).toBe(patient.dob);
    await page.getByLabel('Height: feet').fill('5');
    await page.getByLabel('and inches').fill('7');
    // 600 "lb" at 5 ft 7 in: a BMI nobody has; the form asks to check before saving.
    await page.getByLabel('Weight').fill('600');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByRole('link', { name: /BMI of .* check both numbers/ }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('Weight').fill('180');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByRole('heading', { level: 1, name: `${patient.given_name} ${patient.family_name}` }).waitFor();
    await page.getByText('180 lb (81.6 kg)').waitFor();
    await page.getByText('5 ft 7 in (170.2 cm)').waitFor();
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await page.close();
  });
});
