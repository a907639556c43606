import { Link } from 'react-router';
import { documentStatusLabels, instrumentFlagLabels, instrumentLabels, labelOf } from '../../../../src/domain/labels';
import { useMe } from '../../shared/auth';
import { LiveRegion, Notice, ShowMoreButton } from '../../shared/kit';
import { formatDateTime } from '../../shared/time';
import { can } from '../nav';
import type { Chart } from './chart-api';
import { useChartHistory } from './queries';
import { RecordQuestionnaire, RecordVitals } from './RecordForms';

/** "Show older …" under a paged history, and what went wrong if an older page could not be loaded. */
function Older({ history, label }: { history: ReturnType<typeof useChartHistory>; label: string }) {
  return (
    <>
      {history.failed ? (
        <Notice kind="warning" title="Older entries not loaded">
          They could not be loaded; try again.
        </Notice>
      ) : null}
      {history.more ? <ShowMoreButton label={label} loading={history.loading} onClick={history.showOlder} /> : null}
    </>
  );
}

/** The chart's documents, measurements and timeline tabs. */
export function Documents({ chart }: { chart: Chart }) {
  const id = chart.patient.id;
  const link = (d: Chart['documents'][number]): string | null =>
    d.kind === 'assessment'
      ? `/patients/${id}/assessments/${d.id}`
      : d.kind === 'plan'
        ? `/patients/${id}/plans/${d.id}`
        : `/patients/${id}/consent`;
  return (
    <section className="section" aria-labelledby="documents">
      <h2 id="documents">Assessments, consent and plans</h2>
      {chart.documents.length === 0 ? (
        <p>No assessment, consent or plan yet.</p>
      ) : (
        <table className="table table--stack">
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Status</th>
              <th scope="col">Date</th>
            </tr>
          </thead>
          <tbody>
            {chart.documents.map((d) => (
              <tr key={d.id}>
                <th scope="row" data-label="Document">
                  {link(d) ? <Link to={link(d)!}>{d.title}</Link> : d.title}
                </th>
                <td data-label="Status">
                  <span className={`tag ${d.status === 'signed' ? 'tag--on' : 'tag--off'}`}>
                    {labelOf(documentStatusLabels, d.status)}
                  </span>
                </td>
                <td data-label="Date">{formatDateTime(d.date)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Measurements({ chart, reload }: { chart: Chart; reload: () => Promise<void> }) {
  const me = useMe();
  const mayWrite = can(me, 'clinical_notes.write');
  const questionnaires = useChartHistory(chart, 'questionnaires');
  const vitals = useChartHistory(chart, 'vitals');
  return (
    <>
      {mayWrite ? <RecordQuestionnaire patientId={chart.patient.id} onSaved={reload} /> : null}
      {mayWrite ? <RecordVitals patientId={chart.patient.id} onSaved={reload} /> : null}
      <section className="section" aria-labelledby="questionnaires">
        <h2 id="questionnaires">Questionnaires</h2>
        {chart.questionnaires.length === 0 ? (
          <p>No questionnaires yet.</p>
        ) : (
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">Instrument</th>
                <th scope="col">Score</th>
                <th scope="col">Band</th>
                <th scope="col">Completed</th>
              </tr>
            </thead>
            <tbody>
              {questionnaires.rows.map((q) => (
                <tr key={q.id}>
                  <th scope="row" data-label="Instrument">
                    {labelOf(instrumentLabels, q.instrumentId)}
                    {q.source === 'intake' ? <span className="muted"> (intake)</span> : null}
                  </th>
                  <td data-label="Score">{q.total ?? '—'}</td>
                  <td data-label="Band">
                    {q.severity?.label ?? '—'}
                    {q.flags.length ? (
                      <span className="flag">{q.flags.map((f) => labelOf(instrumentFlagLabels, f)).join(', ')}</span>
                    ) : null}
                  </td>
                  <td data-label="Completed">{formatDateTime(q.completedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Older history={questionnaires} label="Show older questionnaires" />
      </section>
      <section className="section" aria-labelledby="vitals">
        <h2 id="vitals">Vital signs, height and weight</h2>
        {chart.vitals.length === 0 ? (
          <p>No vital signs yet.</p>
        ) : (
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">BP (mmHg)</th>
                <th scope="col">Heart rate</th>
                <th scope="col">SpO2</th>
                <th scope="col">Weight</th>
                <th scope="col">Height</th>
              </tr>
            </thead>
            <tbody>
              {vitals.rows.map((v) => (
                <tr key={v.id}>
                  <th scope="row" data-label="When">
                    {formatDateTime(v.recordedAt)}
                  </th>
                  <td data-label="BP (mmHg)">
                    {v.systolicMmHg === null ? '—' : `${v.systolicMmHg}/${v.diastolicMmHg}`}
                  </td>
                  <td data-label="Heart rate">{v.heartRateBpm ?? '—'}</td>
                  <td data-label="SpO2">{v.spo2Percent === null ? '—' : `${v.spo2Percent} %`}</td>
                  <td data-label="Weight">{v.weightKg === null ? '—' : `${v.weightKg} kg`}</td>
                  <td data-label="Height">{v.heightCm === null ? '—' : `${v.heightCm} cm`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Older history={vitals} label="Show older vital signs" />
      </section>
    </>
  );
}

export function Timeline({ chart }: { chart: Chart }) {
  const timeline = useChartHistory(chart, 'timeline');
  return (
    <section className="section" aria-labelledby="timeline">
      <h2 id="timeline">Timeline</h2>
      <LiveRegion>{chart.timeline.length === 0 ? <p>Nothing has happened yet.</p> : null}</LiveRegion>
      <ol className="timeline">
        {timeline.rows.map((e) => (
          <li key={e.id}>
            <time dateTime={e.occurredAt}>
              {formatDateTime(e.occurredAt)}
              {e.actor ? ` · ${e.actor}` : ''}
            </time>
            <span>{e.summary}</span>
          </li>
        ))}
      </ol>
      <Older history={timeline} label="Show older entries" />
    </section>
  );
}
