import { describe, expect, it } from 'vitest';
import { pdfText } from '../setup/pdf.js';
import {
  freeChair,
  goodPrechecks,
  normalVitals,
  phq9Answers,
  readyPatient,
  type SessionCaller,
  sessionClinic,
  stockVials,
} from './session-fixtures.js';

/**
 * What the session record keeps and says: a reading back-timed before the dose is refused once the dose has
 * started, adverse events carry their own time, a discharge refused for want of vitals says so in words, and
 * the session note holds the day's screening, the gate's history and the record in the console's words.
 */
const clinic = await sessionClinic('Session Records Clinic');
const { s } = clinic;
const iv10 = (await stockVials(clinic, { strengthMgPerMl: 10, containerMl: 50, containers: 3 })).vialIds;
const im50 = (await stockVials(clinic, { strengthMgPerMl: 50, containerMl: 10, containers: 2 })).vialIds;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<Json> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as Json;
}

// A C-SSRS screener at low risk (a wish to be dead, nothing more).
const cssrsLowRisk = { cssrs_1: true, cssrs_2: false, cssrs_6_lifetime: false };
const imPlan = {
  route: 'IM' as const,
  startMgPerKg: 0.25,
  infusionMinutes: null,
  titration: { stepMgPerKg: 0.1, maxMgPerKg: 0.5 },
};

/** A session checked in with its questionnaires and pre-checks done; `step` posts with the current version. */
async function checkedIn(route: 'IV' | 'IM' = 'IV', patient: { given?: string; family?: string } = {}) {
  const patientId = await readyPatient(clinic, route === 'IM' ? imPlan : {}, patient);
  let session = await ok(s.nurse.post('/sessions', { patientId, chair: freeChair() }), 201);
  const step = async (path: string, body: Json, as: SessionCaller = s.nurse): Promise<Json> => {
    session = await ok(as.post(`/sessions/${session.id}${path}`, { version: session.version, ...body }));
    return session;
  };
  clinic.advance(5);
  await step('/questionnaires', { instrumentId: 'phq9', answers: phq9Answers });
  await step('/questionnaires', { instrumentId: 'cssrs_screener', answers: cssrsLowRisk });
  await step('/pre-checks', goodPrechecks);
  return { step, current: () => session, id: () => session.id as string };
}

const vitalsCount = async (id: string): Promise<number> =>
  (await clinic.t.db.pool.query('SELECT 1 FROM session_vitals WHERE session_id = $1', [id])).rowCount ?? 0;

