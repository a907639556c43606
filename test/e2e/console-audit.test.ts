import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { memoryKeyring } from '../../src/app/audit/keyring.js';
import { sealPending } from '../../src/app/audit/seal.js';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { browserSignIn, chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import type { Cleanup } from '../setup/database.js';
import { startTestServer } from '../setup/server.js';

/** Chromium logs the 401 from "who am I?" before sign-in as a console error; it is the expected answer. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

describe.skipIf(!chromiumPath)('the audit log in the staff console', async () => {
  const admin = demoAccounts.find((a) => a.roles.includes('admin'))!;
  const coordinator = demoAccounts.find((a) => a.roles.includes('coordinator'))!;

  async function startAuditServer(cleanup?: Cleanup) {
    const server = await startTestServer({ demo: true, cleanup });
    const { url, db, demo } = server;
    const { signIn } = browserSignIn(server);
    const organizationId = demo!.organizationId;
    const coordinatorId = (
      await db.pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [coordinator.email])
    ).rows[0]!.id;

    // The coordinator signs in (one entry) and has 55 earlier entries: more than one page of 50.
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: coordinator.email, password: coordinator.password }),
    });
    expect(login.status).toBe(200);
    await db.pool.query(
      `INSERT INTO audit_log (occurred_at, organization_id, actor_user_id, actor_roles, action, resource_type, ip, outcome, details)
       SELECT now() - make_interval(hours => n), $1, $2, ARRAY['coordinator'], 'patients.search', 'patient', '127.0.0.1', 'success', '{}'
         FROM generate_series(1, 55) AS n`,
      [organizationId, coordinatorId],
    );

    async function signInAsAdmin(page: Page, path: string): Promise<void> {
      await page.goto(`${url}${path}`, { waitUntil: 'networkidle' });
      // The console asks the server who is signed in, then sends a visitor to sign in (a slow machine may be
      // idle on the network before the answer has been acted on).
      await page.waitForURL((u) => u.pathname === '/app/login');
      await signIn(page, admin, { path: null });
    }
    return { db, coordinatorId, signIn, signInAsAdmin };
  }
  const { signIn, signInAsAdmin } = await startAuditServer();
  const browser = await launchBrowser();

  it('shows an admin their own sign-in, the seal state, filters by user into the address as an id, and pages with "Show more"', async () => {
    // A server of this attempt's own: a retry on CI (vitest.config.ts) must not meet the seals the attempt before
    // it made ("Nothing yet" is checked before the first seal; seals are never removed).
    const { db, coordinatorId, signInAsAdmin } = await startAuditServer(onTestFinished);
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    await signInAsAdmin(page, '/app/');
    await page.getByRole('heading', { level: 1, name: 'Your worklist' }).waitFor();
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/admin/audit');

    // Their own sign-in, newest first, with name, role and outcome; nothing is sealed yet (no sealer runs here).
    const rows = page.locator('table.audit-table tbody tr');
    const ownLogin = rows.filter({ hasText: 'Signed in' }).filter({ hasText: admin.name });
    await ownLogin.first().waitFor();
    await expect(ownLogin.first().textContent()).resolves.toMatch(/Administrator.*Success.*127\.0\.0\.1.*Pending/);
    await page.getByRole('heading', { name: 'Chain status' }).waitFor();
    await page.getByText('Nothing yet').waitFor();
    await expectAccessible(page);

    // Once sealed, the entries and the chain status say so.
    const sealed = await sealPending(db.pool, { now: () => new Date(), keyring: memoryKeyring() });
    expect(sealed.sealed).toBeGreaterThan(0);
    await page.reload({ waitUntil: 'networkidle' });
    await expect(ownLogin.first().textContent()).resolves.toContain('Sealed');
    await page.getByText(/Up to position \d+/).waitFor();

    // Filter by user: the address holds the account id, never the name or email.
    const filterToggle = page.locator('summary', { hasText: 'Filter the entries' });
    expect(await page.getByLabel('User', { exact: true }).isVisible()).toBe(false); // closed until used
    await filterToggle.click();
    await page
      .getByLabel('User', { exact: true })
      .selectOption({ label: `${coordinator.name} (${coordinator.email})` });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((u) => u.searchParams.get('userId') === coordinatorId);
    expect(page.url()).not.toMatch(/coordinator@|Casey/);
    await page.getByText('50 entries shown, more are available (filtered).').waitFor();
    // The filtered rows replace the unfiltered ones as they arrive.
    await expect
      .poll(async () => [...new Set(await rows.locator('td[data-label="Who"]').allTextContents())])
      .toEqual([`${coordinator.name}Coordinator`]);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Show more entries' }).click();
    await page.getByText('56 entries shown (filtered).').waitFor();
    expect(await page.getByRole('button', { name: 'Show more entries' }).count()).toBe(0);
    expect(await rows.locator('th time').count()).toBe(56);

    // A patient id that is not one: "There is a problem", focused, linked to the field.
    await page.getByLabel('Patient id').fill('Jane Doe');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const summary = page.locator('.error-summary');
    await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.evaluate("document.activeElement?.classList.contains('error-summary')")).toBe(true);
    await summary.getByRole('link', { name: /Enter a patient id/ }).click();
    expect(await page.evaluate('document.activeElement?.id')).toBe('audit-patient');
    expect(page.url()).not.toContain('Jane');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.waitForURL((u) => u.search === '');
    await ownLogin.first().waitFor();
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('becomes cards on a phone and works under the strict Content-Security-Policy', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } }); // CSP enforced
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInAsAdmin(page, '/app/admin/audit');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const first = page.locator('table.audit-table tbody tr').first();
    await first.waitFor();
    // The column headings are only for screen readers; each row is a card labelled by its column names.
    expect((await page.locator('table.audit-table thead').boundingBox())?.width).toBeLessThanOrEqual(1);
    expect(await page.evaluate("getComputedStyle(document.querySelector('table.audit-table tbody tr')).display")).toBe(
      'block',
    );
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('is not offered to a coordinator', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    await signIn(page, coordinator, { path: '/app/admin/audit' });
    await page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'Sign in' }).waitFor();
    expect(
      await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Audit log' }).count(),
    ).toBe(0);
    expect(await page.locator('table.audit-table').count()).toBe(0);
    await page.close();
  });
});
