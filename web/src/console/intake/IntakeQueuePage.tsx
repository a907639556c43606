import './intake.css';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState, type SyntheticEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { failureText } from '../../shared/query';
import { useMe } from '../../shared/auth';
import { Checkbox, LiveRegion, Notice, PageHeading, ShowMoreButton, TextField } from '../../shared/kit';
import { formatDateTime } from '../../shared/time';
import { intakeApi, type IntakeSummary, type QueueView } from './intake-api';
import { scoreText, statusLabels, urgentReasonLabel } from './labels';
import { useElapsedSeconds, waitingText } from './waiting';

/**
 * The pages fetched so far as one list. Waiting times tick from the first page's load: later pages' are
 * rebased onto it; a request already shown (the queue moved between pages) is not shown twice.
 */
function queueLoad(
  pages: readonly { items: IntakeSummary[]; nextCursor: string | null; fetchedAt: number }[] | undefined,
  error: unknown,
  more: { loadingMore: boolean; moreFailed: boolean },
): Load {
  const first = pages?.[0];
  if (!pages || !first) {
    if (error) return { kind: 'failed', message: failureText(error, 'The queue could not be loaded.') };
    return { kind: 'loading' };
  }
  const seen = new Set<string>();
  const items: IntakeSummary[] = [];
  for (const page of pages) {
    const since = Math.floor((page.fetchedAt - first.fetchedAt) / 1000);
    for (const item of page.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      items.push({ ...item, waitingSeconds: Math.max(0, item.waitingSeconds - since) });
    }
  }
  return {
    kind: 'ready',
    items,
    loadedAt: first.fetchedAt,
    nextCursor: pages.at(-1)!.nextCursor,
    ...more,
  };
}

type Load =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | {
      kind: 'ready';
      items: IntakeSummary[];
      loadedAt: number;
      nextCursor: string | null;
      loadingMore: boolean;
      moreFailed: boolean;
    };

const views: { id: QueueView; label: string; noun: string }[] = [
  { id: 'open', label: 'Open', noun: 'open' },
  { id: 'converted', label: 'Converted', noun: 'converted' },
  { id: 'declined', label: 'Declined', noun: 'declined' },
];
const isView = (v: string | null): v is QueueView => views.some((x) => x.id === v);

