import { describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { signIn, type Session } from '../../setup/identity.js';
import { chartClinic, newPatient } from '../chart-fixtures.js';

/**
 * Bad input, broadly (issue 9): every operation in the OpenAPI document is sent NUL and other control
 * characters, lone surrogates, 5,000-character path parameters, 10,000-character query strings, huge
 * numbers, objects nested 1,000 deep, arrays of 100,000 items and wrong content types. None may answer
 * 5xx; every 4xx is problem+json with the security headers; and nothing is written.
 */
const clinic = await chartClinic('Fuzz Clinic');
const { t } = clinic;
await newPatient(clinic, { given: 'Fuzzy', family: 'Target' });
const sessions: Session[] = [];
for (const role of ['prescriber', 'admin', 'nurse', 'coordinator', 'patient'] as const)
  sessions.push(await signIn(t, clinic.users[role]));

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly bodyProperties: readonly string[];
  readonly hasBody: boolean;
  readonly queryNames: readonly string[];
}

const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string }[];
        requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
      }
    >
  >;
}>();

const operations: Operation[] = [];
for (const [path, methods] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(methods)) {
    if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
    // Signing out ends the session the fuzz runs with; it takes no input.
    if (path.endsWith('/auth/logout')) continue;
    const json = op.requestBody?.content?.['application/json'];
    operations.push({
      method: method.toUpperCase(),
      path,
      hasBody: op.requestBody !== undefined,
      bodyProperties: Object.keys(json?.schema?.properties ?? {}),
      queryNames: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    });
  }
}

// Path parameters get ids that exist nowhere, so even an input that slipped through could not change a record.
const randomId = (): string => crypto.randomUUID();
const fill = (path: string, value: (name: string) => string): string =>
  path.replace(/\{([^}]+)\}/g, (_m, name: string) => value(name));

let nested: unknown = 'leaf';
for (let i = 0; i < 1000; i += 1) nested = { a: nested };
const hugeArray = Array.from({ length: 100_000 }, () => 0);
const badValues: readonly [string, unknown][] = [
  ['NUL', 'before\u0000after'],
  ['control characters', '\u0001\u0007\u001b[2J\u007f'],
  ['lone surrogate', 'x\ud800y'],
  ['huge number', 1e308],
  ['huge negative number', -1e308],
  ['beyond safe integers', 2 ** 64],
  ['1,000-deep object', nested],
  ['100,000-item array', hugeArray],
];

async function snapshot(): Promise<string> {
  const tables = await t.db.pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
        AND c.relname NOT IN ('audit_log', 'login_attempts', 'sessions', 'intake_rate_limits', 'schema_migrations')
      ORDER BY c.relname`,
  );
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const res = await t.db.pool.query<{ h: string | null }>(
      `SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM "${name}" x`,
    );
    parts.push(`${name}:${res.rows[0]?.h ?? ''}`);
  }
  return parts.join('\n');
}

const failures: string[] = [];
function check(label: string, res: LightMyRequestResponse): void {
  if (res.statusCode >= 500) {
    failures.push(`${label}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return;
  }
  if (res.statusCode < 400) return;
  const problems: string[] = [];
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) problems.push('not problem+json');
  if (res.headers['x-content-type-options'] !== 'nosniff') problems.push('no nosniff');
  const csp = res.headers['content-security-policy'];
  if (typeof csp !== 'string' || !csp.includes("frame-ancestors 'none'")) problems.push('no CSP');
  if (String(res.headers['cache-control']) !== 'no-store') problems.push('cacheable');
  try {
    const body = JSON.parse(res.body) as { status?: number; code?: string };
    if (body.status !== res.statusCode || typeof body.code !== 'string') problems.push('bad problem body');
  } catch {
    problems.push('body is not JSON');
  }
  if (problems.length) failures.push(`${label}: ${res.statusCode} ${problems.join(', ')}`);
}

