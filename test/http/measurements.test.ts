import { pdfText } from '../setup/pdf.js';
import { describe, expect, it } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { caller, type Caller } from './chart-fixtures.js';
import { createIdentityTestApp, createOrganization, createUser, signIn } from '../setup/identity.js';

/**
 * Measurement-based care for clinicians (issue 17) on the demo clinic: an induction patient's trajectory, a
 * maintenance patient flagged as due, a non-responder for review; the lists, the exports and who may see them.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('measurement-based care on the demo clinic', async () => {
  const t = await createIdentityTestApp();
  const client = await t.db.pool.connect();
  let organizationId: string;
  try {
    organizationId = (await loadDemoClinic(client)).organizationId;
  } finally {
    client.release();
  }
  const as = async (role: string): Promise<Caller> => {
    const account = demoAccounts.find((a) => a.roles.includes(role))!;
    const users = await t.db.pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [account.email]);
    return caller(
      t,
      await signIn(t, {
        id: users.rows[0]!.id,
        email: account.email,
        password: account.password,
        organizationId,
        totpSecret: account.totpSecret,
        patientId: null,
      }),
    );
  };
  const prescriber = await as('prescriber');
  const nurse = await as('nurse');
  const coordinator = await as('coordinator');
  const patientId = async (family: string): Promise<string> =>
    (
      await t.db.pool.query<{ id: string }>('SELECT id FROM patients WHERE organization_id = $1 AND family_name = $2', [
        organizationId,
        family,
      ])
    ).rows[0]!.id;
  const rhea = await patientId('Relapsova');
  const iris = await patientId('Improva');
  const nico = await patientId('Nonresponde');
  const audits = async (action: string, patient: string | null = null) =>
    (
      await t.db.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND ($2::uuid IS NULL OR patient_id = $2)',
        [action, patient],
      )
    ).rows[0]!.n;

  it('shows the maintenance patient as due: PHQ-9 back to 13 after a best of 4, sessions with CADSS-6', async () => {
    const before = await audits('measurements.read', rhea);
    const res = await prescriber.get(`/patients/${rhea}/measurements`);
    expect(res.statusCode).toBe(200);
    const view = res.json<Json>();
    expect(view.maintenanceDue).toBe(true);
    expect(view.nonResponseReview).toBe(false);
    expect(view.plan).toMatchObject({ inductionSessions: 6, outcomeInstrumentId: 'phq9', reviewBySession: 4 });
    const phq9 = view.instruments.find((i: Json) => i.instrumentId === 'phq9');
    expect(phq9).toMatchObject({
      primary: true,
      baseline: { total: 21 },
      latest: { total: 13, change: -8 },
      everResponded: true,
      everRemitted: true,
      maintenance: { status: 'due', due: true },
    });
    expect(phq9.maintenance.reasons.map((r: Json) => String(r.code))).toEqual([
      'regained_fraction',
      'back_to_moderate',
    ]);
    expect(phq9.bands.map((b: Json) => Number(b.min))).toEqual([0, 5, 10, 15, 20]);
    expect(view.sessions).toHaveLength(9);
    expect(view.sessions.map((s: Json) => Number(s.doseNumber))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(view.sessions[0].cadss6).toEqual([{ at: expect.any(String), total: 16 }]);
    expect(view.sessions[1].adverseEvents).toMatchObject([{ event: 'Nausea', severity: 'mild' }]);
    expect(await audits('measurements.read', rhea)).toBe(before + 1);
  });

  it('shows the induction patient’s trajectory with early improvement by session 4 and a response', async () => {
    const view = (await nurse.get(`/patients/${iris}/measurements`)).json<Json>();
    const phq9 = view.instruments.find((i: Json) => i.instrumentId === 'phq9');
    expect(phq9.scores.filter((s: Json) => s.total !== null).length).toBeGreaterThanOrEqual(6);
    expect(phq9.baseline.total).toBe(20);
    expect(phq9.latest.total).toBe(8);
    expect(phq9.earlyImprovement.status).toBe('improved');
    expect(phq9.maintenance.status).toBe('in_induction');
    expect(phq9.latestFindings.map((f: Json) => String(f.code))).toContain('response');
    expect(view.instruments.map((i: Json) => String(i.instrumentId))).toEqual(['phq9', 'gad7']);
    expect(view.maintenanceDue).toBe(false);
  });

  it('flags the non-responder for review by session 4 (never an automatic stop)', async () => {
    const view = (await prescriber.get(`/patients/${nico}/measurements`)).json<Json>();
    expect(view.nonResponseReview).toBe(true);
    const phq9 = view.instruments.find((i: Json) => i.instrumentId === 'phq9');
    expect(phq9.earlyImprovement).toMatchObject({ status: 'review_recommended', bySession: 4 });
    expect(phq9.earlyImprovement.message).toMatch(/Do not stop automatically/);
  });

  it('lists patients due for maintenance and non-responders, audited, with a bounded page', async () => {
    const due = (await prescriber.get('/measurement-lists/maintenance_due')).json<Json>();
    expect(due.items.map((i: Json) => String(i.patientId))).toEqual([rhea]);
    expect(due.items[0].detail).toMatch(/PHQ-9 13 \(best 4\)/);
    const non = (await nurse.get('/measurement-lists/non_responders?limit=1')).json<Json>();
    expect(non).toMatchObject({ count: 1, nextCursor: null });
    expect(non.items.map((i: Json) => String(i.patientId))).toEqual([nico]);
    expect(await audits('measurements.list')).toBeGreaterThanOrEqual(2);
  });

  it('puts both lists on the clinical worklist, linking to the measurement view', async () => {
    const sections = (await prescriber.get('/worklist')).json<Json>().sections as Json[];
    const due = sections.find((s) => s.id === 'maintenance_due')!;
    expect(due).toMatchObject({ count: 1, path: '/measurement-care' });
    expect(due.items[0]).toMatchObject({ patientId: rhea, path: `/patients/${rhea}/measurements` });
    expect(sections.find((s) => s.id === 'non_responders')!.items[0].patientId).toBe(nico);
    const front = (await coordinator.get('/worklist')).json<Json>().sections as Json[];
    expect(front.map((s) => String(s.id))).not.toContain('maintenance_due');
  });

  it('adds no history twice when the demo is loaded again', async () => {
    const counts = async () =>
      (
        await t.db.pool.query<{ s: number; q: number }>(
          `SELECT (SELECT count(*)::int FROM treatment_sessions) AS s, (SELECT count(*)::int FROM questionnaire_results) AS q`,
        )
      ).rows[0]!;
    const before = await counts();
    const again = await t.db.pool.connect();
    try {
      await loadDemoClinic(again);
    } finally {
      again.release();
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const before = await audits('measurements.list');
    for (const url of [
      '/measurement-lists/everyone',
      '/measurement-lists/maintenance_due?limit=0',
      '/measurement-lists/maintenance_due?limit=1000',
      '/measurement-lists/maintenance_due?cursor=%3D%3D%3D',
      '/patients/not-a-uuid/measurements',
      `/patients/${rhea}/measurements/export?format=xlsx`,
    ]) {
      const res = await prescriber.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().errors.length, url).toBeGreaterThan(0);
    }
    expect(await audits('measurements.list')).toBe(before);
  });

  it('shows a patient only to clinical staff of their own clinic', async () => {
    expect((await coordinator.get(`/patients/${rhea}/measurements`)).statusCode).toBe(403);
    expect((await coordinator.get('/measurement-lists/maintenance_due')).statusCode).toBe(403);
    const otherOrg = await createOrganization(t.db.pool, 'Elsewhere Demo Clinic');
    const other = await createUser(t.db.pool, {
      organizationId: otherOrg,
      email: 'prescriber@elsewhere.example.org',
      roles: ['prescriber'],
      mfa: true,
    });
    const outsider = caller(t, await signIn(t, other));
    expect((await outsider.get(`/patients/${rhea}/measurements`)).statusCode).toBe(404);
    expect((await outsider.get(`/patients/${rhea}/measurements/export?format=csv`)).statusCode).toBe(404);
    expect((await outsider.get('/measurement-lists/maintenance_due')).json().items).toEqual([]);
  });

  it('exports the history as CSV with formula characters defused, audited', async () => {
    // An adverse event typed as a spreadsheet formula must reach the CSV as text.
    const session = await t.db.pool.query<{ id: string; organization_id: string; checked_in_by_user_id: string }>(
      'SELECT id, organization_id, checked_in_by_user_id FROM treatment_sessions WHERE patient_id = $1 AND dose_number = 3',
      [rhea],
    );
    const s = session.rows[0]!;
    // The record is signed (its trigger refuses new entries): write the fixture with triggers off.
    const fixture = await t.db.pool.connect();
    try {
      await fixture.query('SET session_replication_role = replica');
      await fixture.query(
        `INSERT INTO session_entries (organization_id, session_id, kind, at, content, by_user_id, recorded_at)
         SELECT organization_id, id, 'adverse_event', dose_started_at + interval '20 minutes', $2, $3, dose_started_at + interval '21 minutes'
         FROM treatment_sessions WHERE id = $1`,
        [
          s.id,
          JSON.stringify({
            event: '=HYPERLINK("http://x.example.org")',
            severity: 'mild',
            intervention: '+1',
            outcome: '@sum',
          }),
          s.checked_in_by_user_id,
        ],
      );
      await fixture.query('SET session_replication_role = DEFAULT');
    } finally {
      fixture.release();
    }
    const before = await audits('measurements.export', rhea);
    const res = await prescriber.get(`/patients/${rhea}/measurements/export?format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="measurements-\d+\.csv"/);
    const text = res.body;
    expect(text).toContain('Rhea Relapsova');
    expect(text).toContain('MAINTENANCE DUE');
    expect(text).toMatch(/Baseline score,[^\n]*,PHQ-9,21,/);
    expect(text).toContain('"\'=HYPERLINK(""http://x.example.org"") (mild); +1; outcome: @sum"');
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    const dataLines = text.split('\r\n').filter((l) => /^(Score|Baseline score|Session),/.test(l));
    expect(dataLines.filter((l) => l.startsWith('Session,'))).toHaveLength(9);
    expect(dataLines.filter((l) => l.includes(',PHQ-9,'))).toHaveLength(14);
    expect(await audits('measurements.export', rhea)).toBe(before + 1);
  });

  it('exports the history as a PDF whose text says what the screen says', async () => {
    const res = await nurse.get(`/patients/${rhea}/measurements/export?format=pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(res.rawPayload);
    if (text !== null) {
      expect(text).toContain('Measurement history');
      expect(text).toContain('Rhea Relapsova');
      expect(text).toContain('MAINTENANCE DUE');
      expect(text).toMatch(/Dose 9 \(IV\)/);
      expect(text).toMatch(/Nausea/);
    }
  });

  it('follows the clinic protocol’s treated range: a baseline below it is judged by change only', async () => {
    await t.db.pool.query(
      `INSERT INTO protocol_versions (organization_id, number, protocol, label, created_at)
       SELECT organization_id, number + 1, jsonb_set(protocol, '{outcomeBaselineMinimum,phq9}', '22'), 'Test 22', now()
       FROM protocol_versions WHERE organization_id = $1 ORDER BY number DESC LIMIT 1`,
      [organizationId],
    );
    const phq9 = (await prescriber.get(`/patients/${rhea}/measurements`))
      .json<Json>()
      .instruments.find((i: Json) => i.instrumentId === 'phq9');
    expect(phq9.responseRemission).toEqual({
      applicable: false,
      label: 'Baseline below the treated range: change only',
    });
    expect(phq9.everResponded).toBe(false);
    // Maintenance is about the course, not the treated range: still due.
    expect(phq9.maintenance.due).toBe(true);
  });
});
