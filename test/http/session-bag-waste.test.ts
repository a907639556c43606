import { describe, expect, it } from 'vitest';
import { pdfText } from '../setup/pdf.js';
import {
  cssrsLow,
  freeChair,
  goodPrechecks,
  normalVitals,
  phq9Answers,
  readyPatient,
  sessionClinic,
  stockVials,
} from './session-fixtures.js';

/**
 * An IV infusion stopped before the whole bag ran in (decision 028; CLINICAL.md §6: every mg drawn of a
 * Schedule III drug is either given or wasted with a witness). The drug drawn into the bag and not infused
 * is the session's bag remainder; the record cannot be signed until it is wasted with a witness, once and
 * whole; the register then says administered = delivered (a correction of the draw) and waste = the rest.
 */
const clinic = await sessionClinic('Session Bag Waste Clinic');
const { s } = clinic;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<Json> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as Json;
}

const stock = await stockVials(clinic, { strengthMgPerMl: 10, containerMl: 50, containers: 4, lot: 'LOT-BAG' });
const { locationId } = stock;
const witness = { witnessUserId: clinic.users.prescriber.id, witnessPassword: clinic.users.prescriber.password };

const ledger = async (sessionId: string) =>
  (
    await clinic.t.db.pool.query<{
      id: string;
      kind: string;
      change_ul: number;
      change_ug: string;
      patient_id: string | null;
      witness_user_id: string | null;
      corrects_entry_id: string | null;
    }>(
      `SELECT id, kind, change_ul, change_ug::text, patient_id, witness_user_id, corrects_entry_id
         FROM cs_ledger_entries WHERE session_ref = $1 ORDER BY seq`,
      [sessionId],
    )
  ).rows;

