import { useState, type ReactNode } from 'react';
import { ErrorSummary, LiveRegion, TextField, errorFor } from '../../../shared/kit';
import { sessionApi } from '../session-api';
import { formatTime } from '../time';
import type { Ctx } from './context';
import { Disclosure, Panel, SubmitButton } from './entry-kit';
import { useWitnessedWaste } from './witnessed-waste';
import { WitnessFields } from './WitnessFields';

/** The bag waste's server paths (relative to its request body) → this form's inputs. */
const bagFieldIds: Record<string, string> = {
  volumeMl: 'bag-volume',
  reason: 'bag-reason',
  witnessUserId: 'bag-witness',
  witnessPassword: 'bag-password',
  witnessCode: 'bag-password',
};

/**
 * The drug drawn into the IV bag and not infused, when the infusion stopped early (decision 028;
 * CLINICAL.md §6: every mg drawn is given or wasted, two staff sign waste). The whole rest is wasted at
 * once, its volume pre-filled from the record; the witness picks their name and types their own password.
 * Sent at once, never queued. During observation it is a panel to open; after discharge it is the step
 * before the signature (the server refuses to sign until the bag is wasted).
 */
export function BagWasteForm({ ctx, step = false }: { ctx: Ctx; step?: boolean }) {
  const { session } = ctx;
  const remainder = session.bagRemainder;
  const recorded = session.order?.vial?.bagWaste ?? null;
  const [open, setOpen] = useState(step);
  const waste = useWitnessedWaste({
    ctx,
    open,
    send: sessionApi.bagWaste,
    initialVolume: remainder ? String(remainder.remainingMl) : '',
    initialReason: 'Infusion stopped early: left in the IV bag',
    fieldIds: bagFieldIds,
    savedMessage: 'Bag waste recorded in the controlled-substance register.',
  });
  if (!remainder && !recorded) return null;

  const content: ReactNode = (
    <>
      {recorded ? (
        <p>
          {recorded.volumeMl} mL of drug ({recorded.mg} mg) wasted with the bag at {formatTime(recorded.at)}:{' '}
          {recorded.reason} (witness {recorded.witness}).
        </p>
      ) : null}
      <LiveRegion>{waste.saved ? <p className="session-message">{waste.saved}</p> : null}</LiveRegion>
      {remainder ? (
        <>
          <p>
            The infusion stopped at {remainder.volumeInfusedMl} of {remainder.finalVolumeMl} mL: {remainder.deliveredMg}{' '}
            of the {remainder.drawnMg} mg drawn ran in. Still in the bag:{' '}
            <strong>
              {remainder.remainingMl} mL of drug ({remainder.remainingMg} mg)
            </strong>
            . Waste the bag with a witness before the record is signed.
          </p>
          <ErrorSummary errors={waste.errors} />
          <form onSubmit={(e) => void waste.submit(e)} noValidate>
            <p className="hint">
              Lot {remainder.lotNumber}, vial {remainder.vialNumber}, {remainder.concentrationMgPerMl} mg/mL. The
              witness watches the bag being wasted and types their own password.
            </p>
            <TextField
              id="bag-volume"
              label="Drug wasted with the bag (mL)"
              hint={`Undiluted drug at ${remainder.concentrationMgPerMl} mg/mL: all of what is left, ${remainder.remainingMl} mL`}
              value={waste.volume}
              onChange={waste.setVolume}
              inputMode="decimal"
              width="short"
              error={errorFor(waste.errors, 'bag-volume')}
            />
            <WitnessFields waste={waste} idPrefix="bag" />
            <SubmitButton kind={step ? 'primary' : 'secondary'} busy={waste.busy}>
              Record the bag waste
            </SubmitButton>
          </form>
        </>
      ) : null}
    </>
  );
  if (step) {
    return (
      <Panel id="bag-waste" title="Waste what is left in the IV bag (witnessed)">
        {content}
      </Panel>
    );
  }
  return (
    <Disclosure panel summary="Waste what is left in the IV bag (witnessed)" open={open} onToggle={setOpen}>
      {content}
    </Disclosure>
  );
}
