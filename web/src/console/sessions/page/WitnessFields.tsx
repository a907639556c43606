import { Select, TextField, errorFor } from '../../../shared/kit';
import type { WitnessedWaste } from './witnessed-waste';

/**
 * The reason, the witness and the witness's own password of a witnessed waste (the vial's rest, the IV bag's
 * rest); each form puts its own amount field before them. Inputs are `${idPrefix}-reason`, `-witness`,
 * `-password`, as the form's field ids map the server's paths.
 */
export function WitnessFields({ waste, idPrefix }: { waste: WitnessedWaste; idPrefix: string }) {
  return (
    <>
      <TextField
        id={`${idPrefix}-reason`}
        label="Reason"
        value={waste.reason}
        onChange={waste.setReason}
        error={errorFor(waste.errors, `${idPrefix}-reason`)}
      />
      <Select
        id={`${idPrefix}-witness`}
        label="Witness"
        value={waste.witness}
        onChange={waste.setWitness}
        choices={[
          { value: '', label: 'Choose the witness' },
          ...waste.people.map((p) => ({ value: p.id, label: p.name })),
        ]}
        error={errorFor(waste.errors, `${idPrefix}-witness`)}
      />
      <TextField
        id={`${idPrefix}-password`}
        label="Witness’s password"
        type="password"
        autoComplete="off"
        value={waste.password}
        onChange={waste.setPassword}
        width="medium"
        error={errorFor(waste.errors, `${idPrefix}-password`)}
      />
    </>
  );
}
