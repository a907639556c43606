import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { identityApi, isStaffRole } from '../../../shared/identity-api';
import {
  CheckboxGroup,
  errorFor,
  ErrorSummary,
  type FormError,
  minimumPasswordLength,
  PageHeading,
  TextField,
} from '../../../shared/kit';
import { roleOptions, suggestPassword, userFormErrors } from './user-form';
import type { UsersNotice } from './UsersPage';

export function InviteUserPage() {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const found: FormError[] = [];
    if (!name.trim()) found.push({ fieldId: 'user-name', message: 'Enter their full name' });
    if (!email.trim()) found.push({ fieldId: 'user-email', message: 'Enter their email address' });
    else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim()))
      found.push({
        fieldId: 'user-email',
        message: 'Enter an email address in the correct format, like name@example.org',
      });
    if (roles.length === 0) found.push({ fieldId: 'user-roles', message: 'Select at least one role' });
    if (!password)
      found.push({ fieldId: 'user-password', message: 'Enter a temporary password, or select “Suggest a password”' });
    else if (password.length < minimumPasswordLength)
      found.push({
        fieldId: 'user-password',
        message: `The temporary password must be at least ${minimumPasswordLength} characters`,
      });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const user = await identityApi.inviteUser({
        name: name.trim(),
        email: email.trim(),
        roles: roles.filter(isStaffRole),
        temporaryPassword: password,
      });
      const state: UsersNotice = {
        notice: {
          title: `${user.name} has been invited`,
          temporaryPassword: password,
          lines: [
            'Tell them this password in person or by phone, not by email. They will choose their own password when they first sign in.',
            ...(user.pendingRoleGrant
              ? [
                  'The prescriber role waits for a second admin to confirm it on their account page; until then they have the other roles only.',
                ]
              : []),
          ],
        },
      };
      void navigate('/admin/users', { state });
    } catch (error) {
      setErrors(userFormErrors(error, 'The user could not be invited. Try again.'));
      setBusy(false);
    }
  };

  return (
    <>
      <Link className="back-link" to="/admin/users">
        Back to users
      </Link>
      <ErrorSummary errors={errors} />
      <PageHeading title="Invite a user">Invite a user</PageHeading>
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
        <TextField
          id="user-email"
          label="Email address"
          hint="They sign in with this."
          type="email"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          value={email}
          onChange={setEmail}
          error={errorFor(errors, 'user-email')}
        />
        <CheckboxGroup
          name="roles"
          firstId="user-roles"
          legend="Roles"
          hint="Select all that apply. Administrators and prescribers must use two-step verification."
          choices={roleOptions}
          values={roles}
          onChange={setRoles}
          error={errorFor(errors, 'user-roles')}
        />
        <TextField
          id="user-password"
          label="Temporary password"
          hint={`At least ${minimumPasswordLength} characters. They must change it when they first sign in.`}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          className="input--mono"
          value={password}
          onChange={setPassword}
          error={errorFor(errors, 'user-password')}
        />
        <p>
          <button type="button" className="button button--secondary" onClick={() => setPassword(suggestPassword())}>
            Suggest a password
          </button>
        </p>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Inviting…' : 'Invite user'}
        </button>
      </form>
    </>
  );
}
