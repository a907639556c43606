import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { PlanContent } from '../../src/domain/chart/index.js';
import {
  chartClinic,
  consentTemplate,
  measure,
  newPatient,
  planContent,
  signedAssessment,
  signedConsent,
  type ChartClinic,
  type StaffRole,
} from './chart-fixtures.js';

/**
 * A clinic for the session tests: callers that send an Idempotency-Key with every write (a fresh one
 * unless given), and a patient with a signed plan ready to check in.
 */
export interface SessionCaller {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, key?: string | null): Promise<LightMyRequestResponse>;
}

export interface SessionClinic extends ChartClinic {
  readonly s: Record<StaffRole | 'patient', SessionCaller>;
  readonly templateVersionId: string;
  /** Moves the clock on, keeping everyone's sign-in alive (the idle timeout is set long for these tests). */
  advance(minutes: number): void;
  iso(offsetMinutes?: number): string;
}

export async function sessionClinic(name: string): Promise<SessionClinic> {
  const clinic = await chartClinic(name, { env: { KETACLINIC_SESSION_IDLE_MINUTES: '600' } });
  const sessions = (['admin', 'prescriber', 'nurse', 'coordinator', 'patient'] as const).map(
    (role) => [role, clinic.as[role].headers] as const,
  );
  const s = {} as Record<StaffRole | 'patient', SessionCaller>;
  for (const [role, headers] of sessions) {
    s[role] = {
      get: (url) => clinic.t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers }),
      post: (url, body, key) =>
        clinic.t.app.inject({
          method: 'POST',
          url: `/api/v1${url}`,
          headers: key === null ? headers : { ...headers, 'idempotency-key': key ?? randomUUID() },
          payload: body ?? {},
        }),
    };
  }
  const template = await consentTemplate(clinic);
  return {
    ...clinic,
    s,
    templateVersionId: template.currentVersion.id,
    advance: (minutes) => clinic.t.clock.advance(minutes * 60_000),
    iso: (offsetMinutes = 0) => new Date(clinic.t.clock.now.getTime() + offsetMinutes * 60_000).toISOString(),
  };
}

/** An eligible patient with consent, measurements and a signed plan (IV by default). */
export async function readyPatient(
  clinic: SessionClinic,
  content: Partial<PlanContent> = {},
  fields: { given?: string; family?: string } = {},
  exact?: PlanContent,
): Promise<string> {
  const patientId = await newPatient(clinic, fields);
  await measure(clinic, patientId, 80, 175);
  await signedAssessment(clinic, patientId);
  await signedConsent(clinic, patientId, clinic.templateVersionId);
  const draft = await clinic.as.prescriber.post(`/patients/${patientId}/plans`, {
    content: exact ?? { ...planContent, ...content },
  });
  if (draft.statusCode !== 201) throw new Error(`plan failed: ${draft.body}`);
  const signed = await clinic.as.prescriber.post(`/patients/${patientId}/plans/${draft.json().id}/sign`, {
    version: draft.json().version,
  });
  if (signed.statusCode !== 200) throw new Error(`plan sign failed: ${signed.body}`);
  return patientId;
}

let chairs = 0;
/** A chair nobody sits in yet: a check-in is refused a chair with a session in progress. */
export const freeChair = (): string => `Chair ${++chairs}`;

export const phq9Answers = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, 1]));
export const cssrsLow = { cssrs_1: false, cssrs_2: false, cssrs_6_lifetime: false };
export const cssrsModerate = {
  cssrs_1: true,
  cssrs_2: true,
  cssrs_3: true,
  cssrs_4: false,
  cssrs_5: false,
  cssrs_6_lifetime: false,
};

export const goodPrechecks = {
  companion: { name: 'Rowan Testcase', phone: '555-0100' },
  fastingAttested: true,
  pregnancyTest: 'negative',
  medicationChanges: { reviewed: true, changes: 'No changes since the last session' },
  weightKg: 80,
};

export const normalVitals = {
  systolicMmHg: 124,
  diastolicMmHg: 78,
  heartRateBpm: 72,
  spo2Percent: 98,
  respiratoryRatePerMin: 14,
};

/**
 * A location open every day 07:00–19:00 (New York) with two chairs, the nurse and the prescriber on
 * the rota, for sessions checked in from booked appointments.
 */
