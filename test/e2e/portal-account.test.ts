import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { demoInductionPortalAccount } from '../../src/app/portal/demo-portal.js';
import { browserSignIn, chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

/**
 * A patient's own account in the portal, at phone width: the menu's "Account" shows how they sign in and
 * leads to changing their password; the new password works at the next sign-in and the old one no longer
 * does. Every page: no serious axe violations, no console errors but the signed-out 401.
 */
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
const unexpected = (errors: string[]) => errors.filter((e) => !e.includes('status of 401'));

describe.skipIf(!chromiumPath)('the portal account page', async () => {
  const browser = await launchBrowser();

  it('a patient changes their password from Account, then signs in with it', async () => {
    // The demo clinic afresh for each attempt: a retry on CI must find Ines's demo password unchanged.
    const server = await startTestServer({ demo: true, cleanup: onTestFinished });
    const { signIn } = browserSignIn(server);
    const page = await browser.newPage({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    const errors = watchErrors(page);
    await signIn(page, demoInductionPortalAccount, { path: '/portal/login' });
    await heading(page, /^Your care at /);

    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Account' }).click();
    await heading(page, 'Your account');
    await expect(page.locator('dl.summary-list').textContent()).resolves.toContain(demoInductionPortalAccount.email);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Change your password' }).click();
    await heading(page, 'Change your password');
    // The new passwords differ: the error summary names the field, and nothing changes.
    await page.getByLabel('Current password').fill(demoInductionPortalAccount.password);
    await page.getByLabel('New password', { exact: true }).fill('a much longer password 42');
    await page.getByLabel(/Confirm|again/).fill('a different password 42');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel(/Confirm|again/).fill('a much longer password 42');
    await page.getByRole('button', { name: 'Change password' }).click();
    await heading(page, 'Your account');
    await page.getByText('Password changed').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in to your patient portal');
    await signIn(page, demoInductionPortalAccount, { path: null });
    await page.getByRole('alert').filter({ hasText: 'Enter a correct email address and password' }).waitFor();
    await signIn(page, { ...demoInductionPortalAccount, password: 'a much longer password 42' }, { path: null });
    // Back where they signed out.
    await heading(page, 'Your account');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });
});
