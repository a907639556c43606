import { describe, expect, it } from 'vitest';
import { caller, newPatient, type Caller } from './chart-fixtures.js';
import { tinyPdf } from './document-fixtures.js';
import { scheduleClinic } from './schedule-fixtures.js';
import { sessionCookie } from '../setup/identity.js';

/**
 * The portal's pages (decision 020): home with the next session and how to prepare, confirming it with a
 * companion, past sessions, progress, and the documents the clinic shares. Patient A never reaches
 * anything of patient B's, by any id; every read is audited.
 */
const clinic = await scheduleClinic('Portal Pages Clinic');
const { as, t } = clinic;
const pool = t.db.pool;

/** A patient with a portal account made the real way: invitation, then acceptance. */
async function portalPatient(given: string): Promise<{ patientId: string; portal: Caller }> {
  const patientId = await newPatient(clinic, { given, family: 'Portalson' });
  const email = `${given.toLowerCase()}.portalson@example.org`;
  await pool.query('UPDATE patients SET email = $2 WHERE id = $1', [patientId, email]);
  const invited = await as.coordinator.post(`/patients/${patientId}/portal-invitation`);
  if (invited.statusCode !== 201) throw new Error(invited.body);
  const body = (
    await pool.query<{ body_text: string }>(
      'SELECT body_text FROM email_outbox WHERE to_address = $1 ORDER BY created_at DESC LIMIT 1',
      [email],
    )
  ).rows[0]!.body_text;
  const token = /#token=([A-Za-z0-9_-]{43})/.exec(body)![1]!;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/portal/invitations/accept',
    payload: { token, password: `${given} has a long passphrase` },
  });
  if (res.statusCode !== 200) throw new Error(res.body);
  const cookie = sessionCookie(res)!;
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return {
    patientId,
    portal: caller(t, { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf }, me: res.json().user }),
  };
}

async function book(patientId: string, date: string, startTime: string, kind = 'esketamine_session') {
  const res = await as.coordinator.post('/schedule/appointments', {
    patientId,
    locationId: clinic.locationId,
    kind,
    date,
    startTime,
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json<{ id: string; version: number }>();
}

async function score(patientId: string, instrumentId: string, total: number, band: string, label: string, at: string) {
  await pool.query(
    `INSERT INTO questionnaire_results (organization_id, patient_id, instrument_id, instrument_version, total, severity_id, severity_label, answers, context, completed_at)
     VALUES ($1, $2, $3, '1', $4, $5, $6, '{}', 'pre_session', $7)`,
    [clinic.organizationId, patientId, instrumentId, total, band, label, at],
  );
}

const auditCount = async (action: string, patientId: string) =>
  (
    await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND patient_id = $2', [
      action,
      patientId,
    ])
  ).rows[0]!.n;

const a = await portalPatient('Avery');
const b = await portalPatient('Blake');
// The clock stands at Thursday 26 November 2026, 10:00 UTC; Midtown is in New York.
const next = await book(a.patientId, '2026-11-28', '10:00');
const later = await book(a.patientId, '2026-12-01', '10:00', 'follow_up');
const other = await book(b.patientId, '2026-11-30', '11:00');
// A session already past (moved back in time directly: booking in the past is refused).
const past = await book(a.patientId, '2026-12-02', '10:00');
await pool.query(
  `UPDATE appointments SET starts_at = '2026-11-20T15:00:00Z', ends_at = '2026-11-20T16:55:00Z', status = 'discharged' WHERE id = $1`,
  [past.id],
);

