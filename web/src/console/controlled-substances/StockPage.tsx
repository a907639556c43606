import { Link, useSearchParams } from 'react-router';
import { Notice, PageHeading, Checkbox, Select } from '../../shared/kit';
import { useMe } from '../../shared/auth';
import { can } from '../nav';
import { csApi, fmtMg, fmtMl, useLoad, usDate } from './cs-api';
import { LoadState } from './parts';

/**
 * Stock by product, lot and vial, per location — the start of every controlled-substance task. Reviewers
 * (admins, prescribers) see unresolved count discrepancies here first.
 */
export function StockPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const locationId = params.get('location') ?? '';
  const includeFinished = params.get('finished') === 'yes';
  const { state } = useLoad(
    () => csApi.stock({ locationId: locationId || undefined, includeFinished: includeFinished ? 'true' : undefined }),
    `${locationId}/${includeFinished}`,
  );
  const reviewer = can(me, 'ledger.review');
  const recorder = can(me, 'ledger.record');
  const unresolved = useLoad(
    () => (reviewer ? csApi.counts({ unresolved: 'true' }) : Promise.resolve({ items: [] })),
    'unresolved',
  );
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeading title="Controlled substances">Controlled substances</PageHeading>
      <p>
        Ketamine is a DEA Schedule III drug: every vial received, every dose, every waste and every count is kept here.
      </p>
      {unresolved.state.status === 'ready' && unresolved.state.data.items.length > 0 ? (
        <Notice
          kind="warning"
          title={`${unresolved.state.data.items.length} count discrepancy${unresolved.state.data.items.length === 1 ? '' : 'ies'} not yet explained`}
        >
          <p>
            <Link to="/controlled-substances/counts">Review the counts</Link>: each difference must be explained and
            signed by two members of staff.
          </p>
        </Notice>
      ) : null}
      <nav aria-label="Controlled-substance tasks" className="cs-actions">
        {recorder ? (
          <>
            <Link className="button" to="/controlled-substances/receive">
              Receive stock
            </Link>
            <Link className="button button--secondary" to="/controlled-substances/dose">
              Record a dose
            </Link>
            <Link className="button button--secondary" to="/controlled-substances/waste">
              Record waste
            </Link>
          </>
        ) : null}
        <Link className="button button--secondary" to="/controlled-substances/counts">
          Counts
        </Link>
        <Link className="button button--secondary" to="/controlled-substances/inventories">
          Inventories
        </Link>
        <Link className="button button--secondary" to="/controlled-substances/disposals">
          Destruction and loss
        </Link>
        {reviewer ? (
          <Link className="button button--secondary" to="/controlled-substances/log">
            Dispensing log
          </Link>
        ) : null}
      </nav>
      <LoadState state={state}>
        {(stock) => (
          <>
            <div className="inline-fields">
              <Select
                id="location"
                label="Location"
                value={locationId}
                choices={[
                  { value: '', label: 'All locations' },
                  ...stock.locations.map((l) => ({ value: l.id, label: l.name })),
                ]}
                onChange={(v) => set('location', v)}
              />
            </div>
            <Checkbox
              id="finished"
              label="Show finished vials too (empty, wasted, destroyed, lost)"
              checked={includeFinished}
              onChange={(v) => set('finished', v ? 'yes' : '')}
            />
            <h2>On hand by product and lot</h2>
            {stock.products.length === 0 ? <p>No products yet. Receive stock to add the first one.</p> : null}
            {stock.products.map((p) => (
              <section key={p.id} aria-labelledby={`product-${p.id}`}>
                <h3 id={`product-${p.id}`}>
                  {p.label}{' '}
                  <span className="caption">
                    NDC {p.ndc} · Schedule {p.schedule}
                  </span>
                </h3>
                <p>
                  <span className="cs-figure">{fmtMl(p.remainingMl)}</span> ({fmtMg(p.remainingMg)}) on hand
                </p>
                {p.lots.length ? (
                  <div className="cs-table-wrap">
                    <table className="table">
                      <caption className="visually-hidden">Lots of {p.label}</caption>
                      <thead>
                        <tr>
                          <th scope="col">Lot</th>
                          <th scope="col">Location</th>
                          <th scope="col">Expires</th>
                          <th scope="col">Containers with stock</th>
                          <th scope="col">On hand</th>
                          {reviewer ? <th scope="col">Records</th> : null}
                        </tr>
                      </thead>
                      <tbody>
                        {p.lots.map((l) => (
                          <tr key={`${l.locationId}/${l.lot}`}>
                            <th scope="row">{l.lot}</th>
                            <td>{stock.locations.find((x) => x.id === l.locationId)?.name}</td>
                            <td>{usDate(l.expiresOn)}</td>
                            <td>{l.containers}</td>
                            <td>
                              {fmtMl(l.remainingMl)} ({fmtMg(l.remainingMg)})
                            </td>
                            {reviewer ? (
                              <td>
                                <Link to={`/controlled-substances/log?lot=${encodeURIComponent(l.lot)}`}>
                                  Every movement of lot {l.lot}
                                </Link>
                              </td>
                            ) : null}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ) : (
                  <p>None on hand.</p>
                )}
              </section>
            ))}
            <h2>Vials</h2>
            {stock.vials.length === 0 ? (
              <p>No vials here.</p>
            ) : (
              <div className="cs-table-wrap">
                <table className="table">
                  <caption className="visually-hidden">Vials</caption>
                  <thead>
                    <tr>
                      <th scope="col">Vial</th>
                      <th scope="col">Product</th>
                      <th scope="col">Location</th>
                      <th scope="col">Status</th>
                      <th scope="col">Remaining</th>
                      <th scope="col">Expires</th>
                    </tr>
                  </thead>
                  <tbody>
                    {stock.vials.map((v) => (
                      <tr key={v.id}>
                        <th scope="row">
                          <Link to={`/controlled-substances/vials/${v.id}`}>{v.label}</Link>
                        </th>
                        <td>{stock.products.find((p) => p.id === v.productId)?.label}</td>
                        <td>{v.locationName}</td>
                        <td>{v.statusLabel}</td>
                        <td>
                          {fmtMl(v.remainingMl)} of {fmtMl(v.capacityMl)}
                        </td>
                        <td>{usDate(v.expiresOn)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </LoadState>
    </>
  );
}
