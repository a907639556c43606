import { useState, type SyntheticEvent } from 'react';
import {
  ErrorSummary,
  errorFor,
  type FormError,
  TextField,
  LiveRegion,
  Notice,
  PageHeading,
  Select,
} from '../../shared/kit';
import { Link, useLocation, useParams } from 'react-router';
import { useMe } from '../../shared/auth';
import { formatDateTime } from '../../shared/time';
import { can } from '../nav';
import { errorMessage, formErrors, parseNumber } from '../patients/shared';
import { csApi, fmtMg, fmtMl, useLoad, usDate, type Entry } from './cs-api';
import { BackLink, LoadState } from './parts';

/** One vial and its whole history; corrections are new entries that name the wrong one. */
export function VialPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const { state, reload } = useLoad(() => csApi.vial(id), id);
  const recorder = can(me, 'ledger.record');
  // After a receipt: how many vials, and the numbers to mark on the containers.
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  return (
    <>
      <BackLink />
      <LiveRegion>{notice ? <Notice kind="success" title={notice} /> : null}</LiveRegion>
      <LoadState state={state}>
        {({ vial, entries }) => (
          <>
            <PageHeading
              title={vial.label}
              caption={`${entries[0]?.product.drug ?? ''} ${entries[0]?.product.strengthMgPerMl ?? ''} mg/mL · ${vial.locationName}`}
            >
              {vial.label}
            </PageHeading>
            <dl className="summary-list">
              <div className="summary-list__row">
                <dt>Status</dt>
                <dd>{vial.statusLabel}</dd>
              </div>
              <div className="summary-list__row">
                <dt>Remaining</dt>
                <dd>
                  <span className="cs-figure">{fmtMl(vial.remainingMl)}</span> of {fmtMl(vial.capacityMl)}
                </dd>
              </div>
              <div className="summary-list__row">
                <dt>Expires</dt>
                <dd>{usDate(vial.expiresOn)}</dd>
              </div>
              <div className="summary-list__row">
                <dt>First drawn</dt>
                <dd>{formatDateTime(vial.openedAt, 'Not yet')}</dd>
              </div>
            </dl>
            {recorder && (vial.status === 'sealed' || vial.status === 'open') ? (
              <div className="cs-actions">
                <Link className="button" to={`/controlled-substances/dose?vial=${vial.id}&location=${vial.locationId}`}>
                  Record a dose from this {vial.container}
                </Link>
                <Link className="button button--secondary" to={`/controlled-substances/waste?vial=${vial.id}`}>
                  Record waste
                </Link>
                <ExpireButton vialId={vial.id} onDone={reload} />
              </div>
            ) : null}
            <h2>History</h2>
            <HistoryTable entries={entries} />
            {recorder && entries.length ? <CorrectionForm entries={entries} onDone={reload} /> : null}
          </>
        )}
      </LoadState>
    </>
  );
}

function HistoryTable({ entries }: { entries: Entry[] }) {
  return (
    <div className="cs-table-wrap">
      <table className="table">
        <caption className="visually-hidden">Every entry for this vial, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Entry</th>
            <th scope="col">Change</th>
            <th scope="col">Vial after</th>
            <th scope="col">Patient</th>
            <th scope="col">By</th>
            <th scope="col">Witness</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.occurredAt)}</td>
              <th scope="row">
                {i + 1}. {e.kindLabel}
              </th>
              <td className={e.changeMl < 0 ? 'cs-negative' : undefined}>
                {e.changeMl > 0 ? '+' : ''}
                {fmtMl(e.changeMl)} ({fmtMg(e.changeMg)})
              </td>
              <td>{fmtMl(e.vialRemainingMl)}</td>
              <td>{e.patient ? `${e.patient.name} (${e.patient.mrn})` : ''}</td>
              <td>{(e.administeredBy ?? e.recordedBy).name}</td>
              <td>{e.witness ? `${e.witness.name} (${e.witness.method === 'totp' ? 'code' : 'password'})` : ''}</td>
              <td>
                {e.receipt
                  ? `${e.receipt.supplierName}, DEA ${e.receipt.supplierDeaNumber}, invoice ${e.receipt.invoiceNumber}`
                  : null}
                {e.reason ?? null}
                {e.correctsEntryId
                  ? ` — corrects entry ${entries.findIndex((x) => x.id === e.correctsEntryId) + 1}`
                  : null}
                {e.correctedBy.length ? ' — corrected later' : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ExpireButton({ vialId, onDone }: { vialId: string; onDone: () => void }) {
  const [message, setMessage] = useState('');
  return (
    <>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          csApi
            .expire(vialId)
            .then(onDone, (error: unknown) => setMessage(errorMessage(error, 'The vial could not be set aside.')));
        }}
      >
        Set aside as expired
      </button>
      <LiveRegion>
        {message ? (
          <Notice kind="warning" title="Not set aside">
            {message}
          </Notice>
        ) : null}
      </LiveRegion>
    </>
  );
}

function CorrectionForm({ entries, onDone }: { entries: Entry[]; onDone: () => void }) {
  const [form, setForm] = useState({ entryId: '', deltaMl: '', reason: '' });
  const [errors, setErrors] = useState<FormError[]>([]);
  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    try {
      await csApi.correct(form.entryId, { deltaMl: parseNumber(form.deltaMl) ?? 0, reason: form.reason });
      setForm({ entryId: '', deltaMl: '', reason: '' });
      setErrors([]);
      onDone();
    } catch (error) {
      setErrors(formErrors(error, { deltaMl: 'delta', reason: 'reason', correctsEntryId: 'entry' }));
    }
  }
  return (
    <details className="details">
      <summary>Correct an entry</summary>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <p>Entries are never changed or deleted. A correction is a new entry that names the wrong one and says why.</p>
        <ErrorSummary errors={errors} />
        <Select
          id="entry"
          label="Entry to correct"
          value={form.entryId}
          choices={[
            { value: '', label: 'Choose an entry' },
            ...entries.map((e, i) => ({ value: e.id, label: `${i + 1}. ${e.kindLabel}, ${fmtMl(e.changeMl)}` })),
          ]}
          onChange={(entryId) => setForm((f) => ({ ...f, entryId }))}
          error={errorFor(errors, 'entry')}
        />
        <TextField
          id="delta"
          label="Change to the vial (mL)"
          hint="Positive puts volume back (less was given than recorded); negative takes it out"
          inputMode="decimal"
          width="short"
          value={form.deltaMl}
          onChange={(deltaMl) => setForm((f) => ({ ...f, deltaMl }))}
          error={errorFor(errors, 'delta')}
        />
        <TextField
          id="reason"
          label="Why the entry was wrong"
          value={form.reason}
          onChange={(reason) => setForm((f) => ({ ...f, reason }))}
          error={errorFor(errors, 'reason')}
        />
        <button type="submit" className="button">
          Record the correction
        </button>
      </form>
    </details>
  );
}
