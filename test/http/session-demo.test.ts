import { describe, expect, it } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { caller } from './chart-fixtures.js';
import { createIdentityTestApp, signIn } from '../setup/identity.js';

describe('the demo clinic’s treatment sessions', async () => {
  const t = await createIdentityTestApp();
  const client = await t.db.pool.connect();
  let organizationId: string;
  try {
    organizationId = (await loadDemoClinic(client)).organizationId;
    // Loading twice changes nothing.
    await loadDemoClinic(client);
  } finally {
    client.release();
  }
  // The demo is loaded at the real time; the app's clock follows it, so "today" is the demo's today.
  t.clock.advance(Date.now() - t.clock.now.getTime());
  const account = demoAccounts.find((a) => a.roles.includes('nurse'))!;
  const users = await t.db.pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [account.email]);
  const nurse = caller(
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

  it('has one patient mid-infusion and one session discharged, signed and co-signed', async () => {
    const rows = await t.db.pool.query<{ id: string; clinic_date: string }>(
      "SELECT id, to_char(clinic_date, 'YYYY-MM-DD') AS clinic_date FROM treatment_sessions WHERE organization_id = $1 AND checked_in_at > now() - interval '1 day' ORDER BY checked_in_at",
      [organizationId],
    );
    expect(rows.rows).toHaveLength(2);
    type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const [done, live] = await Promise.all(
      rows.rows.map(async (r) => (await nurse.get(`/sessions/${r.id}`)).json<Json>()),
    );
    if (!done || !live) throw new Error('two sessions expected');
    expect(done).toMatchObject({
      route: 'IM',
      phase: 'discharged',
      doseNumber: 1,
      discharge: { collectedBy: 'Noor Inductova (sister)' },
      nurseSignature: { by: expect.any(String) },
      prescriberSignature: { by: expect.any(String) },
    });
    expect(live).toMatchObject({
      route: 'IV',
      phase: 'dosing',
      infusion: { state: 'running', rateMlPerHour: 120 },
      order: { vial: { lotNumber: 'DEMO-K2601', strengthMgPerMl: 50, ledgerEntryId: expect.any(String) } },
    });
    expect(live.vitals.length).toBeGreaterThanOrEqual(3);
    const board = (await nurse.get(`/sessions/board?date=${rows.rows[1]!.clinic_date}`)).json();
    expect(board.items.map((i: { id: string }) => i.id)).toContain(live.id);
    // This morning's vial: what the dose left was wasted, witnessed, before the record was signed.
    expect(done.order.vial.waste).toEqual([
      expect.objectContaining({ witness: expect.stringMatching(/Prescriber/), volumeMl: expect.any(Number) }),
    ]);
    expect(done.vialRemainder).toBeNull();
  });

  it('has esketamine nasal spray in the register and a REMS-enrolled patient booked for an esketamine session today', async () => {
    type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const stock = await t.db.pool.query<{ n: number; ml: string; status: string; location: string }>(
      `SELECT count(*)::int AS n, sum(v.remaining_ul)::text AS ml, min(v.status) AS status, min(l.name) AS location
         FROM cs_vials v JOIN cs_products p ON p.id = v.product_id JOIN locations l ON l.id = v.location_id
        WHERE v.organization_id = $1 AND v.lot = 'DEMO-E2601' AND p.form = 'nasal_spray' AND p.drug ILIKE '%esketamine%'`,
      [organizationId],
    );
    expect(stock.rows[0]).toEqual({ n: 6, ml: '1200', status: 'sealed', location: 'Larkspur Demo — Riverside' });
    const patient = await t.db.pool.query<{ id: string; status: string }>(
      "SELECT id, status FROM patients WHERE organization_id = $1 AND family_name = 'Sprayworth'",
      [organizationId],
    );
    expect(patient.rows).toHaveLength(1);
    const { id: patientId, status } = patient.rows[0]!;
    expect(status).toBe('eligible');
    const docs = (await nurse.get(`/patients/${patientId}/documents`)).json<Json>();
    expect(docs.items.map((d: Json) => d.title as string)).toContain('Spravato REMS patient enrolment form (demo)');
    const appointment = await t.db.pool.query<{
      id: string;
      kind: string;
      status: string;
      today: boolean;
      nurse: boolean | null;
    }>(
      `SELECT a.id, a.kind, a.status, (a.starts_at AT TIME ZONE 'America/New_York')::date = (now() AT TIME ZONE 'America/New_York')::date AS today,
              (SELECT 'nurse' = ANY (u.roles) FROM users u WHERE u.id = a.staff_user_id) AS nurse
         FROM appointments a WHERE a.patient_id = $1`,
      [patientId],
    );
    // Like every other demo appointment, hers has a nurse assigned.
    expect(appointment.rows).toEqual([
      { id: expect.any(String), kind: 'esketamine_session', status: 'confirmed', today: true, nurse: true },
    ]);

    // A nurse opens the session from the booking: an esketamine (IN) session from the signed plan, its
    // devices offered from the register.
    const post = (url: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1${url}`,
        headers: { ...nurse.headers, 'idempotency-key': `demo-test-${url}-${Date.now()}` },
        payload,
      });
    const checkIn = await post('/sessions', { patientId, appointmentId: appointment.rows[0]!.id });
    expect(checkIn.statusCode, checkIn.body).toBe(201);
    const session = checkIn.json<Json>();
    expect(session).toMatchObject({ route: 'IN', chair: 'Chair 4', phase: 'checked_in' });
    const devices = (await nurse.get(`/sessions/${session.id}/vials`)).json<Json>();
    expect(devices.items).toHaveLength(6);
    expect(devices.items[0]).toMatchObject({ lot: 'DEMO-E2601', strengthMgPerMl: 140, remainingMl: 0.2 });
  });
});