/** The queue's address for a view, "assigned to me" and a search (so Back and a reload keep them). */
function queueSearch(view: QueueView, mine: boolean, q: string): string {
  const params = new URLSearchParams();
  if (view !== 'open') params.set('view', view);
  if (mine) params.set('assigned', 'me');
  if (q.trim()) params.set('q', q.trim());
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The intake queue: open (new and contacted), converted or declined requests, optionally only those assigned
 * to me or matching a name, email or reference (the server filters). Urgent first, then whoever has waited longest (the server orders it and pages it
 * with a cursor). Every view is audited. "Show more" appends the next page; an urgent request that
 * arrives meanwhile sorts above the pages already shown, so the page says to reload for it.
 */
export function IntakeQueuePage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const viewParam = params.get('view');
  const view: QueueView = isView(viewParam) ? viewParam : 'open';
  const mine = params.get('assigned') === 'me';
  const q = params.get('q')?.slice(0, 100) ?? '';
  const [searchText, setSearchText] = useState(q);
  const query = useInfiniteQuery({
    queryKey: ['intakes', 'queue', view, mine, q],
    queryFn: async ({ pageParam, signal }) => ({
      ...(await intakeApi.list({ filter: view, assignedToMe: mine, q, cursor: pageParam }, signal)),
      fetchedAt: Date.now(),
    }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const load = queueLoad(query.data?.pages, query.error, {
    loadingMore: query.isFetchingNextPage,
    moreFailed: query.isFetchNextPageError,
  });
  const elapsed = useElapsedSeconds(load.kind === 'ready' ? load.loadedAt : 0);
  const viewInfo = views.find((v) => v.id === view)!;

  // The box follows the click at once; the address (and so the list) follows it a moment later.
  const [mineChecked, setMineChecked] = useState(mine);
  useEffect(() => setSearchText(q), [q]);
  useEffect(() => setMineChecked(mine), [mine]);

  const search = (e: SyntheticEvent) => {
    e.preventDefault();
    setParams(queueSearch(view, mine, searchText));
  };

  const filtered = mine || q !== '';
  const none = filtered
    ? `No ${viewInfo.noun} requests${mine ? ' assigned to you' : ''}${q ? ` match "${q}"` : ''}.`
    : `There are no ${viewInfo.noun} requests.`;

  return (
    <>
      <PageHeading title="Intake queue" caption={me.organization.name}>
        Intake queue
      </PageHeading>
      <p>
        New "Get started" requests from the website. Urgent requests come first, then whoever has waited longest.
        Opening a request is recorded in the audit log.
      </p>
      <nav aria-label="Which requests">
        <ul className="queue-views">
          {views.map((v) => (
            <li key={v.id}>
              <Link to={queueSearch(v.id, mine, q)} aria-current={v.id === view ? 'page' : undefined}>
                {v.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form className="queue-filters" role="search" aria-label="Intake requests" onSubmit={search}>
        <TextField
          id="queue-search"
          label="Search by name, email or reference"
          type="search"
          maxLength={100}
          autoComplete="off"
          value={searchText}
          onChange={setSearchText}
        />
        <button type="submit" className="button button--secondary">
          Search
        </button>
        <Checkbox
          id="queue-mine"
          label="Assigned to me"
          checked={mineChecked}
          onChange={(checked) => {
            setMineChecked(checked);
            setParams(queueSearch(view, checked, q));
          }}
        />
      </form>
      <LiveRegion>
        {load.kind === 'loading' ? <p>Loading the queue…</p> : null}
        {load.kind === 'failed' ? (
          <Notice kind="warning" title="The queue could not be loaded">
            <p>{load.message}</p>
          </Notice>
        ) : null}
        {load.kind === 'ready' && load.items.length === 0 ? <p>{none}</p> : null}
      </LiveRegion>
      {load.kind === 'ready' && load.items.length > 0 ? (
        <table className="table table--stack intake-queue">
          <caption className="visually-hidden">
            {viewInfo.label} intake requests{mine ? ' assigned to you' : ''}, {load.items.length} shown
            {load.nextCursor ? ', more to load' : ''}, urgent first then oldest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Priority</th>
              <th scope="col">{view === 'open' ? 'Waiting' : 'Submitted'}</th>
              <th scope="col">Screening</th>
              <th scope="col">Pre-screen flags</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {load.items.map((item) => (
              <tr key={item.id} className={item.urgent ? 'intake-row--urgent' : undefined}>
                <th scope="row">
                  <Link to={`/intake/${item.id}`}>
                    {item.givenName} {item.familyName}
                  </Link>
                  <div className="muted">{item.reference}</div>
                </th>
                <td data-label="Priority">
                  {item.urgent ? (
                    <>
                      <span className="tag tag--urgent">Urgent</span>
                      <ul className="plain-list">
                        {item.urgentReasons.map((r) => (
                          <li key={r}>{urgentReasonLabel(r)}</li>
                        ))}
                      </ul>
                    </>
                  ) : (
                    'Routine'
                  )}
                </td>
                <td data-label={view === 'open' ? 'Waiting' : 'Submitted'}>
                  {view === 'open' ? waitingText(item.waitingSeconds + elapsed) : formatDateTime(item.submittedAt)}
                </td>
                <td data-label="Screening">
                  <ul className="plain-list">
                    {item.scores.map((s) => (
                      <li key={s.instrumentId}>{scoreText(s)}</li>
                    ))}
                  </ul>
                </td>
                <td data-label="Pre-screen flags">
                  {item.prescreenFlags.length === 0 ? (
                    'None'
                  ) : (
                    <ul className="plain-list">
                      {item.prescreenFlags.map((f) => (
                        <li key={f.flag}>
                          {f.label}
                          {f.answer === 'not_sure' ? ' (not sure)' : ''}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td data-label="Status">
                  {statusLabels[item.status]}
                  {item.assignedTo ? <div className="muted">Assigned to {item.assignedTo.name}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {load.kind === 'ready' ? (
        <LiveRegion>
          {load.moreFailed ? <p>More requests could not be loaded. Try again.</p> : null}
          {load.loadingMore ? <p>Loading more requests…</p> : null}
        </LiveRegion>
      ) : null}
      {load.kind === 'ready' && load.nextCursor ? (
        <p>
          <ShowMoreButton
            label="Show more requests"
            loading={load.loadingMore}
            onClick={() => void query.fetchNextPage()}
          />
        </p>
      ) : null}
    </>
  );
}
