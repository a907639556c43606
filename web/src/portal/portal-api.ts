import { api } from '../shared/api';

/**
 * The portal's client: the patient's own chart and consents (the chart routes, which answer 404 for
 * anyone else's record) and the clinic's consent texts (GET /api/v1/portal/consent-templates).
 */
export interface Contact {
  name: string | null;
  phone: string | null;
  relationship: string | null;
}

export interface OwnRecord {
  patient: {
    id: string;
    givenName: string;
    familyName: string;
    preferredName: string | null;
    dateOfBirth: string;
    email: string | null;
    phone: string | null;
    address: {
      line1: string | null;
      line2: string | null;
      city: string | null;
      state: string | null;
      postalCode: string | null;
    };
    companion: Contact;
    emergencyContact: Contact;
  };
}

export interface ConsentTemplate {
  id: string;
  title: string;
  currentVersion: { id: string; number: number; body: string; createdAt: string };
}

export interface Consent {
  id: string;
  templateId: string;
  templateTitle: string;
  templateVersion: { id: string; number: number; body: string };
  signedName: string;
  signedAt: string;
  channel: 'clinic_tablet' | 'portal';
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  status: 'signed' | 'withdrawn';
  version: number;
}

export interface ClinicContact {
  name: string;
  phone: string | null;
  email: string | null;
  locations: { name: string; addressLines: string[]; phone: string | null }[];
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

/** The portal's own pages (decision 020): always the signed-in patient's record, from the session. */
export interface PreparationStep {
  id: 'fasting' | 'clear_fluids' | 'companion' | 'no_driving' | 'no_preparation';
  title: string;
  text: string;
}

export interface PortalAppointment {
  id: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  typeLabel: string;
  hasDose: boolean;
  status: string;
  statusLabel: string;
  location: { name: string; addressLines: string[]; phone: string | null };
  companionName: string | null;
  confirmedAt: string | null;
  canConfirm: boolean;
  preparation: PreparationStep[];
  version: number;
}

export interface PortalHome {
  next: PortalAppointment | null;
  later: PortalAppointment[];
  past: {
    id: string;
    startsAt: string;
    typeLabel: string;
    locationName: string;
    status: string;
    statusLabel: string;
  }[];
}

export interface ProgressSeries {
  instrumentId: string;
  title: string;
  shortTitle: string;
  measures: string;
  range: { min: number; max: number };
  bands: { id: string; label: string; min: number; max: number }[];
  points: { id: string; completedAt: string; total: number; bandId: string | null; bandLabel: string | null }[];
}

export interface PortalProgress {
  series: ProgressSeries[];
  sessions: { id: string; number: number | null; at: string }[];
  aftercare: {
    sessionId: string;
    sessionNumber: number | null;
    dischargedAt: string;
    collectedBy: string | null;
    instructions: string[];
  } | null;
}

export interface SharedDocument {
  id: string;
  title: string;
  contentType: string;
  sizeBytes: number;
  sharedAt: string;
}

export interface CalendarFeed {
  id: string;
  kind: 'patient' | 'chair';
  patientId: string | null;
  chairId: string | null;
  createdAt: string;
}

export const portalPagesApi = {
  home: () => api.get<PortalHome>('/api/v1/portal/home'),
  confirm: (appointmentId: string, input: { companionName: string; version: number }) =>
    api.post<PortalAppointment>(`/api/v1/portal/appointments/${encodeURIComponent(appointmentId)}/confirm`, input),
  progress: () => api.get<PortalProgress>('/api/v1/portal/progress'),
  documents: () => api.get<{ items: SharedDocument[] }>('/api/v1/portal/documents'),
  documentUrl: (id: string) => `/api/v1/portal/documents/${encodeURIComponent(id)}/content`,
  feeds: () => api.get<{ items: CalendarFeed[] }>('/api/v1/schedule/feeds'),
  createFeed: (patientId: string) => api.post<CalendarFeed & { url: string }>('/api/v1/schedule/feeds', { patientId }),
  revokeFeed: (id: string) => api.delete<CalendarFeed>(`/api/v1/schedule/feeds/${encodeURIComponent(id)}`),
};
