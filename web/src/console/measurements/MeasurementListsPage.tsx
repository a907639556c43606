import './measurements.css';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { instrumentLabels, labelOf } from '../../../../src/domain/labels';
import { Link } from 'react-router';
import { useMe } from '../../shared/auth';
import { Notice, PageHeading, ShowMoreButton } from '../../shared/kit';
import { failureText } from '../../shared/query';
import { formatDateTime } from '../../shared/time';
import { can } from '../nav';
import { measurementsApi, type MeasurementListId } from './measurements-api';

/**
 * Measurement-based care lists for clinicians (issue 17): patients whose scores say a maintenance session is
 * due, and patients without early improvement by the plan's review session (CLINICAL.md §4: review, never stop
 * automatically), newest first; and patients whose questionnaires between visits are overdue, oldest first.
 */
export function MeasurementListsPage() {
  return (
    <>
      <PageHeading title="Measurement-based care">Measurement-based care</PageHeading>
      <p className="lead">
        Patients whose scores need a decision: a maintenance session, or a review of a treatment that is not working
        yet; and patients whose questionnaires are overdue.
      </p>
      <List list="maintenance_due" />
      <List list="non_responders" />
      <Overdue />
    </>
  );
}

function List({ list }: { list: MeasurementListId }) {
  const me = useMe();
  const query = useInfiniteQuery({
    queryKey: ['measurement-lists', list, 'pages'],
    queryFn: ({ pageParam }) => measurementsApi.list(list, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const headingId = `list-${list}`;
  const first = query.data?.pages[0];
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const title =
    first?.title ?? (list === 'maintenance_due' ? 'Due for a maintenance session' : 'No early improvement: review');
  return (
    <section aria-labelledby={headingId} className="measure-list">
      <h2 id={headingId}>
        {title} {first ? <span className="measure-list__count">{first.count}</span> : null}
      </h2>
      {query.isError ? (
        <Notice kind="warning" title="The list could not be loaded">
          <p>{failureText(query.error, 'Try again in a moment.')}</p>
        </Notice>
      ) : !first ? (
        <p aria-live="polite">Loading…</p>
      ) : items.length === 0 ? (
        <p>Nobody at the moment.</p>
      ) : (
        <table className="table table--stack">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Status</th>
              <th scope="col">Why</th>
              <th scope="col">Score taken</th>
              <th scope="col">Next session</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.patientId}>
                <th scope="row">
                  <Link to={`/patients/${i.patientId}/measurements`}>{i.name}</Link>
                  <span className="muted"> MRN {i.mrn}</span>
                </th>
                <td data-label="Status">{i.statusLabel}</td>
                <td data-label="Why">{i.detail}</td>
                <td data-label="Score taken">{formatDateTime(i.since)}</td>
                <td data-label="Next session">
                  {i.nextSession ? (
                    formatDateTime(i.nextSession.startsAt)
                  ) : list === 'maintenance_due' && can(me, 'sessions.schedule') ? (
                    <Link to={`/schedule/series?patientId=${i.patientId}&kind=maintenance`}>
                      Book maintenance<span className="visually-hidden"> for {i.name}</span>
                    </Link>
                  ) : (
                    'None booked'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.hasNextPage ? (
        <ShowMoreButton
          label="Show more patients"
          loading={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        />
      ) : null}
    </section>
  );
}

/** Overdue questionnaires come from the questionnaire schedule (GET /api/v1/questionnaires/overdue), oldest first. */
function Overdue() {
  const query = useQuery({ queryKey: ['questionnaires', 'overdue'], queryFn: measurementsApi.overdue });
  const data = query.data;
  return (
    <section aria-labelledby="list-overdue" className="measure-list">
      <h2 id="list-overdue">
        Questionnaires overdue {data ? <span className="measure-list__count">{data.count}</span> : null}
      </h2>
      {query.isError ? (
        <Notice kind="warning" title="The list could not be loaded">
          <p>{failureText(query.error, 'Try again in a moment.')}</p>
        </Notice>
      ) : !data ? (
        <p aria-live="polite">Loading…</p>
      ) : data.items.length === 0 ? (
        <p>Nobody at the moment.</p>
      ) : (
        <table className="table table--stack">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Questionnaires</th>
              <th scope="col">Overdue since</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((i) => (
              <tr key={i.patientId}>
                <th scope="row">
                  <Link to={`/patients/${i.patientId}/measurements`}>{i.name}</Link>
                  <span className="muted"> MRN {i.mrn}</span>
                </th>
                <td data-label="Questionnaires">
                  {i.overdue} ({i.instrumentIds.map((id) => labelOf(instrumentLabels, id)).join(', ')})
                </td>
                <td data-label="Overdue since">{formatDateTime(i.oldestDueAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
