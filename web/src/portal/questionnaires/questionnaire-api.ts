import { request } from '../../shared/api';

/** The portal's questionnaires (GET/PUT/POST /api/v1/portal/questionnaires…): the patient's own, only. */
export type AnswerValue = number | boolean | null;

export interface Assignment {
  id: string;
  instrumentId: string;
  title: string;
  reason: 'pre_session' | 'induction_weekly' | 'after_induction' | 'maintenance';
  opensAt: string;
  dueAt: string;
  closesAt: string;
  state: 'upcoming' | 'open' | 'overdue' | 'missed' | 'completed';
  status: 'assigned' | 'in_progress' | 'completed' | 'cancelled';
  answered: number;
  questions: number;
  draftAnswers: Record<string, AnswerValue>;
  completedAt: string | null;
  version: number;
}

export interface SubmitResult {
  assignment: Assignment;
  total: number | null;
  severity: { id: string; label: string } | null;
  explanation: { headline: string; paragraphs: string[] };
  safetyAlert: boolean;
}

const base = '/api/v1/portal/questionnaires';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const questionnaireApi = {
  list: () => request<{ items: Assignment[] }>('GET', base),
  get: (id: string) => request<Assignment>('GET', one(id)),
  answer: (id: string, itemId: string, value: AnswerValue) =>
    request<Assignment>('PUT', `${one(id)}/answers/${encodeURIComponent(itemId)}`, { value }),
  submit: (id: string) => request<SubmitResult>('POST', `${one(id)}/submit`, {}),
};

export const questionnairesKey = ['portal', 'questionnaires'] as const;
