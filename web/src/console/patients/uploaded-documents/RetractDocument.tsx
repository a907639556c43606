import { useState, type SyntheticEvent } from 'react';
import { errorFor, ErrorSummary, type FormError, TextField } from '../../../shared/kit';
import { chartApi, type PatientDocument } from '../chart-api';
import { formErrors } from '../shared';

export function RetractDocument({
  patientId,
  doc,
  onRetracted,
}: {
  patientId: string;
  doc: PatientDocument;
  onRetracted: () => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const id = `retract-${doc.id}`;
  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await chartApi.retractDocument(patientId, doc.id, { reason, version: doc.version });
      setErrors([]);
      await onRetracted();
    } catch (error) {
      setErrors(formErrors(error, { reason: id }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="details details--inline">
      <summary>
        Retract<span className="visually-hidden"> {doc.title}</span>
      </summary>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary errors={errors} />
        <p>The document stays on the chart, marked as retracted. Upload the right one separately.</p>
        <TextField
          id={id}
          label="Why is it being retracted?"
          hint="e.g. wrong patient, illegible scan"
          value={reason}
          onChange={setReason}
          error={errorFor(errors, id)}
        />
        <button type="submit" className="button button--warning" disabled={busy}>
          Retract the document
        </button>
      </form>
    </details>
  );
}
