import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
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
 * The protocol screen shows every setting issue 11 added with its source as a readable citation (what the
 * source says, the reference, verified or clinic policy), and saving makes a new version.
 */
describe.skipIf(!chromiumPath)('an admin reads and edits the protocol settings', async () => {
  const { signIn } = browserSignIn(await startTestServer({ demo: true }));
  const browser = await launchBrowser();
  const admin = demoAccounts.find((a) => a.roles.includes('admin'))!;

  it('shows each setting with its citation, and saves a stricter minimum age as a new version', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    await signIn(page, admin, { path: '/app/admin/protocol', landing: 'Protocol settings' });

    const absolute = page.getByLabel('No dose today, no override: systolic at or above (mmHg)');
    await expect(absolute.inputValue()).resolves.toBe('180');
    const hint = page.locator('#bloodPressure-preDoseAbsoluteLimit-systolicMmHg-hint');
    await expect(hint.textContent()).resolves.toMatch(
      /^Source: Absolute limit: ≥ 180 systolic or ≥ 110 diastolic.*\)\. Reference: CLINICAL\.md §3\. Unverified: clinic policy\.$/,
    );
    await expect(page.locator('#discharge-minAldreteScore-value-hint').textContent()).resolves.toMatch(
      /Aldrete 1995.*Verified published value\./,
    );
    await expect(page.getByLabel('Pregnant').inputValue()).resolves.toBe('exclusion');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel('Minimum age (years, on the clinic-local date)').fill('21');
    await page.getByLabel('What changed, and why').fill('Adults 21 and over only');
    await page.getByRole('button', { name: /^Save as version/ }).click();
    await page.getByText(/Protocol version \d+ saved/).waitFor();
    await expect(page.getByLabel('Minimum age (years, on the clinic-local date)').inputValue()).resolves.toBe('21');
    await screenshotIfAsked(page, 'protocol-settings', { fullPage: true });
    // Chromium logs the 401s before signing in as console errors; anything else is a bug.
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});
