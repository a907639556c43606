import { useState, type ReactNode } from 'react';
import { ErrorSummary, LiveRegion, TextField, errorFor } from '../../../shared/kit';
import { sessionApi } from '../session-api';
import { formatTime } from '../time';
import type { Ctx } from './context';
import { Disclosure, Panel, SubmitButton } from './entry-kit';
import { useWitnessedWaste } from './witnessed-waste';
import { WitnessFields } from './WitnessFields';

/** The vial waste's server paths (relative to its request body) → this form's inputs. */
const wasteFieldIds: Record<string, string> = {
  volumeMl: 'waste-volume',
  reason: 'waste-reason',
  witnessUserId: 'waste-witness',
  witnessPassword: 'waste-password',
  witnessCode: 'waste-password',
};

/**
 * Witnessed waste from the dose's vial (CLINICAL.md §6: two staff sign waste): the witness picks their name
 * and types their own password on this screen. Sent at once, never queued (the witness's password is not
 * kept on the tablet). During the session it is a panel to open; after discharge, while something is left
 * in the vial, it is the step before the signature (the server refuses to sign until the vial is empty).
 */
export function WasteForm({ ctx, step = false }: { ctx: Ctx; step?: boolean }) {
  const { session } = ctx;
  const vial = session.order?.vial;
  const remainder = session.vialRemainder;
  const [open, setOpen] = useState(step);
  const waste = useWitnessedWaste({
    ctx,
    open,
    send: sessionApi.waste,
    initialVolume: step && remainder ? String(remainder.remainingMl) : '',
    initialReason: 'Left in the vial after the dose',
    fieldIds: wasteFieldIds,
    savedMessage: 'Waste recorded in the controlled-substance register.',
  });
  if (!vial?.ledgerEntryId) return null;

  const content: ReactNode = (
    <>
      {remainder ? (
        <p>
          Left in the vial: <strong>{remainder.remainingMl} mL</strong>. Waste it with a witness before the record is
          signed.
        </p>
      ) : (
        <p>Nothing is left in the vial.</p>
      )}
      {vial.waste.length > 0 ? (
        <ul>
          {vial.waste.map((w) => (
            <li key={w.ledgerEntryId}>
              {w.volumeMl} mL wasted at {formatTime(w.at)}: {w.reason} (witness {w.witness})
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorSummary errors={waste.errors} />
      <LiveRegion>{waste.saved ? <p className="session-message">{waste.saved}</p> : null}</LiveRegion>
      <form onSubmit={(e) => void waste.submit(e)} noValidate>
        <p className="hint">
          Lot {vial.lotNumber}, vial {vial.vialNumber}. The witness watches the waste and types their own password.
        </p>
        <TextField
          id="waste-volume"
          label="Volume wasted (mL)"
          value={waste.volume}
          onChange={waste.setVolume}
          inputMode="decimal"
          width="short"
          error={errorFor(waste.errors, 'waste-volume')}
        />
        <WitnessFields waste={waste} idPrefix="waste" />
        <SubmitButton kind={step ? 'primary' : 'secondary'} busy={waste.busy}>
          Record the waste
        </SubmitButton>
      </form>
    </>
  );
  if (step) {
    return (
      <Panel id="waste" title="Waste what is left in the vial (witnessed)">
        {content}
      </Panel>
    );
  }
  return (
    <Disclosure panel summary="Waste from the vial (witnessed)" open={open} onToggle={setOpen}>
      {content}
    </Disclosure>
  );
}
