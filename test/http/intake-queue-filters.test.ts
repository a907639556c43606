import { describe, expect, it } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { createIdentityTestApp, createUser, signIn } from '../setup/identity.js';
import { formTokenFrom, validIntake, withPath } from './intake-fixtures.js';

/** The intake queue's views (open, converted, declined, all), "assigned to me" and search, filtered by the server. */
const t = await createIdentityTestApp({
  env: { KETACLINIC_INTAKE_MIN_FILL_SECONDS: '0', KETACLINIC_INTAKE_RATE_LIMIT: '1000' },
});
const setup = await t.db.client();
const { organizationId } = await loadDemoClinic(setup, { intakes: false });
await setup.end();
const coordinator = await createUser(t.db.pool, {
  organizationId,
  email: 'coord@filters.example.org',
  roles: ['coordinator'],
  name: 'Casey Coordinator',
});
const otherCoordinator = await createUser(t.db.pool, {
  organizationId,
  email: 'coord2@filters.example.org',
  roles: ['coordinator'],
});
const token = await formTokenFrom(t.app);

async function submit(given: string, family: string, email: string): Promise<{ reference: string; id: string }> {
  let body = withPath(validIntake(token), 'contact.givenName', given);
  body = withPath(withPath(body, 'contact.familyName', family), 'contact.email', email);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/intake', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  const reference = res.json().reference as string;
  t.clock.advance(60_000);
  const id = (await t.db.pool.query<{ id: string }>('SELECT id FROM intakes WHERE reference = $1', [reference]))
    .rows[0]!.id;
  return { reference, id };
}

const ada = await submit('Ada', 'Lovelace', 'ada@math.example.org');
const ben = await submit('Ben', 'Okafor', 'ben_okafor@example.org');
const cal = await submit('Cal', 'Rivera', 'cal@example.org');
const dee = await submit('Dee', 'Lovelace', 'dee@example.org');
const coord = await signIn(t, coordinator);
const other = await signIn(t, otherCoordinator);

async function post(session: { headers: Record<string, string> }, url: string, payload: object): Promise<void> {
  const res = await t.app.inject({ method: 'POST', url, headers: session.headers, payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
}
await post(coord, `/api/v1/intakes/${ada.id}/assign`, {});
await post(other, `/api/v1/intakes/${cal.id}/assign`, {});
await post(coord, `/api/v1/intakes/${ben.id}/convert`, { requestAssessment: false });
await post(coord, `/api/v1/intakes/${dee.id}/decline`, { reason: 'Outside the clinic state' });

async function references(query: string): Promise<string[]> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/intakes?${query}`, headers: coord.headers });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { reference: string }[]).map((i) => i.reference);
}

describe('intake queue views', () => {
  it('shows open intakes by default, and converted, declined or all on request', async () => {
    expect(await references('')).toEqual([ada.reference, cal.reference]);
    expect(await references('filter=open')).toEqual([ada.reference, cal.reference]);
    expect(await references('filter=converted')).toEqual([ben.reference]);
    expect(await references('filter=declined')).toEqual([dee.reference]);
    expect(await references('filter=all')).toEqual([ada, ben, cal, dee].map((i) => i.reference));
  });

  it('shows only the intakes assigned to the caller with assigned=me, in any view', async () => {
    expect(await references('assigned=me')).toEqual([ada.reference]);
    // Ben was converted by the coordinator but never assigned.
    expect(await references('assigned=me&filter=converted')).toEqual([]);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/intakes?assigned=me', headers: other.headers });
    expect((res.json().items as { reference: string }[]).map((i) => i.reference)).toEqual([cal.reference]);
  });

  it('searches by part of a name, a full name, an email or a reference, case-insensitively', async () => {
    expect(await references('filter=all&q=lovelace')).toEqual([ada.reference, dee.reference]);
    expect(await references('filter=all&q=Ada%20Lovelace')).toEqual([ada.reference]);
    expect(await references('filter=all&q=Lovelace%20Ada')).toEqual([ada.reference]);
    expect(await references('filter=all&q=MATH.example')).toEqual([ada.reference]);
    expect(await references(`filter=all&q=${cal.reference.toLowerCase()}`)).toEqual([cal.reference]);
    expect(await references('q=lovelace')).toEqual([ada.reference]);
    expect(await references('filter=all&q=nobody')).toEqual([]);
  });

  it('takes LIKE wildcards in a search literally', async () => {
    expect(await references('filter=all&q=%25')).toEqual([]);
    expect(await references('filter=all&q=_')).toEqual([ben.reference]);
  });

  it('pages a filtered view with the cursor, never leaving the filter', async () => {
    const first = await t.app.inject({
      method: 'GET',
      url: '/api/v1/intakes?filter=all&q=lovelace&limit=1',
      headers: coord.headers,
    });
    const page1 = first.json<{ items: { reference: string }[]; nextCursor: string }>();
    expect(page1.items.map((i) => i.reference)).toEqual([ada.reference]);
    const rest = await references(`filter=all&q=lovelace&limit=1&cursor=${encodeURIComponent(page1.nextCursor)}`);
    expect(rest).toEqual([dee.reference]);
  });

  it('audits each filtered view without recording the search words', async () => {
    await references('filter=declined&assigned=me&q=Lovelace');
    const row = (
      await t.db.pool.query<{ details: Record<string, unknown>; actor_user_id: string }>(
        `SELECT details, actor_user_id FROM audit_log WHERE action = 'intake.list' ORDER BY id DESC LIMIT 1`,
      )
    ).rows[0]!;
    expect(row.actor_user_id).toBe(coordinator.id);
    expect(row.details).toMatchObject({ filter: 'declined', assignedToMe: true, search: true, count: 0 });
    expect(JSON.stringify(row.details).toLowerCase()).not.toContain('lovelace');
  });

  it('refuses bad filter values with 400 problem+json naming the parameter', async () => {
    for (const [query, path] of [
      ['filter=closed', 'filter'],
      ['filter=', 'filter'],
      ['assigned=someone', 'assigned'],
      [`q=${'x'.repeat(101)}`, 'q'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=ten', 'limit'],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/intakes?${query}`, headers: coord.headers });
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type'], query).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(res.json()), query).toContain(path);
    }
  });
});
