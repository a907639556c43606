import type { EligibilityResult } from '../../../../src/domain/eligibility';
import { clearanceLabels, eligibilityDecisionLabels, findingSeverityLabels } from '../../../../src/domain/labels';

/**
 * The eligibility result and every finding with its source (CLINICAL.md §1). Worded, not colour alone:
 * the decision is the biggest text; each finding says what kind it is.
 */
export function EligibilityPanel({
  result,
  problem,
  live,
}: {
  result: EligibilityResult | null;
  problem?: string | null;
  live: boolean;
}) {
  return (
    <section
      className={`result${result ? ` result--${result.decision}` : ''}`}
      aria-labelledby="eligibility-result"
      aria-live={live ? 'polite' : undefined}
    >
      <h2 id="eligibility-result">{live ? 'Eligibility, as you type' : 'Eligibility result signed'}</h2>
      {result ? (
        <>
          <p className="result__decision" data-testid="eligibility-decision">
            {eligibilityDecisionLabels[result.decision]}
          </p>
          <p>
            Resting blood pressure used: {Math.round(result.restingBloodPressure.systolicMmHg)}/
            {Math.round(result.restingBloodPressure.diastolicMmHg)} mmHg (average of the readings, rounded).
          </p>
          {result.clearances.length ? (
            <p>
              Clearance needed from: <strong>{result.clearances.map((c) => clearanceLabels[c]).join(', ')}</strong>
            </p>
          ) : null}
          {result.findings.length === 0 ? (
            <p>No findings: nothing in the assessment argues against treatment.</p>
          ) : (
            <ul className="card-list" style={{ display: 'block' }} aria-label="Findings">
              {result.findings.map((f) => (
                <li key={f.code} className={`finding finding--${f.severity}`}>
                  <span className="finding__severity">
                    {findingSeverityLabels[f.severity]}
                    {f.severity === 'needs_clearance' ? ` — ${clearanceLabels[f.clearance]}` : ''}
                  </span>
                  <div>{f.message}</div>
                  <span className="finding__source">Source: {f.source}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p>{problem ?? 'Enter at least one resting blood pressure to see the result.'}</p>
      )}
    </section>
  );
}
