import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { demoInductionPortalAccount } from '../../src/app/portal/demo-portal.js';
import { chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

/**
 * The portal at phone width (390 × 844), issue 17: a coordinator invites a patient from the chart; the
 * patient opens the link from the email (taken from the outbox), chooses a password, skips two-step
 * sign-in, sees their next session, confirms it naming their companion, and sees their progress chart.
 * Axe finds no serious violations on any page; there are no console errors.
 */
const unexpected = (errors: string[]) => errors.filter((e) => !e.includes('status of 401'));
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
const phone = { viewport: { width: 390, height: 844 }, bypassCSP: true };
const shots = process.env.KETACLINIC_SCREENSHOTS;

async function check(page: Page, name: string): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
  // Phone-first: nothing is wider than the screen.
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

describe.skipIf(!chromiumPath)('the patient portal at phone width', async () => {
  const { url, db } = await startTestServer({ demo: true, demoIntakes: false });
  const browser = await launchBrowser();

  it('invitation → password → home with the next session → confirm with a companion → progress chart', async () => {
    // The demo clinic afresh for each attempt: a retry on CI (vitest.config.ts) must find Milo with no portal account,
    // not with the one the attempt before it invited and set up.
    const { url, db } = await startTestServer({ demo: true, demoIntakes: false, cleanup: onTestFinished });
    const coordinator = demoAccounts.find((a) => a.roles.includes('coordinator'))!;
    const staff = await browser.newPage({ bypassCSP: true });
    const staffErrors = watchErrors(staff);
    await staff.goto(`${url}/app/patients`, { waitUntil: 'networkidle' });
    await staff.getByLabel('Email address').fill(coordinator.email);
    await staff.getByLabel('Password', { exact: true }).fill(coordinator.password);
    await staff.getByRole('button', { name: 'Sign in' }).click();
    await heading(staff, 'Patients');
    await staff.getByLabel('Name, date of birth or MRN').fill('Maintenby');
    await staff.getByRole('button', { name: 'Search' }).click();
    await staff.getByRole('link', { name: /Maintenby, Milo/ }).click();
    await heading(staff, /Milo Maintenby/);
    await staff.getByRole('button', { name: 'Invite to the portal' }).click();
    await staff.getByRole('heading', { level: 2, name: 'Invitation sent' }).waitFor();
    await staff.getByRole('button', { name: 'Send a new invitation' }).waitFor();
    expect(await seriousAxeViolations(staff)).toEqual([]);
    expect(unexpected(staffErrors)).toEqual([]);

    // The email waits in the outbox (no SMTP server in this test); its link carries the token in the fragment.
    const email = await db.pool.query<{ body_text: string }>(
      "SELECT body_text FROM email_outbox WHERE kind = 'portal_invitation' ORDER BY created_at DESC LIMIT 1",
    );
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(email.rows[0]!.body_text)![1]!;

    const page = await browser.newPage(phone);
    const errors = watchErrors(page);
    await page.goto(`${url}/portal/welcome#token=${token}`, { waitUntil: 'networkidle' });
    await heading(page, /Welcome to Larkspur Demo Ketamine Clinic/);
    // The token left the address bar as soon as the page read it.
    expect(new URL(page.url()).hash).toBe('');
    await check(page, '1-welcome');
    await page.getByRole('button', { name: 'Set up my account' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await page.getByLabel('Choose a password').fill('milo picks a long passphrase');
    await page.getByLabel('Enter the password again').fill('milo picks a long passphrase');
    await page.getByRole('button', { name: 'Set up my account' }).click();
    await heading(page, 'Protect your account with two-step sign-in');
    await check(page, '2-two-step-offer');
    await page.getByRole('button', { name: 'Not now, go to my home page' }).click();

    await heading(page, 'Your care at Larkspur Demo Ketamine Clinic');
    const next = page.getByRole('region', { name: 'Your next session' });
    await next.getByText('How to prepare').waitFor();
    await expect(next.textContent()).resolves.toMatch(/No driving until the next day/);
    await check(page, '3-home');
    await next.getByLabel('Who will take you home?').fill('Jo Maintenby');
    await next.getByRole('button', { name: /Confirm I am coming|Save the name/ }).click();
    await page.getByRole('heading', { level: 2, name: /Session confirmed|Saved/ }).waitFor();
    await next.getByText('Jo Maintenby takes you home').waitFor();
    await check(page, '4-confirmed');

    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Progress' }).click();
    await heading(page, 'Your progress');
    await page.getByRole('img', { name: /PHQ-9 scores over time/ }).waitFor();
    await page.getByRole('table', { name: /Your PHQ-9 scores/ }).waitFor();
    await check(page, '5-progress');

    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Calendar' }).click();
    await heading(page, 'Add your sessions to your calendar');
    await page.getByRole('button', { name: 'Get my calendar address' }).click();
    const feedUrl = await page.getByTestId('calendar-url').textContent();
    expect(feedUrl).toMatch(/\/api\/v1\/calendar-feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    const feed = await fetch(`${url}${new URL(feedUrl!).pathname}`);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    expect(await feed.text()).toContain('BEGIN:VEVENT');
    await check(page, '6-calendar');
    expect(unexpected(errors)).toEqual([]);

    // The link is spent: opening it again says so and changes nothing.
    const again = await browser.newPage(phone);
    await again.goto(`${url}/portal/welcome#token=${token}`, { waitUntil: 'networkidle' });
    await heading(again, 'This link has already been used');
    await check(again, '7-used-link');
  });

  it('the demo patient in induction sees this morning’s aftercare; a bad reset link gets a clear page', async () => {
    const page = await browser.newPage(phone);
    const errors = watchErrors(page);
    await page.goto(`${url}/portal/login`, { waitUntil: 'networkidle' });
    await page.getByLabel('Email address').fill(demoInductionPortalAccount.email);
    await page.getByLabel('Password', { exact: true }).fill(demoInductionPortalAccount.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Your care at Larkspur Demo Ketamine Clinic');
    await page.goto(`${url}/portal/progress`, { waitUntil: 'networkidle' });
    await heading(page, 'Your progress');
    await expect(page.getByRole('region', { name: 'After your last session' }).textContent()).resolves.toContain(
      'Noor Inductova (sister) took you home',
    );
    await check(page, '8-aftercare');
    expect(unexpected(errors)).toEqual([]);

    const reset = await browser.newPage(phone);
    await reset.goto(`${url}/portal/reset-password#token=${'x'.repeat(43)}`, { waitUntil: 'networkidle' });
    await heading(reset, 'This link does not work');
    await check(reset, '9-bad-link');
    await reset.goto(`${url}/portal/forgot-password`, { waitUntil: 'networkidle' });
    await reset.getByLabel('Email address').fill('nobody@example.org');
    await reset.getByRole('button', { name: 'Send me a link' }).click();
    await heading(reset, 'Check your email');
    await check(reset, '10-reset-sent');
  });

  it('a patient who forgot their password chooses a new one from the emailed link and signs in with it', async () => {
    const page = await browser.newPage(phone);
    const errors = watchErrors(page);
    await page.goto(`${url}/portal/forgot-password`, { waitUntil: 'networkidle' });
    await page.getByLabel('Email address').fill(demoInductionPortalAccount.email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await heading(page, 'Check your email');
    const email = await db.pool.query<{ body_text: string }>(
      "SELECT body_text FROM email_outbox WHERE kind = 'portal_password_reset' ORDER BY created_at DESC LIMIT 1",
    );
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(email.rows[0]!.body_text)![1]!;

    await page.goto(`${url}/portal/reset-password#token=${token}`, { waitUntil: 'networkidle' });
    await heading(page, 'Choose a new password');
    await page.getByText(demoInductionPortalAccount.email).waitFor();
    // Too short, and typed differently the second time: both said, nothing sent.
    await page.getByLabel('Choose a password').fill('too short');
    await page.getByLabel('Enter the password again').fill('something else');
    await page.getByRole('button', { name: 'Save my new password' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.getByText('Your password must be at least 12 characters').waitFor();
    await summary.getByText('The passwords do not match. Enter your password again').waitFor();
    await check(page, '11-reset-problems');
    await page.getByLabel('Choose a password').fill('noor chooses a fresh passphrase');
    await page.getByLabel('Enter the password again').fill('noor chooses a fresh passphrase');
    await page.getByRole('button', { name: 'Save my new password' }).click();
    await heading(page, 'Your password has been changed');
    await check(page, '12-reset-done');

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email address').fill(demoInductionPortalAccount.email);
    await page.getByLabel('Password', { exact: true }).fill('noor chooses a fresh passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Your care at Larkspur Demo Ketamine Clinic');
    expect(unexpected(errors)).toEqual([]);
  });
});
