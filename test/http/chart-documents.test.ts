import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listDocuments, readDocumentContent } from '../../src/app/documents/documents.js';
import { auditActions, chartClinic, cleanInput, newPatient, signedAssessment } from './chart-fixtures.js';
import { tinyPdf } from './document-fixtures.js';

/**
 * Documents uploaded to the chart: what goes in comes out byte for byte, the bytes must be what the
 * upload claims, clinical kinds stay with clinical staff, nothing is deleted (retraction keeps the row),
 * and every call is audited.
 */
const clinic = await chartClinic('Documents Clinic');
const { as } = clinic;

const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f9d1d40000000049454e44ae426082',
  'hex',
);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const upload = (fields: Record<string, unknown>, file: Buffer = tinyPdf()) => ({
  kind: 'referral',
  title: 'Referral from Dr Okafor',
  contentType: 'application/pdf',
  contentBase64: file.toString('base64'),
  ...fields,
});

describe('uploading, listing and downloading', async () => {
  const patientId = await newPatient(clinic, { given: 'Marlow', family: 'Docket' });

  it('stores the upload and gives back identical bytes, as an attachment that is never sniffed or cached', async () => {
    const file = tinyPdf();
    const res = await as.prescriber.post(
      `/patients/${patientId}/documents`,
      upload({ kind: 'clearance_letter', title: 'Cardiology clearance — Dr Reyes', clearance: 'cardiology' }, file),
    );
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json();
    expect(doc).toMatchObject({
      kind: 'clearance_letter',
      clearance: 'cardiology',
      contentType: 'application/pdf',
      sizeBytes: file.length,
      sha256: sha(file),
      retracted: null,
      version: 1,
    });

    const list = await as.prescriber.get(`/patients/${patientId}/documents`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((d: { id: string }) => d.id)).toEqual([doc.id]);
    expect(list.json().items[0]).not.toHaveProperty('contentBase64');

    const download = await as.nurse.get(`/patients/${patientId}/documents/${doc.id}/content`);
    expect(download.statusCode).toBe(200);
    expect(sha(download.rawPayload)).toBe(sha(file));
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe('attachment; filename="Cardiology clearance - Dr Reyes.pdf"');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['cache-control']).toBe('no-store');
  });

  it('accepts PNG images and puts uploads on the timeline', async () => {
    const res = await as.nurse.post(
      `/patients/${patientId}/documents`,
      upload({ kind: 'ecg', title: '12-lead ECG', contentType: 'image/png' }, png),
    );
    expect(res.statusCode, res.body).toBe(201);
    const chart = await as.prescriber.get(`/patients/${patientId}`);
    const summaries = chart.json().timeline.map((e: { summary: string }) => e.summary);
    expect(summaries).toContain('ECG uploaded: 12-lead ECG');
    expect(summaries).toContain('Clearance letter uploaded: Cardiology clearance — Dr Reyes (Cardiology clearance)');
  });

  it('refuses bytes that are not what the upload claims, naming the field', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const res = await as.prescriber.post(`/patients/${patientId}/documents`, upload({}, html));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      code: 'document_content_mismatch',
      errors: [{ path: '/body/contentBase64', message: expect.stringMatching(/not a PDF/) }],
    });
    const pngAsPdf = await as.prescriber.post(`/patients/${patientId}/documents`, upload({}, png));
    expect(pngAsPdf.json().errors).toEqual([
      { path: '/body/contentBase64', message: 'The file is a PNG image, not a PDF; choose the file again' },
    ]);
    const notBase64 = await as.prescriber.post(
      `/patients/${patientId}/documents`,
      upload({ contentBase64: 'JVBERi0x!!' }),
    );
    expect(notBase64.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/body/contentBase64' }] });
    const gif = await as.prescriber.post(
      `/patients/${patientId}/documents`,
      upload({ contentType: 'image/gif' }, Buffer.from('GIF89a')),
    );
    expect(gif.json().errors).toEqual([{ path: '/body/contentType', message: 'Upload a PDF, PNG or JPEG file' }]);
  });

  it('asks which clearance a clearance letter gives, and for a title', async () => {
    const res = await as.prescriber.post(
      `/patients/${patientId}/documents`,
      upload({ kind: 'clearance_letter', title: '  ' }),
    );
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/body/clearance', '/body/title']);
    const wrong = await as.prescriber.post(
      `/patients/${patientId}/documents`,
      upload({ kind: 'clearance_letter', clearance: 'dermatology' }),
    );
    expect(wrong.json().errors).toEqual([{ path: '/body/clearance', message: 'Choose a clearance from the list' }]);
  });

  it('answers 413 problem+json for a file over 10 MB, whether or not it fits the body limit', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 0x20);
    big.write('%PDF-1.4\n');
    const res = await as.prescriber.post(`/patients/${patientId}/documents`, upload({}, big));
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('payload_too_large');
    // 10 MiB + 1 byte still fits the 14 MiB body: the use-case refuses it before decoding.
    const justOver = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    justOver.write('%PDF-1.4\n');
    const over = await as.prescriber.post(`/patients/${patientId}/documents`, upload({}, justOver));
    expect(over.statusCode).toBe(413);
    expect(over.json()).toMatchObject({ code: 'document_too_large', errors: [{ path: '/body/contentBase64' }] });
    // Other routes keep the 1 MiB limit.
    const vitals = await as.nurse.post(`/patients/${patientId}/vitals`, {
      weightKg: 70,
      padding: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(vitals.statusCode).toBe(413);
  });

  it('audits every upload, list and download', async () => {
    const actions = await auditActions(clinic, patientId);
    expect(actions).toEqual(expect.arrayContaining(['documents.upload', 'documents.list', 'documents.download']));
    const entry = await clinic.t.db.pool.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_log WHERE action = 'documents.upload' AND patient_id = $1 ORDER BY id LIMIT 1",
      [patientId],
    );
    expect(entry.rows[0]!.details).toEqual({
      kind: 'clearance_letter',
      contentType: 'application/pdf',
      sizeBytes: tinyPdf().length,
      sha256: sha(tinyPdf()),
    });
    expect(JSON.stringify(entry.rows[0]!.details)).not.toContain('Reyes');
  });
});

