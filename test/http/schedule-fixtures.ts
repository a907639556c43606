import type { LightMyRequestResponse } from 'fastify';
import { signIn } from '../setup/identity.js';
import {
  caller,
  chartClinic,
  measure,
  newPatient,
  planContent,
  signedAssessment,
  signedConsent,
  consentTemplate,
  type Caller,
  type ChartClinic,
} from './chart-fixtures.js';

/**
 * A clinic for the scheduling tests: one New York location open Mon–Fri 08:00–18:00 and Sat 09:00–13:00
 * with three chairs, the nurse and the prescriber working all of it, and Christmas Day closed.
 */
export interface ScheduleClinic extends ChartClinic {
  readonly locationId: string;
  readonly chairIds: string[];
  readonly templateVersionId: string;
  /** POST with extra headers (Idempotency-Key). */
  postAs(
    role: 'coordinator' | 'admin' | 'nurse' | 'prescriber',
    url: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** Signs everyone in again (after the clock moved past the idle timeout). */
  refresh(): Promise<void>;
}

export const weekHours = [1, 2, 3, 4, 5]
  .map((day) => ({ day, opens: '08:00', closes: '18:00' }))
  .concat([{ day: 6, opens: '09:00', closes: '13:00' }]);

export async function scheduleClinic(name: string): Promise<ScheduleClinic> {
  const clinic = await chartClinic(name);
  const { as, users, t } = clinic;
  const location = await as.admin.post('/schedule/locations', {
    name: 'Midtown',
    timeZone: 'America/New_York',
    openingHours: weekHours,
    closedDates: ['2026-12-25'],
  });
  if (location.statusCode !== 201) throw new Error(location.body);
  const locationId = location.json().id as string;
  const chairIds: string[] = [];
  for (const chair of ['Chair 1', 'Chair 2', 'Chair 3']) {
    const res = await as.admin.post('/schedule/chairs', { locationId, name: chair, kind: 'chair' });
    if (res.statusCode !== 201) throw new Error(res.body);
    chairIds.push(res.json().id);
  }
  const hours = weekHours.map((h) => ({ weekday: h.day, opens: h.opens, closes: h.closes }));
  for (const who of [users.nurse, users.prescriber]) {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/schedule/locations/${locationId}/staff-hours/${who.id}`,
      headers: (await signIn(t, users.admin)).headers,
      payload: { hours },
    });
    if (res.statusCode !== 200) throw new Error(res.body);
  }
  const template = await consentTemplate(clinic);
  const sessions: Record<string, Record<string, string>> = {};
  const signInAll = async (): Promise<void> => {
    for (const role of ['admin', 'prescriber', 'nurse', 'coordinator', 'patient'] as const) {
      const s = await signIn(t, users[role]);
      sessions[role] = s.headers;
      (as as Record<string, Caller>)[role] = caller(t, s);
    }
  };
  await signInAll();
  return {
    ...clinic,
    locationId,
    chairIds,
    templateVersionId: template.currentVersion.id,
    postAs: (role, url, body, headers = {}) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1${url}`,
        headers: { ...sessions[role], ...headers },
        payload: body as object,
      }),
    refresh: signInAll,
  };
}

/** A patient with a signed IV induction plan starting Monday 30 November 2026 at 10:00. */
export async function patientWithSignedPlan(clinic: ScheduleClinic, given = 'Juniper'): Promise<string> {
  const patientId = await newPatient(clinic, { given });
  await measure(clinic, patientId, 80, 175);
  await signedAssessment(clinic, patientId);
  await signedConsent(clinic, patientId, clinic.templateVersionId);
  const draft = await clinic.as.prescriber.post(`/patients/${patientId}/plans`, { content: planContent });
  if (draft.statusCode !== 201) throw new Error(draft.body);
  const signed = await clinic.as.prescriber.post(`/patients/${patientId}/plans/${draft.json().id}/sign`, {
    version: draft.json().version,
  });
  if (signed.statusCode !== 200) throw new Error(signed.body);
  return patientId;
}

export async function appointmentCount(clinic: ChartClinic): Promise<number> {
  const res = await clinic.t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM appointments');
  return res.rows[0]!.n;
}
