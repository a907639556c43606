import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type SyntheticEvent } from 'react';
import type { FormError } from '../../../shared/kit';
import { useMe } from '../../../shared/auth';
import { formErrors, parseNumber } from '../../patients/shared';
import { sessionApi } from '../session-api';
import type { Ctx } from './context';

/**
 * What a witnessed waste form holds (the vial's rest, the IV bag's rest): the amount, the reason, the witness
 * and their password, sent at once with its own Idempotency-Key (never queued: the witness's password is
 * not kept on the tablet), then the session reloaded. The witness list leaves out the person signed in.
 */
export function useWitnessedWaste(o: {
  ctx: Ctx;
  open: boolean;
  send: (id: string, body: Record<string, unknown>, key: string) => Promise<unknown>;
  initialVolume: string;
  initialReason: string;
  fieldIds: Record<string, string>;
  savedMessage: string;
}) {
  const { ctx } = o;
  const me = useMe();
  const witnesses = useQuery({
    queryKey: ['ledger-witnesses'],
    queryFn: () => sessionApi.witnesses(),
    enabled: o.open,
  });
  const people = (witnesses.data?.items ?? []).filter((p) => p.id !== me?.id);
  const [volume, setVolume] = useState(o.initialVolume);
  const [reason, setReason] = useState(o.initialReason);
  const [witness, setWitness] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef<string>(crypto.randomUUID());

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors([]);
    setSaved(null);
    try {
      await o.send(
        ctx.session.id,
        {
          version: ctx.session.version,
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
      setSaved(o.savedMessage);
      await ctx.reload();
    } catch (error) {
      setErrors(formErrors(error, o.fieldIds));
    } finally {
      setBusy(false);
    }
  }

  return {
    people,
    witnessesLoading: witnesses.isLoading,
    volume,
    setVolume,
    reason,
    setReason,
    witness,
    setWitness,
    password,
    setPassword,
    errors,
    saved,
    busy,
    submit,
  };
}

/** What a witnessed waste form reads and sets (the hook's answer). */
export type WitnessedWaste = ReturnType<typeof useWitnessedWaste>;
