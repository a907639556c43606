import fs from 'node:fs';
import type pg from 'pg';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { exportDispensingLog, getDispensingLog } from '../src/app/controlled-substances/dispensing-log.js';
import { openEmbeddedDatabase } from '../src/db/embedded/supervisor.js';
import { migrate } from '../src/db/migrate.js';
import { createClient, createPool } from '../src/db/pg-types.js';
import type { BenchResult } from './result.js';
import { root } from './server.js';

/**
 * The dispensing log over two years of a busy clinic (issue 16): 30 sessions a day for 730 days, each a
 * dose drawn from a 10 mL vial (three doses a vial, the rest wasted with a witness), so ten receipts, thirty
 * administrations and ten wastes a day — about 36,500 ledger entries. Measured through the use-case that
 * the HTTP route streams: the whole two years as CSV and as PDF, read to the end, and the first JSON page.
 */
const DAYS = 730;
const SESSIONS_PER_DAY = 30;

export async function benchDispensingLog(): Promise<BenchResult[]> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaclinic-bench-ledger-'));
  fs.chmodSync(parent, 0o755);
  const db = await openEmbeddedDatabase({
    explicitDataDir: path.join(parent, 'data'),
    cwd: root,
    role: 'cli',
    log: () => undefined,
  });
  const client = createClient(db.connection());
  await client.connect();
  const pool = createPool({ ...db.connection(), max: 4 });
  try {
    await migrate(client);
    const ids = await seed(client);
    const now = new Date('2026-12-01T12:00:00Z');
    const ctx = {
      db: pool,
      principal: {
        userId: ids.admin,
        organizationId: ids.org,
        kind: 'staff' as const,
        roles: ['admin'],
        patientId: null,
      },
      now,
      ip: null,
      userAgent: 'bench',
    };
    const query = { from: '2024-12-01', to: '2026-11-30' };
    const entries = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM cs_ledger_entries')).rows[0]!.n;
    const results: BenchResult[] = [];
    for (const format of ['csv', 'pdf'] as const) {
      const started = performance.now();
      const file = await exportDispensingLog(query, format, ctx);
      let bytes = 0;
      await pipeline(
        file.stream,
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            bytes += chunk.length;
            done();
          },
        }),
      );
      const ms = performance.now() - started;
      results.push({
        name: `dispensing log, 2 years (${entries.toLocaleString('en-US')} entries) as ${format.toUpperCase()}, ${(bytes / 1_048_576).toFixed(1)} MB`,
        value: ms,
        unit: 'ms',
        target: '< 2000',
        ok: ms < 2000,
      });
    }
    const started = performance.now();
    await getDispensingLog({ ...query, lot: 'LOT-0400' }, ctx);
    const lotMs = performance.now() - started;
    results.push({
      name: 'dispensing log: one lot over 2 years, first page (JSON)',
      value: lotMs,
      unit: 'ms',
      target: '< 2000',
      ok: lotMs < 2000,
    });
    return results;
  } finally {
    await pool.end();
    await client.end();
    await db.close();
    fs.rmSync(parent, { recursive: true, force: true });
  }
}

