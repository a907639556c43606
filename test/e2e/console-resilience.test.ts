import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { demoInductionPortalAccount } from '../../src/app/portal/demo-portal.js';
import { browserSignIn, chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

/**
 * A console page never leaves a blank screen: a mistyped address says what is missing, and a page that
 * fails while drawing (here: an answer it cannot read) says so inside the layout, whose menu still works.
 * Read-only: safe to retry.
 */
describe.skipIf(!chromiumPath)('the console and the portal when a page cannot be shown', async () => {
  const server = await startTestServer({ demo: true });
  const { signIn } = browserSignIn(server);
  const browser = await launchBrowser();
  const nurse = demoAccounts.find((a) => a.roles.includes('nurse'))!;

  it('answers an address that names no record plainly: /app/sessions/board, /app/patients/not-an-id', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    await signIn(page, nurse, { path: '/app/sessions/board' });
    await page.getByText('No such session.').waitFor();
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Chair board' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    // A mistyped patient id: the server's 400 names the path parameter; the page says the address is wrong,
    // not "1 field needs attention".
    await page.goto(`${server.url}/app/patients/not-an-id`, { waitUntil: 'networkidle' });
    await page.getByText('No such record: the address of this page is not right.', { exact: false }).waitFor();
    expect(await page.getByText('field needs attention').count()).toBe(0);
    expect(errors.filter((e) => !/status of (401|400)/.test(e))).toEqual([]);
    await page.close();
  });

  it('shows "This page could not be shown" when a page fails to draw, and the menu still leads on', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    const id = '01900000-0000-7000-8000-000000000000';
    // An answer the session page cannot read (as if a proxy or an older server sent it).
    await page.route(`**/api/v1/sessions/${id}`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{}' }),
    );
    await signIn(page, nurse, { path: `/app/sessions/${id}` });
    const alert = page.getByRole('alert').filter({ hasText: 'This page could not be shown' });
    await alert.waitFor();
    await alert.getByRole('link', { name: 'loading the page again' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    // React reports the failure in the console; nothing else went wrong.
    expect(errors.some((e) => e.startsWith('console:'))).toBe(true);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Chair board' }).click();
    await page.getByRole('heading', { level: 1, name: 'Chair board' }).waitFor();
    expect(await page.getByText('This page could not be shown').count()).toBe(0);
    await page.close();
  });

  it('the portal says the same inside its layout, and its menu still leads on', async () => {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    const errors = watchErrors(page);
    await page.route('**/api/v1/portal/progress', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{}' }),
    );
    await page.goto(`${server.url}/portal/login`, { waitUntil: 'networkidle' });
    await page.getByLabel('Email address').fill(demoInductionPortalAccount.email);
    await page.getByLabel('Password', { exact: true }).fill(demoInductionPortalAccount.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Your care at / }).waitFor();
    await page.goto(`${server.url}/portal/progress`, { waitUntil: 'networkidle' });
    await page.getByRole('alert').filter({ hasText: 'This page could not be shown' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors.some((e) => e.startsWith('console:'))).toBe(true);
    await page.getByRole('link', { name: 'Home' }).first().click();
    await page.getByRole('heading', { level: 1, name: /^Your care at / }).waitFor();
    expect(await page.getByText('This page could not be shown').count()).toBe(0);
    // A questionnaire address that names none (cut or mistyped) is "not found", not "could not be loaded".
    await page.goto(`${server.url}/portal/questionnaires/not-an-id/review`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await page.getByText('could not be loaded').count()).toBe(0);
    await page.close();
  });
});