export async function sessionLocation(
  clinic: SessionClinic,
  name = 'Riverside',
): Promise<{ locationId: string; chairIds: string[] }> {
  const { as, users, t } = clinic;
  const openingHours = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, opens: '07:00', closes: '19:00' }));
  const location = await as.admin.post('/schedule/locations', {
    name,
    timeZone: 'America/New_York',
    openingHours,
    closedDates: [],
  });
  if (location.statusCode !== 201) throw new Error(location.body);
  const locationId = location.json().id as string;
  const chairIds: string[] = [];
  for (const chair of ['Chair 1', 'Chair 2']) {
    const res = await as.admin.post('/schedule/chairs', { locationId, name: chair, kind: 'chair' });
    if (res.statusCode !== 201) throw new Error(res.body);
    chairIds.push(res.json().id as string);
  }
  const hours = openingHours.map((h) => ({ weekday: h.day, opens: h.opens, closes: h.closes }));
  for (const who of [users.nurse, users.prescriber]) {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/schedule/locations/${locationId}/staff-hours/${who.id}`,
      headers: clinic.as.admin.headers,
      payload: { hours },
    });
    if (res.statusCode !== 200) throw new Error(res.body);
  }
  return { locationId, chairIds };
}

/** Books a dosing appointment (the plan's route) on a clinic date at a New York wall-clock time. */
export async function bookSession(
  clinic: SessionClinic,
  b: { patientId: string; locationId: string; chairId: string; date: string; startTime: string; kind?: string },
): Promise<{ id: string; version: number; status: string }> {
  const res = await clinic.as.coordinator.post('/schedule/appointments', {
    patientId: b.patientId,
    locationId: b.locationId,
    kind: b.kind ?? 'iv_session',
    chairId: b.chairId,
    date: b.date,
    startTime: b.startTime,
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json<{ id: string; version: number; status: string }>();
}

const stockLocations = new WeakMap<SessionClinic, string>();
const stockProducts = new WeakMap<SessionClinic, Map<string, string>>();

/**
 * Ketamine vials received into the clinic's controlled-substance stock (the nurse receives, the
 * prescriber witnesses): a session's dose is drawn from one of them. Without a location the vials go to
 * a stock room, where a session checked in without a location is then given its dose.
 */
export async function stockVials(
  clinic: SessionClinic,
  o: {
    strengthMgPerMl?: number;
    containerMl?: number;
    containers?: number;
    lot?: string;
    expiresOn?: string;
    locationId?: string;
    drug?: string;
    form?: string;
  } = {},
): Promise<{ vialIds: string[]; locationId: string; productId: string }> {
  const cs = (url: string, payload: unknown) =>
    clinic.t.app.inject({
      method: 'POST',
      url: `/api/v1/controlled-substances${url}`,
      headers: clinic.as.nurse.headers,
      payload: payload as object,
    });
  let locationId = o.locationId ?? stockLocations.get(clinic);
  if (!locationId) {
    const res = await clinic.t.db.pool.query<{ id: string }>(
      "INSERT INTO locations (organization_id, name) VALUES ($1, 'Stock room') RETURNING id",
      [clinic.organizationId],
    );
    locationId = res.rows[0]!.id;
    stockLocations.set(clinic, locationId);
  }
  const strength = o.strengthMgPerMl ?? 10;
  const containerMl = o.containerMl ?? 50;
  const drug = o.drug ?? 'Ketamine hydrochloride';
  const form = o.form ?? 'injection_vial';
  const key = `${drug}/${form}/${strength}/${containerMl}`;
  const products = stockProducts.get(clinic) ?? new Map<string, string>();
  stockProducts.set(clinic, products);
  let productId = products.get(key);
  if (!productId) {
    const product = await cs('/products', {
      drug,
      strengthMgPerMl: strength,
      containerMl,
      form,
      ndc: `99999-${String(strength).padStart(4, '0')}-${String(products.size + 10).padStart(2, '0')}`,
      schedule: 'III',
    });
    if (product.statusCode !== 201) throw new Error(product.body);
    productId = product.json<{ id: string }>().id;
    products.set(key, productId);
  }
  const receipt = await cs('/receipts', {
    locationId,
    productId,
    receivedOn: clinic.t.clock.now.toISOString().slice(0, 10),
    supplierName: 'Example Wholesale Pharmacy',
    supplierAddress: '1 Example Way, Springfield ZZ 00001',
    supplierDeaNumber: 'RA1234563',
    invoiceNumber: `INV-${Math.random().toString(36).slice(2, 10)}`,
    lot: o.lot ?? `KET-${strength}-${containerMl}`,
    expiresOn: o.expiresOn ?? '2027-06-30',
    containers: o.containers ?? 1,
    witnessUserId: clinic.users.prescriber.id,
    witnessPassword: clinic.users.prescriber.password,
  });
  if (receipt.statusCode !== 201) throw new Error(receipt.body);
  return {
    vialIds: receipt.json<{ vials: { id: string }[] }>().vials.map((v) => v.id),
    locationId,
    productId,
  };
}

/** An eligible patient with consent, measurements and a signed esketamine (intranasal) plan: 56 mg rising to 84. */
export async function readyEsketaminePatient(
  clinic: SessionClinic,
  dose: { startMg?: number; maxMg?: number } = {},
): Promise<string> {
  const { conditions, induction, maintenance, outcome, stopRule } = planContent;
  return readyPatient(
    clinic,
    {},
    {},
    {
      conditions,
      induction,
      maintenance,
      outcome,
      stopRule,
      route: 'IN',
      startMg: dose.startMg ?? 56,
      maxMg: dose.maxMg ?? 84,
    },
  );
}

/** Esketamine nasal-spray devices (28 mg in 0.2 mL) received into the ledger's stock. */
export async function stockDevices(
  clinic: SessionClinic,
  o: { containers?: number; lot?: string; expiresOn?: string } = {},
): Promise<string[]> {
  const stock = await stockVials(clinic, {
    drug: 'Esketamine hydrochloride',
    form: 'nasal_spray',
    strengthMgPerMl: 140,
    containerMl: 0.2,
    containers: o.containers ?? 2,
    lot: o.lot ?? 'ESK-28',
    ...(o.expiresOn ? { expiresOn: o.expiresOn } : {}),
  });
  return stock.vialIds;
}
