import { describe, expect, it } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { createIdentityTestApp, createUser, signIn } from '../setup/identity.js';
import { formTokenFrom, validIntake, withPath } from './intake-fixtures.js';

/** The intake queue in pages: a cursor over (urgent first, oldest first), with no intake shown twice or skipped. */
const t = await createIdentityTestApp({
  env: { KETACLINIC_INTAKE_MIN_FILL_SECONDS: '0', KETACLINIC_INTAKE_RATE_LIMIT: '1000' },
});
const setup = await t.db.client();
// Without the demo's own intakes: the queue holds only what this file sends.
const { organizationId } = await loadDemoClinic(setup, { intakes: false });
await setup.end();
const coordinator = await createUser(t.db.pool, {
  organizationId,
  email: 'coord@paging.example.org',
  roles: ['coordinator'],
});
const token = await formTokenFrom(t.app);

const cssrsModerate = {
  cssrs_1: true,
  cssrs_2: false,
  cssrs_3: null,
  cssrs_4: null,
  cssrs_5: null,
  cssrs_6_lifetime: true,
  cssrs_6_past_3_months: false,
};

async function submit(name: string, urgent: boolean): Promise<string> {
  let body = withPath(validIntake(token), 'contact.givenName', name);
  if (urgent) body = withPath(withPath(body, 'answers.phq9.phq9_9', 1), 'answers.cssrs_screener', cssrsModerate);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/intake', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().reference as string;
}

// Seven intakes, two urgent, interleaved in time; three share one submission instant (ties are broken by id).
const submitted: { reference: string; urgent: boolean }[] = [];
for (const [name, urgent, advance] of [
  ['Ada', false, 60_000],
  ['Ben', true, 60_000],
  ['Cal', false, 0],
  ['Dee', false, 0],
  ['Eve', false, 60_000],
  ['Fay', true, 60_000],
  ['Gus', false, 60_000],
] as const) {
  submitted.push({ reference: await submit(name, urgent), urgent });
  t.clock.advance(advance);
}
const session = await signIn(t, coordinator);

interface Page {
  items: { reference: string; urgent: boolean }[];
  nextCursor: string | null;
}

async function page(query: string): Promise<Page> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/intakes?${query}`, headers: session.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function allPages(limit: number): Promise<{ pages: Page[]; references: string[] }> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const p: Page = await page(`limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    pages.push(p);
    cursor = p.nextCursor;
  } while (cursor && pages.length < 20);
  return { pages, references: pages.flatMap((p) => p.items.map((i) => i.reference)) };
}

describe('paging through the intake queue', () => {
  it('returns every open intake exactly once, in the one-page order, across pages of any size', async () => {
    const whole = await page('limit=200');
    expect(whole.nextCursor).toBeNull();
    expect(whole.items).toHaveLength(7);
    const urgentFirst = whole.items.map((i) => i.urgent);
    expect(urgentFirst).toEqual([true, true, false, false, false, false, false]);
    expect(new Set(whole.items.map((i) => i.reference))).toEqual(new Set(submitted.map((s) => s.reference)));
    for (const limit of [1, 2, 3, 6, 7]) {
      const { pages, references } = await allPages(limit);
      expect(references, `limit ${limit}`).toEqual(whole.items.map((i) => i.reference));
      expect(pages.at(-1)!.nextCursor).toBeNull();
      expect(pages.slice(0, -1).every((p) => p.items.length === limit)).toBe(true);
    }
  });

  it('has no next page when the last page is exactly full', async () => {
    const first = await page('limit=7');
    expect(first.items).toHaveLength(7);
    expect(first.nextCursor).toBeNull();
  });

  it('keeps its place when an intake is closed between pages: no intake is skipped or repeated', async () => {
    const first = await page('limit=3');
    // Convert the first intake of the next page while the coordinator reads the first one.
    const whole = (await page('limit=200')).items.map((i) => i.reference);
    const nextId = (await t.db.pool.query<{ id: string }>('SELECT id FROM intakes WHERE reference = $1', [whole[3]]))
      .rows[0]!.id;
    const convert = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intakes/${nextId}/convert`,
      headers: session.headers,
      payload: { requestAssessment: false },
    });
    expect(convert.statusCode, convert.body).toBe(201);
    const second = await page(`limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.items.map((i) => i.reference)).toEqual(whole.slice(4, 7));
  });

  async function restFrom(cursor: string | null, limit: number): Promise<string[]> {
    const refs: string[] = [];
    while (cursor) {
      const p = await page(`limit=${limit}&cursor=${encodeURIComponent(cursor)}`);
      refs.push(...p.items.map((i) => i.reference));
      cursor = p.nextCursor;
    }
    return refs;
  }

  it('shows an urgent intake that arrives between pages on a later page while the cursor is still among the urgent ones', async () => {
    const first = await page('limit=1');
    expect(first.items[0]!.urgent).toBe(true);
    t.clock.advance(60_000);
    const late = await submit('Hal', true);
    // The newest urgent intake sorts after the older urgent ones: still ahead of this cursor.
    const rest = await restFrom(first.nextCursor, 2);
    expect(rest).toContain(late);
    expect(rest).not.toContain(first.items[0]!.reference);
  });

  it('shows an urgent intake that arrives once the cursor has passed the urgent ones on the next load from the top, not on a later page', async () => {
    const whole = await page('limit=200');
    const urgentCount = whole.items.filter((i) => i.urgent).length;
    const first = await page(`limit=${urgentCount + 1}`);
    expect(first.items.at(-1)!.urgent).toBe(false);
    t.clock.advance(60_000);
    const late = await submit('Ivy', true);
    // Urgent intakes sort first, before this cursor: the later pages do not contain it (documented behaviour) ...
    const rest = await restFrom(first.nextCursor, 2);
    expect(rest).not.toContain(late);
    expect(rest).toEqual(whole.items.slice(urgentCount + 1).map((i) => i.reference));
    // ... and a fresh load from the top does, among the urgent ones.
    const top = await page('limit=200');
    expect(top.items.filter((i) => i.urgent).map((i) => i.reference)).toContain(late);
  });

  it('refuses a cursor it did not make with 400 and the path /query/cursor', async () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      'not a cursor',
      '%%%',
      forged([1, 2, 3]),
      forged({ u: 'yes', t: '2026-11-26T10:00:00.000000Z', i: '00000000-0000-4000-8000-000000000000' }),
      forged({ u: true, t: 'yesterday', i: '00000000-0000-4000-8000-000000000000' }),
      forged({ u: true, t: '2026-11-26T10:00:00.000000Z', i: "x' OR 1=1 --" }),
    ]) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/intakes?cursor=${encodeURIComponent(cursor)}`,
        headers: session.headers,
      });
      expect(res.statusCode, cursor).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/query/cursor' }] });
    }
  });

  it('bounds the page size', async () => {
    for (const limit of ['0', '201', 'many']) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/intakes?limit=${limit}`,
        headers: session.headers,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].path).toBe('/query/limit');
    }
    expect((await page('')).items.length).toBeLessThanOrEqual(50);
  });
});
