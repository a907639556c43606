import { api } from '../../shared/api';

/** The staff intake queue API (src/http/routes/intakes.ts). */
export interface IntakeScore {
  instrumentId: string;
  shortTitle: string;
  version: string;
  total: number | null;
  max: number | null;
  severity: { id: string; label: string } | null;
  flags: string[];
}

export interface PrescreenFlag {
  flag: string;
  questionId: string;
  label: string;
  answer: 'yes' | 'not_sure';
  severity: 'absolute' | 'relative';
  source: string;
}

export interface IntakeSummary {
  id: string;
  reference: string;
  status: 'new' | 'contacted' | 'converted' | 'declined';
  urgent: boolean;
  urgentReasons: string[];
  givenName: string;
  familyName: string;
  state: string;
  conditions: string[];
  submittedAt: string;
  waitingSeconds: number;
  scores: IntakeScore[];
  prescreenFlags: PrescreenFlag[];
  assignedTo: { id: string; name: string } | null;
  contactedAt: string | null;
  version: number;
}

export interface IntakeDetail extends IntakeSummary {
  email: string;
  phone: string;
  dateOfBirth: string;
  /** null unless the person may read assessments (prescribers). */
  answers: Record<string, Record<string, number | boolean | null>> | null;
  prescreen: Record<string, string> | null;
  medications: string | null;
  contactTimes: string[];
  contactMethod: string;
  declineReason: string | null;
  patientId: string | null;
  notes: { id: string; body: string; author: { id: string; name: string }; createdAt: string }[];
}

export type QueueView = 'open' | 'converted' | 'declined';

/** Which intakes the queue shows: a view, only those assigned to me, and a name, email or reference search. */
export interface QueueQuery {
  filter?: QueueView | 'all';
  assignedToMe?: boolean;
  q?: string;
}

const base = '/api/v1/intakes';

export const intakeApi = {
  list: (options: QueueQuery & { cursor?: string | null; limit?: number } = {}, signal?: AbortSignal) => {
    const query = new URLSearchParams({ filter: options.filter ?? 'open', limit: String(options.limit ?? 50) });
    if (options.assignedToMe) query.set('assigned', 'me');
    if (options.q?.trim()) query.set('q', options.q.trim());
    if (options.cursor) query.set('cursor', options.cursor);
    return api.get<{ items: IntakeSummary[]; nextCursor: string | null }>(
      `${base}?${query.toString()}`,
      signal ? { signal } : undefined,
    );
  },
  get: (id: string, signal?: AbortSignal) =>
    api.get<IntakeDetail>(`${base}/${encodeURIComponent(id)}`, signal ? { signal } : undefined),
  assignToMe: (id: string, version: number) =>
    api.post<{ version: number }>(`${base}/${encodeURIComponent(id)}/assign`, { version }),
  addNote: (id: string, body: string) =>
    api.post<{ id: string; createdAt: string }>(`${base}/${encodeURIComponent(id)}/notes`, { body }),
  markContacted: (id: string, version: number) =>
    api.post<{ version: number; contactedAt: string }>(`${base}/${encodeURIComponent(id)}/contacted`, { version }),
  decline: (id: string, reason: string, version: number) =>
    api.post<{ version: number; email: { to: string; subject: string; body: string } }>(
      `${base}/${encodeURIComponent(id)}/decline`,
      { reason, version },
    ),
  convert: (id: string, requestAssessment: boolean, version: number) =>
    api.post<{ patientId: string; mrn: string; assessmentRequestId: string | null }>(
      `${base}/${encodeURIComponent(id)}/convert`,
      { requestAssessment, version },
    ),
};
