import { QueryClient, QueryClientProvider, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiError } from './api';

/**
 * Every fetch in the console and the portal goes through TanStack Query: one cache, loading and error
 * states, cancellation of stale requests, and retries of what may succeed on a second try (a network
 * failure or a 5xx; never a 4xx, which says the request itself is wrong).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status < 500),
        refetchOnWindowFocus: false,
        staleTime: 0,
      },
      mutations: { retry: false },
    },
  });
}

export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

/** A function that reloads the queries under a key (after a change was saved) and resolves when they have. */
export function useReload(queryKey: readonly unknown[]): () => Promise<void> {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey });
}

/** The message to show for a failed query. */
export function failureText(error: unknown, fallback: string): string {
  return error instanceof ApiError ? (error.detail ?? error.title) : fallback;
}

/** A cursor-paginated list as a screen shows it: loading, failed, or the items so far with "show more". */
export type PagedList<T> =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | {
      kind: 'ready';
      items: T[];
      /** More items exist on the server. */
      hasMore: boolean;
      loadingMore: boolean;
      /** Set when fetching the next page failed (the items so far stay shown). */
      moreFailed: string | null;
      loadMore: () => void;
    };

/**
 * A cursor-paginated list through TanStack Query (one cache entry per key, the request aborted when the
 * key changes or the screen goes away, retried as every query is). `fetchPage` gets the cursor (null for
 * the first page) and the abort signal.
 */
export function usePagedList<T>(
  queryKey: readonly unknown[],
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<{ items: T[]; nextCursor: string | null }>,
  failure: string,
  options: { enabled?: boolean } = {},
): PagedList<T> {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: options.enabled ?? true,
  });
  if (query.data) {
    return {
      kind: 'ready',
      items: query.data.pages.flatMap((page) => page.items),
      hasMore: query.hasNextPage,
      loadingMore: query.isFetchingNextPage,
      moreFailed: query.isFetchNextPageError ? failureText(query.error, failure) : null,
      loadMore: () => void query.fetchNextPage(),
    };
  }
  if (query.isError) return { kind: 'failed', message: failureText(query.error, failure) };
  return { kind: 'loading' };
}
