import { useState, type SyntheticEvent } from 'react';
import {
  ErrorSummary,
  errorFor,
  type FormError,
  TextField,
  LiveRegion,
  Notice,
  PageHeading,
  RadioGroup,
  Select,
  TextArea,
} from '../../shared/kit';
import { useMe } from '../../shared/auth';
import { formatDateTime } from '../../shared/time';
import { can } from '../nav';
import { formErrors, parseNumber } from '../patients/shared';
import { csApi, fmtMg, fmtMl, useLoad, type Count, type Person } from './cs-api';
import { BackLink, LoadState, WitnessFields, witnessBody } from './parts';

/**
 * Counts per shift or day and location. The counter enters what they find (blind: the record's figures
 * appear only after the count is saved); a difference stays open until explained and signed by two staff.
 */
export function CountsPage() {
  const me = useMe();
  const recorder = can(me, 'ledger.record');
  const products = useLoad(() => csApi.products(), 'products');
  const counts = useLoad(() => csApi.counts({}), 'counts');
  const witnesses = useLoad(
    () => (recorder ? csApi.witnesses() : Promise.resolve({ items: [] as Person[] })),
    'witnesses',
  );
  const [saved, setSaved] = useState<Count | null>(null);
  return (
    <>
      <BackLink />
      <PageHeading title="Counts">Counts</PageHeading>
      <LiveRegion>
        {saved ? (
          <Notice
            kind={saved.hasDiscrepancy ? 'warning' : 'success'}
            title={
              saved.hasDiscrepancy
                ? 'Count saved: it differs from the record'
                : 'Count saved: it agrees with the record'
            }
          >
            {saved.hasDiscrepancy ? (
              <p>Explain the difference below; a second member of staff signs with you.</p>
            ) : null}
          </Notice>
        ) : null}
      </LiveRegion>
      {recorder ? (
        <LoadState state={products.state}>
          {(catalogue) => (
            <CountForm
              locations={catalogue.locations}
              productLabel={(id) => catalogue.products.find((p) => p.id === id)?.label ?? ''}
              onSaved={(count) => {
                setSaved(count);
                counts.reload();
              }}
            />
          )}
        </LoadState>
      ) : null}
      <h2>Recent counts</h2>
      <LoadState state={counts.state}>
        {({ items }) =>
          items.length === 0 ? (
            <p>No counts yet.</p>
          ) : (
            <>
              {items.map((count) => (
                <CountCard
                  key={count.id}
                  count={count}
                  witnesses={witnesses.state.status === 'ready' ? witnesses.state.data.items : []}
                  canSign={recorder}
                  onResolved={counts.reload}
                />
              ))}
            </>
          )
        }
      </LoadState>
    </>
  );
}

function CountForm({
  locations,
  productLabel,
  onSaved,
}: {
  locations: { id: string; name: string }[];
  productLabel: (id: string) => string;
  onSaved: (count: Count) => void;
}) {
  const [locationId, setLocationId] = useState('');
  const [period, setPeriod] = useState<'shift' | 'day'>('shift');
  const [values, setValues] = useState<Record<string, { containers: string; ml: string }>>({});
  const [errors, setErrors] = useState<FormError[]>([]);
  const expected = useLoad(
    () => (locationId ? csApi.expected(locationId) : Promise.resolve([])),
    `expected/${locationId}`,
  );

  async function submit(event: SyntheticEvent, lines: { productId: string; lot: string }[]) {
    event.preventDefault();
    try {
      const count = await csApi.count({
        locationId,
        period,
        lines: lines.map((l, i) => ({
          productId: l.productId,
          lot: l.lot,
          countedContainers: parseNumber(values[i]?.containers ?? '') ?? Number.NaN,
          countedMl: parseNumber(values[i]?.ml ?? '') ?? Number.NaN,
        })),
      });
      setValues({});
      setErrors([]);
      onSaved(count);
    } catch (error) {
      setErrors(
        formErrors(error, {
          locationId: 'count-location',
          ...Object.fromEntries(
            lines.flatMap((_, i) => [
              [`lines/${i}/countedContainers`, `count-${i}-containers`],
              [`lines/${i}/countedMl`, `count-${i}-ml`],
            ]),
          ),
        }),
      );
    }
  }

  return (
    <section aria-labelledby="new-count">
      <h2 id="new-count">Record a count</h2>
      <Select
        id="count-location"
        label="Location"
        value={locationId}
        choices={[{ value: '', label: 'Choose a location' }, ...locations.map((l) => ({ value: l.id, label: l.name }))]}
        onChange={setLocationId}
        error={errorFor(errors, 'count-location')}
      />
      {locationId ? (
        <LoadState state={expected.state}>
          {(lines) => (
            <form className="form" onSubmit={(e) => void submit(e, lines)} noValidate>
              <ErrorSummary errors={errors} />
              <RadioGroup
                name="period"
                firstId="period"
                legend="This count is for"
                value={period}
                choices={[
                  { value: 'shift', label: 'A shift (handover)' },
                  { value: 'day', label: 'The day (close of business)' },
                ]}
                onChange={setPeriod}
              />
              {lines.length === 0 ? (
                <p>The record holds no stock here. Save the count to confirm the safe is empty.</p>
              ) : null}
              {lines.map((l, i) => (
                <fieldset className="fieldset" key={`${l.productId}/${l.lot}`}>
                  <legend className="field__label">
                    {productLabel(l.productId)}, lot {l.lot}
                  </legend>
                  <div className="inline-fields">
                    <TextField
                      id={`count-${i}-containers`}
                      label="Containers counted"
                      inputMode="numeric"
                      width="short"
                      value={values[i]?.containers ?? ''}
                      onChange={(containers) => setValues((v) => ({ ...v, [i]: { ml: v[i]?.ml ?? '', containers } }))}
                      error={errorFor(errors, `count-${i}-containers`)}
                    />
                    <TextField
                      id={`count-${i}-ml`}
                      label="Total volume counted (mL)"
                      hint="Sealed vials at their full volume, open vials as measured"
                      inputMode="decimal"
                      width="short"
                      value={values[i]?.ml ?? ''}
                      onChange={(ml) => setValues((v) => ({ ...v, [i]: { containers: v[i]?.containers ?? '', ml } }))}
                      error={errorFor(errors, `count-${i}-ml`)}
                    />
                  </div>
                </fieldset>
              ))}
              <button type="submit" className="button">
                Save the count
              </button>
            </form>
          )}
        </LoadState>
      ) : null}
    </section>
  );
}

