import type { PlanContent } from '../../../../src/domain/chart/plan';
import type { EligibilityDecision, EligibilityInput } from '../../../../src/domain/eligibility';
import type { ClinicCalendar } from '../../../../src/domain/planning';
import type { ClinicProtocol } from '../../../../src/domain/protocol';
import type { Clearance } from '../../../../src/domain/eligibility';
import type { DocumentContentType, UploadedDocumentKind } from '../../../../src/domain/chart/uploaded-documents';
import type {
  AllergyBody,
  ChartPatient,
  DemographicsBody,
  DiagnosisAdded,
  DiagnosisBody,
  MedicationAdded,
  MedicationBody,
  NoKnownAllergies,
  Patient,
  PatientListItem,
  QuestionnaireBody,
  QuestionnaireRecorded,
  StatusChangeBody,
  StatusChanged,
  VitalsBody,
} from '../../../../src/contracts/patients';
import type { CreatedId } from '../../../../src/contracts/common';
import type { Assessment } from '../../../../src/contracts/assessments';
import type { Consent, ConsentTemplate } from '../../../../src/contracts/consents';
import type { Plan, PlanSchedule } from '../../../../src/contracts/plans';
import type { InvitationSent, InvitationStatus, PortalAccess } from '../../../../src/contracts/portal';
import { api, withKey } from '../../shared/api';
import type { Page } from '../../shared/identity-api';

/** The console's client for the chart routes (src/http/routes/{patients,assessments,consents,plans,protocols}.ts). */
/** The answers being edited; the question added in protocol 2026.2 is unanswered (absent) on a new form. */
type AskedExplicitly = 'ketamineOrPcpMisuseHistory';
export type DraftEligibilityInput = Omit<EligibilityInput, 'bloodPressureReadings' | AskedExplicitly> &
  Partial<Pick<EligibilityInput, AskedExplicitly>> & {
    bloodPressureReadings: { systolicMmHg: number; diastolicMmHg: number }[];
  };

export type { Assessment, ChartPatient, Consent, ConsentTemplate, Patient, PatientListItem, Plan, PlanSchedule };

export interface Chart {
  patient: ChartPatient;
  allergies: { id: string; substance: string; reaction: string | null; severity: string; recordedAt: string }[];
  noKnownAllergies: { recordedAt: string } | null;
  diagnoses: { id: string; icd10: string; label: string; isPrimary: boolean; recordedAt: string }[];
  medications: {
    id: string;
    name: string;
    doseText: string | null;
    dailyMg: number | null;
    benzodiazepine: boolean;
    lorazepamEqMgPerDay: number | null;
    maoi: boolean;
    recordedAt: string;
  }[];
  benzodiazepineTotal: { mgPerDay: number; unknownDose: string[] };
  maoi: boolean;
  vitals: {
    id: string;
    recordedAt: string;
    context: string;
    systolicMmHg: number | null;
    diastolicMmHg: number | null;
    heartRateBpm: number | null;
    spo2Percent: number | null;
    respiratoryRatePerMin: number | null;
    weightKg: number | null;
    heightCm: number | null;
  }[];
  questionnaires: {
    id: string;
    source: 'intake' | 'chart';
    instrumentId: string;
    total: number | null;
    severity: { id: string; label: string } | null;
    flags: string[];
    completedAt: string;
  }[];
  documents: { id: string; kind: 'assessment' | 'consent' | 'plan'; title: string; status: string; date: string }[];
  timeline: { id: string; occurredAt: string; kind: string; summary: string; actor: string | null }[];
  consent:
    | { status: 'none' }
    | { status: 'active'; consentId: string; signedAt: string }
    | { status: 'withdrawn'; consentId: string; withdrawnAt: string };
  eligibility: { assessmentId: string; decision: EligibilityDecision; signedAt: string } | null;
  planning: { calendar: ClinicCalendar; protocolVersionId: string; protocolNumber: number };
  portalAccount: { email: string; createdAt: string; passwordSet: boolean } | null;
  clinicalRedacted: boolean;
  /** Cursors of the older pages of the histories; null when the chart already holds all of it. */
  olderPages: Record<ChartHistory, string | null>;
}

/** The histories the chart carries the newest page of. */
export type ChartHistory = 'vitals' | 'questionnaires' | 'timeline';
export interface ChartHistoryItems {
  vitals: Chart['vitals'][number];
  questionnaires: Chart['questionnaires'][number];
  timeline: Chart['timeline'][number];
}

