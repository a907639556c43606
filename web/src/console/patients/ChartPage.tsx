import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { eligibilityDecisionLabels } from '../../../../src/domain/labels';
import { useMe } from '../../shared/auth';
import { LiveRegion, Notice, PageHeading } from '../../shared/kit';
import { failureText } from '../../shared/query';
import { formatDate, formatDateTime } from '../../shared/time';
import { can } from '../nav';
import { Summary } from './ChartSummary';
import { Documents, Measurements, Timeline } from './ChartRecords';
import { useChart, useReloadPatient } from './queries';
import { UploadedDocuments } from './UploadedDocuments';
import { StatusTag } from './shared';

const tabs = [
  { id: 'summary', label: 'Summary' },
  { id: 'documents', label: 'Documents' },
  { id: 'measurements', label: 'Vitals and questionnaires' },
  { id: 'timeline', label: 'Timeline' },
] as const;
type Tab = (typeof tabs)[number]['id'];

/**
 * On a phone the tab row scrolls sideways: bring the current tab into the row's view (without scrolling the
 * page itself, as scrollIntoView would).
 */
function keepCurrentTabInView(list: HTMLUListElement | null): void {
  // Called on every render (an inline ref), so after each change of tab.
  const current = list?.querySelector<HTMLElement>('[aria-current="page"]');
  if (!list || !current) return;
  const left = current.getBoundingClientRect().left - list.getBoundingClientRect().left + list.scrollLeft;
  if (left < list.scrollLeft || left + current.offsetWidth > list.scrollLeft + list.clientWidth)
    list.scrollLeft = Math.max(0, left - 16);
}

/** The patient's chart: header with status, consent and eligibility; sections as tabs; the timeline. */
export function ChartPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const tab: Tab = tabs.some((t) => t.id === params.get('tab')) ? (params.get('tab') as Tab) : 'summary';
  const me = useMe();
  const query = useChart(id);
  const reload = useReloadPatient(id);
  const chart = query.data;
  // Said by the page that sent the user back here (a discarded draft).
  const notice = (useLocation().state as { notice?: string } | null)?.notice;

  if (query.isError)
    return (
      <>
        <PageHeading title="Chart not available">Chart not available</PageHeading>
        <Notice kind="warning" title="The chart could not be loaded">
          <p>{failureText(query.error, 'The chart could not be loaded.')}</p>
        </Notice>
        <p>
          <Link to="/patients">Back to patients</Link>
        </p>
      </>
    );
  if (!chart) return <p aria-live="polite">Loading the chart…</p>;
  const { patient } = chart;
  const name = `${patient.givenName} ${patient.familyName}`;
  const draftAssessment = chart.documents.find((d) => d.kind === 'assessment' && d.status === 'draft');
  const draftPlan = chart.documents.find((d) => d.kind === 'plan' && d.status === 'draft');
  const signedPlan = chart.documents.find((d) => d.kind === 'plan' && d.status === 'signed');

  return (
    <>
      <p>
        <Link className="back-link" to="/patients">
          Patients
        </Link>
      </p>
      <PageHeading title={`${name} — chart`} caption={`MRN ${patient.mrn}`}>
        {name}
      </PageHeading>
      <LiveRegion>{notice ? <Notice kind="success" title={notice} /> : null}</LiveRegion>
      <div className="chart-header">
        <StatusTag status={patient.status} />
        <ul className="chart-header__facts">
          <li>
            Born {formatDate(patient.dateOfBirth)} ({patient.ageYears} years)
          </li>
          <li>
            Consent:{' '}
            {chart.consent.status === 'active' ? (
              <span className="tag tag--on">Signed</span>
            ) : chart.consent.status === 'withdrawn' ? (
              <span className="tag tag--alert">Withdrawn</span>
            ) : (
              <span className="tag tag--off">None on file</span>
            )}
          </li>
          <li>
            Eligibility:{' '}
            <strong>
              {chart.eligibility ? eligibilityDecisionLabels[chart.eligibility.decision] : 'not yet signed'}
            </strong>
          </li>
        </ul>
      </div>
      {chart.consent.status === 'withdrawn' ? (
        <Notice kind="warning" title="Consent withdrawn: no new sessions">
          <p>
            The patient withdrew consent on {formatDateTime(chart.consent.withdrawnAt)}. New sessions are blocked until
            they sign a consent form again.
          </p>
        </Notice>
      ) : null}
      <div className="button-group">
        {can(me, 'assessments.write') ? (
          <Link
            className="button"
            to={
              draftAssessment ? `/patients/${id}/assessments/${draftAssessment.id}` : `/patients/${id}/assessments/new`
            }
          >
            {draftAssessment ? 'Continue the assessment' : 'Start an assessment'}
          </Link>
        ) : null}
        {can(me, 'consents.record') ? (
          <Link className="button button--secondary" to={`/patients/${id}/consent`}>
            Record consent
          </Link>
        ) : null}
        {can(me, 'plans.write') ? (
          <Link
            className="button button--secondary"
            to={draftPlan ? `/patients/${id}/plans/${draftPlan.id}` : `/patients/${id}/plans/new`}
          >
            {draftPlan
              ? 'Continue the plan'
              : signedPlan
                ? 'Change the plan (new version)'
                : 'Write the treatment plan'}
          </Link>
        ) : null}
        {signedPlan && can(me, 'questionnaires.read') ? (
          <Link className="button button--secondary" to={`/patients/${id}/questionnaire-schedule`}>
            Questionnaire schedule
          </Link>
        ) : null}
        {can(me, 'questionnaires.read') && !chart.clinicalRedacted ? (
          <Link className="button button--secondary" to={`/patients/${id}/measurements`}>
            Measurements and outcomes
          </Link>
        ) : null}
        {signedPlan && can(me, 'sessions.schedule') ? (
          <Link className="button" to={`/schedule/series?patientId=${id}`}>
            Book the series
          </Link>
        ) : null}
        {can(me, 'patients.manage') ? (
          <Link className="button button--secondary" to={`/patients/${id}/edit`}>
            Edit details
          </Link>
        ) : null}
      </div>
      {chart.clinicalRedacted ? (
        <p className="muted">
          Clinical details (diagnoses, medications, vitals, questionnaires) are shown to clinical staff only.
        </p>
      ) : null}
      <nav aria-label="Chart sections">
        <ul className="chart-tabs" ref={(list) => keepCurrentTabInView(list)}>
          {tabs
            .filter((t) => !(chart.clinicalRedacted && t.id === 'measurements'))
            .map((t) => (
              <li key={t.id}>
                <Link to={`?tab=${t.id}`} replace aria-current={tab === t.id ? 'page' : undefined}>
                  {t.label}
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      {tab === 'summary' ? <Summary chart={chart} reload={reload} /> : null}
      {tab === 'documents' ? (
        <>
          <Documents chart={chart} />
          <UploadedDocuments patientId={id} onChanged={reload} />
        </>
      ) : null}
      {tab === 'measurements' ? <Measurements chart={chart} reload={reload} /> : null}
      {tab === 'timeline' ? <Timeline chart={chart} /> : null}
    </>
  );
}
