import { useState, type SyntheticEvent } from 'react';
import {
  ErrorSummary,
  errorFor,
  type FormError,
  CheckboxGroup,
  TextField,
  Notice,
  PageHeading,
  RadioGroup,
  Select,
  TextArea,
} from '../../shared/kit';
import { useMe } from '../../shared/auth';
import { formatDateTime, fromClinicDateTimeLocal } from '../../shared/time';
import { can } from '../nav';
import { formErrors, parseNumber } from '../patients/shared';
import { csApi, fmtMl, useLoad, usDate, type LossReport, type Person, type Stock } from './cs-api';
import { BackLink, LoadState, WitnessFields, witnessBody } from './parts';

/**
 * Destruction (reverse distributor, or DEA Form 41 with two witnesses) and theft or loss reports with the
 * DEA deadlines: notice within 1 business day of discovery, Form 106 within 45 days.
 */
export function DisposalsPage() {
  const me = useMe();
  const recorder = can(me, 'ledger.record');
  const disposals = useLoad(() => csApi.disposals(), 'disposals');
  const losses = useLoad(() => csApi.losses(), 'losses');
  const stock = useLoad(() => csApi.stock({}), 'stock');
  const witnesses = useLoad(
    () => (recorder ? csApi.witnesses() : Promise.resolve({ items: [] as Person[] })),
    'witnesses',
  );
  const reload = () => {
    disposals.reload();
    losses.reload();
    stock.reload();
  };
  return (
    <>
      <BackLink />
      <PageHeading title="Destruction and loss">Destruction and loss</PageHeading>
      <h2>Theft and loss reports</h2>
      <LoadState state={losses.state}>
        {({ items }) =>
          items.length === 0 ? (
            <p>None reported.</p>
          ) : (
            <>
              {items.map((r) => (
                <LossCard key={r.id} report={r} canUpdate={recorder} onDone={reload} />
              ))}
            </>
          )
        }
      </LoadState>
      <h2>Destruction events</h2>
      <LoadState state={disposals.state}>
        {({ items }) =>
          items.length === 0 ? (
            <p>None recorded.</p>
          ) : (
            <ul>
              {items.map((d) => (
                <li key={d.id}>
                  {formatDateTime(d.occurredAt)}, {d.locationName}:{' '}
                  {d.method === 'reverse_distributor'
                    ? `returned to ${d.receiverName ?? ''} (DEA ${d.receiverDeaNumber ?? ''})`
                    : `destroyed on DEA Form 41 ${d.form41Reference ?? ''}, witnessed by ${d.witnesses.map((w) => w.name).join(' and ')}`}{' '}
                  — {d.vials.map((v) => `lot ${v.lot} ${fmtMl(v.ml)}`).join(', ')}; recorded by {d.recordedBy.name}
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
      {recorder && stock.state.status === 'ready' && witnesses.state.status === 'ready' ? (
        <>
          <DestructionForm stock={stock.state.data} witnesses={witnesses.state.data.items} onDone={reload} />
          <LossForm stock={stock.state.data} onDone={reload} />
        </>
      ) : null}
    </>
  );
}

function LossCard({ report, canUpdate, onDone }: { report: LossReport; canUpdate: boolean; onDone: () => void }) {
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

function DestructionForm({ stock, witnesses, onDone }: { stock: Stock; witnesses: Person[]; onDone: () => void }) {
  const [form, setForm] = useState({
    locationId: '',
    method: 'reverse_distributor' as 'reverse_distributor' | 'destruction_form_41',
    receiverName: '',
    receiverDeaNumber: '',
    form41Reference: '',
  });
  const [vialIds, setVialIds] = useState<string[]>([]);
  const [w1, setW1] = useState({ witnessUserId: '', secret: '' });
  const [w2, setW2] = useState({ witnessUserId: '', secret: '' });
  const [errors, setErrors] = useState<FormError[]>([]);
  const vials = stock.vials.filter((v) => v.locationId === form.locationId && v.remainingMl > 0);
  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    try {
      await csApi.destroy({
        ...form,
        vialIds,
        ...(form.method === 'destruction_form_41' ? { witnesses: [witnessBody(w1), witnessBody(w2)] } : {}),
      });
      setVialIds([]);
      setErrors([]);
      onDone();
    } catch (error) {
      setErrors(
        formErrors(error, {
          locationId: 'd-location',
          vialIds: 'd-vials',
          receiverName: 'd-receiver',
          receiverDeaNumber: 'd-dea',
          form41Reference: 'd-f41',
          witnesses: 'd-w1-user',
        }),
      );
      setW1((w) => ({ ...w, secret: '' }));
      setW2((w) => ({ ...w, secret: '' }));
    }
  }
  return (
    <section aria-labelledby="destroy">
      <h2 id="destroy">Record a destruction or return</h2>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary errors={errors} />
        <Select
          id="d-location"
          label="Location"
          value={form.locationId}
          choices={[
            { value: '', label: 'Choose a location' },
            ...stock.locations.map((l) => ({ value: l.id, label: l.name })),
          ]}
          onChange={(locationId) => setForm((f) => ({ ...f, locationId }))}
          error={errorFor(errors, 'd-location')}
        />
        {form.locationId ? (
          vials.length ? (
            <CheckboxGroup
              name="d-vials"
              firstId="d-vials"
              legend="Vials destroyed or returned"
              choices={vials.map((v) => ({
                value: v.id,
                label: `${v.label} — ${v.statusLabel.toLowerCase()}, ${fmtMl(v.remainingMl)}`,
              }))}
              values={vialIds}
              onChange={setVialIds}
              error={errorFor(errors, 'd-vials')}
            />
          ) : (
            <p>No vials with stock at this location.</p>
          )
        ) : null}
        <RadioGroup
          name="d-method"
          firstId="d-method"
          legend="How"
          value={form.method}
          choices={[
            { value: 'reverse_distributor', label: 'Returned to a reverse distributor' },
            { value: 'destruction_form_41', label: 'Destroyed on site, DEA Form 41, two witnesses' },
          ]}
          onChange={(method) => setForm((f) => ({ ...f, method }))}
        />
        {form.method === 'reverse_distributor' ? (
          <>
            <TextField
              id="d-receiver"
              label="Reverse distributor"
              value={form.receiverName}
              onChange={(receiverName) => setForm((f) => ({ ...f, receiverName }))}
              error={errorFor(errors, 'd-receiver')}
            />
            <TextField
              id="d-dea"
              label="Their DEA number"
              width="medium"
              value={form.receiverDeaNumber}
              onChange={(receiverDeaNumber) => setForm((f) => ({ ...f, receiverDeaNumber }))}
              error={errorFor(errors, 'd-dea')}
            />
          </>
        ) : (
          <>
            <TextField
              id="d-f41"
              label="DEA Form 41 reference"
              width="medium"
              value={form.form41Reference}
              onChange={(form41Reference) => setForm((f) => ({ ...f, form41Reference }))}
              error={errorFor(errors, 'd-f41')}
            />
            <WitnessFields
              idPrefix="d-w1"
              legend="First witness"
              people={witnesses}
              value={w1}
              onChange={setW1}
              errors={{ 'd-w1-user': errorFor(errors, 'd-w1-user') }}
            />
            <WitnessFields
              idPrefix="d-w2"
              legend="Second witness"
              people={witnesses}
              value={w2}
              onChange={setW2}
              errors={{}}
            />
          </>
        )}
        <button type="submit" className="button">
          Record the destruction
        </button>
      </form>
    </section>
  );
}

function LossForm({ stock, onDone }: { stock: Stock; onDone: () => void }) {
  const [form, setForm] = useState({
    locationId: '',
    kind: 'loss' as 'theft' | 'loss',
    discoveredAt: '',
    description: '',
    vialId: '',
    volumeMl: '',
  });
  const [errors, setErrors] = useState<FormError[]>([]);
  const vials = stock.vials.filter((v) => v.locationId === form.locationId && v.remainingMl > 0);
  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    try {
      await csApi.reportLoss({
        locationId: form.locationId,
        kind: form.kind,
        discoveredAt: form.discoveredAt ? fromClinicDateTimeLocal(form.discoveredAt) : '',
        description: form.description,
        vials: form.vialId ? [{ vialId: form.vialId, volumeMl: parseNumber(form.volumeMl) ?? 0 }] : [],
      });
      setErrors([]);
      onDone();
    } catch (error) {
      setErrors(
        formErrors(error, {
          locationId: 'l-location',
          discoveredAt: 'l-when',
          description: 'l-description',
          vials: 'l-vial',
        }),
      );
    }
  }
  return (
    <section aria-labelledby="loss">
      <h2 id="loss">Report a theft or loss</h2>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary errors={errors} />
        <Select
          id="l-location"
          label="Location"
          value={form.locationId}
          choices={[
            { value: '', label: 'Choose a location' },
            ...stock.locations.map((l) => ({ value: l.id, label: l.name })),
          ]}
          onChange={(locationId) => setForm((f) => ({ ...f, locationId }))}
          error={errorFor(errors, 'l-location')}
        />
        <RadioGroup
          name="l-kind"
          firstId="l-kind"
          legend="What happened"
          value={form.kind}
          choices={[
            { value: 'loss', label: 'Loss' },
            { value: 'theft', label: 'Theft' },
          ]}
          onChange={(kind) => setForm((f) => ({ ...f, kind }))}
        />
        <TextField
          id="l-when"
          label="Discovered at"
          type="datetime-local"
          width="medium"
          value={form.discoveredAt}
          onChange={(discoveredAt) => setForm((f) => ({ ...f, discoveredAt }))}
          error={errorFor(errors, 'l-when')}
        />
        <TextArea
          id="l-description"
          label="What is missing and how it was found"
          value={form.description}
          onChange={(description) => setForm((f) => ({ ...f, description }))}
          error={errorFor(errors, 'l-description')}
        />
        <Select
          id="l-vial"
          label="Vial affected"
          value={form.vialId}
          choices={[
            { value: '', label: 'None (report only)' },
            ...vials.map((v) => ({ value: v.id, label: `${v.label}, ${fmtMl(v.remainingMl)}` })),
          ]}
          onChange={(vialId) => setForm((f) => ({ ...f, vialId }))}
          error={errorFor(errors, 'l-vial')}
        />
        {form.vialId ? (
          <TextField
            id="l-volume"
            label="Volume missing (mL)"
            inputMode="decimal"
            width="short"
            value={form.volumeMl}
            onChange={(volumeMl) => setForm((f) => ({ ...f, volumeMl }))}
          />
        ) : null}
        <button type="submit" className="button">
          Report
        </button>
      </form>
    </section>
  );
}
