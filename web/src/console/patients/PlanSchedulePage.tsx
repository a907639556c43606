import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Notice, PageHeading } from '../../shared/kit';
import { failureText } from '../../shared/query';
import { formatDateTime } from '../../shared/time';
import { chartApi, type PlanSchedule } from './chart-api';
import { patientKey } from './queries';

const statusLabels: Record<PlanSchedule['status'], string> = {
  draft: 'Draft (not yet signed)',
  signed: 'Signed: the plan in force',
  superseded: 'Superseded by a later version',
};

/** A plan's schedule for booking: the sessions and their length. The server sends no dose to this reader. */
export function PlanSchedulePage() {
  const { id = '', planId } = useParams();
  const plans = useQuery({
    queryKey: [...patientKey(id), 'plan-schedules'],
    queryFn: () => chartApi.planSchedules(id),
  });
  const plan =
    plans.data?.items.find((p) => p.id === planId) ?? plans.data?.items.find((p) => p.status === 'signed') ?? null;
  const failure = plans.isError
    ? failureText(plans.error, 'The plan could not be loaded.')
    : plans.data && !plan
      ? 'This patient has no treatment plan yet.'
      : null;

  const back = (
    <Link className="back-link" to={`/patients/${encodeURIComponent(id)}`}>
      Back to the chart
    </Link>
  );
  if (failure)
    return (
      <>
        {back}
        <Notice kind="warning" title="No plan to show">
          <p>{failure}</p>
        </Notice>
      </>
    );
  if (!plan) return <p aria-live="polite">Loading the plan…</p>;
  const s = plan.schedule;
  return (
    <>
      {back}
      <PageHeading title={`Treatment plan v${plan.number}: schedule`} caption="Treatment plan">
        Treatment plan v{plan.number}: schedule
      </PageHeading>
      <p>
        The dose and clinical details are for clinical staff; this is what booking needs. {statusLabels[plan.status]}
        {plan.signedAt
          ? `, signed ${formatDateTime(plan.signedAt)}${plan.signedBy ? ` by ${plan.signedBy.name}` : ''}`
          : ''}
        .
      </p>
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt>Route</dt>
          <dd>{s.route === 'IV' ? 'Intravenous infusion (IV)' : 'Intramuscular injection (IM)'}</dd>
        </div>
        <div className="summary-list__row">
          <dt>Induction sessions</dt>
          <dd>{s.inductionSessions}</dd>
        </div>
        <div className="summary-list__row">
          <dt>Appointment length</dt>
          <dd>{s.appointmentMinutes} minutes</dd>
        </div>
      </dl>
      <h2>Sessions</h2>
      <table className="table">
        <caption className="visually-hidden">Planned sessions</caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Day</th>
            <th scope="col">Date</th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {s.sessions.map((session) => (
            <tr key={session.number}>
              <td>{session.number}</td>
              <td>{session.weekday}</td>
              <td>{session.localDate}</td>
              <td>{session.localTime}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
