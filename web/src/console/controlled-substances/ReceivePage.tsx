import { useState, type SyntheticEvent } from 'react';
import { clinicDateOf } from '../../shared/time';
import { ErrorSummary, errorFor, type FormError, TextField, PageHeading, Select, TextArea } from '../../shared/kit';
import { useNavigate } from 'react-router';
import { formErrors, parseNumber } from '../patients/shared';
import { csApi, useLoad, type Vial } from './cs-api';
import { BackLink, LoadState, WitnessFields, witnessBody } from './parts';

const ids: Record<string, string> = {
  locationId: 'location',
  productId: 'product',
  receivedOn: 'received-on',
  supplierName: 'supplier-name',
  supplierAddress: 'supplier-address',
  supplierDeaNumber: 'supplier-dea',
  invoiceNumber: 'invoice',
  lot: 'lot',
  expiresOn: 'expires-on',
  containers: 'containers',
  witnessUserId: 'checker-user',
  witnessPassword: 'checker-secret',
  witnessCode: 'checker-secret',
};

/**
 * What the nurse marks on the containers: vials are numbered across their lot (decision 038), so a second
 * delivery of a lot starts after the first's last vial.
 */
function receivedNotice(vials: readonly Pick<Vial, 'lot' | 'number' | 'container'>[]): string {
  const first = vials[0];
  const last = vials.at(-1);
  if (!first || !last) return 'Receipt recorded.';
  if (vials.length === 1)
    return `Receipt recorded: 1 sealed ${first.container} of lot ${first.lot}, number ${first.number}. Mark the container with its number.`;
  const numbered = `${first.number} ${vials.length === 2 ? 'and' : 'to'} ${last.number}`;
  return `Receipt recorded: ${vials.length} sealed ${first.container}s of lot ${first.lot}, numbered ${numbered}. Mark each container with its number.`;
}

/** Receive stock: what the invoice and the carton say, checked by a second member of staff. */
export function ReceivePage() {
  const navigate = useNavigate();
  const { state } = useLoad(() => Promise.all([csApi.products(), csApi.witnesses()]), 'receive');
  const [form, setForm] = useState({
    locationId: '',
    productId: '',
    receivedOn: clinicDateOf(new Date()),
    supplierName: '',
    supplierAddress: '',
    supplierDeaNumber: '',
    invoiceNumber: '',
    lot: '',
    expiresOn: '',
    containers: '',
  });
  const [checker, setChecker] = useState({ witnessUserId: '', secret: '' });
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const byField = (id: string) => errorFor(errors, id);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const receipt = await csApi.receive({
        ...form,
        containers: parseNumber(form.containers) ?? 0,
        ...witnessBody(checker),
      });
      void navigate(`/controlled-substances/vials/${receipt.vials[0]?.id ?? ''}`, {
        state: { notice: receivedNotice(receipt.vials) },
      });
    } catch (error) {
      setErrors(formErrors(error, ids));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <BackLink />
      <PageHeading title="Receive stock">Receive stock</PageHeading>
      <LoadState state={state}>
        {([catalogue, witnesses]) => (
          <form className="form" onSubmit={(e) => void submit(e)} noValidate>
            <ErrorSummary errors={errors} />
            <Select
              id="location"
              label="Received at"
              value={form.locationId}
              choices={[
                { value: '', label: 'Choose a location' },
                ...catalogue.locations.map((l) => ({ value: l.id, label: l.name })),
              ]}
              onChange={set('locationId')}
              error={byField('location')}
            />
            <Select
              id="product"
              label="Product"
              value={form.productId}
              choices={[
                { value: '', label: 'Choose a product' },
                ...catalogue.products.map((p) => ({ value: p.id, label: `${p.label} (NDC ${p.ndc})` })),
              ]}
              onChange={set('productId')}
              error={byField('product')}
            />
            <TextField
              id="received-on"
              label="Date received"
              type="date"
              width="medium"
              value={form.receivedOn}
              onChange={set('receivedOn')}
              error={byField('received-on')}
            />
            <TextField
              id="supplier-name"
              label="Supplier name"
              value={form.supplierName}
              onChange={set('supplierName')}
              error={byField('supplier-name')}
            />
            <TextArea
              id="supplier-address"
              label="Supplier address"
              value={form.supplierAddress}
              onChange={set('supplierAddress')}
              error={byField('supplier-address')}
            />
            <TextField
              id="supplier-dea"
              label="Supplier DEA number"
              hint="2 letters and 7 digits, as on the invoice or DEA Form 222 copy, for example AB1234563"
              width="medium"
              autoComplete="off"
              value={form.supplierDeaNumber}
              onChange={set('supplierDeaNumber')}
              error={byField('supplier-dea')}
            />
            <TextField
              id="invoice"
              label="Invoice number"
              width="medium"
              value={form.invoiceNumber}
              onChange={set('invoiceNumber')}
              error={byField('invoice')}
            />
            <TextField
              id="lot"
              label="Lot number"
              width="medium"
              value={form.lot}
              onChange={set('lot')}
              error={byField('lot')}
            />
            <TextField
              id="expires-on"
              label="Expiry date"
              type="date"
              width="medium"
              value={form.expiresOn}
              onChange={set('expiresOn')}
              error={byField('expires-on')}
            />
            <TextField
              id="containers"
              label="Containers received"
              hint="Each container becomes a sealed vial in the record"
              inputMode="numeric"
              width="short"
              value={form.containers}
              onChange={set('containers')}
              error={byField('containers')}
            />
            <WitnessFields
              idPrefix="checker"
              legend="Checked by a second member of staff"
              people={witnesses.items}
              value={checker}
              onChange={setChecker}
              errors={{ 'checker-user': byField('checker-user'), 'checker-secret': byField('checker-secret') }}
            />
            <button type="submit" className="button" disabled={busy}>
              Record the receipt
            </button>
          </form>
        )}
      </LoadState>
    </>
  );
}
