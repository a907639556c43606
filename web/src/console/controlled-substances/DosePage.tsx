import { useState, type SyntheticEvent } from 'react';
import { ErrorSummary, errorFor, type FormError, TextField, PageHeading, Select } from '../../shared/kit';
import { useNavigate, useSearchParams } from 'react-router';
import { chartApi } from '../patients/chart-api';
import { formErrors, parseNumber } from '../patients/shared';
import { csApi, fmtMl, useLoad } from './cs-api';
import { BackLink, LoadState } from './parts';

const ids: Record<string, string> = {
  vialId: 'vial',
  patientId: 'patient',
  locationId: 'location',
  volumeMl: 'volume',
};

/**
 * A dose drawn from a vial and given to a patient. The treatment session record will call the same API
 * with its session; until then a nurse records the dose here.
 */
export function DosePage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [locationId, setLocationId] = useState(params.get('location') ?? '');
  const [patientQuery, setPatientQuery] = useState('');
  const { state } = useLoad(() => csApi.stock({ locationId: locationId || undefined }), `dose/${locationId}`);
  const patients = useLoad(() => chartApi.search({ q: patientQuery || undefined }), `patients/${patientQuery}`);
  const [form, setForm] = useState({ vialId: params.get('vial') ?? '', patientId: '', volumeMl: '' });
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const entry = await csApi.administer({
        vialId: form.vialId,
        patientId: form.patientId,
        locationId,
        volumeMl: parseNumber(form.volumeMl) ?? 0,
      });
      void navigate(`/controlled-substances/vials/${entry.vial.id}`);
    } catch (error) {
      setErrors(formErrors(error, ids));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <BackLink />
      <PageHeading title="Record a dose">Record a dose</PageHeading>
      <LoadState state={state}>
        {(stock) => {
          const usable = stock.vials.filter((v) => v.status === 'sealed' || v.status === 'open');
          const vial = usable.find((v) => v.id === form.vialId);
          const product = stock.products.find((p) => p.id === vial?.productId);
          const volume = parseNumber(form.volumeMl);
          return (
            <form className="form" onSubmit={(e) => void submit(e)} noValidate>
              <ErrorSummary errors={errors} />
              <Select
                id="location"
                label="Where the dose is given"
                value={locationId}
                choices={[
                  { value: '', label: 'Choose a location' },
                  ...stock.locations.map((l) => ({ value: l.id, label: l.name })),
                ]}
                onChange={setLocationId}
                error={errorFor(errors, 'location')}
              />
              <Select
                id="vial"
                label="Vial"
                hint="Open vials first, then the earliest expiry"
                value={form.vialId}
                choices={[
                  { value: '', label: 'Choose a vial' },
                  ...[...usable]
                    .sort(
                      (a, b) =>
                        Number(b.status === 'open') - Number(a.status === 'open') ||
                        a.expiresOn.localeCompare(b.expiresOn),
                    )
                    .map((v) => ({
                      value: v.id,
                      label: `${v.label} — ${v.statusLabel.toLowerCase()}, ${fmtMl(v.remainingMl)} left`,
                    })),
                ]}
                onChange={(vialId) => setForm((f) => ({ ...f, vialId }))}
                error={errorFor(errors, 'vial')}
              />
              <TextField
                id="patient-search"
                label="Find the patient"
                hint="Name, date of birth or MRN"
                width="medium"
                value={patientQuery}
                onChange={setPatientQuery}
              />
              <Select
                id="patient"
                label="Patient"
                value={form.patientId}
                choices={[
                  { value: '', label: 'Choose the patient' },
                  ...(patients.state.status === 'ready'
                    ? patients.state.data.items.map((p) => ({
                        value: p.id,
                        label: `${p.familyName}, ${p.givenName} (${p.mrn})`,
                      }))
                    : []),
                ]}
                onChange={(patientId) => setForm((f) => ({ ...f, patientId }))}
                error={errorFor(errors, 'patient')}
              />
              <TextField
                id="volume"
                label="Volume given (mL)"
                hint={
                  product
                    ? `${product.strengthMgPerMl} mg/mL${volume ? ` — ${Number((volume * product.strengthMgPerMl).toFixed(3))} mg` : ''}`
                    : 'Up to 3 decimals'
                }
                inputMode="decimal"
                width="short"
                value={form.volumeMl}
                onChange={(volumeMl) => setForm((f) => ({ ...f, volumeMl }))}
                error={errorFor(errors, 'volume')}
              />
              <button type="submit" className="button" disabled={busy}>
                Record the dose
              </button>
            </form>
          );
        }}
      </LoadState>
    </>
  );
}
