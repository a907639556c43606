import { useState, type SyntheticEvent } from 'react';
import { clinicDateOf } from '../../shared/time';
import {
  ErrorSummary,
  errorFor,
  type FormError,
  TextField,
  Notice,
  PageHeading,
  RadioGroup,
  Select,
} from '../../shared/kit';
import { useMe } from '../../shared/auth';
import { can } from '../nav';
import { formErrors, parseNumber } from '../patients/shared';
import { csApi, fmtMg, fmtMl, useLoad, usDate, type Inventory } from './cs-api';
import { BackLink, LoadState } from './parts';

/**
 * Initial and biennial inventories (21 CFR 1304.11): the latest one first, as a document with PDF and
 * CSV downloads, and the form to take a new one (prefilled from the record; the person taking it
 * corrects what they find).
 */
export function InventoriesPage() {
  const me = useMe();
  const { state, reload } = useLoad(() => csApi.inventories(), 'inventories');
  const products = useLoad(() => csApi.products(), 'products');
  const reviewer = can(me, 'ledger.review');
  return (
    <>
      <BackLink />
      <PageHeading title="Inventories">Inventories</PageHeading>
      <LoadState state={state}>
        {({ items, nextDue, overdue }) => (
          <>
            {items.length === 0 ? (
              <Notice kind="warning" title="No initial inventory yet">
                <p>
                  Take the initial inventory before the first controlled substance is received or on the day the clinic
                  registers.
                </p>
              </Notice>
            ) : (
              <Notice
                kind={overdue ? 'warning' : 'info'}
                title={overdue ? 'The biennial inventory is overdue' : 'Next biennial inventory'}
              >
                <p>Due by {nextDue ? usDate(nextDue) : '—'} (at least every two years after the last one).</p>
              </Notice>
            )}
            {items.map((inv, i) => (
              <InventoryDocument key={inv.id} inventory={inv} latest={i === 0} reviewer={reviewer} />
            ))}
          </>
        )}
      </LoadState>
      {can(me, 'ledger.record') ? (
        <LoadState state={products.state}>
          {(catalogue) => <InventoryForm catalogue={catalogue} onSaved={reload} />}
        </LoadState>
      ) : null}
    </>
  );
}

