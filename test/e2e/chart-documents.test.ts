import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { tinyPdf } from '../http/document-fixtures.js';
import { browserSignIn, chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

/**
 * Uploaded documents in a real browser: the demo prescriber uploads a cardiology clearance letter (a PDF
 * made here) to a chart, is told what is wrong with a file that is not what it claims to be, sees the
 * letter listed and downloads exactly the bytes uploaded.
 */
// Chromium logs every 4xx as a console error: 401 before signing in, and the 400 of the mislabelled file.
const unexpected = (errors: string[]) => errors.filter((e) => !/status of (401|400)/.test(e));
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe.skipIf(!chromiumPath)('a prescriber uploads a clearance letter to the chart', async () => {
  const browser = await launchBrowser();
  const prescriber = demoAccounts.find((a) => a.roles.includes('prescriber'))!;

  it('upload form with its error summary → listed → downloaded byte for byte', async () => {
    // The demo clinic afresh for each attempt: a retry on CI (vitest.config.ts) must find Arlo's chart with no
    // documents, not with the letter the attempt before it uploaded (a document is never deleted, only retracted).
    const server = await startTestServer({ demo: true, cleanup: onTestFinished });
    const { db } = server;
    const { signIn } = browserSignIn(server);
    const page = await browser.newPage({ bypassCSP: true, acceptDownloads: true });
    const errors = watchErrors(page);
    await signIn(page, prescriber, { path: '/app/patients', landing: 'Patients' });

    await page.getByLabel('Name, date of birth or MRN').fill('Assessworth');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Assessworth, Arlo' }).click();
    await heading(page, 'Arlo Assessworth');
    await page.getByRole('link', { name: 'Documents' }).click();
    await page.getByRole('heading', { name: 'Uploaded documents' }).waitFor();
    await page.getByText('No documents uploaded yet.').waitFor();

    // Nothing chosen: the error summary says what to fix, before anything is sent.
    await page.getByText('Upload a document').click();
    await page.getByRole('button', { name: 'Upload the document' }).click();
    const summary = page.locator('.error-summary');
    await summary.getByRole('link', { name: 'Choose a file to upload' }).waitFor();
    await summary.getByRole('link', { name: /Give the document a title/ }).waitFor();

    // A PDF named and typed as a PNG: the server reads the bytes and says what the file really is.
    const pdf = tinyPdf('Cardiology clearance for ketamine, Dr Reyes');
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'scan.png', mimeType: 'image/png', buffer: pdf });
    await page.getByLabel('Clearance letter').check();
    await page.getByLabel('Which clearance does it give?').selectOption('cardiology');
    await page.getByLabel('Title', { exact: true }).fill('Cardiology clearance, Dr Reyes');
    await page.getByRole('button', { name: 'Upload the document' }).click();
    await summary.getByRole('link', { name: 'The file is a PDF, not a PNG image; choose the file again' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'clearance.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Upload the document' }).click();
    await page.getByRole('heading', { name: 'Document uploaded' }).waitFor();
    const row = page.locator('tbody tr').filter({ hasText: 'Cardiology clearance, Dr Reyes' });
    await row.getByText('Clearance letter — Cardiology clearance').waitFor();
    await row.getByText(/PDF, \d+ bytes/).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: /Download/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Cardiology clearance, Dr Reyes.pdf');
    expect(sha(fs.readFileSync(await download.path()))).toBe(sha(pdf));

    // Shared with the patient (decision 020): the portal lists it; stopping sharing takes it out.
    await row.getByRole('button', { name: /Share with the patient/ }).click();
    await row.getByText(/Shared with the patient since/).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await row.getByRole('button', { name: /Stop sharing/ }).click();
    await row.getByRole('button', { name: /Share with the patient/ }).waitFor();

    await page.getByRole('link', { name: 'Timeline' }).click();
    await page
      .locator('.timeline')
      .getByText('Clearance letter uploaded: Cardiology clearance, Dr Reyes (Cardiology clearance)')
      .waitFor();
    expect(unexpected(errors)).toEqual([]);
    await page.close();

    const audit = await db.pool.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE patient_id = (SELECT id FROM patients WHERE family_name = 'Assessworth') ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'documents.list',
        'documents.upload',
        'documents.download',
        'documents.share',
        'documents.unshare',
      ]),
    );
  });
});
