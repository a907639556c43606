import { useState, type SyntheticEvent } from 'react';
import { ApiError } from '../../../../shared/api';
import { identityApi, isStaffRole, type UserChanges, type UserSummary } from '../../../../shared/identity-api';
import { CheckboxGroup, errorFor, ErrorSummary, type FormError, TextField } from '../../../../shared/kit';
import { roleOptions, userFormErrors } from '../user-form';

/** Name and (for staff other than oneself) roles; saving sends the version it started from. */
export function DetailsForm({
  user,
  isSelf,
  onSaved,
  onStale,
}: {
  user: UserSummary;
  isSelf: boolean;
  onSaved: (u: UserSummary) => void;
  onStale: () => void;
}) {
  const [name, setName] = useState(user.name);
  const [roles, setRoles] = useState<string[]>(user.roles);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const found: FormError[] = [];
    if (!name.trim()) found.push({ fieldId: 'user-name', message: 'Enter their full name' });
    if (user.kind === 'staff' && roles.length === 0)
      found.push({ fieldId: 'user-roles', message: 'Select at least one role' });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const changes: UserChanges = { name: name.trim(), version: user.version };
      if (user.kind === 'staff' && !isSelf) changes.roles = roles.filter(isStaffRole);
      onSaved(await identityApi.updateUser(user.id, changes));
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.code === 'stale_version') onStale();
      else setErrors(userFormErrors(error, 'The changes could not be saved. Try again.'));
    }
  };
  return (
    <>
      <ErrorSummary errors={errors} />
      <form noValidate onSubmit={(e) => void submit(e)} className="form">
        <TextField
          id="user-name"
          label="Full name"
          autoComplete="off"
          spellCheck={false}
          value={name}
          onChange={setName}
          error={errorFor(errors, 'user-name')}
        />
        {user.kind === 'staff' && isSelf ? (
          <p className="muted">Another admin changes your roles: nobody changes their own.</p>
        ) : null}
        {user.kind === 'staff' && !isSelf ? (
          <CheckboxGroup
            name="roles"
            firstId="user-roles"
            legend="Roles"
            hint="Select all that apply."
            choices={roleOptions}
            values={roles}
            onChange={setRoles}
            error={errorFor(errors, 'user-roles')}
          />
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
      </form>
    </>
  );
}
