import './intake.css';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../shared/api';
import { useMe } from '../auth';
import { LiveRegion, Notice, PageHeading, ShowMoreButton } from '../../shared/kit';
import { intakeApi, type IntakeSummary } from './intake-api';
import { scoreText, statusLabels, urgentReasonLabel } from './labels';
import { useElapsedSeconds, waitingText } from './waiting';

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

/**
 * The intake queue: urgent first, then whoever has waited longest (the server orders it and pages it
 * with a cursor). Every view is audited. "Show more" appends the next page; an urgent request that
 * arrives meanwhile sorts above the pages already shown, so the page says to reload for it.
 */
export function IntakeQueuePage() {
  const me = useMe();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const elapsed = useElapsedSeconds(load.kind === 'ready' ? load.loadedAt : 0);

  useEffect(() => {
    const controller = new AbortController();
    intakeApi
      .list()
      .then((page) =>
        setLoad({
          kind: 'ready',
          items: page.items,
          loadedAt: Date.now(),
          nextCursor: page.nextCursor,
          loadingMore: false,
          moreFailed: false,
        }),
      )
      .catch((error: unknown) => {
        if (!controller.signal.aborted)
          setLoad({
            kind: 'failed',
            message: error instanceof ApiError ? (error.detail ?? error.title) : 'The queue could not be loaded.',
          });
      });
    return () => controller.abort();
  }, []);

  const showMore = useCallback(async (current: Extract<Load, { kind: 'ready' }>) => {
    setLoad({ ...current, loadingMore: true, moreFailed: false });
    try {
      const page = await intakeApi.list({ cursor: current.nextCursor });
      // Waiting times tick from the first load: rebase this page's onto it. Skip anything already shown.
      const since = Math.floor((Date.now() - current.loadedAt) / 1000);
      const shown = new Set(current.items.map((i) => i.id));
      const added = page.items
        .filter((i) => !shown.has(i.id))
        .map((i) => ({ ...i, waitingSeconds: Math.max(0, i.waitingSeconds - since) }));
      setLoad({
        ...current,
        items: [...current.items, ...added],
        nextCursor: page.nextCursor,
        loadingMore: false,
        moreFailed: false,
      });
    } catch {
      setLoad({ ...current, loadingMore: false, moreFailed: true });
    }
  }, []);

  return (
    <>
      <PageHeading title="Intake queue" caption={me.organization.name}>
        Intake queue
      </PageHeading>
      <p>
        New "Get started" requests from the website. Urgent requests come first, then whoever has waited longest.
        Opening a request is recorded in the audit log.
      </p>
      <LiveRegion>
        {load.kind === 'loading' ? <p>Loading the queue…</p> : null}
        {load.kind === 'failed' ? (
          <Notice kind="warning" title="The queue could not be loaded">
            <p>{load.message}</p>
          </Notice>
        ) : null}
        {load.kind === 'ready' && load.items.length === 0 ? <p>There are no open requests.</p> : null}
      </LiveRegion>
      {load.kind === 'ready' && load.items.length > 0 ? (
        <table className="table table--stack intake-queue">
          <caption className="visually-hidden">
            Open intake requests, {load.items.length} shown{load.nextCursor ? ', more to load' : ''}, urgent first then
            oldest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Priority</th>
              <th scope="col">Waiting</th>
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
                <td>
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
                <td>{waitingText(item.waitingSeconds + elapsed)}</td>
                <td>
                  <ul className="plain-list">
                    {item.scores.map((s) => (
                      <li key={s.instrumentId}>{scoreText(s)}</li>
                    ))}
                  </ul>
                </td>
                <td>
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
                <td>
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
          <ShowMoreButton label="Show more requests" loading={load.loadingMore} onClick={() => void showMore(load)} />
        </p>
      ) : null}
    </>
  );
}
