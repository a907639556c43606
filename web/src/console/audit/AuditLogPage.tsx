import './audit.css';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { identityApi, type UserSummary } from '../../shared/identity-api';
import { useMe } from '../../shared/auth';
import { LiveRegion, Notice, PageHeading, ShowMoreButton } from '../../shared/kit';
import { usePagedList } from '../../shared/query';
import { auditApi } from './audit-api';
import { filterErrors, filtersFromParams, filtersToParams, toAuditQuery, type AuditFilters } from './audit-filters';
import { AuditFilterForm } from './AuditFilterForm';
import { AuditTable } from './AuditTable';
import { ChainStatus } from './ChainStatus';

/** Every account of the clinic, for the user filter and for names beside entries (a few pages at most). */
function useUsers(): { users: UserSummary[] | null; failed: boolean } {
  const query = useQuery({
    queryKey: ['users', 'all'],
    queryFn: async ({ signal }) => {
      const users: UserSummary[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 10; pages += 1) {
        const page = await identityApi.listUsers(cursor, 200, signal);
        users.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return users;
    },
  });
  if (query.isError) return { users: [], failed: true };
  return { users: query.data ?? null, failed: false };
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
  const valid = addressErrors.length === 0;
  const query = valid ? toAuditQuery(filters) : {};
  const entries = usePagedList(
    ['audit', 'entries', query],
    (cursor, signal) => auditApi.list(query, cursor, signal),
    'The audit log could not be loaded.',
    { enabled: valid },
  );
  const load = valid ? entries : ({ kind: 'invalid' } as const);
  const statusQuery = useQuery({ queryKey: ['audit', 'status'], queryFn: ({ signal }) => auditApi.status(signal) });
  const status = statusQuery.isError ? 'failed' : (statusQuery.data ?? null);

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
              : `${load.items.length} ${load.items.length === 1 ? 'entry' : 'entries'} shown${load.hasMore ? ', more are available' : ''}${filtered ? ' (filtered)' : ''}.`}
          </p>
        ) : null}
        {load.kind === 'ready' && load.loadingMore ? <p>Loading more entries…</p> : null}
      </LiveRegion>
      {load.kind === 'ready' && load.items.length > 0 ? (
        <>
          <AuditTable entries={load.items} users={byId} filters={filters} />
          {load.moreFailed ? <p className="muted">{load.moreFailed}</p> : null}
          {load.hasMore ? (
            <ShowMoreButton label="Show more entries" loading={load.loadingMore} onClick={load.loadMore} />
          ) : null}
        </>
      ) : null}
    </>
  );
}
