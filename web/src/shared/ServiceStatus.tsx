import { useEffect, useState } from 'react';

type State = { kind: 'checking' } | { kind: 'ready'; schemaVersion: number } | { kind: 'down'; detail: string };

/** Shows whether the server and its database are ready (GET /readyz). */
export function ServiceStatus() {
  const [state, setState] = useState<State>({ kind: 'checking' });
  useEffect(() => {
    const controller = new AbortController();
    fetch('/readyz', { signal: controller.signal })
      .then(async (res) => {
        const body = (await res.json()) as { schemaVersion?: number; detail?: string };
        setState(
          res.ok
            ? { kind: 'ready', schemaVersion: body.schemaVersion ?? 0 }
            : { kind: 'down', detail: body.detail ?? res.statusText },
        );
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'down', detail: String(error) });
      });
    return () => controller.abort();
  }, []);
  const text =
    state.kind === 'checking'
      ? 'Checking the server…'
      : state.kind === 'ready'
        ? `Server ready (database schema ${state.schemaVersion}).`
        : `Server not ready: ${state.detail}`;
  return (
    <p className="status" role="status" data-state={state.kind}>
      {text}
    </p>
  );
}