async function seed(client: pg.Client): Promise<{ org: string; admin: string }> {
  const org = (
    await client.query<{ id: string }>("INSERT INTO organizations (name) VALUES ('Bench Ketamine Clinic') RETURNING id")
  ).rows[0]!.id;
  const loc = (
    await client.query<{ id: string }>(
      "INSERT INTO locations (organization_id, name) VALUES ($1, 'Main') RETURNING id",
      [org],
    )
  ).rows[0]!.id;
  const users = await client.query<{ id: string }>(
    `INSERT INTO users (organization_id, email, email_key, name, kind, roles, password_hash)
     VALUES ($1, 'admin@bench.example.org', 'admin@bench.example.org', 'Bench Admin', 'staff', '{admin}', 'x'),
            ($1, 'nurse1@bench.example.org', 'nurse1@bench.example.org', 'Bench Nurse One', 'staff', '{nurse}', 'x'),
            ($1, 'nurse2@bench.example.org', 'nurse2@bench.example.org', 'Bench Nurse Two', 'staff', '{nurse}', 'x')
     RETURNING id`,
    [org],
  );
  const [admin, nurse1, nurse2] = users.rows.map((r) => r.id) as [string, string, string];
  await client.query(
    `INSERT INTO patients (organization_id, mrn, given_name, family_name, date_of_birth)
     SELECT $1, 'B' || lpad(n::text, 5, '0'), 'Bench', 'Patient ' || n, '1980-01-01' FROM generate_series(1, 400) AS n`,
    [org],
  );
  const product = (
    await client.query<{ id: string }>(
      `INSERT INTO cs_products (organization_id, drug, strength_mg_per_ml, container_ml, form, ndc, created_at)
       VALUES ($1, 'Ketamine hydrochloride', 50, 10, 'injection_vial', '99999-0050-10', now()) RETURNING id`,
      [org],
    )
  ).rows[0]!.id;
  // One receipt of 10 vials a day (lot per day), each vial: three doses of 2.5 mL, then 2.5 mL wasted.
  await client.query(
    `INSERT INTO cs_receipts (organization_id, location_id, product_id, received_on, recorded_at, supplier_name, supplier_address,
        supplier_dea_number, invoice_number, lot, expires_on, containers, received_by_user_id, checked_by_user_id)
     SELECT $1, $2, $3, d::date, d + interval '8 hours', 'Example Wholesale', '1 Example Way', 'PE1234563', 'INV-' || n,
        'LOT-' || lpad(n::text, 4, '0'), d::date + 730, 10, $4, $5
       FROM generate_series(0, ${DAYS - 1}) AS n, LATERAL (SELECT timestamptz '2024-12-01 00:00Z' + n * interval '1 day' AS d) x`,
    [org, loc, product, nurse1, nurse2],
  );
  await client.query(
    `INSERT INTO cs_vials (organization_id, location_id, product_id, receipt_id, number, lot, expires_on, capacity_ul, remaining_ul, status, opened_at, updated_at)
     SELECT r.organization_id, r.location_id, r.product_id, r.id, v, r.lot, r.expires_on, 10000, 0, 'wasted', r.recorded_at, r.recorded_at
       FROM cs_receipts r, generate_series(1, 10) AS v WHERE r.organization_id = $1`,
    [org],
  );
  const perVial = SESSIONS_PER_DAY / 10;
  await client.query(
    `INSERT INTO cs_ledger_entries (organization_id, location_id, product_id, vial_id, lot, kind, occurred_at, recorded_at, recorded_by_user_id,
        change_ul, change_ug, vial_remaining_ul, patient_id, administered_by_user_id, witness_user_id, witness_method, reason, receipt_id)
     SELECT v.organization_id, v.location_id, v.product_id, v.id, v.lot, s.kind, t, t, $2,
        s.change, s.change * 50, s.after,
        CASE WHEN s.kind = 'administration' THEN (SELECT id FROM patients WHERE organization_id = $1 ORDER BY mrn OFFSET ((v.number * 7 + s.i) % 400) LIMIT 1) END,
        CASE WHEN s.kind = 'administration' THEN $2::uuid END,
        CASE WHEN s.kind IN ('waste', 'receipt') THEN $3::uuid END,
        CASE WHEN s.kind IN ('waste', 'receipt') THEN 'password' END,
        CASE WHEN s.kind = 'waste' THEN 'Left in vial after the dose' END,
        CASE WHEN s.kind = 'receipt' THEN v.receipt_id END
       FROM cs_vials v
       CROSS JOIN LATERAL (
         SELECT 0 AS i, 'receipt' AS kind, 10000 AS change, 10000 AS after
         UNION ALL SELECT i, 'administration', -2500, 10000 - 2500 * i FROM generate_series(1, ${perVial}) AS i
         UNION ALL SELECT ${perVial + 1}, 'waste', -(10000 - 2500 * ${perVial}), 0
       ) s
       CROSS JOIN LATERAL (SELECT v.opened_at + (v.number * 45 + s.i * 10) * interval '1 minute' AS t) tt
      WHERE v.organization_id = $1
      ORDER BY t`,
    [org, nurse1, nurse2],
  );
  await client.query('ANALYZE');
  return { org, admin };
}
