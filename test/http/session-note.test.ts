import { pdfImageList, pdfText } from '../setup/pdf.js';
import { describe, expect, it } from 'vitest';
import {
  cssrsLow,
  goodPrechecks,
  normalVitals,
  phq9Answers,
  readyPatient,
  sessionClinic,
  stockVials,
} from './session-fixtures.js';

/**
 * The session note as PDF: everything recorded, read back with pdftotext (poppler-utils), the chart drawn
 * as vectors (no raster image in the file), the download audited, and only for nurses and prescribers.
 */
const clinic = await sessionClinic('Session Note Clinic');
const { s } = clinic;
const vialId = (await stockVials(clinic, { strengthMgPerMl: 10, containerMl: 50, lot: 'LOT-NOTE-7' })).vialIds[0]!;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<Json> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as Json;
}

const patientId = await readyPatient(clinic, {}, { given: 'Nola', family: 'Notewright' });
let session = await ok(s.nurse.post('/sessions', { patientId, chair: 'Chair 4' }), 201);
const id = session.id as string;
const post = async (path: string, body: Json, as = s.nurse) => {
  session = await ok(as.post(`/sessions/${id}${path}`, { version: session.version, ...body }));
};
await post('/questionnaires', { instrumentId: 'phq9', answers: phq9Answers });
await post('/questionnaires', { instrumentId: 'cssrs_screener', answers: cssrsLow });
await post('/pre-checks', goodPrechecks);
clinic.advance(2);
await post('/vitals', { takenAt: clinic.iso(), ...normalVitals, systolicMmHg: 166, diastolicMmHg: 96 });
clinic.advance(5);
await post(
  '/overrides',
  {
    code: 'blood_pressure_at_or_above_hold',
    reason: 'White-coat pattern, repeat after rest is lower',
    repeatVitals: { takenAt: clinic.iso(), ...normalVitals, systolicMmHg: 152, diastolicMmHg: 90 },
  },
  s.prescriber,
);
await post('/order', { titrate: false, vialId, diluent: 'sodium_chloride_0_9', finalVolumeMl: 100 });
await post('/start', { at: clinic.iso() });
clinic.advance(10);
await post('/vitals', {
  takenAt: clinic.iso(),
  ...normalVitals,
  systolicMmHg: 148,
  diastolicMmHg: 92,
  heartRateBpm: 88,
});
await post('/entries', {
  kind: 'cadss6',
  at: clinic.iso(),
  answers: { cadss6_1: 1, cadss6_2: 2, cadss6_3: 0, cadss6_4: 1, cadss6_5: 0, cadss6_6: 1 },
});
await post('/entries', {
  kind: 'adverse_event',
  at: clinic.iso(),
  event: 'nausea_vomiting',
  severity: 'mild',
  intervention: 'Ondansetron 4 mg orally',
  outcome: 'Settled within ten minutes',
});
await post('/entries', { kind: 'note', at: clinic.iso(), text: 'Calm, listening to music' });
await post('/infusion', { kind: 'pause', at: clinic.iso(), reason: 'Nausea' });
clinic.advance(3);
await post('/infusion', { kind: 'resume', at: clinic.iso() });
clinic.advance(30);
await post('/infusion', { kind: 'stop', at: clinic.iso(), volumeInfusedMl: 100 });
clinic.advance(61);
await post('/vitals', { takenAt: clinic.iso(), ...normalVitals, systolicMmHg: 142, diastolicMmHg: 86 });
await post('/discharge', {
  speechAtBaseline: true,
  awarenessAtBaseline: true,
  purposefulMovement: true,
  companionPresent: true,
  collectedBy: 'Rowan Testcase (partner)',
  aftercareGiven: true,
});
session = await ok(
  s.nurse.post(`/sessions/${id}/waste`, {
    version: session.version,
    volumeMl: 46,
    reason: 'Left in the vial after the dose',
    witnessUserId: clinic.users.prescriber.id,
    witnessPassword: clinic.users.prescriber.password,
  }),
);
await post('/sign', {});
await post('/cosign', {}, s.prescriber);
session = await ok(
  s.nurse.post(`/sessions/${id}/amendments`, { reason: 'Late entry', text: 'Patient reported mild headache at home' }),
);

