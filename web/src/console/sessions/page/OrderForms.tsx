import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Checkbox, CheckboxGroup, Notice, RadioGroup, Select, TextField, errorFor } from '../../../shared/kit';
import { formatDate } from '../../../shared/time';
import { parseNumber } from '../../patients/shared';
import { sessionApi, type Session, type VialChoice } from '../session-api';
import { nowIso, sessionKey, type Ctx } from './context';
import { EntryForm, Panel, SummaryList } from './entry-kit';

/**
 * Today's dose from the signed plan and a container of the clinic's stock (decision 019): a vial for IV/IM
 * ketamine, two or three 28 mg devices for esketamine. The stock list is a query under the session's key,
 * read again after each order (a vial may have been drawn from meanwhile).
 */
export function OrderForm({ ctx }: { ctx: Ctx }) {
  if (ctx.session.route === 'IN') return <EsketamineOrderForm ctx={ctx} />;
  return <KetamineOrderForm ctx={ctx} />;
}

function useStock(session: Session, ordered: string | number | null | undefined) {
  return useQuery({
    queryKey: [...sessionKey(session.id), 'vials', ordered ?? null],
    queryFn: () => sessionApi.vials(session.id),
  });
}

function StockNotice({ title, children }: { title: string; children: string }) {
  return (
    <Notice kind="warning" title={title}>
      <p>{children}</p>
    </Notice>
  );
}

const sites = [
  { value: 'deltoid_left', label: 'Left deltoid' },
  { value: 'deltoid_right', label: 'Right deltoid' },
  { value: 'vastus_lateralis_left', label: 'Left vastus lateralis' },
  { value: 'vastus_lateralis_right', label: 'Right vastus lateralis' },
  { value: 'ventrogluteal_left', label: 'Left ventrogluteal' },
  { value: 'ventrogluteal_right', label: 'Right ventrogluteal' },
] as const;

const vialLabel = (v: VialChoice): string =>
  `${v.drug} ${v.strengthMgPerMl} mg/mL · lot ${v.lot}, vial ${v.number} · ${v.remainingMl} mL left · expires ${formatDate(v.expiresOn)}${v.status === 'open' ? ' · in use' : ''}`;

/** Esketamine: 56 or 84 mg as 2 or 3 sealed nasal-spray devices from the stock here. */
function EsketamineOrderForm({ ctx }: { ctx: Ctx }) {
  const { session } = ctx;
  const o = session.order?.esketamine;
  const stock = useStock(session, o?.doseMg);
  const devices = stock.data?.items.filter((v) => v.status === 'sealed');
  const [chosen, setChosen] = useState<string[]>([]);
  const [dose, setDose] = useState<'56' | '84'>(o?.doseMg === 84 ? '84' : '56');
  return (
    <Panel id="order" title="Today’s dose">
      {o ? (
        <SummaryList
          rows={[
            ['Dose', `Esketamine nasal spray ${o.doseMg} mg (${o.devices.length} devices of 28 mg)`],
            ...o.devices.map(
              (d, i) =>
                [
                  `Device ${i + 1}`,
                  `Lot ${d.lotNumber}, no. ${d.vialNumber}, expires ${formatDate(d.expiryDate)}`,
                ] as const,
            ),
          ]}
        />
      ) : null}
      <EntryForm
        ctx={ctx}
        path="/order"
        label="Order"
        submit={o ? 'Change the order' : 'Order the dose'}
        body={() => ({ doseMg: Number(dose), devices: chosen.map((vialId) => ({ vialId })) })}
      >
        <RadioGroup
          name="esk-dose"
          firstId="esk-dose"
          legend="Dose"
          value={dose}
          onChange={setDose}
          choices={[
            { value: '56', label: '56 mg (2 devices)' },
            { value: '84', label: '84 mg (3 devices)' },
          ]}
          error={errorFor(ctx.errors, 'esk-dose')}
        />
        {stock.isPending ? (
          <p aria-live="polite">Loading the devices in stock…</p>
        ) : !devices?.length ? (
          <StockNotice title="No device in stock here">
            No sealed esketamine nasal-spray device, in date, is kept at this location.
          </StockNotice>
        ) : (
          <CheckboxGroup
            name="esk-devices"
            firstId="esk-devices"
            legend="Devices drawn (one per 28 mg)"
            hint="Lot and expiry come from the controlled-substance register."
            values={chosen}
            onChange={setChosen}
            choices={devices.map((v) => ({
              value: v.id,
              label: `Lot ${v.lot}, no. ${v.number}, expires ${formatDate(v.expiresOn)}${session.locationId ? '' : ` · ${v.locationName}`}`,
            }))}
            error={errorFor(ctx.errors, 'esk-devices')}
          />
        )}
      </EntryForm>
    </Panel>
  );
}

