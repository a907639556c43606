import { useState, type SyntheticEvent } from 'react';
import {
  ErrorSummary,
  errorFor,
  type FormError,
  CheckboxGroup,
  TextField,
  RadioGroup,
  Select,
} from '../../../shared/kit';
import { formErrors } from '../../patients/shared';
import { csApi, fmtMl, type Person, type Stock } from '../cs-api';
import { WitnessFields, witnessBody } from '../parts';

export function DestructionForm({
  stock,
  witnesses,
  onDone,
}: {
  stock: Stock;
  witnesses: Person[];
  onDone: () => void;
}) {
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