describe('the session note as PDF', () => {
  it('holds everything recorded, readable by pdftotext, with the vitals chart in vectors; the download is audited', async () => {
    const res = await clinic.t.app.inject({
      method: 'GET',
      url: `/api/v1/sessions/${id}/note.pdf`,
      headers: clinic.as.prescriber.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="session-note-\d{4}-\d{2}-\d{2}-/);
    expect(res.headers['content-disposition']).not.toMatch(/Notewright/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // A word may wrap after one of its hyphens in the PDF's text: rejoin before matching.
    const text = pdfText(res.rawPayload)
      ?.replace(/\s+/g, ' ')
      .replace(/(\w)- (\w)/g, '$1-$2');
    if (text !== undefined) {
      for (const expected of [
        'Treatment session note',
        'Nola Notewright',
        'Chair 4',
        'PHQ-9 today: score 9 (Mild) at',
        'C-SSRS screener today: No risk identified at',
        'Gate decision: Proceed',
        'Repeat (prescriber), baseline',
        'Route: IV infusion',
        'White-coat pattern, repeat after rest is lower',
        '0.5 mg/kg x 80 kg = 40 mg',
        '4 mL of 10 mg/mL',
        'lot LOT-NOTE-7',
        'Waste: 46 mL at',
        'Left in the vial after the dose; witnessed by Prescriber Test; register entry',
        'expires 06/30/2027',
        'at 150 mL/h',
        'Paused',
        'Resumed',
        'Delivered: 40 mg',
        '166/96',
        '152/90',
        '148/92',
        'Vitals chart',
        'CADSS-6 total 5',
        'nausea vomiting',
        'Ondansetron 4 mg orally',
        'Settled within ten minutes',
        'Calm, listening to music',
        'Collected by: Rowan Testcase (partner)',
        'Aftercare instructions given: yes',
        'signed by Nurse Test',
        'co-signed by Prescriber Test',
        'Late entry: Patient reported mild headache at home',
      ]) {
        expect(text, expected).toContain(expected);
      }
      // The chart is drawn with lines and dots, not pasted in as a picture.
      const images = pdfImageList(res.rawPayload) ?? [];
      expect(images).toHaveLength(2);
    }

    const audit = await clinic.t.db.pool.query<{ patient_id: string; actor_user_id: string }>(
      "SELECT patient_id, actor_user_id FROM audit_log WHERE action = 'sessions.note_pdf' AND resource_id = $1",
      [id],
    );
    expect(audit.rows).toEqual([{ patient_id: patientId, actor_user_id: clinic.users.prescriber.id }]);
  });

  it('lists what is still in the IV bag on a draft, and the bag waste with its witness once wasted', async () => {
    const bagVial = (await stockVials(clinic, { strengthMgPerMl: 10, containerMl: 50, lot: 'LOT-NOTE-BAG' }))
      .vialIds[0]!;
    const other = await readyPatient(clinic, {}, { given: 'Bea', family: 'Bagwright' });
    let early = await ok(s.nurse.post('/sessions', { patientId: other, chair: 'Chair 3' }), 201);
    const eid = early.id as string;
    const step = async (path: string, body: Json, as = s.nurse) => {
      early = await ok(as.post(`/sessions/${eid}${path}`, { version: early.version, ...body }));
    };
    await step('/questionnaires', { instrumentId: 'phq9', answers: phq9Answers });
    await step('/questionnaires', { instrumentId: 'cssrs_screener', answers: cssrsLow });
    await step('/pre-checks', goodPrechecks);
    clinic.advance(2);
    await step('/vitals', { takenAt: clinic.iso(), ...normalVitals });
    early = await ok(s.nurse.get(`/sessions/${eid}`));
    await step('/order', { titrate: false, vialId: bagVial, diluent: 'sodium_chloride_0_9', finalVolumeMl: 100 });
    await step('/start', { at: clinic.iso() });
    clinic.advance(10);
    await step('/infusion', { kind: 'stop', at: clinic.iso(), volumeInfusedMl: 25, reason: 'Patient asked to stop' });
    const note = async (): Promise<string | undefined> => {
      const res = await clinic.t.app.inject({
        method: 'GET',
        url: `/api/v1/sessions/${eid}/note.pdf`,
        headers: clinic.as.nurse.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      return pdfText(res.rawPayload)?.replace(/\s+/g, ' ');
    };
    // 25 of 100 mL ran in: 10 of the 40 mg; 3 mL of drug (30 mg) is still in the bag.
    const draft = await note();
    if (draft !== undefined) {
      expect(draft).toContain('Delivered: 10 mg');
      expect(draft).toContain('Left in the bag: 3 mL of drug (30 mg) not infused, not yet wasted');
      expect(draft).not.toContain('Bag waste:');
    }
    await step('/bag-waste', {
      volumeMl: 3,
      reason: 'Infusion stopped early, bag discarded',
      witnessUserId: clinic.users.prescriber.id,
      witnessPassword: clinic.users.prescriber.password,
    });
    const wasted = await note();
    if (wasted !== undefined) {
      // A register entry's id may wrap after one of its hyphens in the PDF's text: rejoin before matching.
      expect(wasted.replace(/(\w)- (\w)/g, '$1-$2')).toMatch(
        /Bag waste: 3 mL of drug \(30 mg\) not infused, wasted at .* - Infusion stopped early, bag discarded; witnessed by Prescriber Test; register entries [0-9a-f-]{36} \(correction of the draw\), [0-9a-f-]{36} \(waste\)/,
      );
      expect(wasted).not.toContain('Left in the bag');
    }
  });

  it('is for nurses and prescribers of this clinic only', async () => {
    const get = (headers: Record<string, string>, sessionId = id) =>
      clinic.t.app.inject({ method: 'GET', url: `/api/v1/sessions/${sessionId}/note.pdf`, headers });
    expect((await get(clinic.as.nurse.headers)).statusCode).toBe(200);
    for (const who of ['coordinator', 'patient', 'admin'] as const) {
      expect((await get(clinic.as[who].headers)).statusCode, who).toBe(403);
    }
    expect((await get(clinic.as.otherPrescriber.headers)).statusCode).toBe(404);
    expect((await get(clinic.as.nurse.headers, 'not-a-uuid')).statusCode).toBe(400);
  });
});
