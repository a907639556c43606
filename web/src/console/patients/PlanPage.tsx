import { Link, useLocation, useParams } from 'react-router';
import { useMe } from '../../shared/auth';
import { can } from '../nav';
import { LiveRegion, Notice, PageHeading } from '../../shared/kit';
import { failureText } from '../../shared/query';
import { derive } from './plan/PlanEditor';
import { PlanDocument } from './plan/PlanDocument';
import { PlanEditor } from './plan/PlanEditor';
import { PlanSchedulePage } from './PlanSchedulePage';
import { useChart, usePlans, useProtocols } from './queries';

/** Clinical staff get the plan and its dose; everyone else with plans.read (coordinators), the schedule only. */
export function PlanPage() {
  const me = useMe();
  return can(me, 'clinical_notes.read') ? <ClinicalPlanPage /> : <PlanSchedulePage />;
}

/** A treatment plan: a draft is the editor; a signed or superseded one is a read-only document. */
function ClinicalPlanPage() {
  const { id = '', planId = 'new' } = useParams();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const chart = useChart(id);
  const protocols = useProtocols();
  const plans = usePlans(id);

  const failed = chart.error ?? protocols.error ?? plans.error;
  if (failed)
    return (
      <>
        <PageHeading title="Plan not available">Plan not available</PageHeading>
        <Notice kind="warning" title="The plan could not be loaded">
          <p>{failureText(failed, 'The plan could not be loaded.')}</p>
        </Notice>
      </>
    );
  if (!chart.data || !protocols.data || !plans.data) return <p aria-live="polite">Loading the plan…</p>;
  const inForce = plans.data.items.find((p) => p.status === 'signed') ?? null;
  const plan = planId === 'new' ? null : (plans.data.items.find((p) => p.id === planId) ?? null);
  if (planId !== 'new' && !plan)
    return (
      <>
        <PageHeading title="Plan not found">Plan not found</PageHeading>
        <p>
          <Link to={`/patients/${id}?tab=documents`}>Back to the chart</Link>
        </p>
      </>
    );
  const version = protocols.data.versions.find((v) => v.id === plan?.protocol.id) ?? protocols.data.current;
  const c = chart.data;
  const name = `${c.patient.givenName} ${c.patient.familyName}`;
  const isDocument = plan !== null && plan.status !== 'draft';

  return (
    <>
      <p className="no-print">
        <Link className="back-link" to={`/patients/${id}?tab=documents`}>
          Back to the chart
        </Link>
      </p>
      <PageHeading title={`Treatment plan — ${name}`} caption={`${name}, MRN ${c.patient.mrn}`}>
        {plan
          ? `Treatment plan, version ${plan.number}${plan.status === 'draft' ? ' (draft)' : plan.status === 'superseded' ? ' (superseded)' : ''}`
          : inForce
            ? 'New version of the treatment plan'
            : 'Treatment plan'}
      </PageHeading>
      <LiveRegion>{notice ? <Notice kind="success" title={notice} /> : null}</LiveRegion>
      {isDocument ? (
        <PlanDocument plan={plan} patientId={id} derived={derive(plan.content, c, version.protocol).derived} />
      ) : (
        <>
          {c.consent.status !== 'active' ? (
            <Notice kind="warning" title="No consent on file">
              <p>
                The plan can be drafted, but not signed until the patient signs the consent.{' '}
                <Link to={`/patients/${id}/consent`}>Record consent</Link>
              </p>
            </Notice>
          ) : null}
          {!c.eligibility || c.eligibility.decision === 'not_eligible' ? (
            <Notice kind="warning" title="No signed eligible assessment">
              <p>
                The plan can be drafted, but not signed until a prescriber signs an assessment finding the patient
                eligible.
              </p>
            </Notice>
          ) : null}
          <PlanEditor key={plan?.id ?? 'new'} chart={c} protocol={version.protocol} plan={plan} inForce={inForce} />
        </>
      )}
    </>
  );
}
