import './measurements.css';
import { Link, useParams } from 'react-router';
import { allergySeverityLabels, labelOf, questionnaireContextLabels } from '../../../../src/domain/labels';
import { useMe } from '../../shared/auth';
import { Notice, PageHeading } from '../../shared/kit';
import { failureText } from '../../shared/query';
import { formatDate, formatDateTime } from '../../shared/time';
import { can } from '../nav';
import { measurementsApi, useMeasurements, type InstrumentMeasures, type MeasurementView } from './measurements-api';
import { TrajectoryChart } from './TrajectoryChart';

const signed = (n: number | null): string => (n === null ? '—' : n > 0 ? `+${n}` : String(n));
const percent = (n: number | null): string => (n === null ? '—' : `${n > 0 ? '+' : ''}${Math.round(n)} %`);

/**
 * The clinician's measurement view of one patient (issue 17): maintenance due and non-response review at the
 * top with the booking action, then every instrument over time (chart and table) and CADSS-6 and adverse
 * events per dose. Response and remission follow CLINICAL.md §5; the early-improvement check §4.
 */
export function MeasurementsPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const query = useMeasurements(id);
  const view = query.data;
  if (query.isError)
    return (
      <>
        <PageHeading title="Measurements not available">Measurements not available</PageHeading>
        <Notice kind="warning" title="The measurements could not be loaded">
          <p>{failureText(query.error, 'The measurements could not be loaded.')}</p>
        </Notice>
        <p>
          <Link to={`/patients/${id}`}>Back to the chart</Link>
        </p>
      </>
    );
  if (!view) return <p aria-live="polite">Loading the measurements…</p>;
  const bookMaintenance = can(me, 'sessions.schedule') ? `/schedule/series?patientId=${id}&kind=maintenance` : null;
  const doses = view.sessions.length;

  return (
    <>
      <p>
        <Link className="back-link" to={`/patients/${id}`}>
          {view.patient.name} — chart
        </Link>
      </p>
      <PageHeading
        title={`${view.patient.name} — measurements`}
        caption={`MRN ${view.patient.mrn} · born ${formatDate(view.patient.dateOfBirth)} · ${view.patient.statusLabel}`}
      >
        Measurements and outcomes
      </PageHeading>

      {view.maintenanceDue ? <MaintenanceDue view={view} bookPath={bookMaintenance} /> : null}
      {view.nonResponseReview ? <NonResponse view={view} /> : null}

      <p className="lead">
        {doses === 0 ? 'No dose given yet.' : `${doses} ${doses === 1 ? 'dose' : 'doses'} given`}
        {view.plan ? ` · induction of ${view.plan.inductionSessions} sessions in the signed plan` : ' · no signed plan'}
        {view.nextSession ? ` · next session ${formatDateTime(view.nextSession.startsAt)}` : ''}
      </p>
      <div className="button-group">
        <a className="button button--secondary" href={measurementsApi.download(id, 'pdf')} download>
          Download as PDF
        </a>
        <a className="button button--secondary" href={measurementsApi.download(id, 'csv')} download>
          Download as CSV
        </a>
        {bookMaintenance && !view.maintenanceDue ? (
          <Link className="button button--secondary" to={bookMaintenance}>
            Book maintenance sessions
          </Link>
        ) : null}
      </div>

      {view.instruments.length === 0 ? (
        <p>No questionnaire with a total has been recorded for this patient yet.</p>
      ) : (
        view.instruments.map((i) => <InstrumentSection key={i.instrumentId} instrument={i} view={view} />)
      )}
      <Sessions view={view} />
    </>
  );
}

function MaintenanceDue({ view, bookPath }: { view: MeasurementView; bookPath: string | null }) {
  const due = view.instruments.filter((i) => i.maintenance.due);
  return (
    <Notice kind="warning" title="Maintenance session due">
      <p>Scores have climbed back after induction: the effect may be wearing off.</p>
      <ul>
        {due.map((i) => (
          <li key={i.instrumentId}>
            <strong>{i.label}:</strong> {i.maintenance.reasons.map((r) => r.label).join('. ')}. {i.maintenance.detail}.
          </li>
        ))}
      </ul>
      {view.nextSession ? (
        <p>
          A treatment session is booked for <strong>{formatDateTime(view.nextSession.startsAt)}</strong>.
        </p>
      ) : (
        <p>No treatment session is booked.</p>
      )}
      {bookPath ? (
        <p>
          <Link className="button" to={bookPath}>
            Book maintenance
          </Link>
        </p>
      ) : (
        <p>Ask the front desk or a prescriber to book a maintenance session.</p>
      )}
    </Notice>
  );
}

function NonResponse({ view }: { view: MeasurementView }) {
  const primary = view.instruments.find((i) => i.primary && i.earlyImprovement.status === 'review_recommended');
  return (
    <Notice kind="warning" title={`No early improvement by session ${view.plan?.reviewBySession ?? 4}: review`}>
      <p>{primary?.earlyImprovement.message}</p>
    </Notice>
  );
}

