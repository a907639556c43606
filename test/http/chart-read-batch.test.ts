import { describe, expect, it } from 'vitest';
import { readChartJson, type ChartReadInput } from '../../src/db/repositories/chart-read.js';
import { auditActions, chartClinic, newPatient } from './chart-fixtures.js';

/**
 * Chart reads that arrive together share one statement and one commit (decision 034), like the chart's
 * appends (decision 029): each read still gets its own chart and writes its own audit entry, and a patient of
 * another clinic is still "not found".
 */
const clinic = await chartClinic('Read Batch Clinic');
const pool = clinic.t.db.pool;

const readOf = (patientId: string, organizationId = clinic.organizationId): ChartReadInput => ({
  patientId,
  organizationId,
  pageSize: 50,
  audit: {
    occurredAt: new Date(),
    actorUserId: clinic.users.nurse.id,
    actorRoles: ['nurse'],
    ip: '127.0.0.1',
    userAgent: 'test',
    details: { view: 'chart' },
  },
});

describe('chart reads that arrive together share one statement (decision 034)', () => {
  it('gives each read its own chart, and audits every read in one commit', async () => {
    const names = ['Alder', 'Birch', 'Cedar', 'Dogwood', 'Elm'];
    const patients = await Promise.all(names.map((family) => newPatient(clinic, { family })));
    await clinic.as.nurse.post(`/patients/${patients[2]}/allergies`, { substance: 'Latex', severity: 'mild' });
    const charts = await Promise.all(patients.map((id) => readChartJson(pool, readOf(id))));
    expect(charts.map((c) => [c?.patient.id, c?.patient.familyName])).toEqual(patients.map((id, i) => [id, names[i]]));
    expect(charts.map((c) => c?.allergies.map((a) => a.substance))).toEqual([[], [], ['Latex'], [], []]);
    const audits = await pool.query<{ patient_id: string; x: string }>(
      `SELECT patient_id, xmin::text AS x FROM audit_log
        WHERE action = 'patients.read' AND patient_id = ANY($1::uuid[]) AND user_agent = 'test'`,
      [patients],
    );
    expect(audits.rows.map((r) => r.patient_id).sort()).toEqual([...patients].sort());
    // One statement wrote the five audit entries.
    expect(new Set(audits.rows.map((r) => r.x)).size).toBe(1);
  });

  it('answers the same chart as a read on its own (inside a transaction)', async () => {
    const id = await newPatient(clinic, { family: 'Fir' });
    await clinic.as.nurse.post(`/patients/${id}/vitals`, { systolicMmHg: 118, diastolicMmHg: 76 });
    const [batched] = await Promise.all([readChartJson(pool, readOf(id)), readChartJson(pool, readOf(id))]);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const alone = await readChartJson(client, readOf(id));
      await client.query('ROLLBACK');
      expect(batched).toEqual(alone);
    } finally {
      client.release();
    }
    // The same chart read twice at once is two reads, each audited.
    expect((await auditActions(clinic, id)).filter((a) => a === 'patients.read')).toHaveLength(2);
  });

  it('another clinic’s patient or an unknown id among them is not found and not audited; the others are read', async () => {
    const mine = await newPatient(clinic, { family: 'Ginkgo' });
    const outsider = await newPatient(clinic, { family: 'Hazel', organizationId: clinic.otherOrganizationId });
    const unknown = '01900000-0000-7000-8000-000000000000';
    const charts = await Promise.all([
      readChartJson(pool, readOf(mine)),
      readChartJson(pool, readOf(outsider)),
      readChartJson(pool, readOf(unknown)),
      readChartJson(pool, readOf(outsider, clinic.otherOrganizationId)),
    ]);
    expect(charts.map((c) => c?.patient.familyName)).toEqual(['Ginkgo', undefined, undefined, 'Hazel']);
    expect(await auditActions(clinic, mine)).toEqual(['patients.read']);
    // Read once, by its own clinic.
    const outsiderAudits = await pool.query<{ organization_id: string }>(
      `SELECT organization_id FROM audit_log WHERE patient_id = $1 AND action = 'patients.read'`,
      [outsider],
    );
    expect(outsiderAudits.rows).toEqual([{ organization_id: clinic.otherOrganizationId }]);
  });

  it('twenty parallel chart reads over HTTP each answer their own patient', async () => {
    const patients = await Promise.all(
      Array.from({ length: 20 }, (_, i) => newPatient(clinic, { family: `Parallel${String(i).padStart(2, '0')}` })),
    );
    const answers = await Promise.all(patients.map((id) => clinic.as.nurse.get(`/patients/${id}`)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(200));
    expect(answers.map((a) => a.json<{ patient: { id: string } }>().patient.id)).toEqual(patients);
  });
});
