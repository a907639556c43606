import { describe, expect, it } from 'vitest';
import { createTestApp } from '../setup/app.js';

const { app } = await createTestApp();

const score = (id: string, body: unknown) =>
  app.inject({ method: 'POST', url: `/api/v1/instruments/${id}/score`, payload: body as object });

describe('GET /api/v1/instruments', () => {
  it('lists every instrument with items, answer options and bands, and PHQ-9 with its LOINC panel 44249-1', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/instruments' });
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((d: { id: string }) => d.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'phq9',
        'gad7',
        'pcl5',
        'madrs',
        'qids_sr16',
        'cadss',
        'cadss6',
        'cssrs_screener',
        'pain_nrs',
      ]),
    );
    const phq9 = res.json().items.find((d: { id: string }) => d.id === 'phq9');
    expect(phq9.code.code).toBe('44249-1');
    // Nine scored items and question 10, recorded but never scored (CLINICAL.md §5).
    expect(phq9.items).toHaveLength(10);
    expect(phq9.items[9]).toMatchObject({ id: 'phq9_10', unscored: true });
    expect(phq9.items[0].options.map((o: { value: number }) => o.value)).toEqual([0, 1, 2, 3]);
  });
});

describe('POST /api/v1/instruments/{id}/score', () => {
  it('scores a PHQ-9 of 10 as moderate (Kroenke 2001) and flags item 9 > 0 for suicide risk review', async () => {
    const res = await score('phq9', { answers: [1, 1, 1, 1, 1, 1, 1, 2, 1] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      instrumentId: 'phq9',
      total: 10,
      severity: { id: 'moderate' },
      blocksDosing: false,
    });
    expect(res.json().flags).toContain('suicide_risk_review');
  });

  it('accepts answers keyed by item id', async () => {
    const answers = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`gad7_${i + 1}`, 2]));
    const res = await score('gad7', { answers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 14, flags: ['probable_gad'] });
  });

  it('answers a missing and an out-of-range item with one 400 naming both, never scoring them as 0', async () => {
    const res = await score('phq9', {
      answers: { phq9_1: 1, phq9_2: 7, phq9_3: 0, phq9_4: 0, phq9_5: 0, phq9_6: 0, phq9_7: 0, phq9_8: 0 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/body/answers/phq9_2', '/body/answers/phq9_9']));
    expect(res.json().code).toBe('answers_invalid');
  });

  it('answers an unknown instrument with 404 and a wrongly shaped body with 400 and field paths', async () => {
    expect((await score('beck', { answers: [1] })).statusCode).toBe(404);
    const bad = await score('phq9', { answers: 'all zero' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/answers');
    const extra = await score('phq9', { answers: [0, 0, 0, 0, 0, 0, 0, 0, 0], patientName: 'x' });
    expect(extra.statusCode).toBe(400);
  });

  it('refuses a PCL-5 cut-off outside 31–33', async () => {
    const res = await score('pcl5', { answers: Array(20).fill(2), options: { pcl5CutOff: 40 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('instrument_option_invalid');
  });

  it('returns the PCL-5 DSM-5 cluster rule and cluster subscores (CLINICAL.md §5)', async () => {
    // Items 1, 6, 8, 9, 15, 16 rated 2: one B, one C, two D, two E endorsed — met, with a total of 12.
    const answers = Array.from({ length: 20 }, (_, i) => ([1, 6, 8, 9, 15, 16].includes(i + 1) ? 2 : 0));
    const res = await score('pcl5', { answers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      total: 12,
      flags: ['provisional_ptsd_dsm5'],
      clusters: {
        met: true,
        scores: [
          { id: 'B', subscore: 2, endorsed: 1, required: 1, met: true },
          { id: 'C', subscore: 2, endorsed: 1, required: 1, met: true },
          { id: 'D', subscore: 4, endorsed: 2, required: 2, met: true },
          { id: 'E', subscore: 4, endorsed: 2, required: 2, met: true },
        ],
      },
    });
    const phq9 = await score('phq9', { answers: [1, 1, 1, 1, 1, 1, 1, 1, 0, 3] });
    expect(phq9.json()).toMatchObject({ total: 8 }); // question 10 is recorded, never scored
    expect(phq9.json().clusters).toBeUndefined();
  });
});
