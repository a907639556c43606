import { useState, type SyntheticEvent } from 'react';
import { ErrorSummary, errorFor, type FormError, TextField, PageHeading, Select } from '../../shared/kit';
import { useNavigate, useSearchParams } from 'react-router';
import { formErrors, parseNumber } from '../patients/shared';
import { csApi, fmtMl, useLoad } from './cs-api';
import { BackLink, LoadState, WitnessFields, witnessBody } from './parts';

const ids: Record<string, string> = {
  vialId: 'vial',
  volumeMl: 'volume',
  reason: 'reason',
  witnessUserId: 'witness-user',
  witnessPassword: 'witness-secret',
  witnessCode: 'witness-secret',
};

/** Waste (the rest of a vial, or drawn up and not given), witnessed now by a second member of staff. */
export function WastePage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { state } = useLoad(() => Promise.all([csApi.stock({}), csApi.witnesses()]), 'waste');
  const [form, setForm] = useState({
    vialId: params.get('vial') ?? '',
    volumeMl: '',
    reason: 'Left in the vial after the dose',
  });
  const [witness, setWitness] = useState({ witnessUserId: '', secret: '' });
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const entry = await csApi.waste({
        vialId: form.vialId,
        volumeMl: parseNumber(form.volumeMl) ?? 0,
        reason: form.reason,
        ...witnessBody(witness),
      });
      void navigate(`/controlled-substances/vials/${entry.vial.id}`);
    } catch (error) {
      setErrors(formErrors(error, ids));
      setWitness((w) => ({ ...w, secret: '' }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <BackLink />
      <PageHeading title="Record waste">Record waste</PageHeading>
      <LoadState state={state}>
        {([stock, witnesses]) => {
          const holding = stock.vials.filter((v) => v.remainingMl > 0);
          const vial = holding.find((v) => v.id === form.vialId);
          return (
            <form className="form" onSubmit={(e) => void submit(e)} noValidate>
              <ErrorSummary errors={errors} />
              <Select
                id="vial"
                label="Vial"
                value={form.vialId}
                choices={[
                  { value: '', label: 'Choose a vial' },
                  ...holding.map((v) => ({
                    value: v.id,
                    label: `${v.label} at ${v.locationName} — ${fmtMl(v.remainingMl)} left`,
                  })),
                ]}
                onChange={(vialId) => setForm((f) => ({ ...f, vialId }))}
                error={errorFor(errors, 'vial')}
              />
              <TextField
                id="volume"
                label="Volume wasted (mL)"
                hint={vial ? `The vial holds ${fmtMl(vial.remainingMl)}` : 'Up to 3 decimals'}
                inputMode="decimal"
                width="short"
                value={form.volumeMl}
                onChange={(volumeMl) => setForm((f) => ({ ...f, volumeMl }))}
                error={errorFor(errors, 'volume')}
              />
              {vial ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setForm((f) => ({ ...f, volumeMl: String(vial.remainingMl) }))}
                >
                  Waste all that is left ({fmtMl(vial.remainingMl)})
                </button>
              ) : null}
              <TextField
                id="reason"
                label="Reason and how it was wasted"
                value={form.reason}
                onChange={(reason) => setForm((f) => ({ ...f, reason }))}
                error={errorFor(errors, 'reason')}
              />
              <WitnessFields
                idPrefix="witness"
                legend="Witnessed by"
                people={witnesses.items}
                value={witness}
                onChange={setWitness}
                errors={{
                  'witness-user': errorFor(errors, 'witness-user'),
                  'witness-secret': errorFor(errors, 'witness-secret'),
                }}
              />
              <button type="submit" className="button" disabled={busy}>
                Record the waste
              </button>
            </form>
          );
        }}
      </LoadState>
    </>
  );
}
