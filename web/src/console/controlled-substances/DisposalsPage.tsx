import { PageHeading } from '../../shared/kit';
import { useMe } from '../../shared/auth';
import { formatDateTime } from '../../shared/time';
import { can } from '../nav';
import { csApi, fmtMl, useLoad, type Person } from './cs-api';
import { BackLink, LoadState } from './parts';
import { DestructionForm } from './disposals/DestructionForm';
import { LossCard } from './disposals/LossCard';
import { LossForm } from './disposals/LossForm';

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
