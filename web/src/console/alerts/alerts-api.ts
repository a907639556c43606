import { useQuery } from '@tanstack/react-query';
import { request } from '../../shared/api';

/** Safety alerts (GET/POST /api/v1/safety-alerts…): urgent tasks raised by risky portal answers. */
export interface SafetyAlert {
  id: string;
  patientId: string;
  patientName: string;
  mrn: string;
  resultId: string;
  instrumentId: string;
  reasons: string[];
  assignedUserId: string | null;
  assignedUserName: string | null;
  status: 'open' | 'acknowledged' | 'resolved';
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  resolvedAt: string | null;
  resolvedByName: string | null;
  resolutionAction: string | null;
  resolutionNote: string | null;
  escalatedAt: string | null;
  version: number;
}

const base = '/api/v1/safety-alerts';

export const alertsApi = {
  list: (status: 'unresolved' | 'resolved') => request<{ items: SafetyAlert[] }>('GET', `${base}?status=${status}`),
  counts: () => request<{ open: number; acknowledged: number }>('GET', `${base}/counts`),
  get: (id: string) => request<SafetyAlert>('GET', `${base}/${encodeURIComponent(id)}`),
  acknowledge: (id: string, version: number) =>
    request<SafetyAlert>('POST', `${base}/${encodeURIComponent(id)}/acknowledge`, { version }),
  resolve: (id: string, input: { version: number; action: string; note: string }) =>
    request<SafetyAlert>('POST', `${base}/${encodeURIComponent(id)}/resolve`, input),
};

export const alertsKey = ['safety-alerts'] as const;

/** How often the console asks for new alerts: a safety alert must reach the prescriber within seconds. */
export const ALERT_POLL_MS = 5_000;

/** The open-alert count every console page polls (counts only: no patient data, so cheap and unaudited). */
export function useAlertCounts(enabled: boolean) {
  return useQuery({
    queryKey: [...alertsKey, 'counts'],
    queryFn: alertsApi.counts,
    enabled,
    refetchInterval: ALERT_POLL_MS,
    refetchIntervalInBackground: true,
  });
}