function InstrumentSection({ instrument: i, view }: { instrument: InstrumentMeasures; view: MeasurementView }) {
  const headingId = `instrument-${i.instrumentId}`;
  const tagFor = (): { text: string; kind: 'on' | 'alert' | 'off' } =>
    i.maintenance.due
      ? { text: 'Maintenance due', kind: 'alert' }
      : i.earlyImprovement.status === 'review_recommended'
        ? { text: 'Review: no early improvement', kind: 'alert' }
        : i.latestFindings.some((f) => f.code === 'remission')
          ? { text: 'In remission', kind: 'on' }
          : i.latestFindings.some((f) => f.code === 'response')
            ? { text: 'Responding', kind: 'on' }
            : { text: i.responseRemission.applicable ? 'No response yet' : 'Change only', kind: 'off' };
  const tag = tagFor();
  return (
    <section className="instrument" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {i.label}
        {i.primary ? <span className="muted"> — the plan’s outcome measure</span> : null}{' '}
        <span className={`tag tag--${tag.kind}`}>{tag.text}</span>
      </h2>
      <dl className="measure-facts">
        <div>
          <dt>Latest</dt>
          <dd className="measure-facts__big">{i.latest?.total ?? i.scores.at(-1)?.total ?? '—'}</dd>
        </div>
        <div>
          <dt>Baseline</dt>
          <dd>
            {i.baseline ? `${i.baseline.total} on ${formatDateTime(i.baseline.at)}` : 'None before the first dose'}
          </dd>
        </div>
        <div>
          <dt>Change</dt>
          <dd>
            {i.latest?.change === null || i.latest === null
              ? '—'
              : `${signed(i.latest.change)} points (${percent(i.latest.percentChange)})`}
          </dd>
        </div>
        <div>
          <dt>Response and remission</dt>
          <dd>
            {i.responseRemission.applicable
              ? [
                  i.latestFindings.some((f) => f.code === 'response') ? 'Response now' : 'No response now',
                  i.latestFindings.some((f) => f.code === 'remission') ? 'remission now' : null,
                  i.everRemitted ? 'remission reached before' : i.everResponded ? 'response reached before' : null,
                ]
                  .filter(Boolean)
                  .join('; ')
              : i.responseRemission.label}
          </dd>
        </div>
        <div>
          <dt>Early improvement{i.earlyImprovement.bySession ? ` (session ${i.earlyImprovement.bySession})` : ''}</dt>
          <dd>{i.earlyImprovement.label}</dd>
        </div>
        <div>
          <dt>Maintenance</dt>
          <dd>
            {i.maintenance.label}
            {i.maintenance.detail ? ` — ${i.maintenance.detail}` : ''}
          </dd>
        </div>
      </dl>
      <TrajectoryChart instrument={i} sessions={view.sessions} titleId={headingId} />
      {i.unusable > 0 ? (
        <p className="muted">
          {i.unusable} incomplete {i.unusable === 1 ? 'form is' : 'forms are'} listed but not counted: a missing answer
          is never scored as 0.
        </p>
      ) : null}
      <table className="table table--stack">
        <caption className="visually-hidden">{i.label} scores, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Date and time</th>
            <th scope="col">Total</th>
            <th scope="col">Severity</th>
            <th scope="col">Change from baseline</th>
            <th scope="col">Findings</th>
            <th scope="col">Taken</th>
          </tr>
        </thead>
        <tbody>
          {i.scores.map((s) => (
            <tr key={s.id}>
              <th scope="row">{formatDateTime(s.at)}</th>
              <td data-label="Total">{s.total ?? 'Incomplete'}</td>
              <td data-label="Severity">{s.total === null ? '—' : (s.severityLabel ?? '—')}</td>
              <td data-label="Change from baseline">
                {s.baseline
                  ? 'Baseline'
                  : s.change === null
                    ? '—'
                    : `${signed(s.change)} (${percent(s.percentChange)})`}
              </td>
              <td data-label="Findings">{s.findings.map((f) => f.label).join('; ') || '—'}</td>
              <td data-label="Taken">{labelOf(questionnaireContextLabels, s.context)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Sessions({ view }: { view: MeasurementView }) {
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Doses: dissociation and adverse events</h2>
      {view.sessions.length === 0 ? (
        <p>No dose given yet.</p>
      ) : (
        <table className="table table--stack">
          <caption className="visually-hidden">Doses given, oldest first, with CADSS-6 and adverse events</caption>
          <thead>
            <tr>
              <th scope="col">Dose</th>
              <th scope="col">Date and time</th>
              <th scope="col">CADSS-6 (0–24)</th>
              <th scope="col">Adverse events</th>
            </tr>
          </thead>
          <tbody>
            {view.sessions.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  {s.doseNumber === null ? 'Dose' : `Dose ${s.doseNumber}`} ({s.route})
                </th>
                <td data-label="Date and time">{formatDateTime(s.at)}</td>
                <td data-label="CADSS-6">
                  {s.cadss6.length === 0 ? 'Not recorded' : s.cadss6.map((c) => c.total).join(', ')}
                </td>
                <td data-label="Adverse events">
                  {s.adverseEvents.length === 0
                    ? 'None recorded'
                    : s.adverseEvents.map((e, n) => (
                        <p key={n} className="measure-event">
                          <strong>{e.event}</strong> ({labelOf(allergySeverityLabels, e.severity).toLowerCase()}) —{' '}
                          {e.intervention}; {e.outcome}
                        </p>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
