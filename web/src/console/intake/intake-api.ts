import type {
  IntakeAssignBody,
  IntakeContactedBody,
  IntakeConverted,
  IntakeConvertBody,
  IntakeDeclineBody,
  IntakeDeclined,
  IntakeDetail,
  IntakeNoteBody,
  IntakePage,
  IntakeSummary,
} from '../../../../src/contracts/intakes';
import { api } from '../../shared/api';

/** The staff intake queue API (src/http/routes/intakes.ts); its shapes are the contracts' (src/contracts/intakes.ts). */
export type { IntakeDetail, IntakeSummary };
export type IntakeScore = IntakeSummary['scores'][number];
export type PrescreenFlag = IntakeSummary['prescreenFlags'][number];

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
    return api.get<IntakePage>(`${base}?${query.toString()}`, signal ? { signal } : undefined);
  },
  get: (id: string, signal?: AbortSignal) =>
    api.get<IntakeDetail>(`${base}/${encodeURIComponent(id)}`, signal ? { signal } : undefined),
  assignToMe: (id: string, version: number) =>
    api.post<{ version: number }>(`${base}/${encodeURIComponent(id)}/assign`, { version } satisfies IntakeAssignBody),
  addNote: (id: string, body: string) =>
    api.post<{ id: string; createdAt: string }>(`${base}/${encodeURIComponent(id)}/notes`, {
      body,
    } satisfies IntakeNoteBody),
  markContacted: (id: string, version: number) =>
    api.post<{ version: number; contactedAt: string }>(`${base}/${encodeURIComponent(id)}/contacted`, {
      version,
    } satisfies IntakeContactedBody),
  decline: (id: string, reason: string, version: number) =>
    api.post<IntakeDeclined>(`${base}/${encodeURIComponent(id)}/decline`, {
      reason,
      version,
    } satisfies IntakeDeclineBody),
  convert: (id: string, requestAssessment: boolean, version: number) =>
    api.post<IntakeConverted>(`${base}/${encodeURIComponent(id)}/convert`, {
      requestAssessment,
      version,
    } satisfies IntakeConvertBody),
};
