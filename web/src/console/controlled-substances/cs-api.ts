import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type {
  Count,
  Disposal,
  Entry,
  Inventory,
  LedgerLocation as Location,
  LossReport,
  Product,
  Stock,
  Vial,
} from '../../../../src/contracts/controlled-substances';
import { api } from '../../shared/api';
import { failureText } from '../../shared/query';

/** The console's client for /api/v1/controlled-substances (src/http/routes/controlled-substance*.ts). */
export type { Count, Disposal, Entry, Inventory, Location, LossReport, Product, Stock, Vial };

const base = '/api/v1/controlled-substances';

export interface Person {
  id: string;
  name: string;
}
export interface Expected {
  productId: string;
  lot: string;
  containers: number;
  sealedContainers: number;
  openedContainers: number;
  volumeMl: number;
  openedMl: number;
}
export interface LogPage {
  items: Entry[];
  totals: { kind: string; label: string; entries: number; ml: number; mg: number; netMl: number; netMg: number }[];
  nextCursor: string | null;
}

export interface WitnessValue {
  witnessUserId: string;
  witnessPassword?: string;
  witnessCode?: string;
}

const qs = (params: Record<string, string | undefined>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : '';
};

export const csApi = {
  products: () => api.get<{ products: Product[]; locations: Location[] }>(`${base}/products`),
  stock: (params: { locationId?: string; lot?: string; includeFinished?: string }) =>
    api.get<Stock>(`${base}/stock${qs(params)}`),
  vial: (id: string) => api.get<{ vial: Vial; entries: Entry[] }>(`${base}/vials/${encodeURIComponent(id)}`),
  expire: (id: string) => api.post<Entry>(`${base}/vials/${encodeURIComponent(id)}/expire`),
  witnesses: () => api.get<{ items: Person[] }>(`${base}/witnesses`),
  receive: (body: Record<string, unknown>) => api.post<{ id: string; vials: Vial[] }>(`${base}/receipts`, body),
  administer: (body: Record<string, unknown>) => api.post<Entry>(`${base}/administrations`, body),
  waste: (body: Record<string, unknown>) => api.post<Entry>(`${base}/wastes`, body),
  correct: (entryId: string, body: { deltaMl: number; reason: string }) =>
    api.post<Entry>(`${base}/entries/${encodeURIComponent(entryId)}/corrections`, body),
  expected: (locationId: string) => api.get<Expected[]>(`${base}/expected-stock${qs({ locationId })}`),
  counts: (params: { locationId?: string; unresolved?: string }) =>
    api.get<{ items: Count[] }>(`${base}/counts${qs(params)}`),
  count: (body: Record<string, unknown>) => api.post<Count>(`${base}/counts`, body),
  resolve: (id: string, body: Record<string, unknown>) =>
    api.post<Count>(`${base}/counts/${encodeURIComponent(id)}/resolution`, body),
  inventories: () => api.get<{ items: Inventory[]; nextDue: string | null; overdue: boolean }>(`${base}/inventories`),
  takeInventory: (body: Record<string, unknown>) => api.post<Inventory>(`${base}/inventories`, body),
  disposals: () => api.get<{ items: Disposal[] }>(`${base}/disposals`),
  destroy: (body: Record<string, unknown>) => api.post<Disposal>(`${base}/disposals`, body),
  losses: () => api.get<{ items: LossReport[] }>(`${base}/loss-reports`),
  reportLoss: (body: Record<string, unknown>) => api.post<LossReport>(`${base}/loss-reports`, body),
  updateLoss: (id: string, body: Record<string, unknown>) =>
    api.patch<LossReport>(`${base}/loss-reports/${encodeURIComponent(id)}`, body),
  log: (params: Record<string, string | undefined>) => api.get<LogPage>(`${base}/dispensing-log${qs(params)}`),
  logDownload: (params: Record<string, string | undefined>, format: 'csv' | 'pdf') =>
    `${base}/dispensing-log/report${qs({ ...params, format })}`,
  inventoryDownload: (id: string, format: 'csv' | 'pdf') =>
    `${base}/inventories/${encodeURIComponent(id)}/report?format=${format}`,
};

export type Loaded<T> = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; data: T };

/**
 * Loads through TanStack Query, one cache entry per `key` (under 'controlled-substances'): the request is
 * aborted when the key changes or the page goes away, retried like every query, and the last answer stays
 * on screen while the next key loads. `reload` fetches again (after a write).
 */
export function useLoad<T>(
  load: (signal: AbortSignal) => Promise<T>,
  key: string,
): { state: Loaded<T>; reload: () => void } {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ['controlled-substances', key],
    queryFn: ({ signal }) => load(signal),
    placeholderData: keepPreviousData,
  });
  const reload = useCallback(
    () => void client.invalidateQueries({ queryKey: ['controlled-substances', key] }),
    [client, key],
  );
  const state: Loaded<T> =
    query.data !== undefined
      ? { status: 'ready', data: query.data }
      : query.isError
        ? { status: 'failed', message: failureText(query.error, 'The server did not answer.') }
        : { status: 'loading' };
  return { state, reload };
}

/** Clinic-style numbers: mL to 3 decimals at most, mg to 3. */
export const fmtMl = (ml: number): string => `${Number(ml.toFixed(3))} mL`;
export const fmtMg = (mg: number): string => `${Number(mg.toFixed(3))} mg`;

/** "MM/DD/YYYY" for a clinic-local date. */
export function usDate(localDate: string): string {
  return `${localDate.slice(5, 7)}/${localDate.slice(8, 10)}/${localDate.slice(0, 4)}`;
}
