import type { LightMyRequestResponse } from 'fastify';
import {
  createIdentityTestApp,
  createOrganization,
  createUser,
  signIn,
  type IdentityTestApp,
  type Session,
  type TestUser,
} from '../setup/identity.js';

/**
 * A clinic for the controlled-substance tests: two locations, two nurses (one to witness the other), a
 * prescriber and an admin with TOTP, a coordinator, a patient record, and a ketamine product.
 */
export interface CsCaller {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body: unknown): Promise<LightMyRequestResponse>;
}

export interface CsClinic {
  readonly t: IdentityTestApp;
  readonly organizationId: string;
  readonly locations: { a: string; b: string };
  readonly users: Record<'nurse' | 'nurse2' | 'prescriber' | 'admin' | 'coordinator', TestUser>;
  readonly as: Record<'nurse' | 'nurse2' | 'prescriber' | 'admin' | 'coordinator', CsCaller>;
  readonly patientId: string;
  readonly productId: string;
}

function csCaller(t: IdentityTestApp, session: Session): CsCaller {
  const send = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url: `/api/v1/controlled-substances${url}`,
      headers: { ...session.headers, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    get: (url) => send('GET', url),
    post: (url, body, headers) => send('POST', url, body ?? {}, headers),
    patch: (url, body) => send('PATCH', url, body),
  };
}

export async function csClinic(name = 'Ledger Test Clinic'): Promise<CsClinic> {
  const t = await createIdentityTestApp();
  await t.app.ready();
  const organizationId = await createOrganization(t.db.pool, name);
  const loc = await t.db.pool.query<{ id: string; name: string }>(
    `INSERT INTO locations (organization_id, name) VALUES ($1, 'Riverside'), ($1, 'Hillcrest') RETURNING id, name`,
    [organizationId],
  );
  const locations = {
    a: loc.rows.find((r) => r.name === 'Riverside')!.id,
    b: loc.rows.find((r) => r.name === 'Hillcrest')!.id,
  };
  const slug = name.toLowerCase().replace(/[^a-z]+/g, '-');
  const roles = {
    nurse: 'nurse',
    nurse2: 'nurse',
    prescriber: 'prescriber',
    admin: 'admin',
    coordinator: 'coordinator',
  } as const;
  const users = {} as CsClinic['users'];
  const as = {} as CsClinic['as'];
  for (const [key, role] of Object.entries(roles) as [keyof typeof roles, string][]) {
    users[key] = await createUser(t.db.pool, {
      organizationId,
      email: `${key}@${slug}.example.org`,
      roles: [role],
      mfa: role === 'admin' || role === 'prescriber',
      name: `${key[0]!.toUpperCase()}${key.slice(1)} Example`,
    });
    as[key] = csCaller(t, await signIn(t, users[key]));
  }
  const patient = await t.db.pool.query<{ id: string }>(
    "INSERT INTO patients (organization_id, mrn, given_name, family_name, date_of_birth) VALUES ($1, 'L-0001', 'Pat', 'Example', '1980-01-01') RETURNING id",
    [organizationId],
  );
  const product = await as.nurse.post('/products', {
    drug: 'Ketamine hydrochloride',
    strengthMgPerMl: 50,
    containerMl: 10,
    form: 'injection_vial',
    ndc: '0409-2051-05',
    schedule: 'III',
  });
  if (product.statusCode !== 201) throw new Error(product.body);
  return {
    t,
    organizationId,
    locations,
    users,
    as,
    patientId: patient.rows[0]!.id,
    productId: product.json<{ id: string }>().id,
  };
}

export const supplier = {
  supplierName: 'Example Wholesale Pharmacy',
  supplierAddress: '1 Example Way, Springfield ZZ 00001',
  supplierDeaNumber: 'RA1234563',
  invoiceNumber: 'INV-2026-001',
};

/** Receives `containers` vials at a location, checked by nurse2 with their password. */
export async function receive(
  c: CsClinic,
  over: Partial<{ locationId: string; lot: string; expiresOn: string; containers: number; receivedOn: string }> = {},
): Promise<{
  id: string;
  vials: { id: string; number: number; label: string; remainingMl: number; status: string }[];
}> {
  const res = await c.as.nurse.post('/receipts', {
    locationId: c.locations.a,
    productId: c.productId,
    receivedOn: '2026-11-26',
    ...supplier,
    lot: 'K2301',
    expiresOn: '2027-06-30',
    containers: 2,
    witnessUserId: c.users.nurse2.id,
    witnessPassword: c.users.nurse2.password,
    ...over,
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json();
}

export async function count(c: CsClinic, table: string): Promise<number> {
  const res = await c.t.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return res.rows[0]!.n;
}