/** An invitation to the portal by email (decision 020); the link itself is only in the email. */
export type PortalInvitationSent = InvitationSent;
export type PortalInvitation = NonNullable<InvitationStatus['invitation']>;
/** The answer to "give portal access": the only place the temporary password ever appears. */
export type PortalAccessGranted = PortalAccess;

interface UserRef {
  id: string;
  name: string;
}

export interface ProtocolVersion {
  id: string;
  number: number;
  label: string;
  protocol: ClinicProtocol;
  changeNote: string | null;
  createdAt: string;
  createdBy: UserRef | null;
}

/** A document uploaded to the chart (src/http/routes/patient-documents.ts). */
export interface PatientDocument {
  id: string;
  patientId: string;
  kind: UploadedDocumentKind;
  kindLabel: string;
  title: string;
  clearance: Clearance | null;
  contentType: DocumentContentType;
  sizeBytes: number;
  sha256: string;
  uploadedBy: UserRef;
  uploadedAt: string;
  retracted: { at: string; by: UserRef; reason: string } | null;
  version: number;
}

export interface PatientDocumentList {
  items: PatientDocument[];
  clinicalRedacted: boolean;
  clearances: {
    clearance: Clearance;
    label: string;
    assessmentId: string;
    assessmentStatus: 'draft' | 'signed';
    documentIds: string[];
  }[];
}

const p = (id: string): string => `/api/v1/patients/${encodeURIComponent(id)}`;

