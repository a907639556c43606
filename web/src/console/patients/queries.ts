import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { failureText, useReload } from '../../shared/query';
import { chartApi, type Chart, type ChartHistory, type ChartHistoryItems } from './chart-api';

/** Query keys and hooks for a patient's records: everything about one patient sits under ['patients', id]. */
export const patientKey = (id: string) => ['patients', id] as const;

export const useChart = (id: string) =>
  useQuery({ queryKey: [...patientKey(id), 'chart'], queryFn: ({ signal }) => chartApi.chart(id, signal) });

export const useProtocols = () =>
  useQuery({ queryKey: ['protocols'], queryFn: ({ signal }) => chartApi.protocols(signal) });

export const useAssessment = (id: string, assessmentId: string | null) =>
  useQuery({
    queryKey: [...patientKey(id), 'assessments', assessmentId],
    queryFn: () => chartApi.assessment(id, assessmentId!),
    enabled: assessmentId !== null,
  });

export const usePlan = (id: string, planId: string | null) =>
  useQuery({
    queryKey: [...patientKey(id), 'plans', planId],
    queryFn: () => chartApi.plan(id, planId!),
    enabled: planId !== null,
  });

export const usePlans = (id: string) =>
  useQuery({ queryKey: [...patientKey(id), 'plans'], queryFn: () => chartApi.plans(id) });

export const useConsents = (id: string) =>
  useQuery({ queryKey: [...patientKey(id), 'consents'], queryFn: ({ signal }) => chartApi.consents(id, signal) });

export const useConsentTemplates = () =>
  useQuery({ queryKey: ['consent-templates'], queryFn: ({ signal }) => chartApi.consentTemplates(signal) });

export const useUploadedDocuments = (id: string) =>
  useQuery({ queryKey: [...patientKey(id), 'documents'], queryFn: ({ signal }) => chartApi.documents(id, signal) });

/** Reloads everything shown about one patient (after any change to their record). */
export const useReloadPatient = (id: string) => useReload(patientKey(id));

/**
 * A history the chart holds the newest page of (vitals, questionnaires, timeline): its rows with the older
 * pages asked for so far, and "show older" while there are more. Nothing is fetched until asked.
 */
export function useChartHistory<K extends ChartHistory>(chart: Chart, kind: K) {
  const id = chart.patient.id;
  const cursor: string | null = chart.olderPages[kind];
  const start: string = cursor ?? '';
  const [asked, setAsked] = useState(false);
  const older = useInfiniteQuery({
    queryKey: [...patientKey(id), 'history', kind, start],
    queryFn: ({ pageParam }) => chartApi.history(id, kind, pageParam),
    initialPageParam: start,
    getNextPageParam: (last): string | undefined => last.nextCursor ?? undefined,
    enabled: asked && cursor !== null,
  });
  const first = chart[kind] as ChartHistoryItems[K][];
  const rows: ChartHistoryItems[K][] = [...first, ...(older.data?.pages.flatMap((page) => page.items) ?? [])];
  return {
    rows,
    more: cursor !== null && (older.data ? older.hasNextPage : true),
    loading: older.isFetching,
    failed: older.isError,
    showOlder: () => (older.data ? void older.fetchNextPage() : setAsked(true)),
  };
}

/** The first failure among a screen's queries, as text (or null). */
export function firstFailure(queries: readonly { error: unknown }[], fallback: string): string | null {
  const failed = queries.find((q) => q.error);
  return failed ? failureText(failed.error, fallback) : null;
}
