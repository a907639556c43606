import { api } from '../../shared/api';
import type { Page } from '../../shared/identity-api';

/** The audit log API (src/http/routes/audit.ts): admins only. */
export interface AuditEntry {
  id: number;
  occurredAt: string;
  actorUserId: string | null;
  actorRoles: string[];
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  patientId: string | null;
  patientName: string | null;
  patientMrn: string | null;
  ip: string | null;
  userAgent: string | null;
  outcome: 'success' | 'denied' | 'failed';
  details: Record<string, unknown>;
  sealed: boolean;
}

export interface AuditStatus {
  lastSealedSeq: number | null;
  lastSealedAt: string | null;
  unsealedCount: number;
  oldestUnsealedAt: string | null;
  sealerBehind: boolean;
}

/** What the API filters by: ids and instants only (from inclusive, to exclusive). */
export interface AuditQuery {
  patientId?: string;
  userId?: string;
  from?: string;
  to?: string;
}

export const auditApi = {
  list: (query: AuditQuery, cursor: string | null, limit = 50) => {
    const params = new URLSearchParams({ limit: String(limit) });
    for (const key of ['patientId', 'userId', 'from', 'to'] as const) {
      const value = query[key];
      if (value) params.set(key, value);
    }
    if (cursor) params.set('cursor', cursor);
    return api.get<Page<AuditEntry>>(`/api/v1/audit?${params.toString()}`);
  },
  status: () => api.get<AuditStatus>('/api/v1/audit/status'),
};
