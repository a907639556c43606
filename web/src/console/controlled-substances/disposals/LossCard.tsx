import { useState } from 'react';
import { ErrorSummary, errorFor, type FormError, TextField, Notice } from '../../../shared/kit';
import { formatDateTime } from '../../../shared/time';
import { formErrors } from '../../patients/shared';
import { csApi, fmtMl, usDate, type LossReport } from '../cs-api';

export function LossCard({
  report,
  canUpdate,
  onDone,
}: {
  report: LossReport;
  canUpdate: boolean;
  onDone: () => void;
}) {
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const update = (body: Record<string, unknown>) =>
    csApi
      .updateLoss(report.id, { version: report.version, ...body })
      .then(onDone, (error: unknown) => setErrors(formErrors(error, { form106Reference: `f106-${report.id}` })));
  return (
    <section className="card" aria-labelledby={`loss-${report.id}`}>
      <h3 className="card__title" id={`loss-${report.id}`}>
        {report.kind === 'theft' ? 'Theft' : 'Loss'} at {report.locationName}, discovered{' '}
        {formatDateTime(report.discoveredAt)}
      </h3>
      <p>{report.description}</p>
      <p>Missing: {report.vials.map((v) => `lot ${v.lot}, ${fmtMl(v.ml)}`).join('; ') || 'no stock named'}.</p>
      {report.deaNotifiedAt ? (
        <p>DEA notified {formatDateTime(report.deaNotifiedAt)}.</p>
      ) : (
        <Notice kind="warning" title={report.deaNoticeOverdue ? 'DEA notice overdue' : 'Notify DEA'}>
          <p>Notify the DEA Field Division by {usDate(report.notifyDeaBy)} (within 1 business day of discovery).</p>
          {canUpdate ? (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => void update({ deaNotifiedAt: new Date().toISOString() })}
            >
              DEA notified now
            </button>
          ) : null}
        </Notice>
      )}
      {report.form106Reference ? (
        <p>DEA Form 106: {report.form106Reference}.</p>
      ) : (
        <>
          <p>
            <strong>{report.form106Overdue ? 'Form 106 overdue' : 'Form 106 due'}</strong> by {usDate(report.form106By)}
            .
          </p>
          {canUpdate ? (
            <form
              className="form"
              onSubmit={(e) => (e.preventDefault(), void update({ form106Reference: reference }))}
              noValidate
            >
              <ErrorSummary errors={errors} />
              <TextField
                id={`f106-${report.id}`}
                label="Form 106 reference"
                width="medium"
                value={reference}
                onChange={setReference}
                error={errorFor(errors, `f106-${report.id}`)}
              />
              <button type="submit" className="button button--secondary">
                Record the Form 106 reference
              </button>
            </form>
          ) : null}
        </>
      )}
    </section>
  );
}
