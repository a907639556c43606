import { useQuery } from '@tanstack/react-query';

/**
 * Says so when the server or its database is not ready (GET /readyz); says nothing when all is well,
 * because a person signing in has no use for the server's internals.
 */
export function ServiceStatus() {
  const ready = useQuery({
    queryKey: ['readyz'],
    queryFn: async ({ signal }) => {
      const res = await fetch('/readyz', { signal });
      const body = (await res.json().catch(() => ({}))) as { detail?: string };
      if (!res.ok) throw new Error(body.detail ?? res.statusText);
      return true;
    },
    retry: false,
  });
  if (!ready.isError) return null;
  return (
    <p className="status" role="status" data-state="down">
      The service is not available at the moment: {ready.error.message}. Try again in a few minutes, or tell your
      clinic&apos;s administrator.
    </p>
  );
}