function InventoryDocument({
  inventory,
  latest,
  reviewer,
}: {
  inventory: Inventory;
  latest: boolean;
  reviewer: boolean;
}) {
  return (
    <section className="card" aria-labelledby={`inv-${inventory.id}`}>
      <h2 className="card__title" id={`inv-${inventory.id}`}>
        {latest ? 'Latest: ' : ''}
        {inventory.kindLabel}, {usDate(inventory.takenOn)}
      </h2>
      <p>
        {inventory.locationName} · taken at the {inventory.momentLabel.toLowerCase()} by {inventory.takenBy.name}
      </p>
      {reviewer ? (
        <p className="cs-actions">
          <a className="button button--secondary" href={csApi.inventoryDownload(inventory.id, 'pdf')} download>
            Download PDF
          </a>
          <a className="button button--secondary" href={csApi.inventoryDownload(inventory.id, 'csv')} download>
            Download CSV
          </a>
        </p>
      ) : null}
      <div className="cs-table-wrap">
        <table className="table">
          <caption className="visually-hidden">Inventory lines</caption>
          <thead>
            <tr>
              <th scope="col">Drug, strength, form</th>
              <th scope="col">NDC and lot</th>
              <th scope="col">Sealed</th>
              <th scope="col">Opened (estimated)</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {inventory.lines.length === 0 ? (
              <tr>
                <td colSpan={5}>No controlled substances on hand</td>
              </tr>
            ) : null}
            {inventory.lines.map((l) => (
              <tr key={`${l.ndc}/${l.lot}`}>
                <th scope="row">
                  {l.drug} {l.strengthMgPerMl} mg/mL, {l.formLabel.toLowerCase()}, {l.containerMl} mL
                </th>
                <td>
                  {l.ndc}, lot {l.lot}
                </td>
                <td>{l.sealedContainers}</td>
                <td>
                  {l.openedContainers} ({fmtMl(l.openedEstimatedMl)})
                </td>
                <td>
                  {l.totalContainers} containers, {fmtMl(l.totalMl)} ({fmtMg(l.totalMg)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function InventoryForm({
  catalogue,
  onSaved,
}: {
  catalogue: { locations: { id: string; name: string }[]; products: { id: string; label: string }[] };
  onSaved: () => void;
}) {
  const [locationId, setLocationId] = useState('');
  const [kind, setKind] = useState<'initial' | 'biennial'>('biennial');
  const [moment, setMoment] = useState<'opening' | 'close_of_business'>('close_of_business');
  const [takenOn, setTakenOn] = useState(clinicDateOf(new Date()));
  const [edits, setEdits] = useState<Record<string, { sealed?: string; opened?: string; ml?: string }>>({});
  const [errors, setErrors] = useState<FormError[]>([]);
  const expected = useLoad(
    () => (locationId ? csApi.expected(locationId) : Promise.resolve([])),
    `inv-expected/${locationId}`,
  );

  return (
    <section aria-labelledby="take-inventory">
      <h2 id="take-inventory">Take an inventory</h2>
      <Select
        id="inv-location"
        label="Location"
        value={locationId}
        choices={[
          { value: '', label: 'Choose a location' },
          ...catalogue.locations.map((l) => ({ value: l.id, label: l.name })),
        ]}
        onChange={setLocationId}
      />
      {locationId ? (
        <LoadState state={expected.state}>
          {(lines) => {
            const value = (i: number, key: 'sealed' | 'opened' | 'ml', fallback: number) =>
              edits[i]?.[key] ?? String(fallback);
            const submit = async (event: SyntheticEvent) => {
              event.preventDefault();
              try {
                await csApi.takeInventory({
                  locationId,
                  kind,
                  moment,
                  takenOn,
                  lines: lines.map((l, i) => ({
                    productId: l.productId,
                    lot: l.lot,
                    sealedContainers: parseNumber(value(i, 'sealed', l.sealedContainers)) ?? 0,
                    openedContainers: parseNumber(value(i, 'opened', l.openedContainers)) ?? 0,
                    openedEstimatedMl: parseNumber(value(i, 'ml', l.openedMl)) ?? 0,
                  })),
                });
                setErrors([]);
                setEdits({});
                onSaved();
              } catch (error) {
                setErrors(
                  formErrors(error, {
                    takenOn: 'inv-date',
                    ...Object.fromEntries(
                      lines.flatMap((_, i) => [
                        [`lines/${i}/sealedContainers`, `inv-${i}-sealed`],
                        [`lines/${i}/openedContainers`, `inv-${i}-opened`],
                        [`lines/${i}/openedEstimatedMl`, `inv-${i}-ml`],
                      ]),
                    ),
                  }),
                );
              }
            };
            return (
              <form className="form" onSubmit={(e) => void submit(e)} noValidate>
                <ErrorSummary errors={errors} />
                <RadioGroup
                  name="inv-kind"
                  firstId="inv-kind"
                  legend="Inventory"
                  value={kind}
                  choices={[
                    { value: 'initial', label: 'Initial inventory' },
                    { value: 'biennial', label: 'Biennial inventory' },
                  ]}
                  onChange={setKind}
                />
                <RadioGroup
                  name="inv-moment"
                  firstId="inv-moment"
                  legend="Taken at"
                  value={moment}
                  choices={[
                    { value: 'opening', label: 'Opening of business' },
                    { value: 'close_of_business', label: 'Close of business' },
                  ]}
                  onChange={setMoment}
                />
                <TextField
                  id="inv-date"
                  label="Date taken"
                  type="date"
                  width="medium"
                  value={takenOn}
                  onChange={setTakenOn}
                  error={errorFor(errors, 'inv-date')}
                />
                {lines.length === 0 ? (
                  <p>The record holds no stock here: the inventory will record none on hand.</p>
                ) : null}
                {lines.map((l, i) => (
                  <fieldset className="fieldset" key={`${l.productId}/${l.lot}`}>
                    <legend className="field__label">
                      {catalogue.products.find((p) => p.id === l.productId)?.label}, lot {l.lot}
                    </legend>
                    <div className="inline-fields">
                      {(
                        [
                          ['sealed', 'Sealed containers', l.sealedContainers],
                          ['opened', 'Opened containers', l.openedContainers],
                          ['ml', 'Estimated mL in opened containers', l.openedMl],
                        ] as const
                      ).map(([key, label, fallback]) => (
                        <TextField
                          key={key}
                          id={`inv-${i}-${key}`}
                          label={label}
                          inputMode="decimal"
                          width="short"
                          value={value(i, key, fallback)}
                          onChange={(v) => setEdits((e) => ({ ...e, [i]: { ...e[i], [key]: v } }))}
                          error={errorFor(errors, `inv-${i}-${key}`)}
                        />
                      ))}
                    </div>
                  </fieldset>
                ))}
                <button type="submit" className="button">
                  Record the inventory
                </button>
              </form>
            );
          }}
        </LoadState>
      ) : null}
    </section>
  );
}