describe('who may see and add which documents', async () => {
  const patientId = await newPatient(clinic, { given: 'Wren', family: 'Folio' });
  const ecg = (
    await as.nurse.post(
      `/patients/${patientId}/documents`,
      upload({ kind: 'ecg', title: 'Baseline ECG', contentType: 'image/png' }, png),
    )
  ).json<{ id: string }>();

  it('lets a coordinator upload a referral letter but not an ECG, and hides the ECG from them', async () => {
    const referral = await as.coordinator.post(
      `/patients/${patientId}/documents`,
      upload({ title: 'Referral from Dr Okafor' }),
    );
    expect(referral.statusCode, referral.body).toBe(201);
    const clinical = await as.coordinator.post(
      `/patients/${patientId}/documents`,
      upload({ kind: 'ecg', title: 'ECG', contentType: 'image/png' }, png),
    );
    expect(clinical.statusCode).toBe(403);

    const list = await as.coordinator.get(`/patients/${patientId}/documents`);
    expect(list.json().items.map((d: { kind: string }) => d.kind)).toEqual(['referral']);
    expect(list.json()).toMatchObject({ clinicalRedacted: true, clearances: [] });
    expect((await as.coordinator.get(`/patients/${patientId}/documents/${ecg.id}/content`)).statusCode).toBe(404);
    expect(
      (await as.coordinator.post(`/patients/${patientId}/documents/${ecg.id}/retract`, { reason: 'Wrong patient' }))
        .statusCode,
    ).toBe(404);
    const timeline = (await as.coordinator.get(`/patients/${patientId}`))
      .json()
      .timeline.map((e: { summary: string }) => e.summary);
    expect(timeline).toContain('Referral letter uploaded: Referral from Dr Okafor');
    expect(timeline.join('\n')).not.toContain('ECG');
  });

  it('shows nurses and prescribers every kind', async () => {
    for (const who of [as.nurse, as.prescriber]) {
      const kinds = (await who.get(`/patients/${patientId}/documents`))
        .json()
        .items.map((d: { kind: string }) => d.kind);
      expect(kinds.sort()).toEqual(['ecg', 'referral']);
      expect((await who.get(`/patients/${patientId}/documents/${ecg.id}/content`)).statusCode).toBe(200);
    }
  });

  it('keeps admins out of patient documents (the README role table gives them no patient records)', async () => {
    expect((await as.admin.get(`/patients/${patientId}/documents`)).statusCode).toBe(403);
    expect((await as.admin.get(`/patients/${patientId}/documents/${ecg.id}/content`)).statusCode).toBe(403);
    expect((await as.admin.post(`/patients/${patientId}/documents`, upload({}))).statusCode).toBe(403);
  });

  it("answers 404 for another clinic's patient and their documents", async () => {
    expect((await as.otherPrescriber.get(`/patients/${patientId}/documents`)).statusCode).toBe(404);
    expect((await as.otherPrescriber.get(`/patients/${patientId}/documents/${ecg.id}/content`)).statusCode).toBe(404);
    expect((await as.otherPrescriber.post(`/patients/${patientId}/documents`, upload({}))).statusCode).toBe(404);
    const outsider = await newPatient(clinic, { organizationId: clinic.otherOrganizationId });
    expect((await as.prescriber.get(`/patients/${outsider}/documents`)).statusCode).toBe(404);
    // A document id under the wrong patient is not found either.
    expect(
      (await as.prescriber.get(`/patients/${await newPatient(clinic)}/documents/${ecg.id}/content`)).statusCode,
    ).toBe(404);
  });

  it('keeps patients out, even of their own record (the portal shows what the clinic shares)', async () => {
    const own = clinic.users.patient.patientId!;
    await as.prescriber.post(`/patients/${own}/documents`, upload({ title: 'Own referral' }));
    // The wall (patients.read) refuses them before any id is looked up; the use-case would say 404.
    expect((await as.patient.get(`/patients/${own}/documents`)).statusCode).toBe(403);
    expect((await as.patient.get(`/patients/${patientId}/documents`)).statusCode).toBe(403);
    expect((await as.patient.get(`/patients/${patientId}/documents/${ecg.id}/content`)).statusCode).toBe(403);
    // Behind the wall, the use-case answers "not found" even for the patient's own record.
    const principal = {
      userId: clinic.users.patient.id,
      organizationId: clinic.organizationId,
      kind: 'patient' as const,
      roles: [],
      patientId: own,
    };
    const ctx = { db: clinic.t.db.pool, principal, now: new Date(), ip: null, userAgent: null };
    await expect(listDocuments(own, ctx)).rejects.toMatchObject({ code: 'not_found' });
    await expect(readDocumentContent(own, ecg.id, ctx)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('retracting instead of deleting', async () => {
  const patientId = await newPatient(clinic, { given: 'Sable', family: 'Retracta' });
  const doc = (
    await as.prescriber.post(
      `/patients/${patientId}/documents`,
      upload({ kind: 'lab_result', title: 'CMP 2026-11-20' }),
    )
  ).json<{ id: string; version: number }>();

  it('needs a reason, keeps the row and marks it retracted, once', async () => {
    const noReason = await as.prescriber.post(`/patients/${patientId}/documents/${doc.id}/retract`, { reason: ' ' });
    expect(noReason.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/body/reason' }] });
    const stale = await as.prescriber.post(`/patients/${patientId}/documents/${doc.id}/retract`, {
      reason: 'Wrong patient',
      version: 7,
    });
    expect(stale.statusCode).toBe(409);

    const res = await as.nurse.post(`/patients/${patientId}/documents/${doc.id}/retract`, {
      reason: 'Wrong patient',
      version: doc.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: doc.id,
      retracted: { reason: 'Wrong patient', by: { name: 'Nurse Test' } },
      version: 2,
    });
    const again = await as.prescriber.post(`/patients/${patientId}/documents/${doc.id}/retract`, {
      reason: 'Wrong patient',
    });
    expect(again.json().code).toBe('document_retracted');

    const list = (await as.prescriber.get(`/patients/${patientId}/documents`)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0].retracted).toMatchObject({ reason: 'Wrong patient' });
    expect((await as.prescriber.get(`/patients/${patientId}/documents/${doc.id}/content`)).statusCode).toBe(200);
    expect(await auditActions(clinic, patientId)).toContain('documents.retract');
  });

  it('cannot be edited or deleted in the database either, by the app role', async () => {
    const client = await clinic.t.db.pool.connect();
    try {
      await client.query('SET ROLE ketaclinic_app');
      await expect(client.query("UPDATE patient_documents SET title = 'x' WHERE id = $1", [doc.id])).rejects.toThrow(
        /can only be retracted/,
      );
      await expect(client.query('DELETE FROM patient_documents WHERE id = $1', [doc.id])).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await client.query('RESET ROLE');
      client.release();
    }
  });
});

describe('clearance letters against the assessment', async () => {
  const patientId = await newPatient(clinic, { given: 'Tamsin', family: 'Clearwater' });

  it('lists the clearances the signed assessment asks for with the letters on file', async () => {
    await signedAssessment(
      clinic,
      patientId,
      { ...cleanInput, maoi: true },
      { decision: 'eligible_with_clearance', clearanceNote: 'Needs psychiatry sign-off for the MAOI' },
    );
    const before = (await as.prescriber.get(`/patients/${patientId}/documents`)).json();
    expect(before.clearances.length).toBeGreaterThan(0);
    const needed = before.clearances[0].clearance as string;
    expect(before.clearances[0]).toMatchObject({ assessmentStatus: 'signed', documentIds: [] });
    const letter = (
      await as.prescriber.post(
        `/patients/${patientId}/documents`,
        upload({ kind: 'clearance_letter', title: 'Clearance letter', clearance: needed }),
      )
    ).json<{ id: string }>();
    const after = (await as.prescriber.get(`/patients/${patientId}/documents`)).json();
    expect(after.clearances.find((c: { clearance: string }) => c.clearance === needed).documentIds).toEqual([
      letter.id,
    ]);
  });
});

describe('an upload sent again with its Idempotency-Key', async () => {
  const patientId = await newPatient(clinic, { given: 'Retry', family: 'Uploader' });
  const send = (body: Record<string, unknown>, key: string) =>
    clinic.t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/documents`,
      headers: { ...as.nurse.headers, 'idempotency-key': key },
      payload: body,
    });

  it('stores the file once and answers the first upload again', async () => {
    const first = await send(upload({}), 'upload-key-0001');
    expect(first.statusCode, first.body).toBe(201);
    const again = await send(upload({}), 'upload-key-0001');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    expect((await as.nurse.get(`/patients/${patientId}/documents`)).json().items).toHaveLength(1);
  });

  it('a refused file stores no answer (its path named in the body); the right file with the same key is stored', async () => {
    const wrong = await send(upload({ contentType: 'image/png' }), 'upload-key-0002');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('/body/contentBase64');
    const right = await send(upload({}), 'upload-key-0002');
    expect(right.statusCode, right.body).toBe(201);
    expect((await as.nurse.get(`/patients/${patientId}/documents`)).json().items).toHaveLength(2);
  });
});