describe('the portal home', () => {
  it('shows the next session with place and preparation, the later ones, and the past ones', async () => {
    const res = await a.portal.get('/portal/home');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const home = res.json();
    expect(home.next).toMatchObject({
      id: next.id,
      startsAt: '2026-11-28T15:00:00.000Z',
      timeZone: 'America/New_York',
      hasDose: true,
      status: 'scheduled',
      canConfirm: true,
      location: { name: 'Midtown' },
    });
    // Six hours' fast before 10:00 is 04:00; clear fluids until 08:00; a companion; no driving.
    expect(home.next.preparation.map((p: { id: string; title: string }) => [p.id, p.title])).toEqual([
      ['fasting', 'Do not eat from 4:00 AM'],
      ['clear_fluids', 'Clear drinks only until 8:00 AM'],
      ['companion', 'Bring an adult to take you home'],
      ['no_driving', 'No driving until the next day'],
    ]);
    expect(home.later.map((x: { id: string }) => x.id)).toEqual([later.id]);
    expect(home.later[0].preparation.map((p: { id: string }) => p.id)).toEqual(['no_preparation']);
    expect(home.past).toEqual([expect.objectContaining({ id: past.id, statusLabel: 'Attended' })]);
    expect(JSON.stringify(home)).not.toContain(other.id);
    expect(await auditCount('portal.home.read', a.patientId)).toBe(1);
  });

  it('confirms the session with the companion’s name; a retry changes nothing; bad input and stale versions change nothing', async () => {
    const empty = await a.portal.post(`/portal/appointments/${next.id}/confirm`, {
      companionName: ' ',
      version: next.version,
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('/companionName');
    const stale = await a.portal.post(`/portal/appointments/${next.id}/confirm`, {
      companionName: 'Sam Okafor',
      version: next.version + 5,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale_version');

    const res = await a.portal.post(`/portal/appointments/${next.id}/confirm`, {
      companionName: 'Sam Okafor',
      version: next.version,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'confirmed', companionName: 'Sam Okafor' });
    expect(res.json().preparation[2].title).toBe('Sam Okafor takes you home');
    const retry = await a.portal.post(`/portal/appointments/${next.id}/confirm`, {
      companionName: 'Sam Okafor',
      version: next.version,
    });
    expect(retry.statusCode).toBe(200);
    const row = await pool.query('SELECT status, confirmed_via, companion_name FROM appointments WHERE id = $1', [
      next.id,
    ]);
    expect(row.rows[0]).toEqual({ status: 'confirmed', confirmed_via: 'portal', companion_name: 'Sam Okafor' });
    expect(await auditCount('portal.appointment_confirmed', a.patientId)).toBe(1);
    // Changing the companion later is allowed, with the current version.
    const changed = await a.portal.post(`/portal/appointments/${next.id}/confirm`, {
      companionName: 'Riley Okafor',
      version: res.json().version,
    });
    expect(changed.json()).toMatchObject({ status: 'confirmed', companionName: 'Riley Okafor' });
  });

  it('a past session cannot be confirmed (422), nor can staff use the patient route', async () => {
    const res = await a.portal.post(`/portal/appointments/${past.id}/confirm`, {
      companionName: 'Sam Okafor',
      version: 2,
    });
    expect(res.statusCode).toBe(409);
    const current = (await pool.query<{ version: number }>('SELECT version FROM appointments WHERE id = $1', [past.id]))
      .rows[0]!.version;
    const again = await a.portal.post(`/portal/appointments/${past.id}/confirm`, {
      companionName: 'Sam Okafor',
      version: current,
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().code).toBe('appointment_not_confirmable');
    expect(
      (await as.coordinator.post(`/portal/appointments/${next.id}/confirm`, { companionName: 'X Y', version: 1 }))
        .statusCode,
    ).toBe(403);
  });
});

describe('progress', () => {
  it('lists the patient’s own self-report scores with bands; clinician scales and other patients are left out', async () => {
    await score(a.patientId, 'phq9', 18, 'moderately_severe', 'Moderately severe', '2026-11-02T15:00:00Z');
    await score(a.patientId, 'phq9', 11, 'moderate', 'Moderate', '2026-11-16T15:00:00Z');
    await score(a.patientId, 'madrs', 30, 'moderate', 'Moderate', '2026-11-16T15:00:00Z');
    await score(b.patientId, 'phq9', 25, 'severe', 'Severe', '2026-11-16T15:00:00Z');
    const res = await a.portal.get('/portal/progress');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.series.map((s: { instrumentId: string }) => s.instrumentId)).toEqual(['phq9']);
    expect(body.series[0].points.map((p: { total: number }) => p.total)).toEqual([18, 11]);
    expect(body.series[0].bands.map((x: { min: number; max: number }) => [x.min, x.max])).toEqual([
      [0, 4],
      [5, 9],
      [10, 14],
      [15, 19],
      [20, 27],
    ]);
    expect(body.aftercare).toBeNull();
    expect(await auditCount('portal.progress.read', a.patientId)).toBe(1);
    const theirs = await b.portal.get('/portal/progress');
    expect(theirs.json().series[0].points.map((p: { total: number }) => p.total)).toEqual([25]);
  });
});

describe('documents shared with the patient', async () => {
  const uploaded = await as.nurse.post(`/patients/${a.patientId}/documents`, {
    kind: 'lab_result',
    title: 'Blood tests November',
    contentType: 'application/pdf',
    contentBase64: tinyPdf('Lab result').toString('base64'),
  });
  const doc = uploaded.json<{ id: string; version: number }>();

  it('nothing is shared until staff choose; a coordinator cannot share a clinical document', async () => {
    expect(uploaded.statusCode).toBe(201);
    expect((await a.portal.get('/portal/documents')).json().items).toEqual([]);
    expect((await a.portal.get(`/portal/documents/${doc.id}/content`)).statusCode).toBe(404);
    const coordinator = await as.coordinator.post(`/patients/${a.patientId}/documents/${doc.id}/sharing`, {
      shared: true,
    });
    expect(coordinator.statusCode).toBe(404);
    expect(
      (await a.portal.post(`/patients/${a.patientId}/documents/${doc.id}/sharing`, { shared: true })).statusCode,
    ).toBe(403);
  });

  it('a nurse shares it (audited); the patient lists and downloads it; patient B reaches none of it', async () => {
    const res = await as.nurse.post(`/patients/${a.patientId}/documents/${doc.id}/sharing`, {
      shared: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ sharedWithPatient: true });
    // A second click changes nothing.
    const again = await as.nurse.post(`/patients/${a.patientId}/documents/${doc.id}/sharing`, { shared: true });
    expect(again.json()).toMatchObject({ sharedWithPatient: true, sharedAt: res.json().sharedAt });
    expect(await auditCount('documents.share', a.patientId)).toBe(1);
    const sharing = await as.prescriber.get(`/patients/${a.patientId}/document-sharing`);
    expect(sharing.json().items).toEqual([{ documentId: doc.id, sharedAt: expect.any(String) }]);
    // A coordinator does not see clinical documents, so not their sharing either.
    expect((await as.coordinator.get(`/patients/${a.patientId}/document-sharing`)).json().items).toEqual([]);

    const list = await a.portal.get('/portal/documents');
    expect(list.json().items).toEqual([expect.objectContaining({ id: doc.id, title: 'Blood tests November' })]);
    const file = await a.portal.get(`/portal/documents/${doc.id}/content`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(await auditCount('portal.document.read', a.patientId)).toBe(1);

    expect((await b.portal.get('/portal/documents')).json().items).toEqual([]);
    expect((await b.portal.get(`/portal/documents/${doc.id}/content`)).statusCode).toBe(404);
  });

  it('stopping sharing takes it out of the portal at once', async () => {
    const res = await as.nurse.post(`/patients/${a.patientId}/documents/${doc.id}/sharing`, { shared: false });
    expect(res.json()).toMatchObject({ sharedWithPatient: false });
    expect((await a.portal.get(`/portal/documents/${doc.id}/content`)).statusCode).toBe(404);
  });
});

describe('patient A never reaches patient B', () => {
  it('by appointment, chart, document, or calendar feed id', async () => {
    const confirm = await a.portal.post(`/portal/appointments/${other.id}/confirm`, {
      companionName: 'Sam Okafor',
      version: other.version,
    });
    expect(confirm.statusCode).toBe(404);
    expect((await pool.query('SELECT status FROM appointments WHERE id = $1', [other.id])).rows[0].status).toBe(
      'scheduled',
    );
    expect((await a.portal.get(`/patients/${b.patientId}`)).statusCode).toBe(404);
    expect((await a.portal.get(`/patients/${b.patientId}/documents`)).statusCode).not.toBe(200);
    expect((await a.portal.get(`/patients/${b.patientId}/document-sharing`)).statusCode).toBe(403);
    const feed = await b.portal.post('/schedule/feeds', { patientId: b.patientId });
    expect(feed.statusCode).toBe(201);
    expect((await a.portal.post('/schedule/feeds', { patientId: b.patientId })).statusCode).toBe(403);
    expect((await a.portal.delete(`/schedule/feeds/${feed.json().id}`)).statusCode).toBe(404);
    const mine = await a.portal.get('/schedule/feeds');
    expect(await auditCount('calendar_feed.list', a.patientId)).toBe(1);
    expect(mine.json().items ?? mine.json()).not.toContainEqual(expect.objectContaining({ id: feed.json().id }));
  });
});
