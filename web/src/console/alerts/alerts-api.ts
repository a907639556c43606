import { useQuery } from '@tanstack/react-query';
import type { AlertCounts, ResolveAlertBody, SafetyAlert } from '../../../../src/contracts/questionnaires';
import { request } from '../../shared/api';

/** Safety alerts (GET/POST /api/v1/safety-alerts…): urgent tasks raised by risky portal answers. */
export type { SafetyAlert };

const base = '/api/v1/safety-alerts';

export const alertsApi = {
  list: (status: 'unresolved' | 'resolved') => request<{ items: SafetyAlert[] }>('GET', `${base}?status=${status}`),
  counts: () => request<AlertCounts>('GET', `${base}/counts`),
  get: (id: string) => request<SafetyAlert>('GET', `${base}/${encodeURIComponent(id)}`),
  acknowledge: (id: string, version: number) =>
    request<SafetyAlert>('POST', `${base}/${encodeURIComponent(id)}/acknowledge`, { version }),
  resolve: (id: string, input: ResolveAlertBody) =>
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
