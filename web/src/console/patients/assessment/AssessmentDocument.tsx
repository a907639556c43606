import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { eligibilityDecisionLabels } from '../../../../../src/domain/labels';
import { useMe } from '../../../shared/auth';
import { errorFor, ErrorSummary, TextField, type FormError } from '../../../shared/kit';
import { formatDateTime } from '../../../shared/time';
import { can } from '../../nav';
import { entryKey } from '../../../shared/api';
import { chartApi, type Assessment } from '../chart-api';
import { EligibilityPanel } from '../EligibilityPanel';
import { formErrors } from '../shared';
import { answerText, questionSections } from './questions';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="summary-list__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** A signed assessment as the document it is: read-only, with who signed it and when, to print or amend. */
export function AssessmentDocument({ assessment, patientId }: { assessment: Assessment; patientId: string }) {
  const me = useMe();
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [amendKey] = useState(entryKey);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  // Assessments stored before protocol 2026.2 lack its later questions: read as the editor reads them.
  const input = {
    ...assessment.input,
    bladderSymptoms: assessment.input.bladderSymptoms ?? false,
    stopBangScore: assessment.input.stopBangScore ?? null,
  };
  const latestAmendment = assessment.amendedBy.at(-1);

  const amend = async () => {
    if (!reason.trim())
      return setErrors([{ fieldId: 'amend-reason', message: 'Enter why the assessment needs amending' }]);
    setBusy(true);
    try {
      const amendment = await chartApi.amendAssessment(patientId, assessment.id, reason, amendKey.current());
      void navigate(`/patients/${patientId}/assessments/${amendment.id}`);
    } catch (error) {
      amendKey.failed(error);
      setErrors(formErrors(error, { reason: 'amend-reason' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="document" aria-label="Signed assessment">
      <ErrorSummary errors={errors} />
      <div className="document__signature">
        <p>
          <span className="tag tag--on">Signed</span> by <strong>{assessment.signedBy?.name ?? 'unknown'}</strong> on{' '}
          {formatDateTime(assessment.signedAt)}, under clinic protocol v{assessment.protocol.number} (
          {assessment.protocol.label}).
        </p>
        {assessment.amendmentReason ? (
          <p>This amends an earlier assessment. Reason: {assessment.amendmentReason}</p>
        ) : null}
        {latestAmendment ? (
          <p>
            <strong>Amended since:</strong>{' '}
            <Link to={`/patients/${patientId}/assessments/${latestAmendment}`}>read the amendment</Link>.
          </p>
        ) : null}
      </div>
      <div className="split">
        <div>
          <section className="section" aria-labelledby="decision-heading">
            <h2 id="decision-heading">Decision</h2>
            <dl className="summary-list">
              <Row label="Decision">{assessment.decision ? eligibilityDecisionLabels[assessment.decision] : '—'}</Row>
              {assessment.clearanceNote ? <Row label="Clearance">{assessment.clearanceNote}</Row> : null}
              {assessment.notEligibleReason ? (
                <Row label="Reason not eligible">{assessment.notEligibleReason}</Row>
              ) : null}
              {assessment.overrideReason ? (
                <Row label="Reason for deciding against the proposal">{assessment.overrideReason}</Row>
              ) : null}
            </dl>
          </section>
          <section className="section" aria-labelledby="findings-heading">
            <h2 id="findings-heading">Findings</h2>
            <dl className="summary-list">
              <Row label="Diagnoses (ICD-10-CM)">
                {input.diagnoses.length
                  ? input.diagnoses.map((d) => `${d.icd10}${d.label ? ` ${d.label}` : ''}`).join('; ')
                  : 'None recorded'}
              </Row>
              <Row label="Resting blood pressure">
                {input.bloodPressureReadings.map((r) => `${r.systolicMmHg}/${r.diastolicMmHg} mmHg`).join(', ')}
              </Row>
              {questionSections.flatMap((s) =>
                s.questions.map((q) => (
                  <Row key={q.id} label={q.label}>
                    {answerText(q, input)}
                  </Row>
                )),
              )}
              <Row label="Benzodiazepines (lorazepam-equivalent)">{input.benzodiazepineLorazepamEqMgPerDay} mg/day</Row>
              <Row label="Treatment goals">{assessment.goals || 'None recorded'}</Row>
              <Row label="Assessment notes">{assessment.notes || 'None recorded'}</Row>
            </dl>
          </section>
        </div>
        <div>
          <EligibilityPanel result={assessment.result} live={false} />
        </div>
      </div>
      <div className="button-group no-print">
        <button type="button" className="button button--secondary" onClick={() => window.print()}>
          Print or save as PDF
        </button>
      </div>
      {can(me, 'assessments.write') && !latestAmendment ? (
        <section className="section no-print" aria-labelledby="amend-heading">
          <h2 id="amend-heading">Amend</h2>
          <p>A signed assessment is not changed. To correct it, write an amendment; this one stays on the record.</p>
          <TextField
            id="amend-reason"
            label="Reason for the amendment"
            value={reason}
            onChange={setReason}
            error={errorFor(errors, 'amend-reason')}
          />
          <button type="button" className="button button--secondary" disabled={busy} onClick={() => void amend()}>
            Amend
          </button>
        </section>
      ) : null}
    </article>
  );
}
