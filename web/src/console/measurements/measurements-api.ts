import type { OverdueList } from '../../../../src/contracts/questionnaires';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api';

/** The clinician's measurement-based care: GET /api/v1/patients/{id}/measurements and the lists. */
export interface Labelled {
  code: string;
  label: string;
}

export interface ScorePoint {
  id: string;
  at: string;
  total: number | null;
  severityLabel: string | null;
  context: string;
  flags: string[];
  change: number | null;
  percentChange: number | null;
  findings: Labelled[];
  baseline: boolean;
}

export interface InstrumentMeasures {
  instrumentId: string;
  label: string;
  range: { min: number; max: number };
  bands: { id: string; label: string; min: number; max: number }[];
  primary: boolean;
  scores: ScorePoint[];
  unusable: number;
  baseline: { at: string; total: number } | null;
  latest: { at: string; total: number; change: number | null; percentChange: number | null } | null;
  responseRemission: { applicable: boolean; label: string };
  latestFindings: Labelled[];
  everResponded: boolean;
  everRemitted: boolean;
  earlyImprovement: { status: string; label: string; bySession: number | null; message: string | null };
  maintenance: { status: string; label: string; due: boolean; reasons: Labelled[]; detail: string | null };
}

export interface SessionMeasures {
  id: string;
  doseNumber: number | null;
  at: string;
  route: string;
  cadss6: { at: string; total: number }[];
  adverseEvents: { at: string; event: string; severity: string; intervention: string; outcome: string }[];
}

export interface MeasurementView {
  patient: { id: string; mrn: string; name: string; dateOfBirth: string; status: string; statusLabel: string };
  timeZone: string;
  plan: {
    id: string;
    inductionSessions: number;
    outcomeInstrumentId: string;
    reviewBySession: number;
    minImprovementPercent: number;
  } | null;
  sessions: SessionMeasures[];
  instruments: InstrumentMeasures[];
  maintenanceDue: boolean;
  nonResponseReview: boolean;
  nextSession: { id: string; startsAt: string } | null;
}

export type MeasurementListId = 'maintenance_due' | 'non_responders';

export interface MeasurementList {
  list: MeasurementListId;
  title: string;
  count: number;
  items: {
    patientId: string;
    name: string;
    mrn: string;
    status: string;
    statusLabel: string;
    instruments: { instrumentId: string; label: string }[];
    detail: string;
    since: string;
    nextSession: { id: string; startsAt: string } | null;
  }[];
  nextCursor: string | null;
}

/** Patients with overdue questionnaires, from the questionnaire schedule (decision 021). */
export type { OverdueList };

export const measurementsApi = {
  overdue: () => api.get<OverdueList>('/api/v1/questionnaires/overdue?limit=50'),
  view: (patientId: string) =>
    api.get<MeasurementView>(`/api/v1/patients/${encodeURIComponent(patientId)}/measurements`),
  download: (patientId: string, format: 'csv' | 'pdf') =>
    `/api/v1/patients/${encodeURIComponent(patientId)}/measurements/export?format=${format}`,
  list: (list: MeasurementListId, cursor?: string) =>
    api.get<MeasurementList>(
      `/api/v1/measurement-lists/${list}?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
};

export const useMeasurements = (patientId: string) =>
  useQuery({
    queryKey: ['patients', patientId, 'measurements'],
    queryFn: () => measurementsApi.view(patientId),
  });

export const useMeasurementList = (list: MeasurementListId) =>
  useQuery({ queryKey: ['measurement-lists', list], queryFn: () => measurementsApi.list(list) });
