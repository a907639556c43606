import { describe, expect, it } from 'vitest';
import { loadDemoClinic } from '../../../src/app/demo.js';
import { createIdentityTestApp } from '../../setup/identity.js';
import { formTokenFrom, validIntake } from '../intake-fixtures.js';

// Issue 9, defect 14: a served "Get started" form's token has a maximum age (24 h).
const t = await createIdentityTestApp({
  env: { KETACLINIC_INTAKE_MIN_FILL_SECONDS: '0', KETACLINIC_INTAKE_RATE_LIMIT: '1000' },
});
const client = await t.db.client();
await loadDemoClinic(client, { intakes: false });
await client.end();
const count = async (): Promise<number> =>
  (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM intakes')).rows[0]!.n;
const submit = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/intake', payload: validIntake(token) });

describe('form token age', () => {
  it('accepts a token up to a day old and refuses an older one plainly, storing nothing', async () => {
    const token = await formTokenFrom(t.app);
    t.clock.advance(23 * 60 * 60_000);
    expect((await submit(token)).statusCode).toBe(201);
    const before = await count();
    t.clock.advance(2 * 60 * 60_000);
    const late = await submit(token);
    expect(late.statusCode).toBe(400);
    expect(late.json()).toMatchObject({ code: 'intake_form_expired', errors: [{ path: '/body/formToken' }] });
    expect(await count()).toBe(before);
    // A freshly served form works again.
    expect((await submit(await formTokenFrom(t.app))).statusCode).toBe(201);
  });
});
