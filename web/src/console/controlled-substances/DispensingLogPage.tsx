import { useState, type SyntheticEvent } from 'react';
import { ErrorSummary, type FormError, TextField, PageHeading, ShowMoreButton, Select } from '../../shared/kit';
import { useSearchParams } from 'react-router';
import { formatDateTime, addDays, clinicDateOf } from '../../shared/time';
import { errorMessage } from '../patients/shared';
import { csApi, fmtMg, fmtMl, useLoad, type Entry } from './cs-api';
import { BackLink, LoadState } from './parts';

const kinds = [
  { value: '', label: 'Every kind of entry' },
  { value: 'receipt', label: 'Received' },
  { value: 'administration', label: 'Administered' },
  { value: 'waste', label: 'Wasted (witnessed)' },
  { value: 'destruction', label: 'Destroyed or returned' },
  { value: 'loss', label: 'Lost or stolen' },
  { value: 'correction', label: 'Corrections' },
  { value: 'expiry', label: 'Marked expired' },
] as const;

/** Today and 30 days ago as the clinic's calendar dates (never the browser's). */
const today = () => clinicDateOf(new Date());
const monthAgo = () => addDays(today(), -30);

/**
 * The dispensing log for an inspector's questions: a date range, and optionally a lot, a product, a
 * location or a patient ("every milligram from lot X" is the lot filter). Downloads as PDF and CSV.
 */
