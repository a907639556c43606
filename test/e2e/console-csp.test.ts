import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { browserSignIn, chromiumPath, launchBrowser, watchCspViolations, watchErrors } from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

/**
 * The console under the real Content-Security-Policy (no `bypassCSP`, so no axe either: axe is injected
 * as an inline script, which the policy rightly refuses). A prescriber signs in with their security code
 * and works through the screens a clinic day touches; not one CSP violation may appear in the console.
 */
describe.skipIf(!chromiumPath)('the console with its Content-Security-Policy enforced', async () => {
  const server = await startTestServer({ demo: true, demoIntakes: false });
  const { signIn } = browserSignIn(server);
  const browser = await launchBrowser();
  const prescriber = demoAccounts.find((a) => a.roles.includes('prescriber'))!;
  const heading = (page: Page, name: string | RegExp) =>
    page.getByRole('heading', { level: 1, name }).first().waitFor();

  it('signs in and uses the worklist, patients, a chart, the calendar and the controlled-substance pages', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const violations = watchCspViolations(page);

    const response = await page.goto(`${server.url}/app/`, { waitUntil: 'networkidle' });
    // The policy really is the strict one: scripts and styles from the site only, nothing inline.
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy.split(';')).toEqual(expect.arrayContaining(["script-src 'self'", "style-src 'self'"]));
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);

    await signIn(page, prescriber, { path: null, landing: 'Your worklist' });
    const nav = page.getByRole('navigation', { name: 'Console' });

    await nav.getByRole('link', { name: 'Patients' }).click();
    await heading(page, 'Patients');
    await page.getByLabel('Name, date of birth or MRN').fill('Intakeson');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Intakeson, Ivy' }).click();
    await heading(page, 'Ivy Intakeson');
    const tabs = page.getByRole('navigation', { name: 'Chart sections' });
    await tabs.getByRole('link', { name: 'Vitals and questionnaires' }).click();
    await page.waitForLoadState('networkidle');

    await nav.getByRole('link', { name: 'Calendar' }).click();
    await heading(page, 'Calendar');
    await page.getByRole('table').first().waitFor();

    await nav.getByRole('link', { name: 'Controlled substances' }).click();
    await page.waitForLoadState('networkidle');
    await page.locator('main h1').first().waitFor();

    await nav.getByRole('link', { name: 'Your account' }).click();
    await page.waitForLoadState('networkidle');
    await page.locator('main h1').first().waitFor();

    expect(await violations()).toEqual([]);
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await context.close();
  });
});
