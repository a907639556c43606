import type { AnswerBody, AnswerValue, Assignment, SubmitResult } from '../../../../src/contracts/questionnaires';
import { request } from '../../shared/api';

/** The portal's questionnaires (GET/PUT/POST /api/v1/portal/questionnaires…): the patient's own, only. */
export type { AnswerValue, Assignment, SubmitResult };

const base = '/api/v1/portal/questionnaires';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const questionnaireApi = {
  list: () => request<{ items: Assignment[] }>('GET', base),
  get: (id: string) => request<Assignment>('GET', one(id)),
  answer: (id: string, itemId: string, value: AnswerValue) =>
    request<Assignment>('PUT', `${one(id)}/answers/${encodeURIComponent(itemId)}`, {
      value,
    } satisfies AnswerBody),
  submit: (id: string) => request<SubmitResult>('POST', `${one(id)}/submit`, {}),
};

export const questionnairesKey = ['portal', 'questionnaires'] as const;
