import { useState, type SyntheticEvent } from 'react';
import { ErrorSummary, errorFor, type FormError, TextField, RadioGroup, Select, TextArea } from '../../../shared/kit';
import { fromClinicDateTimeLocal } from '../../../shared/time';
import { formErrors, parseNumber } from '../../patients/shared';
import { csApi, fmtMl, type Stock } from '../cs-api';

export function LossForm({ stock, onDone }: { stock: Stock; onDone: () => void }) {
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