/** The note's text (pdftotext), or null without poppler-utils (the text checks are then skipped, as elsewhere). */
const noteText = async (id: string): Promise<string | null> => {
  const res = await clinic.t.app.inject({
    method: 'GET',
    url: `/api/v1/sessions/${id}/note.pdf`,
    headers: clinic.as.prescriber.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  // A word may wrap after one of its hyphens in the PDF's text: rejoin before matching.
  return (
    pdfText(res.rawPayload)
      ?.replace(/\s+/g, ' ')
      .replace(/(\w)- (\w)/g, '$1-$2') ?? null
  );
};

describe('a reading back-timed before the dose, sent once the dose has started', () => {
  it('is refused at /body/takenAt with the dose start time, and nothing is stored or alerted', async () => {
    const { step, id } = await checkedIn();
    await step('/vitals', { takenAt: clinic.iso(), ...normalVitals });
    await step('/order', { titrate: false, vialId: iv10[0], diluent: 'sodium_chloride_0_9', finalVolumeMl: 100 });
    clinic.advance(5);
    let session = await step('/start', { at: clinic.iso() });
    let stored = await vitalsCount(id());
    clinic.advance(4);

    // One minute before the start, with a pressure that would alert against the baseline.
    const early = { takenAt: clinic.iso(-5), ...normalVitals, systolicMmHg: 184, diastolicMmHg: 112 };
    for (const attempt of ['cold', 'warm'] as const) {
      const res = await s.nurse.post(`/sessions/${id()}/vitals`, { version: session.version, ...early });
      expect(res.statusCode, `${attempt}: ${res.body}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().errors).toEqual([
        {
          path: '/body/takenAt',
          message: expect.stringMatching(
            /^Before the dose started at \d{1,2}:\d{2} (AM|PM): enter pre-dose readings before starting the dose$/,
          ),
        },
      ]);
      expect(await vitalsCount(id())).toBe(stored);
      // A reading at the start itself is an observation; after it the server remembers the session (warm).
      session = await ok(
        s.nurse.post(`/sessions/${id()}/vitals`, { version: session.version, ...normalVitals, takenAt: clinic.iso() }),
      );
      stored += 1;
    }
    const record = await ok(s.nurse.get(`/sessions/${id()}`));
    expect(record.vitals.filter((v: Json) => v.systolicMmHg === 184)).toEqual([]);
    expect(record.alerts).toEqual([]);
    expect(record.openAlerts).toBe(0);
  });
});

describe('adverse events carry their own time (already in the API: `at`, required)', () => {
  it('keeps a back-timed event at its time, and refuses one in the future or before check-in at /body/at', async () => {
    const { step, id, current } = await checkedIn();
    await step('/vitals', { takenAt: clinic.iso(), ...normalVitals });
    await step('/order', { titrate: false, vialId: iv10[1], diluent: 'sodium_chloride_0_9', finalVolumeMl: 100 });
    await step('/start', { at: clinic.iso() });
    clinic.advance(20);
    const event = {
      kind: 'adverse_event',
      event: 'nausea_vomiting',
      severity: 'mild',
      intervention: 'Ondansetron 4 mg orally',
      outcome: 'Settled',
    };
    const at = clinic.iso(-12);
    const session = await step('/entries', { ...event, at });
    expect(session.entries.find((e: Json) => e.kind === 'adverse_event')).toMatchObject({ at });
    for (const wrong of [clinic.iso(10), new Date(Date.parse(current().checkedInAt) - 60_000).toISOString()]) {
      const res = await s.nurse.post(`/sessions/${id()}/entries`, {
        version: current().version,
        ...event,
        at: wrong,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors[0].path).toBe('/body/at');
    }
  });
});

describe('a discharge refused for want of vitals since the dose', () => {
  const discharge = {
    speechAtBaseline: true,
    awarenessAtBaseline: true,
    purposefulMovement: true,
    companionPresent: true,
    collectedBy: 'Rowan Testcase (partner)',
    aftercareGiven: true,
  };

  it('says there are none, without listing what they lack or SpO2 on room air; then names what a reading lacks in words', async () => {
    const { step, id, current } = await checkedIn('IM');
    await step('/vitals', { takenAt: clinic.iso(), ...normalVitals });
    await step('/order', { titrate: false, vialId: im50[0], site: 'deltoid_left' });
    await step('/start', { at: clinic.iso() });
    clinic.advance(61);
    const refused = await s.nurse.post(`/sessions/${id()}/discharge`, { version: current().version, ...discharge });
    expect(refused.statusCode, refused.body).toBe(422);
    const messages = (refused.json().errors as Json[]).map((e) => e.message as string);
    expect(messages).toContain('No vitals taken since the dose ended.');
    expect(messages.join(' ')).not.toMatch(/Latest vitals lack|on room air|systolicMmHg/);

    await step('/vitals', { takenAt: clinic.iso(), ...normalVitals, respiratoryRatePerMin: null, onRoomAir: false });
    const partial = await s.nurse.post(`/sessions/${id()}/discharge`, { version: current().version, ...discharge });
    expect(partial.statusCode, partial.body).toBe(422);
    expect(partial.json().errors).toEqual(
      expect.arrayContaining([
        { path: '/readiness/vitals_missing', message: 'Latest vitals lack respiratory rate.' },
        { path: '/readiness/not_on_room_air', message: 'SpO2 must be ≥ 92 % on room air.' },
      ]),
    );
    expect(JSON.stringify(partial.json().errors)).not.toMatch(/No vitals taken since the dose ended/);

    // The IM session's note names the route and the site in words.
    const text = await noteText(id());
    if (text !== null) {
      expect(text).toContain('Route: IM injection');
      expect(text).toContain('Injection site: Left deltoid');
    }
  });
});

describe('the session note', () => {
  it("holds today's screening, the gate's holds and overrides with the repeat reading, in the console's words and dates", async () => {
    const { step, id } = await checkedIn('IV', { given: 'Gale', family: 'Gatewright' });
    clinic.advance(2);
    await step('/vitals', { takenAt: clinic.iso(), ...normalVitals, systolicMmHg: 166, diastolicMmHg: 96 });
    clinic.advance(5);
    const held = await step('/vitals', {
      takenAt: clinic.iso(),
      ...normalVitals,
      systolicMmHg: 150,
      diastolicMmHg: 92,
    });
    expect(held.gate.outcome).toBe('hold');
    clinic.advance(5);
    await step(
      '/overrides',
      {
        code: 'blood_pressure_at_or_above_hold',
        reason: 'White-coat pattern, repeat after rest is lower',
        repeatVitals: { takenAt: clinic.iso(), systolicMmHg: 148, diastolicMmHg: 88 },
      },
      s.prescriber,
    );
    await step('/order', { titrate: false, vialId: iv10[2], diluent: 'sodium_chloride_0_9', finalVolumeMl: 100 });
    const started = await step('/start', { at: clinic.iso() });
    const text = await noteText(id());
    if (text === null) return;
    const day = started.clinicDate as string;
    const usDay = `${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`;
    for (const expected of [
      'PHQ-9 today: score 9 (Mild) at',
      'C-SSRS screener today: Low risk at',
      'Gate decision: Proceed',
      'Hold overridden: Blood pressure 166/96 mmHg, taken earlier today, is',
      `Overridden by Prescriber Test at ${usDay}`,
      'reason: White-coat pattern, repeat after rest is lower',
      'Repeat reading (prescriber): 148/88 mmHg at',
      'Repeat (prescriber)',
      'Route: IV infusion',
      `Clinic date: ${usDay}, ${String(started.chair)}`,
      `Checked in: ${usDay}`,
      `Dose started: ${usDay}`,
      'expires 06/30/2027',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // The three pre-dose readings: the first two, and the prescriber's repeat (which is not a full set).
    expect(text.match(/Pre-dose|Baseline|Repeat \(prescriber\)(?!:)/g)).toEqual([
      'Pre-dose',
      'Baseline',
      'Repeat (prescriber)',
    ]);
    // Dates as the console writes them (MM/DD/YYYY), never ISO.
    expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
  });
});
