import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { createEmptyDatabase } from '../setup/database.js';

// Migration 0020 numbers vials across their lot (organization, product, lot) instead of per delivery. A lot
// delivered twice had two "vial 1"; afterwards the first delivery keeps its numbers and the later ones follow in
// the order they were recorded, and no two vials of a lot can share a number again.
describe('migration 0020: vials numbered across their lot', () => {
  it('renumbers later deliveries of a lot after the earlier ones and keeps the rest', async () => {
    const db = await createEmptyDatabase();
    const client = await db.client();
    try {
      await migrate(client, { target: 19 });
      const org = (
        await client.query<{ id: string }>(`INSERT INTO organizations (name) VALUES ('Test Clinic') RETURNING id`)
      ).rows[0]!.id;
      const location = (
        await client.query<{ id: string }>(
          `INSERT INTO locations (organization_id, name) VALUES ($1, 'Riverside') RETURNING id`,
          [org],
        )
      ).rows[0]!.id;
      const [receiver, checker] = (
        await client.query<{ id: string }>(
          `INSERT INTO users (organization_id, email, email_key, name, kind, roles, password_hash)
           VALUES ($1, 'a@example.org', 'a@example.org', 'Nurse A', 'staff', '{nurse}', 'x'),
                  ($1, 'b@example.org', 'b@example.org', 'Nurse B', 'staff', '{nurse}', 'x')
           RETURNING id`,
          [org],
        )
      ).rows.map((r) => r.id);
      const product = (
        await client.query<{ id: string }>(
          `INSERT INTO cs_products (organization_id, drug, strength_mg_per_ml, container_ml, form, ndc, created_at)
           VALUES ($1, 'Ketamine hydrochloride', 50, 10, 'injection_vial', '0143-9508-10', now()) RETURNING id`,
          [org],
        )
      ).rows[0]!.id;
      // Three deliveries of lot K1 (3, then 3, then 1 vial; the second recorded first in id but later in time)
      // and one of lot K2, all numbered from 1 as schema 19 did.
      const receive = async (lot: string, containers: number, recordedAt: string): Promise<string> => {
        const receipt = (
          await client.query<{ id: string }>(
            `INSERT INTO cs_receipts (organization_id, location_id, product_id, received_on, recorded_at, supplier_name,
               supplier_address, supplier_dea_number, invoice_number, lot, expires_on, containers, received_by_user_id,
               checked_by_user_id)
             VALUES ($1, $2, $3, $4::date, $4::timestamptz, 'Supplier', '1 Road', 'RA1234563', 'INV-1', $5, '2027-06-30', $6, $7, $8)
             RETURNING id`,
            [org, location, product, recordedAt, lot, containers, receiver, checker],
          )
        ).rows[0]!.id;
        await client.query(
          `INSERT INTO cs_vials (organization_id, location_id, product_id, receipt_id, number, lot, expires_on, capacity_ul,
             remaining_ul, status, updated_at)
           SELECT $1, $2, $3, $4, n, $5, '2027-06-30', 10000, 10000, 'sealed', now() FROM generate_series(1, $6::int) AS n`,
          [org, location, product, receipt, lot, containers],
        );
        return receipt;
      };
      const third = await receive('K1', 1, '2026-11-20');
      const first = await receive('K1', 3, '2026-11-01');
      const second = await receive('K1', 3, '2026-11-10');
      const other = await receive('K2', 2, '2026-11-15');

      await migrate(client);
      const numbers = async (receipt: string): Promise<number[]> =>
        (
          await client.query<{ number: number }>('SELECT number FROM cs_vials WHERE receipt_id = $1 ORDER BY number', [
            receipt,
          ])
        ).rows.map((r) => r.number);
      expect(await numbers(first)).toEqual([1, 2, 3]);
      expect(await numbers(second)).toEqual([4, 5, 6]);
      expect(await numbers(third)).toEqual([7]);
      expect(await numbers(other)).toEqual([1, 2]);
      const versions = await client.query<{ version: number; n: number }>(
        'SELECT version, count(*)::int AS n FROM cs_vials GROUP BY version ORDER BY version',
      );
      // Renumbered vials carry a new version (an open form holding the old one is refused, not overwritten).
      expect(versions.rows).toEqual([
        { version: 1, n: 5 },
        { version: 2, n: 4 },
      ]);
      await expect(client.query(`UPDATE cs_vials SET number = 1 WHERE receipt_id = $1`, [third])).rejects.toMatchObject(
        { code: '23505', constraint: 'cs_vials_lot_number_key' },
      );
    } finally {
      await client.end();
    }
  });
});
