import { Link } from 'react-router';
import { TextField, Notice, Select } from '../../shared/kit';
import type { Loaded, Person } from './cs-api';
import './cs.css';

/** Pieces the controlled-substance screens share: the witness's own confirmation, the back link, load states. */
export function WitnessFields({
  idPrefix,
  people,
  value,
  onChange,
  errors,
  legend,
}: {
  idPrefix: string;
  people: readonly Person[];
  value: { witnessUserId: string; secret: string };
  onChange: (v: { witnessUserId: string; secret: string }) => void;
  errors: Record<string, string | undefined>;
  legend: string;
}) {
  return (
    <fieldset className="fieldset witness">
      <legend className="field__label">{legend}</legend>
      <p className="field__hint">
        Hand the device to the witness. They choose their name and type their own password, or the 6-digit code from
        their authenticator app. Nobody witnesses their own entry.
      </p>
      <Select
        id={`${idPrefix}-user`}
        label="Witness"
        value={value.witnessUserId}
        choices={[
          { value: '', label: 'Choose a member of staff' },
          ...people.map((p) => ({ value: p.id, label: p.name })),
        ]}
        onChange={(witnessUserId) => onChange({ ...value, witnessUserId })}
        error={errors[`${idPrefix}-user`]}
      />
      <TextField
        id={`${idPrefix}-secret`}
        label="Witness’s password or authenticator code"
        type="password"
        autoComplete="off"
        width="medium"
        value={value.secret}
        onChange={(secret) => onChange({ ...value, secret })}
        error={errors[`${idPrefix}-secret`]}
      />
    </fieldset>
  );
}

/** A 6-digit secret is an authenticator code; anything else is the witness's password. */
export function witnessBody(value: { witnessUserId: string; secret: string }): Record<string, string> {
  const secret = value.secret.trim();
  return /^\d{6}$/.test(secret)
    ? { witnessUserId: value.witnessUserId, witnessCode: secret }
    : { witnessUserId: value.witnessUserId, witnessPassword: value.secret };
}

export function BackLink({
  to = '/controlled-substances',
  children = 'Back to controlled substances',
}: {
  to?: string;
  children?: string;
}) {
  return (
    <p>
      <Link className="back-link" to={to}>
        {children}
      </Link>
    </p>
  );
}

export function LoadState<T>({ state, children }: { state: Loaded<T>; children: (data: T) => React.ReactNode }) {
  if (state.status === 'loading') return <p aria-live="polite">Loading…</p>;
  if (state.status === 'failed')
    return (
      <Notice kind="warning" title="This could not be loaded">
        <p>{state.message}</p>
      </Notice>
    );
  return <>{children(state.data)}</>;
}
