import type { ChartPatient } from '../../../src/contracts/patients';
import type { Consent, ConsentTemplate } from '../../../src/contracts/consents';
import type {
  ClinicContact,
  ConfirmAppointmentBody,
  PortalAppointment,
  PortalHome,
  PortalProgress,
  PreparationStep,
  ProgressSeries,
  SharedDocument,
} from '../../../src/contracts/portal';
import { api } from '../shared/api';

/**
 * The portal's client: the patient's own chart and consents (the chart routes, which answer 404 for
 * anyone else's record) and the clinic's consent texts (GET /api/v1/portal/consent-templates). The
 * shapes are the contracts' (src/contracts/portal.ts, consents.ts, patients.ts).
 */
export type {
  ClinicContact,
  Consent,
  ConsentTemplate,
  PortalAppointment,
  PortalHome,
  PortalProgress,
  PreparationStep,
  ProgressSeries,
  SharedDocument,
};

/** The part of the patient's own chart the portal reads. */
export interface OwnRecord {
  patient: ChartPatient;
}
const p = (id: string): string => `/api/v1/patients/${encodeURIComponent(id)}`;

export const portalApi = {
  record: (patientId: string) => api.get<OwnRecord>(p(patientId)),
  clinic: () => api.get<ClinicContact>('/api/v1/portal/clinic'),
  consentTemplates: () => api.get<{ items: ConsentTemplate[] }>('/api/v1/portal/consent-templates'),
  consents: (patientId: string) => api.get<{ items: Consent[] }>(`${p(patientId)}/consents`),
  signConsent: (patientId: string, input: { templateVersionId: string; signedName: string; confirmed: boolean }) =>
    api.post<Consent>(`${p(patientId)}/consents`, { ...input, signatureKind: 'click' }),
  withdrawConsent: (patientId: string, consentId: string, input: { reason: string; version: number }) =>
    api.post<Consent>(`${p(patientId)}/consents/${encodeURIComponent(consentId)}/withdraw`, input),
};

/** Where a consent form stands for this patient: the latest signature for that form decides. */
export type ConsentStanding =
  | { state: 'to_sign'; template: ConsentTemplate }
  | { state: 'signed'; template: ConsentTemplate; consent: Consent }
  | { state: 'withdrawn'; template: ConsentTemplate; consent: Consent };

export function consentStandings(
  templates: readonly ConsentTemplate[],
  consents: readonly Consent[],
): ConsentStanding[] {
  return templates.map((template) => {
    const latest = consents
      .filter((c) => c.templateId === template.id)
      .sort((a, b) => b.signedAt.localeCompare(a.signedAt))[0];
    if (!latest) return { state: 'to_sign', template };
    return latest.status === 'signed'
      ? { state: 'signed', template, consent: latest }
      : { state: 'withdrawn', template, consent: latest };
  });
}

/** A calendar feed as the schedule routes answer (src/http/routes/schedule.ts). */
export interface CalendarFeed {
  id: string;
  kind: 'patient' | 'chair';
  patientId: string | null;
  chairId: string | null;
  createdAt: string;
}

/** The portal's own pages (decision 020): always the signed-in patient's record, from the session. */
export const portalPagesApi = {
  home: () => api.get<PortalHome>('/api/v1/portal/home'),
  confirm: (appointmentId: string, input: ConfirmAppointmentBody) =>
    api.post<PortalAppointment>(`/api/v1/portal/appointments/${encodeURIComponent(appointmentId)}/confirm`, input),
  progress: () => api.get<PortalProgress>('/api/v1/portal/progress'),
  documents: () => api.get<{ items: SharedDocument[] }>('/api/v1/portal/documents'),
  documentUrl: (id: string) => `/api/v1/portal/documents/${encodeURIComponent(id)}/content`,
  feeds: () => api.get<{ items: CalendarFeed[] }>('/api/v1/schedule/feeds'),
  createFeed: (patientId: string) => api.post<CalendarFeed & { url: string }>('/api/v1/schedule/feeds', { patientId }),
  revokeFeed: (id: string) => api.delete<CalendarFeed>(`/api/v1/schedule/feeds/${encodeURIComponent(id)}`),
};
