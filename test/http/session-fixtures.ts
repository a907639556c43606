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
): Promise<string> {
  const patientId = await newPatient(clinic, fields);
  await measure(clinic, patientId, 80, 175);
  await signedAssessment(clinic, patientId);
  await signedConsent(clinic, patientId, clinic.templateVersionId);
  const draft = await clinic.as.prescriber.post(`/patients/${patientId}/plans`, {
    content: { ...planContent, ...content },
  });
  if (draft.statusCode !== 201) throw new Error(`plan failed: ${draft.body}`);
  const signed = await clinic.as.prescriber.post(`/patients/${patientId}/plans/${draft.json().id}/sign`, {
    version: draft.json().version,
  });
  if (signed.statusCode !== 200) throw new Error(`plan sign failed: ${signed.body}`);
  return patientId;
}

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
