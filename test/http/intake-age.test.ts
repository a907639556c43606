import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadDemoClinic } from '../../src/app/demo.js';
import { buildApp } from '../../src/http/app.js';
import { createTestDatabase } from '../setup/database.js';
import { formTokenFrom, validIntake, withPath } from './intake-fixtures.js';

// The age rule runs on the clinic's local date, never the UTC date (CLINICAL.md §1). At 22:30 on 14 June in
// New York (the demo clinic) it is already 15 June in UTC: someone born on 15 June 2008 is 17 at the clinic.
describe('POST /api/v1/intake — minimum age on the clinic-local date, near an 18th birthday on a US evening', async () => {
  const db = await createTestDatabase();
  const now = new Date('2026-06-15T02:30:00Z');
  const app = await buildApp(
    loadConfig({ KETACLINIC_INTAKE_MIN_FILL_SECONDS: '0', KETACLINIC_INTAKE_RATE_LIMIT: '1000' }),
    { pool: db.pool, logger: false, now: () => now },
  );
  afterAll(async () => {
    await app.close();
  });
  const client = await db.client();
  await loadDemoClinic(client, { intakes: false });
  await client.end();
  const token = await formTokenFrom(app);

  it('refuses someone whose 18th birthday is tomorrow in New York (today in UTC)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/intake',
      payload: withPath(validIntake(token), 'contact.dateOfBirth', '2008-06-15'),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({
        path: '/body/contact/dateOfBirth',
        message: expect.stringContaining('aged 18 and over'),
      }),
    ]);
  });

  it('accepts someone who turned 18 today in New York', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/intake',
      payload: withPath(validIntake(token), 'contact.dateOfBirth', '2008-06-14'),
    });
    expect(res.statusCode).toBe(201);
  });
});