export const chartApi = {
  search: (input: { q?: string; status?: string; cursor?: string | null }, signal?: AbortSignal) => {
    const query = new URLSearchParams({ limit: '25' });
    if (input.q) query.set('q', input.q);
    if (input.status) query.set('status', input.status);
    if (input.cursor) query.set('cursor', input.cursor);
    return api.get<Page<PatientListItem>>(`/api/v1/patients?${query.toString()}`, signal ? { signal } : undefined);
  },
  chart: (id: string, signal?: AbortSignal) => api.get<Chart>(p(id), signal ? { signal } : undefined),
  updatePatient: (id: string, changes: DemographicsBody) => api.patch<Patient>(p(id), changes),
  // The chart's writes carry the entry's Idempotency-Key (see entryKey): a retry records nothing twice.
  changeStatus: (id: string, input: StatusChangeBody, key: string) =>
    api.post<StatusChanged>(`${p(id)}/status`, input, withKey(key)),
  addDiagnosis: (id: string, input: DiagnosisBody, key: string) =>
    api.post<DiagnosisAdded>(`${p(id)}/diagnoses`, input, withKey(key)),
  addMedication: (id: string, input: MedicationBody, key: string) =>
    api.post<MedicationAdded>(`${p(id)}/medications`, input, withKey(key)),
  addAllergy: (id: string, input: AllergyBody, key: string) =>
    api.post<CreatedId>(`${p(id)}/allergies`, input, withKey(key)),
  setNoKnownAllergies: (id: string, noKnownAllergies: boolean, key: string) =>
    api.post<NoKnownAllergies>(`${p(id)}/no-known-allergies`, { noKnownAllergies }, withKey(key)),
  history: <K extends ChartHistory>(id: string, kind: K, cursor: string) =>
    api.get<Page<ChartHistoryItems[K]>>(`${p(id)}/${kind}?cursor=${encodeURIComponent(cursor)}`),
  recordVitals: (id: string, input: VitalsBody, key: string) =>
    api.post<CreatedId>(`${p(id)}/vitals`, input, withKey(key)),
  recordQuestionnaire: (id: string, input: QuestionnaireBody, key: string) =>
    api.post<QuestionnaireRecorded>(`${p(id)}/questionnaires`, input, withKey(key)),
  assessments: (id: string) => api.get<{ items: Assessment[] }>(`${p(id)}/assessments`),
  assessment: (id: string, assessmentId: string) =>
    api.get<Assessment>(`${p(id)}/assessments/${encodeURIComponent(assessmentId)}`),
  createAssessment: (id: string, input: { input: DraftEligibilityInput; goals: string; notes: string }, key: string) =>
    api.post<Assessment>(`${p(id)}/assessments`, input, withKey(key)),
  updateAssessment: (
    id: string,
    assessmentId: string,
    input: { input: DraftEligibilityInput; goals: string; notes: string; version: number },
  ) => api.patch<Assessment>(`${p(id)}/assessments/${encodeURIComponent(assessmentId)}`, input),
  discardAssessment: (id: string, assessmentId: string, version: number) =>
    api.delete<null>(`${p(id)}/assessments/${encodeURIComponent(assessmentId)}?version=${version}`),
  signAssessment: (
    id: string,
    assessmentId: string,
    input: {
      decision: EligibilityDecision;
      clearanceNote?: string;
      notEligibleReason?: string;
      overrideReason?: string;
      version: number;
    },
  ) => api.post<Assessment>(`${p(id)}/assessments/${encodeURIComponent(assessmentId)}/sign`, input),
  amendAssessment: (id: string, assessmentId: string, reason: string, key: string) =>
    api.post<Assessment>(
      `${p(id)}/assessments/${encodeURIComponent(assessmentId)}/amendments`,
      { reason },
      withKey(key),
    ),
  consentTemplates: (signal?: AbortSignal) =>
    api.get<{ items: ConsentTemplate[] }>('/api/v1/consent-templates', signal ? { signal } : undefined),
  createConsentTemplate: (input: { title: string; body: string }) =>
    api.post<ConsentTemplate>('/api/v1/consent-templates', input),
  addConsentTemplateVersion: (templateId: string, input: { body: string; version: number }) =>
    api.post<ConsentTemplate>(`/api/v1/consent-templates/${encodeURIComponent(templateId)}/versions`, input),
  consents: (id: string, signal?: AbortSignal) =>
    api.get<{ items: Consent[] }>(`${p(id)}/consents`, signal ? { signal } : undefined),
  signConsent: (
    id: string,
    input: {
      templateVersionId: string;
      signedName: string;
      signatureKind: 'click' | 'drawn';
      signatureDrawing?: string;
      confirmed: boolean;
    },
  ) => api.post<Consent>(`${p(id)}/consents`, input),
  withdrawConsent: (id: string, consentId: string, input: { reason: string; version: number }) =>
    api.post<Consent>(`${p(id)}/consents/${encodeURIComponent(consentId)}/withdraw`, input),
  plans: (id: string) => api.get<{ items: Plan[] }>(`${p(id)}/plans`),
  planSchedules: (id: string) => api.get<{ items: PlanSchedule[] }>(`${p(id)}/plans`),
  plan: (id: string, planId: string) => api.get<Plan>(`${p(id)}/plans/${encodeURIComponent(planId)}`),
  createPlan: (
    id: string,
    input: { content: PlanContent; overrideReason?: string | null; changeReason?: string | null },
    key: string,
  ) => api.post<Plan>(`${p(id)}/plans`, input, withKey(key)),
  discardPlan: (id: string, planId: string, version: number) =>
    api.delete<null>(`${p(id)}/plans/${encodeURIComponent(planId)}?version=${version}`),
  updatePlan: (
    id: string,
    planId: string,
    input: { content: PlanContent; overrideReason?: string | null; changeReason?: string | null; version: number },
  ) => api.patch<Plan>(`${p(id)}/plans/${encodeURIComponent(planId)}`, input),
  signPlan: (id: string, planId: string, version: number) =>
    api.post<Plan>(`${p(id)}/plans/${encodeURIComponent(planId)}/sign`, { version }),
  protocols: (signal?: AbortSignal) =>
    api.get<{ current: ProtocolVersion; versions: ProtocolVersion[] }>(
      '/api/v1/protocols',
      signal ? { signal } : undefined,
    ),
  documents: (id: string, signal?: AbortSignal) =>
    api.get<PatientDocumentList>(`${p(id)}/documents`, signal ? { signal } : undefined),
  uploadDocument: (
    id: string,
    input: {
      kind: UploadedDocumentKind;
      title: string;
      clearance?: Clearance | null;
      contentType: string;
      contentBase64: string;
    },
    key: string,
  ) => api.post<PatientDocument>(`${p(id)}/documents`, input, withKey(key)),
  /** A plain link (the browser downloads it with the session cookie). */
  documentContentUrl: (id: string, documentId: string) =>
    `${p(id)}/documents/${encodeURIComponent(documentId)}/content`,
  retractDocument: (id: string, documentId: string, input: { reason: string; version: number }) =>
    api.post<PatientDocument>(`${p(id)}/documents/${encodeURIComponent(documentId)}/retract`, input),
  grantPortalAccess: (id: string) => api.post<PortalAccessGranted>(`${p(id)}/portal-access`),
  inviteToPortal: (id: string) => api.post<PortalInvitationSent>(`${p(id)}/portal-invitation`),
  portalInvitation: (id: string) => api.get<InvitationStatus>(`${p(id)}/portal-invitation`),
  saveProtocol: (input: { protocol: ClinicProtocol; changeNote: string; basedOnNumber: number }) =>
    api.post<ProtocolVersion>('/api/v1/protocols', input),
};
