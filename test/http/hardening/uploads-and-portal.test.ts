import { describe, expect, it } from 'vitest';
import { maxDocumentBytes } from '../../../src/domain/chart/index.js';
import { chartClinic, newPatient } from '../chart-fixtures.js';
import { tinyPdf } from '../document-fixtures.js';

// Issue 9, defects 4 and 6.
const clinic = await chartClinic('Hardening Uploads Clinic');
const { as, t } = clinic;

function pdfOfSize(bytes: number): Buffer {
  const head = tinyPdf();
  const file = Buffer.alloc(bytes, 0x20);
  head.copy(file);
  return file;
}

describe('document uploads up to 10 MB', async () => {
  const patientId = await newPatient(clinic, { given: 'Odile', family: 'Uploadsworth' });
  const upload = (file: Buffer | string) =>
    as.prescriber.post(`/patients/${patientId}/documents`, {
      kind: 'referral',
      title: 'Outside records',
      contentType: 'application/pdf',
      contentBase64: typeof file === 'string' ? file : file.toString('base64'),
    });

  it.each([3.5 * 1024 * 1024, 6 * 1024 * 1024, maxDocumentBytes])(
    'stores a file of %i bytes (201, never 500)',
    async (size) => {
      const file = pdfOfSize(Math.floor(size));
      const res = await upload(file);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
      expect(res.json().sizeBytes).toBe(file.length);
    },
  );

  it('still refuses content that is not strict base64, naming the field', async () => {
    const good = pdfOfSize(4 * 1024 * 1024).toString('base64');
    for (const bad of [
      `${good.slice(0, 1000)}*${good.slice(1001)}`,
      `${good.slice(0, -4)}A=A=`,
      `${good} `,
      'QUJD\nRA==',
    ]) {
      const res = await upload(bad);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].path).toBe('/body/contentBase64');
    }
  });
});

describe('portal access for long names', () => {
  it('creates the account for a patient whose given and family names are 100 characters each', async () => {
    const id = await newPatient(clinic, { given: 'G'.repeat(100), family: 'F'.repeat(100) });
    await t.db.pool.query('UPDATE patients SET email = $2 WHERE id = $1', [id, 'long.names@example.org']);
    const res = await as.coordinator.post(`/patients/${id}/portal-access`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().name).toHaveLength(201);
  });

  it('answers 422 naming the email when the chart email is not an address (never a database error)', async () => {
    const id = await newPatient(clinic, { given: 'Nomail', family: 'Example' });
    await t.db.pool.query('UPDATE patients SET email = $2 WHERE id = $1', [id, 'not an address']);
    const res = await as.coordinator.post(`/patients/${id}/portal-access`);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toBe('/patient/email');
  });
});
