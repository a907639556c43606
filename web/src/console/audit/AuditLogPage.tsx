import './audit.css';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../shared/api';
import { identityApi, type UserSummary } from '../../shared/identity-api';
import { useMe } from '../auth';
import { LiveRegion, Notice, PageHeading, ShowMoreButton } from '../../shared/kit';
import { auditApi, type AuditEntry, type AuditStatus } from './audit-api';
import { filterErrors, filtersFromParams, filtersToParams, toAuditQuery, type AuditFilters } from './audit-filters';
import { AuditFilterForm } from './AuditFilterForm';
import { AuditTable } from './AuditTable';
import { ChainStatus } from './ChainStatus';

type Load =
  | { kind: 'loading' }
  | { kind: 'invalid' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; items: AuditEntry[]; nextCursor: string | null; loadingMore: boolean };

const message = (error: unknown, fallback: string) =>
  error instanceof ApiError ? (error.detail ?? error.title) : fallback;

/** Every account of the clinic, for the user filter and for names beside entries (a few pages at most). */
function useUsers(): { users: UserSummary[] | null; failed: boolean } {
  const [state, setState] = useState<{ users: UserSummary[] | null; failed: boolean }>({ users: null, failed: false });
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const users: UserSummary[] = [];
        let cursor: string | null = null;
        for (let pages = 0; pages < 10; pages += 1) {
          const page = await identityApi.listUsers(cursor, 200);
          users.push(...page.items);
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        if (!cancelled) setState({ users, failed: false });
      } catch {
        if (!cancelled) setState({ users: [], failed: true });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);
  return state;
}

/** The audit log of the clinic, newest first, filtered by what the address says. Reading it is itself recorded. */
export function AuditLogPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const paramsKey = params.toString();
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(paramsKey)), [paramsKey]);
  const addressErrors = useMemo(() => filterErrors(filters), [filters]);
  const { users, failed: usersFailed } = useUsers();
  const byId = useMemo(() => new Map((users ?? []).map((u) => [u.id, u])), [users]);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [status, setStatus] = useState<AuditStatus | 'failed' | null>(null);

  const fetchPage = useCallback(
    async (cursor: string | null, previous: AuditEntry[]) => {
      try {
        const page = await auditApi.list(toAuditQuery(filters), cursor);
        setLoad({
          kind: 'ready',
          items: [...previous, ...page.items],
          nextCursor: page.nextCursor,
          loadingMore: false,
        });
      } catch (error) {
        setLoad({ kind: 'failed', message: message(error, 'The audit log could not be loaded.') });
      }
    },
    [filters],
  );

  useEffect(() => {
    if (addressErrors.length > 0) {
      setLoad({ kind: 'invalid' });
      return;
    }
    setLoad({ kind: 'loading' });
    void fetchPage(null, []);
    auditApi.status().then(setStatus, () => setStatus('failed'));
  }, [fetchPage, addressErrors]);

  const apply = (next: AuditFilters) => setParams(filtersToParams(next));
  const filtered = paramsKey !== '';

  return (
    <>
      <PageHeading title="Audit log" caption={me.organization.name}>
        Audit log
      </PageHeading>
      <p>
        Every sign-in, account change and read or write of a patient’s record, newest first. Entries cannot be changed
        or deleted; each is sealed into a hash chain about a second after it is written. Opening this page is recorded
        too.
      </p>
      {status && status !== 'failed' ? <ChainStatus status={status} /> : null}
      {status === 'failed' ? <p className="muted">The chain status could not be loaded.</p> : null}
      {usersFailed ? (
        <Notice kind="warning" title="The list of users could not be loaded">
          <p>Entries show account ids instead of names, and the user filter is empty.</p>
        </Notice>
      ) : null}
      <AuditFilterForm key={paramsKey} initial={filters} users={users} addressErrors={addressErrors} onApply={apply} />
      <LiveRegion>
        {load.kind === 'loading' ? <p>Loading entries…</p> : null}
        {load.kind === 'failed' ? (
          <Notice kind="warning" title="The audit log could not be loaded">
            <p>{load.message}</p>
          </Notice>
        ) : null}
        {load.kind === 'ready' ? (
          <p className="audit-count">
            {load.items.length === 0
              ? filtered
                ? 'No entries match these filters.'
                : 'There are no entries yet.'
              : `${load.items.length} ${load.items.length === 1 ? 'entry' : 'entries'} shown${load.nextCursor ? ', more are available' : ''}${filtered ? ' (filtered)' : ''}.`}
          </p>
        ) : null}
        {load.kind === 'ready' && load.loadingMore ? <p>Loading more entries…</p> : null}
      </LiveRegion>
      {load.kind === 'ready' && load.items.length > 0 ? (
        <>
          <AuditTable entries={load.items} users={byId} filters={filters} />
          {load.nextCursor ? (
            <ShowMoreButton
              label="Show more entries"
              loading={load.loadingMore}
              onClick={() => {
                setLoad({ ...load, loadingMore: true });
                void fetchPage(load.nextCursor, load.items);
              }}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}