/** An IV session drawn from `vialId` (0.5 mg/kg × 80 kg = 40 mg = 4 mL of 10 mg/mL in 100 mL), stopped at `infusedMl`. */
async function stoppedAt(vialId: string, infusedMl: number): Promise<Json> {
  const patientId = await readyPatient(clinic);
  let session = await ok(s.nurse.post('/sessions', { patientId, locationId, chair: freeChair() }), 201);
  for (const [instrumentId, answers] of [
    ['phq9', phq9Answers],
    ['cssrs_screener', cssrsLow],
  ] as const) {
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/questionnaires`, { version: session.version, instrumentId, answers }),
    );
  }
  session = await ok(
    s.nurse.post(`/sessions/${session.id}/pre-checks`, { version: session.version, ...goodPrechecks }),
  );
  clinic.advance(1);
  await ok(
    s.nurse.post(`/sessions/${session.id}/vitals`, {
      version: session.version,
      takenAt: clinic.iso(),
      ...normalVitals,
    }),
  );
  session = await ok(s.nurse.get(`/sessions/${session.id}`));
  session = await ok(
    s.nurse.post(`/sessions/${session.id}/order`, {
      version: session.version,
      titrate: false,
      vialId,
      diluent: 'sodium_chloride_0_9',
      finalVolumeMl: 100,
    }),
  );
  session = await ok(s.nurse.post(`/sessions/${session.id}/start`, { version: session.version, at: clinic.iso() }));
  expect(session.bagRemainder).toBeNull();
  clinic.advance(20);
  return ok(
    s.nurse.post(`/sessions/${session.id}/infusion`, {
      version: session.version,
      kind: 'stop',
      at: clinic.iso(),
      volumeInfusedMl: infusedMl,
      reason: 'Patient asked to stop',
    }),
  );
}

async function discharged(session: Json): Promise<Json> {
  clinic.advance(61);
  await ok(
    s.nurse.post(`/sessions/${session.id}/vitals`, {
      version: session.version,
      takenAt: clinic.iso(),
      ...normalVitals,
    }),
  );
  const read = await ok(s.nurse.get(`/sessions/${session.id}`));
  return ok(
    s.nurse.post(`/sessions/${session.id}/discharge`, {
      version: read.version,
      speechAtBaseline: true,
      awarenessAtBaseline: true,
      purposefulMovement: true,
      companionPresent: true,
      collectedBy: 'Rowan Testcase (partner)',
      aftercareGiven: true,
    }),
  );
}

describe('the drug left in an IV bag when the infusion stops early', () => {
  it('is shown on the session, refuses the signature until wasted with a witness, and the register balances', async () => {
    const vialId = stock.vialIds[0]!;
    let session = await stoppedAt(vialId, 50);
    // Half the bag ran in: 20 of the 40 mg drawn; 2 mL of drug (20 mg) is still in the bag.
    expect(session.delivered).toMatchObject({ mg: 20, volumeInfusedMl: 50 });
    expect(session.bagRemainder).toEqual({
      vialId,
      lotNumber: 'LOT-BAG',
      vialNumber: 1,
      concentrationMgPerMl: 10,
      drawnMl: 4,
      drawnMg: 40,
      deliveredMg: 20,
      volumeInfusedMl: 50,
      finalVolumeMl: 100,
      remainingMl: 2,
      remainingMg: 20,
    });
    // The coordinator sees the board, not the clinical record.
    expect((await ok(s.coordinator.get(`/sessions/${session.id}`))).bagRemainder).toBeNull();

    session = await discharged(session);
    // The vial's rest first (decision 026), so only the bag is left to name.
    // (The longest Idempotency-Key a tablet may send is kept by the register too.)
    session = await ok(
      s.nurse.post(
        `/sessions/${session.id}/waste`,
        { version: session.version, volumeMl: 46, reason: 'Left in the vial after the dose', ...witness },
        'v'.repeat(200),
      ),
    );
    const refused = await s.nurse.post(`/sessions/${session.id}/sign`, { version: session.version });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({
      code: 'session_requirements_missing',
      errors: [
        { path: '/bagWaste/volumeMl', message: 'Waste the 2 mL (20 mg) of ketamine left in the IV bag with a witness' },
      ],
      details: { bagRemainder: { remainingMl: 2, remainingMg: 20 } },
    });
    expect(refused.json().errors).toHaveLength(1);

    const body = {
      version: session.version,
      volumeMl: 2,
      reason: 'Infusion stopped early; left in the IV bag',
      ...witness,
    };
    // Sent twice at once with one key (a tablet retrying): one waste, the same answer.
    const key = 'b'.repeat(200);
    const [first, second] = await Promise.all([
      s.nurse.post(`/sessions/${session.id}/bag-waste`, body, key),
      s.nurse.post(`/sessions/${session.id}/bag-waste`, body, key),
    ]);
    expect([first.statusCode, second.statusCode], `${first.body} ${second.body}`).toEqual([200, 200]);
    const wasted = first.json<Json>();
    expect(second.json<Json>().version).toBe(wasted.version);
    expect(wasted.bagRemainder).toBeNull();
    expect(wasted.version).toBe((session.version as number) + 1);
    expect(wasted.order.vial.bagWaste).toMatchObject({
      volumeMl: 2,
      mg: 20,
      reason: 'Infusion stopped early; left in the IV bag',
      witness: 'Prescriber Test',
      ledgerEntryId: expect.any(String),
      correctionEntryId: expect.any(String),
    });
    // A retry with the same key answers the record as it is; nothing is wasted twice.
    const replay = await ok(s.nurse.post(`/sessions/${session.id}/bag-waste`, body, key));
    expect(replay.version).toBe(wasted.version);
    // Another waste of the same bag (a new key) is refused.
    const twice = await s.nurse.post(`/sessions/${session.id}/bag-waste`, { ...body, version: wasted.version });
    expect(twice.statusCode, twice.body).toBe(409);
    expect(twice.json()).toMatchObject({
      code: 'session_phase_invalid',
      detail: expect.stringMatching(/already wasted/),
    });

    // The register: the draw (−4 mL), the vial's rest (−46 mL), the correction of the draw (+2 mL, naming it)
    // and the bag's witnessed waste (−2 mL): administered 2 mL = 20 mg (delivered), wasted 48 mL.
    const entries = await ledger(session.id);
    const administration = entries[0]!;
    expect(entries.map((e) => [e.kind, e.change_ul, e.change_ug, e.witness_user_id, e.corrects_entry_id])).toEqual([
      ['administration', -4000, '-40000', null, null],
      ['waste', -46000, '-460000', clinic.users.prescriber.id, null],
      ['correction', 2000, '20000', null, administration.id],
      ['waste', -2000, '-20000', clinic.users.prescriber.id, null],
    ]);
    expect(entries.every((e) => e.patient_id === administration.patient_id || e.kind === 'waste')).toBe(true);
    expect(entries[2]!.patient_id).toBe(administration.patient_id);
    expect(entries[3]!.id).toBe(wasted.order.vial.bagWaste.ledgerEntryId);
    const vial = await clinic.t.db.pool.query<{ remaining_ul: number; status: string }>(
      'SELECT remaining_ul, status FROM cs_vials WHERE id = $1',
      [vialId],
    );
    expect(vial.rows[0]).toEqual({ remaining_ul: 0, status: 'wasted' });
    const audited = await clinic.t.db.pool.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE resource_id = $1 AND action = 'sessions.bag_waste'`,
      [session.id],
    );
    expect(audited.rows).toHaveLength(1);

    // The dispensing log for this patient (the vial's rest is the vial's, not the patient's): the
    // administered total is the delivered dose once the correction is counted; the bag's waste names the
    // patient, the session and its witness.
    const today = clinic.iso().slice(0, 10);
    const log = await ok(
      s.prescriber.get(
        `/controlled-substances/dispensing-log?from=${today}&to=${today}&patientId=${session.patient.id}`,
      ),
    );
    const mine = (log.items as Json[]).filter((e) => e.sessionRef === session.id);
    expect(mine.map((e) => [e.kind as string, e.changeMg as number])).toEqual([
      ['administration', -40],
      ['correction', 20],
      ['waste', -20],
    ]);
    expect(mine[1]).toMatchObject({
      correctsEntryId: administration.id,
      reason: expect.stringMatching(/^Not given: /),
    });
    expect(mine[2]).toMatchObject({ witness: { id: clinic.users.prescriber.id, method: 'password' } });
    // The totals net the correction into what was administered: the delivered dose.
    expect((log.totals as Json[]).find((t) => t.kind === 'administration')).toMatchObject({
      entries: 1,
      mg: -40,
      netMg: -20,
      netMl: -2,
    });
    expect((log.totals as Json[]).find((t) => t.kind === 'waste')).toMatchObject({ mg: -20, netMg: -20 });
    // The PDF export closes with the totals, administered also after its corrections.
    const pdf = await s.prescriber.get(
      `/controlled-substances/dispensing-log/report?from=${today}&to=${today}&patientId=${session.patient.id}&format=pdf`,
    );
    expect(pdf.statusCode).toBe(200);
    const pdfLines = pdfText(pdf.rawPayload)?.replace(/\s+/g, ' ');
    if (pdfLines !== undefined) expect(pdfLines).toContain('Administered after corrections: -2.000 mL, -20.000 mg');
    const given = mine.filter((e) => e.kind !== 'waste').reduce((sum, e) => sum + (e.changeMg as number), 0);
    expect(-given).toBe(wasted.delivered.mg);

    const signed = await ok(s.nurse.post(`/sessions/${session.id}/sign`, { version: wasted.version }));
    expect(signed.nurseSignature.by).toBe('Nurse Test');
    const after = await s.nurse.post(`/sessions/${session.id}/bag-waste`, { ...body, version: signed.version });
    expect(after.statusCode).toBe(409);
    expect(after.json().code).toBe('document_signed');
  });

  it('refuses bad input, the nurse as their own witness, a wrong amount, and other roles; nothing is written', async () => {
    const session = await stoppedAt(stock.vialIds[1]!, 75);
    // 1 mL of drug (10 mg) left.
    expect(session.bagRemainder).toMatchObject({ remainingMl: 1, remainingMg: 10 });
    const good = { version: session.version, volumeMl: 1, reason: 'Infusion stopped early', ...witness };
    const noVolume: Json = { ...good };
    delete noVolume.volumeMl;
    for (const [body, status, code, path] of [
      [{ ...good, volumeMl: 'one' }, 400, 'validation_failed', '/body/volumeMl'],
      [noVolume, 400, 'validation_failed', '/body/volumeMl'],
      [{ ...good, volumeMl: null }, 400, 'validation_failed', '/body/volumeMl'],
      [{ ...good, volumeMl: 0 }, 400, 'validation_failed', '/body/volumeMl'],
      [{ ...good, volumeMl: -1 }, 400, 'validation_failed', '/body/volumeMl'],
      [{ ...good, volumeMl: 1.0001 }, 400, 'validation_failed', '/body/volumeMl'],
      [{ ...good, volumeMl: 1.5 }, 422, 'session_bag_waste_mismatch', '/body/volumeMl'],
      [{ ...good, volumeMl: 0.5 }, 422, 'session_bag_waste_mismatch', '/body/volumeMl'],
      [{ ...good, reason: '' }, 400, 'validation_failed', '/body/reason'],
      [{ ...good, reason: 'ok' }, 400, 'validation_failed', '/body/reason'],
      [{ ...good, witnessUserId: 'nobody' }, 400, 'validation_failed', '/body/witnessUserId'],
      [
        { ...good, witnessUserId: clinic.users.nurse.id, witnessPassword: clinic.users.nurse.password },
        422,
        'ledger_witness_same_person',
        '/body/witnessUserId',
      ],
      [{ ...good, witnessPassword: 'not-the-password' }, 422, 'ledger_witness_not_confirmed', '/body/witnessPassword'],
      [{ ...good, version: session.version - 1 }, 409, 'stale_version', null],
    ] as const) {
      const res = await s.nurse.post(`/sessions/${session.id}/bag-waste`, body);
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(status);
      expect(res.json().code).toBe(code);
      if (path) expect(res.json().errors.map((e: Json) => e.path as string)).toContain(path);
    }
    const more = await s.nurse.post(`/sessions/${session.id}/bag-waste`, { ...good, volumeMl: 1.5 });
    expect(more.json().detail).toMatch(/held 1 mL of drug; more than that cannot be wasted/);
    const noKey = await s.nurse.post(`/sessions/${session.id}/bag-waste`, good, null);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().errors[0].path).toBe('/headers/idempotency-key');
    for (const role of ['coordinator', 'patient', 'admin'] as const) {
      const res = await s[role].post(`/sessions/${session.id}/bag-waste`, good);
      expect(res.statusCode, role).toBe(role === 'patient' ? 403 : 403);
    }
    expect((await ledger(session.id)).map((e) => e.kind)).toEqual(['administration']);
    const read = await ok(s.nurse.get(`/sessions/${session.id}`));
    expect(read).toMatchObject({ version: session.version, bagRemainder: { remainingMl: 1 } });
    expect(read.order.vial.bagWaste ?? null).toBeNull();
    // The prescriber may record it too (a second nurse witnesses).
    const done = await ok(
      s.prescriber.post(`/sessions/${session.id}/bag-waste`, {
        ...good,
        witnessUserId: clinic.users.nurse.id,
        witnessPassword: clinic.users.nurse.password,
      }),
    );
    expect(done.order.vial.bagWaste).toMatchObject({ volumeMl: 1, mg: 10, witness: 'Nurse Test' });
  });

  it('leaves nothing to waste when the whole bag ran in, and nothing before the stop', async () => {
    const full = await stoppedAt(stock.vialIds[2]!, 100);
    expect(full.bagRemainder).toBeNull();
    const res = await s.nurse.post(`/sessions/${full.id}/bag-waste`, {
      version: full.version,
      volumeMl: 1,
      reason: 'Infusion stopped early',
      ...witness,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'session_phase_invalid',
      detail: expect.stringMatching(/Nothing is left/),
    });
    expect((await ledger(full.id)).map((e) => e.kind)).toEqual(['administration']);
  });
});
