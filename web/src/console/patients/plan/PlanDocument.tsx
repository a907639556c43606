import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { DerivedPlan } from '../../../../../src/domain/chart/plan';
import {
  instrumentLabels,
  labelOf,
  maintenanceIntentLabels,
  planRouteLabels,
  weightBasisLabels,
} from '../../../../../src/domain/labels';
import { useMe } from '../../../shared/auth';
import { formatDate, formatDateTime } from '../../../shared/time';
import { can } from '../../nav';
import type { Plan } from '../chart-api';
import { DosePanel } from '../DosePanel';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="summary-list__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** A signed (or superseded) plan as the order it is: read-only, signer and time, print, new version. */
export function PlanDocument({
  plan,
  patientId,
  derived,
}: {
  plan: Plan;
  patientId: string;
  derived: DerivedPlan | null;
}) {
  const me = useMe();
  const c = plan.content;
  return (
    <article className="document" aria-label={`Treatment plan, version ${plan.number}`}>
      <div className="document__signature">
        <p>
          {plan.status === 'superseded' ? (
            <span className="tag tag--off">Superseded</span>
          ) : (
            <span className="tag tag--on">Signed</span>
          )}{' '}
          by <strong>{plan.signedBy?.name ?? 'unknown'}</strong> on {formatDateTime(plan.signedAt)}, under clinic
          protocol v{plan.protocol.number} ({plan.protocol.label}).
        </p>
        {plan.status === 'signed' ? (
          <p>This is the order nurses follow. A signed plan is not changed; a change is a new version.</p>
        ) : (
          <p>A later version of the plan replaced this one.</p>
        )}
      </div>
      <div className="split">
        <section className="section" aria-labelledby="plan-order">
          <h2 id="plan-order">The order</h2>
          <dl className="summary-list">
            <Row label="Conditions targeted">{c.conditions.join(', ') || 'None recorded'}</Row>
            <Row label="Route">{planRouteLabels[c.route]}</Row>
            {c.route === 'IN' ? (
              <>
                <Row label="Starting dose">{c.startMg} mg (devices of 28 mg, not weight-based)</Row>
                <Row label="Highest dose">{c.maxMg} mg</Row>
              </>
            ) : (
              <>
                <Row label="Starting dose">
                  {c.startMgPerKg} mg/kg ({weightBasisLabels[c.weightBasis].toLowerCase()})
                </Row>
                <Row label="Vial strength">{c.concentrationMgPerMl} mg/mL</Row>
                {c.infusionMinutes !== null ? <Row label="Infusion">{c.infusionMinutes} minutes</Row> : null}
                <Row label="Titration">
                  {c.titration.stepMgPerKg} mg/kg per session, up to {c.titration.maxMgPerKg} mg/kg
                </Row>
              </>
            )}
            <Row label="Induction">
              {c.induction.sessions} sessions from {formatDate(c.induction.startDate)}, preferably at{' '}
              {c.induction.preferredTime}
            </Row>
            <Row label="Maintenance">
              {maintenanceIntentLabels[c.maintenance.intent]}
              {c.maintenance.note ? `: ${c.maintenance.note}` : ''}
            </Row>
            <Row label="Outcome measure">
              {labelOf(instrumentLabels, c.outcome.instrumentId)}: response at a drop of {c.outcome.responseDropPercent}{' '}
              %{c.outcome.remissionAtOrBelow !== null ? `, remission at ${c.outcome.remissionAtOrBelow} or below` : ''}
            </Row>
            <Row label="Review rule">
              Review if less than {c.stopRule.minImprovementPercent} % better by session {c.stopRule.reviewBySession}
            </Row>
            {plan.overrideReason ? <Row label="Reason for the dose above the limit">{plan.overrideReason}</Row> : null}
            {plan.changeReason ? <Row label="Reason for this version">{plan.changeReason}</Row> : null}
          </dl>
        </section>
        <div>{derived ? <DosePanel derived={derived} /> : null}</div>
      </div>
      <div className="button-group no-print">
        <button type="button" className="button button--secondary" onClick={() => window.print()}>
          Print or save as PDF
        </button>
        {plan.status === 'signed' && can(me, 'plans.write') ? (
          <Link className="button button--secondary" to={`/patients/${patientId}/plans/new`}>
            Change the plan (new version)
          </Link>
        ) : null}
      </div>
    </article>
  );
}
