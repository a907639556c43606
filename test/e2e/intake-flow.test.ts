import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startIntakeServer } from './intake-server.js';

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

async function fillContact(page: Page, givenName: string): Promise<void> {
  await page.getByLabel('First name').fill(givenName);
  await page.getByLabel('Last name').fill('Example');
  await page.getByLabel('Day').fill('12');
  await page.getByLabel('Month').fill('4');
  await page.getByLabel('Year').fill('1985');
  await page.getByLabel('Email address').fill(`${givenName.toLowerCase()}@example.org`);
  await page.getByLabel('Phone number').fill('555 010 0199');
  await page.getByLabel('State you live in').selectOption('NY');
}

async function answerAll(page: Page, prefix: string, count: number, value: number): Promise<void> {
  for (let i = 1; i <= count; i++) await page.check(`#${prefix}_${i}-${value}`);
}

async function continueTo(page: Page, title: string | RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect.poll(() => heading(page)).toMatch(title);
}

/** Collects the serious/critical axe violations of each step into one list (checked at the end). */
async function axeStep(page: Page, seen: string[]): Promise<void> {
  const violations = await seriousAxeViolations(page);
  for (const v of violations)
    seen.push(`${await heading(page)}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.skipIf(!chromiumPath)('"Get started" in Chromium', async () => {
  const { url, db } = await startIntakeServer();
  const browser = await launchBrowser();

  it('a visitor reads the home page, presses Get started and sends the intake; back keeps answers; every step passes axe', async () => {
    // bypassCSP only so that axe can be injected; the strict-CSP run is the next test.
    const page = await browser.newPage({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    const errors = watchErrors(page);
    const violations: string[] = [];
    await page.goto(`${url}/`);
    await page.getByRole('main').getByRole('link', { name: 'Get started' }).click();
    await page.waitForURL(`${url}/get-started`);
    await expect.poll(() => heading(page)).toBe('Your details');
    await axeStep(page, violations);

    // An empty page: "There is a problem", focused, with a link to each field.
    await page.getByRole('button', { name: 'Continue' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await expect(summary.isVisible()).resolves.toBe(true);
    await expect(page.evaluate('document.activeElement.className')).resolves.toBe('error-summary');
    await expect(summary.getByRole('link', { name: 'Enter your first name' }).count()).resolves.toBe(1);
    await axeStep(page, violations);
    await summary.getByRole('link', { name: 'Enter your first name' }).click();
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('given-name');

    await fillContact(page, 'Alex');
    await continueTo(page, 'What brings you to us?');
    await axeStep(page, violations);

    // The browser's back button returns to the previous page with the answers still there.
    await page.goBack();
    await expect.poll(() => heading(page)).toBe('Your details');
    await expect(page.getByLabel('First name').inputValue()).resolves.toBe('Alex');
    await page.goForward();
    await expect.poll(() => heading(page)).toBe('What brings you to us?');

    await page.getByLabel('Depression', { exact: true }).check();
    await page.getByLabel('Post-traumatic stress (PTSD)').check();
    await page.getByLabel('Long-term (chronic) pain').check();
    await continueTo(page, 'How your mood has been');
    await expect(page.getByText('Little interest or pleasure in doing things').count()).resolves.toBe(1);
    await answerAll(page, 'phq9', 9, 1);
    await page.check('#phq9_9-0');
    await axeStep(page, violations);
    await continueTo(page, 'How anxious you have felt');
    await answerAll(page, 'gad7', 7, 2);
    await axeStep(page, violations);
    await continueTo(page, 'Stressful experiences');
    await answerAll(page, 'pcl5', 20, 1);
    await axeStep(page, violations);
    await continueTo(page, 'Your pain');
    await page.check('#pain_nrs_1-6');
    await axeStep(page, violations);
    await continueTo(page, 'Your physical health');
    for (const id of [
      'ketamine_reaction',
      'high_blood_pressure',
      'heart_disease',
      'aneurysm_or_brain_bleed',
      'stroke',
      'overactive_thyroid',
      'pregnancy',
      'seizures',
      'liver_disease',
      'head_or_eye_pressure',
    ])
      await page.check(`#${id}-no`);
    await page.check('#high_blood_pressure-not_sure');
    await axeStep(page, violations);
    await continueTo(page, 'Your mental health history');
    for (const id of ['psychosis', 'bipolar', 'substance_use', 'ketamine_misuse']) await page.check(`#${id}-no`);
    await axeStep(page, violations);
    await continueTo(page, 'Your medicines');
    await page.getByLabel('Which medicines do you take at the moment?').fill('sertraline 100 mg');
    await page.check('#benzodiazepines-no');
    await page.check('#maoi-no');
    await axeStep(page, violations);
    await continueTo(page, 'How and when to contact you');
    await page.getByLabel('Weekday mornings (8 am to 12 noon)').check();
    await page.getByLabel('Phone call').check();
    await axeStep(page, violations);
    await continueTo(page, 'Check your answers and send');
    await axeStep(page, violations);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByText('Agree to be contacted so that we can reply to you').first().isVisible()).resolves.toBe(
      true,
    );
    await page.getByLabel(/I agree to be contacted/).check();
    await page.getByLabel('I have read the privacy notice.').check();
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => heading(page)).toBe('Request sent');
    const reference = (await page.locator('.reference-number').textContent())!;
    expect(reference).toMatch(/^KC-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await axeStep(page, violations);

    expect(page.url()).toBe(`${url}/get-started`); // no answers in the URL, ever
    const stored = await page.evaluate('JSON.stringify(Object.keys(sessionStorage))');
    expect(stored).not.toContain('ketaclinic.intake.v1'); // answers deleted once sent
    const row = (
      await db.pool.query('SELECT urgent, conditions, scores FROM intakes WHERE reference = $1', [reference])
    ).rows[0];
    expect(row.urgent).toBe(false);
    expect(row.conditions).toEqual(['depression', 'ptsd', 'chronic_pain']);
    expect(row.scores.map((s: { instrumentId: string }) => s.instrumentId)).toEqual([
      'phq9',
      'gad7',
      'pcl5',
      'pain_nrs',
    ]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('works under the strict content security policy and survives a reload mid-way', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const errors = watchErrors(page);
    await page.goto(`${url}/get-started`);
    await expect.poll(() => heading(page)).toBe('Your details');
    await fillContact(page, 'Sam');
    await continueTo(page, 'What brings you to us?');
    await page.reload();
    await expect.poll(() => heading(page)).toBe('What brings you to us?');
    await page.goBack();
    await expect.poll(() => heading(page)).toBe('Your details');
    await expect(page.getByLabel('Email address').inputValue()).resolves.toBe('sam@example.org');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
  });

  it('shows crisis resources the moment an answer is rated moderate or high risk, and the intake arrives urgent', async () => {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    const errors = watchErrors(page);
    await page.goto(`${url}/get-started`);
    await expect.poll(() => heading(page)).toBe('Your details');
    await fillContact(page, 'Robin');
    await continueTo(page, 'What brings you to us?');
    await page.getByLabel('Anxiety').check();
    await continueTo(page, 'How your mood has been');
    await answerAll(page, 'phq9', 9, 2);
    // PHQ-9 item 9 above "Not at all": support shown right there, before going on.
    await expect(page.getByRole('heading', { name: 'Support is available now' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Call 988' }).getAttribute('href')).resolves.toBe('tel:988');
    await continueTo(page, 'Thoughts of ending your life');
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await page.check('#cssrs_1-yes');
    await page.check('#cssrs_2-yes');
    await expect(page.getByRole('heading', { name: 'Please get support now' }).count()).resolves.toBe(0); // Q1–Q2 alone: not yet moderate
    await page.check('#cssrs_3-yes');
    const alert = page.getByRole('alert').filter({ hasText: 'Please get support now' });
    await expect.poll(() => alert.isVisible()).toBe(true);
    await expect(alert.getByRole('link', { name: 'Text 988' }).getAttribute('href')).resolves.toBe('sms:988');
    await expect(alert.getByRole('link', { name: 'Emergency: call 911' }).count()).resolves.toBe(1);
    await expect(alert.textContent()).resolves.toContain('What to do now');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.check('#cssrs_4-yes');
    await page.check('#cssrs_5-no');
    await page.check('#cssrs_6_lifetime-no');
    await continueTo(page, 'How anxious you have felt');
    await answerAll(page, 'gad7', 7, 3);
    await continueTo(page, 'Your physical health');
    for (const id of [
      'ketamine_reaction',
      'high_blood_pressure',
      'heart_disease',
      'aneurysm_or_brain_bleed',
      'stroke',
      'overactive_thyroid',
      'pregnancy',
      'seizures',
      'liver_disease',
      'head_or_eye_pressure',
    ])
      await page.check(`#${id}-no`);
    await continueTo(page, 'Your mental health history');
    for (const id of ['psychosis', 'bipolar', 'substance_use', 'ketamine_misuse']) await page.check(`#${id}-no`);
    await continueTo(page, 'Your medicines');
    await page.check('#benzodiazepines-no');
    await page.check('#maoi-no');
    await continueTo(page, 'How and when to contact you');
    await page.getByLabel('Weekday afternoons (12 noon to 5 pm)').check();
    await page.getByLabel('Text message').check();
    await continueTo(page, 'Check your answers and send');
    await page.getByLabel(/I agree to be contacted/).check();
    await page.getByLabel('I have read the privacy notice.').check();
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => heading(page)).toBe('Request sent');
    // Sent: the urgent panel, no "you can still finish this form", and an honest word on when we call.
    const sent = page.getByRole('alert').filter({ hasText: 'Please get support now' });
    await expect.poll(() => sent.isVisible()).toBe(true);
    await expect(sent.textContent()).resolves.toContain('do not wait for our call');
    await expect(page.getByText('You can still finish this form').count()).resolves.toBe(0);
    await expect(page.getByText('try to call you today').count()).resolves.toBe(1);
    await expect(page.getByText('usually within one working day').count()).resolves.toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    const reference = (await page.locator('.reference-number').textContent())!;
    // A reload keeps the reference and the panel (the answers themselves are gone).
    await page.reload();
    await expect.poll(() => heading(page)).toBe('Request sent');
    await expect.poll(() => sent.isVisible()).toBe(true);
    await expect(page.locator('.reference-number').textContent()).resolves.toBe(reference);
    const row = (await db.pool.query('SELECT urgent, urgent_reasons FROM intakes WHERE reference = $1', [reference]))
      .rows[0];
    expect(row).toEqual({ urgent: true, urgent_reasons: ['cssrs_high_risk', 'phq9_item9_positive'] });
    expect(errors).toEqual([]);
  });
});