function CountCard({
  count,
  witnesses,
  canSign,
  onResolved,
}: {
  count: Count;
  witnesses: Person[];
  canSign: boolean;
  onResolved: () => void;
}) {
  const [explanation, setExplanation] = useState('');
  const [witness, setWitness] = useState({ witnessUserId: '', secret: '' });
  const [errors, setErrors] = useState<FormError[]>([]);
  const idp = `resolve-${count.id}`;
  async function resolve(event: SyntheticEvent) {
    event.preventDefault();
    try {
      await csApi.resolve(count.id, { explanation, ...witnessBody(witness) });
      onResolved();
    } catch (error) {
      setErrors(
        formErrors(error, {
          explanation: `${idp}-explanation`,
          witnessUserId: `${idp}-user`,
          witnessPassword: `${idp}-secret`,
          witnessCode: `${idp}-secret`,
        }),
      );
      setWitness((w) => ({ ...w, secret: '' }));
    }
  }
  const status = !count.hasDiscrepancy
    ? 'Agrees with the record'
    : count.resolved
      ? 'Difference explained and signed'
      : 'Difference not yet explained';
  return (
    <section className="card" aria-labelledby={`count-${count.id}`}>
      <h3 className="card__title" id={`count-${count.id}`}>
        {count.period === 'shift' ? 'Shift count' : 'Day count'}, {count.locationName},{' '}
        {formatDateTime(count.countedAt)}
      </h3>
      <p>
        Counted by {count.countedBy.name}. <strong>{status}.</strong>
      </p>
      <div className="cs-table-wrap">
        <table className="table">
          <caption className="visually-hidden">Expected and counted per product and lot</caption>
          <thead>
            <tr>
              <th scope="col">Product and lot</th>
              <th scope="col">Containers (record / counted)</th>
              <th scope="col">Volume (record / counted)</th>
              <th scope="col">Difference</th>
            </tr>
          </thead>
          <tbody>
            {count.lines.map((l) => (
              <tr key={`${l.productLabel}/${l.lot}`}>
                <th scope="row">
                  {l.productLabel}, lot {l.lot}
                </th>
                <td>
                  {l.expectedContainers} / {l.countedContainers}
                </td>
                <td>
                  {fmtMl(l.expectedMl)} / {fmtMl(l.countedMl)}
                </td>
                <td className={l.discrepancy ? 'cs-negative' : undefined}>
                  {l.discrepancy ? `${fmtMl(l.differenceMl)} (${fmtMg(l.differenceMg)})` : 'None'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {count.resolution ? (
        <p>
          Explained: “{count.resolution.explanation}” — signed by {count.resolution.signedBy.name} and{' '}
          {count.resolution.secondSigner.name}, {formatDateTime(count.resolution.signedAt)}.
        </p>
      ) : null}
      {count.hasDiscrepancy && !count.resolved && canSign ? (
        <form className="form" onSubmit={(e) => void resolve(e)} noValidate>
          <ErrorSummary errors={errors} />
          <TextArea
            id={`${idp}-explanation`}
            label="What explains the difference"
            value={explanation}
            onChange={setExplanation}
            error={errorFor(errors, `${idp}-explanation`)}
          />
          <WitnessFields
            idPrefix={idp}
            legend="Co-signed by"
            people={witnesses}
            value={witness}
            onChange={setWitness}
            errors={{
              [`${idp}-user`]: errorFor(errors, `${idp}-user`),
              [`${idp}-secret`]: errorFor(errors, `${idp}-secret`),
            }}
          />
          <button type="submit" className="button">
            Sign the explanation
          </button>
        </form>
      ) : null}
    </section>
  );
}
