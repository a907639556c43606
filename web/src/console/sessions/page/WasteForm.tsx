import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type ReactNode, type SyntheticEvent } from 'react';
import { ErrorSummary, LiveRegion, Select, TextField, errorFor, type FormError } from '../../../shared/kit';
import { useMe } from '../../../shared/auth';
import { formErrors, parseNumber } from '../../patients/shared';
import { sessionApi } from '../session-api';
import { formatTime } from '../time';
import { fieldIds, type Ctx } from './context';
import { Disclosure, Panel, SubmitButton } from './entry-kit';

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
  const me = useMe();
  const witnesses = useQuery({
    queryKey: ['ledger-witnesses'],
    queryFn: () => sessionApi.witnesses(),
    enabled: open,
  });
  const people = (witnesses.data?.items ?? []).filter((p) => p.id !== me?.id);
  const [volume, setVolume] = useState(() => (step && remainder ? String(remainder.remainingMl) : ''));
  const [reason, setReason] = useState('Left in the vial after the dose');
  const [witness, setWitness] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef<string>(crypto.randomUUID());
  if (!vial?.ledgerEntryId) return null;

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors([]);
    setSaved(null);
    try {
      await sessionApi.waste(
        session.id,
        {
          version: session.version,
          volumeMl: parseNumber(volume),
          reason,
          witnessUserId: witness,
          witnessPassword: password,
        },
        key.current,
      );
      key.current = crypto.randomUUID();
      setPassword('');
      setVolume('');
      setSaved('Waste recorded in the controlled-substance register.');
      await ctx.reload();
    } catch (error) {
      setErrors(formErrors(error, fieldIds));
    } finally {
      setBusy(false);
    }
  }

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
      <ErrorSummary errors={errors} />
      <LiveRegion>{saved ? <p className="session-message">{saved}</p> : null}</LiveRegion>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p className="hint">
          Lot {vial.lotNumber}, vial {vial.vialNumber}. The witness watches the waste and types their own password.
        </p>
        <TextField
          id="waste-volume"
          label="Volume wasted (mL)"
          value={volume}
          onChange={setVolume}
          inputMode="decimal"
          width="short"
          error={errorFor(errors, 'waste-volume')}
        />
        <TextField id="waste-reason" label="Reason" value={reason} onChange={setReason} />
        <Select
          id="waste-witness"
          label="Witness"
          value={witness}
          onChange={setWitness}
          choices={[{ value: '', label: 'Choose the witness' }, ...people.map((p) => ({ value: p.id, label: p.name }))]}
          error={errorFor(errors, 'waste-witness')}
        />
        <TextField
          id="waste-password"
          label="Witness’s password"
          type="password"
          autoComplete="off"
          value={password}
          onChange={setPassword}
          width="medium"
          error={errorFor(errors, 'waste-password')}
        />
        <SubmitButton kind={step ? 'primary' : 'secondary'} busy={busy}>
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