/** The first signed-in role the route lets past access control, so the fuzz reaches validation. */
async function callerFor(op: Operation): Promise<Record<string, string>> {
  for (const s of sessions) {
    const res = await t.app.inject({ method: op.method as 'GET', url: fill(op.path, randomId), headers: s.headers });
    if (res.statusCode !== 403) return s.headers;
  }
  return sessions[0]!.headers;
}

describe('bad input to every operation in the OpenAPI document', () => {
  it(`covers the API (${operations.length} operations)`, () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  it('never answers 5xx, answers every 4xx as problem+json with security headers, and writes nothing', async () => {
    // Warm-up: what is created on first use (the site secret, the default protocol) exists before the snapshot.
    await t.app.inject({ method: 'GET', url: '/get-started' });
    const callers = new Map<Operation, Record<string, string>>();
    for (const op of operations) callers.set(op, await callerFor(op));
    const before = await snapshot();
    let sent = 0;
    for (const op of operations) {
      const headers = callers.get(op)!;
      const send = async (label: string, url: string, extra: { payload?: unknown; type?: string } = {}) => {
        const res = await t.app.inject({
          method: op.method as 'POST',
          url,
          headers: { ...headers, ...(extra.type ? { 'content-type': extra.type } : {}) },
          ...(extra.payload === undefined
            ? {}
            : { payload: typeof extra.payload === 'string' ? extra.payload : JSON.stringify(extra.payload) }),
        });
        sent += 1;
        check(`${op.method} ${op.path} ${label}`, res);
      };
      const json = 'application/json';
      const base = fill(op.path, randomId);

      // Path parameters.
      if (op.path.includes('{')) {
        await send(
          '5,000-char path parameter',
          fill(op.path, () => 'p'.repeat(5000)),
        );
        await send(
          'NUL path parameter',
          fill(op.path, () => 'a%00b'),
        );
        await send(
          'control-character path parameter',
          fill(op.path, () => '%01%1B%7F'),
        );
        await send(
          'lone-surrogate path parameter',
          fill(op.path, () => '%ED%A0%80'),
        );
        await send(
          'huge-number path parameter',
          fill(op.path, () => '1e308'),
        );
      }
      // Query strings.
      await send('10,000-char query string', `${base}?q=${'q'.repeat(10_000)}`);
      for (const name of op.queryNames) {
        await send(`NUL in ?${name}`, `${base}?${name}=a%00b`);
        await send(`huge ?${name}`, `${base}?${name}=${'9'.repeat(400)}`);
        await send(`10,000-char ?${name}`, `${base}?${name}=${'x'.repeat(10_000)}`);
      }
      if (!op.hasBody && op.method === 'GET') continue;

      // Bodies: every declared property at once, and the whole body, set to each bad value.
      for (const [label, value] of badValues) {
        const body = op.bodyProperties.length
          ? Object.fromEntries(op.bodyProperties.map((p) => [p, value]))
          : { value };
        await send(`body properties = ${label}`, base, { payload: body, type: json });
        if (label.includes('deep') || label.includes('array'))
          await send(`body = ${label}`, base, { payload: value, type: json });
      }
      await send('NUL in a key', base, { payload: '{"a\\u0000b": 1}', type: json });
      // A 30-digit integer, raw (JSON.stringify would round it).
      const first = op.bodyProperties[0] ?? 'value';
      await send('30-digit integer', base, { payload: `{"${first}": 123456789012345678901234567890}`, type: json });
      await send('invalid JSON', base, { payload: '{"unterminated": ', type: json });
      await send('text/plain body', base, { payload: 'hello', type: 'text/plain' });
      await send('XML body', base, { payload: '<a>1</a>', type: 'application/xml' });
      await send('form-encoded body', base, { payload: 'a=1&b=2', type: 'application/x-www-form-urlencoded' });
      await send('multipart body', base, {
        payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
        type: 'multipart/form-data; boundary=x',
      });
    }
    expect(sent).toBeGreaterThan(500);
    expect(failures).toEqual([]);
    expect(await snapshot()).toBe(before);
  }, 240_000);
});
