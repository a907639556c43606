import { Link, useLocation, useParams } from 'react-router';
import { LiveRegion, Notice, PageHeading } from '../../shared/kit';
import { failureText } from '../../shared/query';
import { AssessmentDocument } from './assessment/AssessmentDocument';
import { AssessmentEditor } from './assessment/AssessmentEditor';
import { useAssessment, useChart, useProtocols } from './queries';

/** An assessment: a draft is a form with the live proposal and sign-off; a signed one is a document. */
export function AssessmentPage() {
  const { id = '', assessmentId = 'new' } = useParams();
  const existing = assessmentId === 'new' ? null : assessmentId;
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const chart = useChart(id);
  const protocols = useProtocols();
  const assessment = useAssessment(id, existing);

  const failed = chart.error ?? assessment.error;
  if (failed)
    return (
      <>
        <PageHeading title="Assessment not available">Assessment not available</PageHeading>
        <Notice kind="warning" title="The assessment could not be loaded">
          <p>{failureText(failed, 'The assessment could not be loaded.')}</p>
        </Notice>
        <p>
          <Link to={`/patients/${id}`}>Back to the chart</Link>
        </p>
      </>
    );
  if (!chart.data || (existing && !assessment.data)) return <p aria-live="polite">Loading the assessment…</p>;
  const a = existing ? (assessment.data ?? null) : null;
  const name = `${chart.data.patient.givenName} ${chart.data.patient.familyName}`;
  const signed = a?.status === 'signed';
  const protocolId = a?.protocol.id ?? protocols.data?.current.id;
  const protocol = protocols.data?.versions.find((v) => v.id === protocolId)?.protocol ?? null;

  return (
    <>
      <p className="no-print">
        <Link className="back-link" to={`/patients/${id}?tab=documents`}>
          Back to the chart
        </Link>
      </p>
      <PageHeading title={`Assessment — ${name}`} caption={`${name}, MRN ${chart.data.patient.mrn}`}>
        {signed
          ? 'Signed assessment'
          : a?.amendsAssessmentId
            ? 'Amendment of an assessment (draft)'
            : 'Initial assessment (draft)'}
      </PageHeading>
      <LiveRegion>{notice ? <Notice kind="success" title={notice} /> : null}</LiveRegion>
      {signed && a ? (
        <AssessmentDocument assessment={a} patientId={id} />
      ) : (
        <>
          <p className="muted">
            Protocol {a ? `v${a.protocol.number} (${a.protocol.label})` : 'current version'} — the thresholds and their
            sources come from it.
          </p>
          <AssessmentEditor
            key={a?.amendsAssessmentId ?? 'initial'}
            chart={chart.data}
            protocol={protocol}
            assessment={a}
          />
        </>
      )}
    </>
  );
}
