import { describe, expect, it } from 'vitest';
import { HISTORY_PAGE as PAGE } from '../../src/app/chart/chart-read.js';
import { chartClinic, newPatient } from './chart-fixtures.js';

/**
 * The chart carries the newest page of each growing history (vitals, questionnaire results, timeline);
 * older pages come by cursor, each read audited. The chart's cost does not grow with history.
 */
const clinic = await chartClinic('History Clinic');
const { as } = clinic;
const pool = clinic.t.db.pool;

async function withHistory(rows: number): Promise<string> {
  const patientId = await newPatient(clinic);
  await pool.query(
    `INSERT INTO patient_vitals (organization_id, patient_id, recorded_at, context, heart_rate_bpm)
     SELECT p.organization_id, p.id, timestamptz '2026-01-01T00:00:00Z' + make_interval(hours => g), 'clinic', 40 + g % 100
       FROM patients p, generate_series(1, $2) g WHERE p.id = $1`,
    [patientId, rows],
  );
  // Two events at the same instant on each hour: the cursor must not skip or repeat either.
  await pool.query(
    `INSERT INTO patient_events (organization_id, patient_id, occurred_at, kind, summary)
     SELECT p.organization_id, p.id, timestamptz '2026-01-01T00:00:00Z' + make_interval(hours => g / 2), 'vitals_added', 'Event ' || g
       FROM patients p, generate_series(1, $2) g WHERE p.id = $1`,
    [patientId, rows],
  );
  await pool.query(
    `INSERT INTO questionnaire_results (organization_id, patient_id, instrument_id, instrument_version, total, flags, answers, context, completed_at)
     SELECT p.organization_id, p.id, 'phq9', '1', g % 27, '{}', '{}', 'follow_up', timestamptz '2026-01-01T00:00:00Z' + make_interval(days => g)
       FROM patients p, generate_series(1, $2) g WHERE p.id = $1`,
    [patientId, rows],
  );
  return patientId;
}

async function allPages(
  patientId: string,
  kind: 'vitals' | 'questionnaires' | 'timeline',
  first: { id: string }[],
  cursor: string | null,
): Promise<{ ids: string[]; pages: number }> {
  const ids = first.map((r) => r.id);
  let pages = 1;
  while (cursor) {
    const res = await as.nurse.get(`/patients/${patientId}/${kind}?cursor=${cursor}`);
    expect(res.statusCode, res.body).toBe(200);
    ids.push(...res.json().items.map((r: { id: string }) => r.id));
    cursor = res.json().nextCursor;
    pages += 1;
  }
  return { ids, pages };
}

describe('chart histories are paged', () => {
  it('the chart holds the newest page; older pages by cursor give every row once, newest first', async () => {
    const patientId = await withHistory(120);
    const chart = (await as.nurse.get(`/patients/${patientId}`)).json();
    expect(chart.vitals).toHaveLength(PAGE);
    expect(chart.timeline).toHaveLength(PAGE);
    expect(chart.questionnaires).toHaveLength(PAGE);
    expect(chart.vitals[0].recordedAt).toBe('2026-01-06T00:00:00.000Z');

    const vitals = await allPages(patientId, 'vitals', chart.vitals, chart.olderPages.vitals);
    expect(vitals.pages).toBe(Math.ceil(120 / PAGE));
    expect(new Set(vitals.ids).size).toBe(120);
    const stored = await pool.query<{ id: string }>(
      'SELECT id FROM patient_vitals WHERE patient_id = $1 ORDER BY recorded_at DESC, id DESC',
      [patientId],
    );
    expect(vitals.ids).toEqual(stored.rows.map((r) => r.id));

    const timeline = await allPages(patientId, 'timeline', chart.timeline, chart.olderPages.timeline);
    expect(new Set(timeline.ids).size).toBe(120);
    const events = await pool.query<{ id: string }>(
      'SELECT id FROM patient_events WHERE patient_id = $1 ORDER BY occurred_at DESC, id DESC',
      [patientId],
    );
    expect(timeline.ids).toEqual(events.rows.map((r) => r.id));

    const results = await allPages(patientId, 'questionnaires', chart.questionnaires, chart.olderPages.questionnaires);
    expect(new Set(results.ids).size).toBe(120);
  });

  it('times with any fraction of a second: every row once across pages, written to the millisecond as PostgreSQL would', async () => {
    const patientId = await newPatient(clinic);
    // 0.000137 s apart: fractions with and without trailing zeros, rows a microsecond-scale apart on one page edge.
    await pool.query(
      `INSERT INTO patient_vitals (organization_id, patient_id, recorded_at, context, heart_rate_bpm)
       SELECT p.organization_id, p.id, timestamptz '2026-01-01T00:00:00Z' + make_interval(secs => g * 0.000137), 'clinic', 60
         FROM patients p, generate_series(0, 79) g WHERE p.id = $1`,
      [patientId],
    );
    const chart = (await as.nurse.get(`/patients/${patientId}`)).json();
    const vitals = await allPages(patientId, 'vitals', chart.vitals, chart.olderPages.vitals);
    const stored = await pool.query<{ id: string; ms: string }>(
      `SELECT id, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ms
         FROM patient_vitals WHERE patient_id = $1 ORDER BY recorded_at DESC, id DESC`,
      [patientId],
    );
    expect(vitals.ids).toEqual(stored.rows.map((r) => r.id));
    expect(chart.vitals.map((v: { recordedAt: string }) => v.recordedAt)).toEqual(
      stored.rows.slice(0, PAGE).map((r) => r.ms),
    );
  });

  it('a short history has no older page', async () => {
    const patientId = await withHistory(3);
    const chart = (await as.nurse.get(`/patients/${patientId}`)).json();
    expect(chart.vitals).toHaveLength(3);
    expect(chart.olderPages).toEqual({ vitals: null, questionnaires: null, timeline: null });
  });

  it('audits each older page as a read of the chart, in the same statement as the read', async () => {
    const patientId = await withHistory(60);
    const chart = (await as.nurse.get(`/patients/${patientId}`)).json();
    expect((await as.nurse.get(`/patients/${patientId}/vitals?cursor=${chart.olderPages.vitals}`)).statusCode).toBe(
      200,
    );
    const audit = await pool.query<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_log WHERE patient_id = $1 AND actor_user_id = $2 ORDER BY id`,
      [patientId, clinic.users.nurse.id],
    );
    expect(audit.rows).toEqual([
      { action: 'patients.read', details: { view: 'chart' } },
      { action: 'patients.read', details: { view: 'vitals', page: 'older' } },
    ]);
  });

  it('refuses a forged cursor with 400 and another clinic’s patient with 404; a coordinator gets no clinical page', async () => {
    const patientId = await withHistory(60);
    const bad = await as.nurse.get(`/patients/${patientId}/vitals?cursor=bm90LWEtY3Vyc29y`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/query/cursor' }] });
    const chart = (await as.nurse.get(`/patients/${patientId}`)).json();
    expect(
      (await as.otherPrescriber.get(`/patients/${patientId}/vitals?cursor=${chart.olderPages.vitals}`)).statusCode,
    ).toBe(404);
    const coordinator = await as.coordinator.get(`/patients/${patientId}/vitals?cursor=${chart.olderPages.vitals}`);
    expect(coordinator.json()).toEqual({ items: [], nextCursor: null });
    expect((await as.coordinator.get(`/patients/${patientId}`)).json().olderPages.vitals).toBeNull();
    // A patient user reads only their own record.
    expect(
      (await as.patient.get(`/patients/${patientId}/timeline?cursor=${chart.olderPages.timeline}`)).statusCode,
    ).toBe(404);
  });
});
