import type { LightMyRequestResponse } from 'fastify';
import { noFindings, type EligibilityInput } from '../../src/domain/eligibility/index.js';
import type { KetaminePlanContent } from '../../src/domain/chart/index.js';
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
 * A clinic for the chart tests: one signed-in member of staff per role (prescriber and admin with
 * TOTP), a patient user with their own record, and a second clinic to prove scoping.
 */
export type StaffRole = 'admin' | 'prescriber' | 'nurse' | 'coordinator';

export interface Caller {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  /** The sign-in cookie and CSRF token, for requests that need more headers (an Idempotency-Key). */
  readonly headers: Session['headers'];
}

export interface ChartClinic {
  readonly t: IdentityTestApp;
  readonly organizationId: string;
  readonly as: Record<StaffRole | 'patient' | 'otherPrescriber', Caller>;
  readonly users: Record<StaffRole | 'patient', TestUser>;
  readonly otherOrganizationId: string;
}

export function caller(t: IdentityTestApp, session: Session): Caller {
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: session.headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body ?? {}),
    patch: (url, body) => send('PATCH', url, body),
    delete: (url) => send('DELETE', url),
    headers: session.headers,
  };
}

export async function chartClinic(
  name = 'Chart Test Clinic',
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<ChartClinic> {
  const t = await createIdentityTestApp(options.env ? { env: options.env } : {});
  await t.app.ready();
  const organizationId = await createOrganization(t.db.pool, name);
  const otherOrganizationId = await createOrganization(t.db.pool, `${name} (other)`);
  const users = {} as Record<StaffRole | 'patient', TestUser>;
  const as = {} as Record<StaffRole | 'patient' | 'otherPrescriber', Caller>;
  for (const role of ['admin', 'prescriber', 'nurse', 'coordinator', 'patient'] as const) {
    const slug = name.toLowerCase().replace(/[^a-z]+/g, '-');
    users[role] = await createUser(t.db.pool, {
      organizationId,
      email: `${role}@${slug}.example.org`,
      kind: role === 'patient' ? 'patient' : 'staff',
      roles: role === 'patient' ? [] : [role],
      mfa: role === 'admin' || role === 'prescriber',
      name: `${role[0]!.toUpperCase()}${role.slice(1)} Test`,
    });
    as[role] = caller(t, await signIn(t, users[role]));
  }
  const other = await createUser(t.db.pool, {
    organizationId: otherOrganizationId,
    email: 'prescriber@other.example.org',
    roles: ['prescriber'],
    mfa: true,
  });
  as.otherPrescriber = caller(t, await signIn(t, other));
  return { t, organizationId, as, users, otherOrganizationId };
}

let mrn = 100;

/** A patient as helper B's intake conversion leaves one: status 'intake', contact details only. */
export async function newPatient(
  clinic: ChartClinic,
  fields: { given?: string; family?: string; dob?: string; organizationId?: string } = {},
): Promise<string> {
  mrn += 1;
  const res = await clinic.t.db.pool.query<{ id: string }>(
    `INSERT INTO patients (organization_id, mrn, given_name, family_name, date_of_birth) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      fields.organizationId ?? clinic.organizationId,
      String(mrn).padStart(6, '0'),
      fields.given ?? 'Juniper',
      fields.family ?? 'Testcase',
      fields.dob ?? '1984-05-06',
    ],
  );
  return res.rows[0]!.id;
}

/** Height, weight and sex on the chart, so a plan can be dosed. */
export async function measure(clinic: ChartClinic, patientId: string, weightKg = 80, heightCm = 175): Promise<void> {
  const chart = await clinic.as.prescriber.get(`/patients/${patientId}`);
  const res = await clinic.as.prescriber.patch(`/patients/${patientId}`, {
    version: chart.json().patient.version,
    weightKg,
    heightCm,
    sex: 'female',
  });
  if (res.statusCode !== 200) throw new Error(`measure failed: ${res.body}`);
}

export const cleanInput: EligibilityInput = {
  ...noFindings(),
  diagnoses: [{ icd10: 'F33.2', label: 'Major depressive disorder, recurrent severe without psychotic features' }],
  bloodPressureReadings: [
    { systolicMmHg: 124, diastolicMmHg: 78 },
    { systolicMmHg: 120, diastolicMmHg: 76 },
  ],
};

export const planContent: KetaminePlanContent = {
  conditions: ['F33.2'],
  route: 'IV',
  startMgPerKg: 0.5,
  weightBasis: 'actual',
  concentrationMgPerMl: 10,
  infusionMinutes: 40,
  // 0.6 mg/kg over 40 min is 0.9 mg/kg/h, inside the 1 mg/kg/h low-dose rate (CLINICAL.md §2).
  titration: { stepMgPerKg: 0.1, maxMgPerKg: 0.6 },
  // Monday 30 November 2026, in the test clinic's default weekday hours.
  induction: { sessions: 6, startDate: '2026-11-30', preferredTime: '10:00' },
  maintenance: { intent: 'andrade2017', note: '' },
  outcome: { instrumentId: 'phq9', responseDropPercent: 50, remissionAtOrBelow: 4 },
  stopRule: { reviewBySession: 4, minImprovementPercent: 20 },
};

/** Draft → signed assessment with the given decision; returns the signed assessment. */
export async function signedAssessment(
  clinic: ChartClinic,
  patientId: string,
  input: EligibilityInput = cleanInput,
  decision: Record<string, unknown> = { decision: 'eligible' },
): Promise<Record<string, unknown>> {
  const draft = await clinic.as.prescriber.post(`/patients/${patientId}/assessments`, {
    input,
    goals: 'Feel able to work again',
  });
  if (draft.statusCode !== 201) throw new Error(`draft failed: ${draft.body}`);
  const signed = await clinic.as.prescriber.post(`/patients/${patientId}/assessments/${draft.json().id}/sign`, {
    ...decision,
    version: draft.json().version,
  });
  if (signed.statusCode !== 200) throw new Error(`sign failed: ${signed.body}`);
  return signed.json();
}

export async function consentTemplate(
  clinic: ChartClinic,
): Promise<{ id: string; currentVersion: { id: string; number: number }; version: number }> {
  const res = await clinic.as.admin.post('/consent-templates', {
    title: 'Ketamine treatment consent',
    body: 'I understand that ketamine for depression is off-label, that I may feel dissociation during the session, and that I must not drive until the next day.',
  });
  if (res.statusCode !== 201) throw new Error(`template failed: ${res.body}`);
  return res.json();
}

export async function signedConsent(
  clinic: ChartClinic,
  patientId: string,
  templateVersionId: string,
): Promise<{ id: string; version: number }> {
  const res = await clinic.as.prescriber.post(`/patients/${patientId}/consents`, {
    templateVersionId,
    signedName: 'Juniper Testcase',
    signatureKind: 'click',
    confirmed: true,
  });
  if (res.statusCode !== 201) throw new Error(`consent failed: ${res.body}`);
  return res.json();
}

/** Audit entries about a patient, oldest first. */
export async function auditActions(clinic: ChartClinic, patientId: string): Promise<string[]> {
  const res = await clinic.t.db.pool.query<{ action: string }>(
    'SELECT action FROM audit_log WHERE patient_id = $1 ORDER BY id',
    [patientId],
  );
  return res.rows.map((r) => r.action);
}
