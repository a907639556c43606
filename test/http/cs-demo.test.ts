import { describe, expect, it } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { caller } from './chart-fixtures.js';
import { createIdentityTestApp, signIn } from '../setup/identity.js';

describe('the demo clinic’s controlled-substance record answers an inspector in one request each', async () => {
  const t = await createIdentityTestApp();
  const client = await t.db.pool.connect();
  let organizationId: string;
  try {
    organizationId = (await loadDemoClinic(client, { intakes: false })).organizationId;
    await loadDemoClinic(client, { intakes: false });
  } finally {
    client.release();
  }
  const account = demoAccounts.find((a) => a.roles.includes('prescriber'))!;
  const users = await t.db.pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [account.email]);
  const prescriber = caller(
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
  const year = new Date().getUTCFullYear();
  const range = `from=${year - 1}-01-01&to=${year + 1}-12-31`;

  it('"every milligram from lot DEMO-K2601": received, given, wasted — and loaded once', async () => {
    const log = (await prescriber.get(`/controlled-substances/dispensing-log?${range}&lot=DEMO-K2601`)).json<{
      totals: { kind: string; entries: number; ml: number }[];
    }>();
    const byKind = Object.fromEntries(log.totals.map((x) => [x.kind, x]));
    expect(byKind.receipt).toMatchObject({ entries: 5, ml: 50 });
    expect(byKind.administration!.entries).toBeGreaterThan(0);
    // The rest of the first vial, and the rest of the vial of this morning's signed session.
    expect(byKind.waste!.entries).toBe(2);
    // The demo's two treatment sessions drew their doses from the next vials of the lot, through the ledger.
    const sessions = await t.db.pool.query<{ kind: string; ul: number; n: number; vials: number }>(
      "SELECT kind, coalesce(sum(change_ul), 0)::int AS ul, count(*)::int AS n, count(DISTINCT vial_id)::int AS vials FROM cs_ledger_entries WHERE lot = 'DEMO-K2601' AND kind IN ('administration', 'waste') AND session_ref IS NOT NULL GROUP BY kind ORDER BY kind",
    );
    expect(sessions.rows.map((r) => [r.kind, r.n, r.vials])).toEqual([
      ['administration', 2, 2],
      ['waste', 1, 1],
    ]);
    const sessionUl = sessions.rows.reduce((sum, r) => sum + r.ul, 0);
    // The first vial and the signed session's vial are used up: doses and witnessed waste make 10 mL each.
    const signedVial = await t.db.pool.query<{ ul: number }>(
      "SELECT sum(e.change_ul)::int AS ul FROM cs_ledger_entries e WHERE e.kind IN ('administration', 'waste') AND e.vial_id = (SELECT vial_id FROM cs_ledger_entries WHERE kind = 'waste' AND session_ref IS NOT NULL)",
    );
    expect(signedVial.rows[0]!.ul).toBe(-10_000);
    const firstVial = Math.round((byKind.administration!.ml + byKind.waste!.ml) * 1000) - sessionUl;
    expect(firstVial).toBe(-10_000);
  });

  it('"today’s count and who signed it" and "the last inventory"', async () => {
    const counts = (await prescriber.get('/controlled-substances/counts')).json<{
      items: { hasDiscrepancy: boolean; countedBy: { name: string } }[];
    }>();
    expect(counts.items).toHaveLength(1);
    expect(counts.items[0]).toMatchObject({ hasDiscrepancy: false, countedBy: { name: 'Noor Nurse (demo)' } });
    const inventories = (await prescriber.get('/controlled-substances/inventories')).json<{
      items: { kind: string }[];
    }>();
    expect(inventories.items.map((i) => i.kind)).toEqual(['initial']);
  });

  it('labels each container by what it is: a vial of ketamine, a nasal spray device of esketamine', async () => {
    const stock = (await prescriber.get('/controlled-substances/stock')).json<{
      vials: { lot: string; number: number; container: string; label: string }[];
    }>();
    const byLot = (lot: string) => stock.vials.filter((v) => v.lot === lot);
    expect(byLot('DEMO-E2601').map((v) => [v.container, v.label])).toContainEqual([
      'device',
      'Lot DEMO-E2601, device 1 of 6',
    ]);
    expect(byLot('DEMO-E2601').every((v) => v.container === 'device')).toBe(true);
    expect(
      byLot('DEMO-K2601').every((v) => v.container === 'vial' && /^Lot DEMO-K2601, vial \d of 5$/.test(v.label)),
    ).toBe(true);
  });
});