export function DispensingLogPage() {
  const [params, setParams] = useSearchParams();
  const filters = {
    from: params.get('from') ?? monthAgo(),
    to: params.get('to') ?? today(),
    lot: params.get('lot') ?? '',
    productId: params.get('product') ?? '',
    locationId: params.get('location') ?? '',
    kind: params.get('kind') ?? '',
  };
  const [draft, setDraft] = useState(filters);
  const query = {
    from: filters.from,
    to: filters.to,
    lot: filters.lot || undefined,
    productId: filters.productId || undefined,
    locationId: filters.locationId || undefined,
    kind: filters.kind || undefined,
  };
  const key = JSON.stringify(query);
  const { state } = useLoad(() => csApi.log(query), key);
  const catalogue = useLoad(() => csApi.products(), 'products');
  const [more, setMore] = useState<{
    key: string;
    items: Entry[];
    cursor: string | null;
    loading: boolean;
    error: string;
  }>({
    key: '',
    items: [],
    cursor: null,
    loading: false,
    error: '',
  });

  function apply(event: SyntheticEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    next.set('from', draft.from);
    next.set('to', draft.to);
    if (draft.lot) next.set('lot', draft.lot);
    if (draft.productId) next.set('product', draft.productId);
    if (draft.locationId) next.set('location', draft.locationId);
    if (draft.kind) next.set('kind', draft.kind);
    setParams(next);
  }

  const errors: FormError[] = state.status === 'failed' ? [{ message: state.message }] : [];
  return (
    <>
      <BackLink />
      <PageHeading title="Dispensing log">Dispensing log</PageHeading>
      <form className="form" onSubmit={apply} noValidate>
        <ErrorSummary errors={errors} />
        <div className="inline-fields">
          <TextField
            id="from"
            label="From"
            type="date"
            width="medium"
            value={draft.from}
            onChange={(from) => setDraft((d) => ({ ...d, from }))}
          />
          <TextField
            id="to"
            label="To"
            type="date"
            width="medium"
            value={draft.to}
            onChange={(to) => setDraft((d) => ({ ...d, to }))}
          />
          <TextField
            id="lot"
            label="Lot"
            width="short"
            value={draft.lot}
            onChange={(lot) => setDraft((d) => ({ ...d, lot }))}
          />
        </div>
        {catalogue.state.status === 'ready' ? (
          <div className="inline-fields">
            <Select
              id="product"
              label="Product"
              value={draft.productId}
              choices={[
                { value: '', label: 'All products' },
                ...catalogue.state.data.products.map((p) => ({ value: p.id, label: p.label })),
              ]}
              onChange={(productId) => setDraft((d) => ({ ...d, productId }))}
            />
            <Select
              id="location"
              label="Location"
              value={draft.locationId}
              choices={[
                { value: '', label: 'All locations' },
                ...catalogue.state.data.locations.map((l) => ({ value: l.id, label: l.name })),
              ]}
              onChange={(locationId) => setDraft((d) => ({ ...d, locationId }))}
            />
            <Select
              id="kind"
              label="Entries"
              value={draft.kind}
              choices={kinds}
              onChange={(kind) => setDraft((d) => ({ ...d, kind }))}
            />
          </div>
        ) : null}
        <button type="submit" className="button">
          Show the log
        </button>
      </form>
      <p className="cs-actions">
        <a className="button button--secondary" href={csApi.logDownload(query, 'pdf')} download>
          Download PDF
        </a>
        <a className="button button--secondary" href={csApi.logDownload(query, 'csv')} download>
          Download CSV
        </a>
      </p>
      {state.status !== 'failed' ? (
        <LoadState state={state}>
          {(page) => {
            const items = more.key === key ? [...page.items, ...more.items] : page.items;
            const cursor = more.key === key ? more.cursor : page.nextCursor;
            return (
              <>
                <h2>Totals</h2>
                {page.totals.length === 0 ? <p>No entries match.</p> : null}
                <ul>
                  {page.totals.map((t) => (
                    <li key={t.kind}>
                      {t.label}: {t.entries} {t.entries === 1 ? 'entry' : 'entries'}, {fmtMl(t.ml)} ({fmtMg(t.mg)})
                      {t.netMl !== t.ml ? `; after corrections ${fmtMl(t.netMl)} (${fmtMg(t.netMg)})` : null}
                    </li>
                  ))}
                </ul>
                <h2>Entries</h2>
                <div className="cs-table-wrap">
                  <table className="table">
                    <caption className="visually-hidden">Entries in time order</caption>
                    <thead>
                      <tr>
                        <th scope="col">When</th>
                        <th scope="col">Entry</th>
                        <th scope="col">Lot and vial</th>
                        <th scope="col">Change</th>
                        <th scope="col">Patient</th>
                        <th scope="col">By</th>
                        <th scope="col">Witness</th>
                        <th scope="col">Details</th>
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((e) => (
                        <tr key={e.id}>
                          <td>{formatDateTime(e.occurredAt)}</td>
                          <th scope="row">{e.kindLabel}</th>
                          <td>
                            {e.vial.lot}, vial {e.vial.number} ({e.location.name})
                          </td>
                          <td className={e.changeMl < 0 ? 'cs-negative' : undefined}>
                            {fmtMl(e.changeMl)} ({fmtMg(e.changeMg)})
                          </td>
                          <td>{e.patient ? `${e.patient.name} (${e.patient.mrn})` : ''}</td>
                          <td>{(e.administeredBy ?? e.recordedBy).name}</td>
                          <td>{e.witness?.name ?? ''}</td>
                          <td>
                            {e.receipt
                              ? `${e.receipt.supplierName}, DEA ${e.receipt.supplierDeaNumber}, invoice ${e.receipt.invoiceNumber}`
                              : (e.reason ?? '')}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {more.error ? <p role="alert">{more.error}</p> : null}
                {cursor ? (
                  <ShowMoreButton
                    label="Show more entries"
                    loading={more.loading}
                    onClick={() => {
                      setMore((m) => ({ ...m, loading: true }));
                      csApi.log({ ...query, cursor }).then(
                        (next) =>
                          setMore((m) => ({
                            key,
                            items: [...(m.key === key ? m.items : []), ...next.items],
                            cursor: next.nextCursor,
                            loading: false,
                            error: '',
                          })),
                        (error: unknown) =>
                          setMore((m) => ({
                            ...m,
                            loading: false,
                            error: errorMessage(error, 'More entries could not be loaded.'),
                          })),
                      );
                    }}
                  />
                ) : null}
              </>
            );
          }}
        </LoadState>
      ) : null}
    </>
  );
}