function KetamineOrderForm({ ctx }: { ctx: Ctx }) {
  const { session } = ctx;
  const o = session.order;
  const stock = useStock(session, o?.vial?.vialId);
  const vials = stock.data?.items;
  const [vialId, setVialId] = useState(o?.vial?.vialId ?? '');
  // The vial chosen, or (none chosen, or no longer offered) the first offered: in use first.
  const selected = vials?.some((v) => v.id === vialId) ? vialId : (vials?.[0]?.id ?? '');
  const [diluent, setDiluent] = useState<'sodium_chloride_0_9' | 'dextrose_5'>('sodium_chloride_0_9');
  const [volume, setVolume] = useState('100');
  const [site, setSite] = useState<(typeof sites)[number]['value']>('deltoid_left');
  const [titrate, setTitrate] = useState(false);
  const [override, setOverride] = useState('');
  return (
    <Panel id="order" title="Today’s dose">
      {o ? (
        <SummaryList
          rows={[
            [
              'Dose',
              `${o.mgPerKg} mg/kg × ${o.dosingWeightKg} kg = ${o.doseMg} mg${o.titrated ? ' (titrated up)' : ''}`,
            ],
            [
              'Draw up',
              `${o.drugVolumeMl} mL of ${o.concentrationMgPerMl} mg/mL (exact ${o.rounding.exactMl} mL, rounded to ${o.rounding.stepMl} mL: ${o.deliveredMgIfGivenInFull} mg)`,
            ],
            [
              'From vial',
              o.vial
                ? `${o.vial.drug} ${o.vial.strengthMgPerMl} mg/mL, lot ${o.vial.lotNumber}, vial ${o.vial.vialNumber}, expires ${formatDate(o.vial.expiryDate)}`
                : null,
            ],
            [
              'Infusion',
              o.iv
                ? `In ${o.iv.finalVolumeMl} mL ${o.iv.diluent === 'dextrose_5' ? '5 % dextrose' : '0.9 % saline'} over ${o.iv.infusionMinutes} min: pump ${o.iv.pumpRateMlPerHour} mL/h (${o.iv.mgPerKgPerHour} mg/kg/h)`
                : null,
            ],
            ['Site', o.im ? (sites.find((s) => s.value === o.im!.site)?.label ?? o.im.site) : null],
            [
              'Over the protocol limit',
              o.limitCheck.status === 'override_required' ? `Prescriber override: ${session.doseOverrideReason}` : null,
            ],
          ]}
        />
      ) : null}
      <EntryForm
        ctx={ctx}
        path="/order"
        label="Order"
        submit={o ? 'Recalculate the order' : 'Calculate the order'}
        body={() => ({
          titrate,
          vialId: selected,
          ...(session.route === 'IV' ? { diluent, finalVolumeMl: parseNumber(volume) } : { site }),
          ...(override.trim() ? { overrideReason: override } : {}),
        })}
      >
        {stock.isPending ? (
          <p aria-live="polite">Loading the vials in stock…</p>
        ) : !vials?.length ? (
          <StockNotice title="No vial in stock here">
            No sealed or in-use vial of this drug, in date, is kept at this location. Receive stock in the
            controlled-substance register first.
          </StockNotice>
        ) : (
          <Select
            id="order-vial"
            label="Vial to draw from"
            hint="In-use vials first, then the earliest expiry. The volume is worked out at the vial’s strength."
            value={selected}
            onChange={setVialId}
            choices={vials.map((v) => ({ value: v.id, label: vialLabel(v) }))}
            error={errorFor(ctx.errors, 'order-vial')}
          />
        )}
        {session.route === 'IV' ? (
          <>
            <Select
              id="order-diluent"
              label="Diluent"
              value={diluent}
              onChange={setDiluent}
              choices={[
                { value: 'sodium_chloride_0_9', label: '0.9 % sodium chloride' },
                { value: 'dextrose_5', label: '5 % dextrose' },
              ]}
            />
            <TextField
              id="order-volume"
              label="Final volume (mL)"
              value={volume}
              onChange={setVolume}
              inputMode="decimal"
              width="short"
              error={errorFor(ctx.errors, 'order-volume')}
            />
          </>
        ) : (
          <Select id="order-site" label="Injection site" value={site} onChange={setSite} choices={sites} />
        )}
        <Checkbox
          id="order-titrate"
          label="Titrate up one step, as the plan allows"
          checked={titrate}
          onChange={setTitrate}
        />
        {ctx.prescriber ? (
          <TextField
            id="order-override"
            label="Override reason (only for a dose above the protocol’s limit)"
            value={override}
            onChange={setOverride}
            error={errorFor(ctx.errors, 'order-override')}
          />
        ) : null}
      </EntryForm>
    </Panel>
  );
}

/** The dose given: the ledger's administration entries are written with it, on the server. */
export function StartForm({ ctx }: { ctx: Ctx }) {
  const { session } = ctx;
  const esketamine = session.order?.esketamine;
  const vial = session.order?.vial;
  const iv = session.route === 'IV';
  return (
    <Panel id="start" title={esketamine ? 'Give the nasal spray' : iv ? 'Start the infusion' : 'Give the injection'}>
      <EntryForm
        ctx={ctx}
        path="/start"
        label={esketamine ? 'Nasal spray given' : iv ? 'Infusion started' : 'Injection given'}
        submit={esketamine ? 'First device given now' : iv ? 'Start infusion now' : 'Injection given now'}
        kind="large"
        body={() => ({ at: nowIso() })}
      >
        {esketamine ? (
          <p>
            {esketamine.devices.length} devices ({esketamine.doseMg} mg). Record the time of the first device: the
            2-hour REMS observation runs from it. Each device is recorded in the controlled-substance register.
          </p>
        ) : vial ? (
          <p>
            Draw {session.order?.drugVolumeMl} mL from lot {vial.lotNumber}, vial {vial.vialNumber} (
            {vial.strengthMgPerMl} mg/mL, expires {formatDate(vial.expiryDate)}). The draw is recorded in the
            controlled-substance register.
          </p>
        ) : null}
      </EntryForm>
    </Panel>
  );
}
