import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { demoAccounts, demoPatientAccount } from '../../src/app/identity/demo-accounts.js';
import { browserSignIn, chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

/**
 * The patient portal in a real browser: the demo patient signs in, reads and signs their consent and sees
 * it signed; a coordinator gives another patient portal access from the chart and that patient chooses a
 * password at first sign-in; a member of staff at /portal is sent to the console. Every page: crisis
 * resources, no serious axe violations, no console errors.
 */
// Signed out, GET /api/v1/me is answered 401 by design; Chromium logs that as an error. Anything else is a bug.
const unexpected = (errors: string[]) => errors.filter((e) => !e.includes('status of 401'));
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

async function expectCrisisResources(page: Page): Promise<void> {
  await expect(page.getByRole('link', { name: 'Call 988' }).getAttribute('href')).resolves.toBe('tel:988');
  await expect(page.getByRole('link', { name: 'Text 988' }).getAttribute('href')).resolves.toBe('sms:988');
  await expect(page.getByRole('link', { name: 'Call 911' }).getAttribute('href')).resolves.toBe('tel:911');
}

async function checkPage(page: Page): Promise<void> {
  await expectCrisisResources(page);
  expect(await seriousAxeViolations(page)).toEqual([]);
}

describe.skipIf(!chromiumPath)('the patient portal', async () => {
  const server = await startTestServer({ demo: true });
  const { url } = server;
  const { signIn } = browserSignIn(server);
  const browser = await launchBrowser();

  it('the demo patient signs in, reads and signs the consent, and sees it signed', async () => {
    // The demo clinic afresh for each attempt: a retry on CI (vitest.config.ts) must find Arlo's consent still to
    // sign, not signed by the attempt before it (a signed consent is never removed).
    const server = await startTestServer({ demo: true, cleanup: onTestFinished });
    const { url, db } = server;
    const { signIn } = browserSignIn(server);
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    await page.goto(`${url}/portal/`, { waitUntil: 'networkidle' });
    await heading(page, 'Sign in to your patient portal');
    expect(new URL(page.url()).pathname).toBe('/portal/login');
    await checkPage(page);

    await signIn(page, demoPatientAccount, { path: null });
    await heading(page, 'Your care at Larkspur Demo Ketamine Clinic');
    const details = page.locator('dl.summary-list');
    await expect(details.textContent()).resolves.toMatch(/Arlo Assessworth.*(30 September 1983|September 30, 1983)/);
    await expect(details.textContent()).resolves.toContain('Alex Assessworth (partner)');
    // Issue 13: a real address (no "ZZ" placeholder state), and the clinic's phone number and addresses.
    await expect(details.textContent()).resolves.toContain('Maple Street, Springfield, MA 01103');
    const contact = page.getByRole('region', { name: 'Contact Larkspur Demo Ketamine Clinic' });
    await expect(contact.getByRole('link', { name: '(555) 010-0100' }).getAttribute('href')).resolves.toBe(
      'tel:5550100100',
    );
    await expect(contact.textContent()).resolves.toContain('100 Example Avenue, Suite 2');
    await expect(contact.textContent()).resolves.toContain('Springfield, MA 01103');
    expect(await page.textContent('body')).not.toMatch(/\bZZ\b/);
    await checkPage(page);

    await page.getByRole('link', { name: 'Read and sign: Ketamine treatment consent' }).click();
    await heading(page, 'Ketamine treatment consent');
    await expect(page.getByRole('region', { name: 'Consent form text' }).textContent()).resolves.toContain(
      'You can stop treatment and withdraw this consent at any time.',
    );
    await checkPage(page);

    // Signing without ticking or typing: the error summary, linked to each field.
    await page.getByRole('button', { name: 'Sign the consent form' }).click();
    await page.getByRole('heading', { level: 2, name: 'There is a problem' }).waitFor();
    await page.getByRole('link', { name: 'Type your full name to sign' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel('I have read and understood this consent form').check();
    await page.getByLabel('Type your full name').fill('Arlo Assessworth');
    await page.getByRole('button', { name: 'Sign the consent form' }).click();
    await page.getByRole('heading', { level: 2, name: 'Consent signed' }).waitFor();
    await expect(page.locator('dl.summary-list').textContent()).resolves.toMatch(
      /Signed asArlo Assessworth.*Version 1.*In this portal/,
    );
    await checkPage(page);

    // The withdrawal page explains what withdrawing means; the patient keeps their consent.
    await page.getByRole('link', { name: 'Withdraw your consent' }).click();
    await heading(page, 'Withdraw your consent');
    await page.getByText('It stops new treatment sessions.', { exact: false }).first().waitFor();
    await checkPage(page);
    await page.getByRole('link', { name: 'Cancel: keep my consent' }).click();
    await heading(page, 'Ketamine treatment consent');

    await page.getByRole('link', { name: 'Back to your care' }).click();
    await heading(page, 'Your care at Larkspur Demo Ketamine Clinic');
    await page.getByText('Nothing needs your attention right now.').waitFor();
    await expect(page.getByRole('region', { name: 'Your consent' }).textContent()).resolves.toMatch(/Signed on/);

    // The server holds it: a portal signature, with time, IP and the template version.
    const row = await db.pool.query<{ channel: string; ip: string | null; number: number }>(
      `SELECT c.channel, host(c.ip) AS ip, v.number FROM consents c JOIN consent_template_versions v ON v.id = c.template_version_id
         JOIN patients p ON p.id = c.patient_id WHERE p.family_name = 'Assessworth'`,
    );
    expect(row.rows).toEqual([{ channel: 'portal', ip: '127.0.0.1', number: 1 }]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in to your patient portal');
    await page.getByRole('heading', { level: 2, name: 'Signed out' }).waitFor();
    expect(unexpected(errors)).toEqual([]);
  });

  it('a coordinator invites a patient from the chart; the patient sets a password from the email link', async () => {
    // The demo clinic afresh for each attempt: a retry on CI (vitest.config.ts) must find Elsie with no portal
    // account, not with the one the attempt before it invited (and perhaps set up).
    const server = await startTestServer({ demo: true, cleanup: onTestFinished });
    const { url, db } = server;
    const { signIn } = browserSignIn(server);
    const coordinator = demoAccounts.find((a) => a.roles.includes('coordinator'))!;
    const staff = await browser.newPage({ bypassCSP: true });
    const staffErrors = watchErrors(staff);
    await staff.goto(`${url}/app/patients`, { waitUntil: 'networkidle' });
    await signIn(staff, coordinator, { path: null });
    await heading(staff, 'Patients');
    await staff.getByLabel('Name, date of birth or MRN').fill('Eligibleton');
    await staff.getByRole('button', { name: 'Search' }).click();
    await staff.getByRole('link', { name: 'Eligibleton, Elsie' }).click();
    await heading(staff, 'Elsie Eligibleton');
    await staff.getByRole('button', { name: 'Invite to the portal' }).click();
    await staff.getByRole('heading', { level: 2, name: 'Invitation sent' }).waitFor();
    await staff.getByText(/Portal account for elsie\.eligibleton@example\.org, not set up yet/).waitFor();
    expect(await seriousAxeViolations(staff)).toEqual([]);
    expect(unexpected(staffErrors)).toEqual([]);

    const email = await db.pool.query<{ body_text: string }>(
      "SELECT body_text FROM email_outbox WHERE kind = 'portal_invitation' AND to_address = 'elsie.eligibleton@example.org'",
    );
    const link = /(\/portal\/welcome#token=[A-Za-z0-9_-]{43})/.exec(email.rows[0]!.body_text)![1]!;
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    await page.goto(`${url}${link}`, { waitUntil: 'networkidle' });
    await heading(page, /Welcome to Larkspur Demo Ketamine Clinic/);
    await checkPage(page);
    await page.getByLabel('Choose a password').fill('elsie chooses a long one');
    await page.getByLabel('Enter the password again').fill('elsie chooses a long one');
    await page.getByRole('button', { name: 'Set up my account' }).click();
    await page.getByRole('button', { name: 'Not now, go to my home page' }).click();
    await heading(page, 'Your care at Larkspur Demo Ketamine Clinic');
    // Elsie signed her consent at the clinic: it is there, and no consent waits for her.
    await expect(page.getByRole('region', { name: 'Your consent' }).textContent()).resolves.toMatch(/Signed on/);
    expect(unexpected(errors)).toEqual([]);
  });

  it('tells a member of staff at /portal that this is the patient portal, and points to the console', async () => {
    const nurse = demoAccounts.find((a) => a.roles.includes('nurse'))!;
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    await page.goto(`${url}/portal/`, { waitUntil: 'networkidle' });
    await signIn(page, nurse, { path: null });
    await heading(page, 'This is the patient portal');
    await expect(page.getByRole('link', { name: 'Go to the staff console' }).getAttribute('href')).resolves.toBe(
      '/app/',
    );
    await checkPage(page);
    expect(unexpected(errors)).toEqual([]);
  });

  it('tells a patient at /app that the console is for staff, and points to the portal', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    await page.goto(`${url}/app/`, { waitUntil: 'networkidle' });
    await signIn(page, demoPatientAccount, { path: null });
    await heading(page, 'This console is for clinic staff');
    await expect(page.getByRole('link', { name: 'Go to the patient portal' }).getAttribute('href')).resolves.toBe(
      '/portal/',
    );
    expect(unexpected(errors)).toEqual([]);
  });
});
