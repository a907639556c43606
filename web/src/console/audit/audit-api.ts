import { api } from '../../shared/api';
import type { AuditEntry, AuditFilters, AuditPage, AuditStatus } from '../../../../src/contracts/audit';

/** The audit log API (src/http/routes/audit.ts): admins only. */
export type { AuditEntry, AuditStatus };
export type AuditQuery = AuditFilters;

export const auditApi = {
  list: (query: AuditQuery, cursor: string | null, signal?: AbortSignal, limit = 50) => {
    const params = new URLSearchParams({ limit: String(limit) });
    for (const key of ['patientId', 'userId', 'from', 'to'] as const) {
      const value = query[key];
      if (value) params.set(key, value);
    }
    if (cursor) params.set('cursor', cursor);
    return api.get<AuditPage>(`/api/v1/audit?${params.toString()}`, signal ? { signal } : undefined);
  },
  status: (signal?: AbortSignal) => api.get<AuditStatus>('/api/v1/audit/status', signal ? { signal } : undefined),
};
