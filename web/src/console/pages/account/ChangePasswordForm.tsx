import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { ApiError } from '../../../shared/api';
import { identityApi } from '../../../shared/identity-api';
import { errorFor, ErrorSummary, type FormError, PageHeading, TextField } from '../../../shared/kit';

export const minimumPasswordLength = 12;

const fieldIds: Record<string, string> = {
  currentPassword: 'current-password',
  newPassword: 'new-password',
  code: 'security-code',
};

function serverErrors(error: unknown, currentLabel: string): FormError[] {
  if (!(error instanceof ApiError)) return [{ message: 'Something went wrong. Try again.' }];
  const fields = Object.entries(error.fieldMessages()).map(([field, message]) => ({
    fieldId: fieldIds[field] ?? field,
    message,
  }));
  if (fields.length > 0) return fields;
  switch (error.code) {
    case 'password_weak':
      return [
        {
          fieldId: 'new-password',
          message: error.detail ?? 'Choose a stronger password: at least 12 characters and not a common password',
        },
      ];
    case 'password_incorrect':
    case 'invalid_credentials':
      return [{ fieldId: 'current-password', message: `Your ${currentLabel.toLowerCase()} is not correct` }];
    case 'mfa_code_incorrect':
      return [{ fieldId: 'security-code', message: 'The security code is not right or was already used' }];
    case 'rate_limited':
      return [{ fieldId: 'current-password', message: error.detail ?? 'Too many attempts. Try again later' }];
    default:
      return [{ message: error.detail ?? 'Your password could not be changed. Try again.' }];
  }
}

interface ChangePasswordFormProps {
  title: string;
  intro?: ReactNode;
  onChanged: () => void;
  submitLabel?: string;
  currentLabel?: string;
  /** Two-step verification is on: the server asks for a current code (or a recovery code) too. */
  askForCode?: boolean;
}

/** The page's heading and form: current password, new password twice; onChanged after the server accepts it. */
export function ChangePasswordForm({
  title,
  intro,
  onChanged,
  submitLabel = 'Change password',
  currentLabel = 'Current password',
  askForCode = false,
}: ChangePasswordFormProps) {
  const [current, setCurrent] = useState('');
  const [code, setCode] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const found: FormError[] = [];
    if (!current) found.push({ fieldId: 'current-password', message: `Enter your ${currentLabel.toLowerCase()}` });
    if (!next) found.push({ fieldId: 'new-password', message: 'Enter a new password' });
    else if (next.length < minimumPasswordLength)
      found.push({
        fieldId: 'new-password',
        message: `Your new password must be at least ${minimumPasswordLength} characters`,
      });
    else if (next === current)
      found.push({
        fieldId: 'new-password',
        message: 'Your new password must be different from your current password',
      });
    if (askForCode && !code.trim())
      found.push({ fieldId: 'security-code', message: 'Enter the security code from your authenticator app' });
    if (next && confirm !== next)
      found.push({ fieldId: 'confirm-password', message: 'The passwords do not match. Enter your new password again' });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      await identityApi.changePassword({
        currentPassword: current,
        newPassword: next,
        ...(askForCode ? { code: code.trim() } : {}),
      });
      onChanged();
    } catch (error) {
      setErrors(serverErrors(error, currentLabel));
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorSummary errors={errors} />
      <PageHeading title={title}>{title}</PageHeading>
      {intro}
      <form noValidate onSubmit={(e) => void submit(e)} className="form">
        <TextField
          id="current-password"
          label={currentLabel}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          error={errorFor(errors, 'current-password')}
        />
        {askForCode ? (
          <TextField
            id="security-code"
            label="Security code"
            hint="The 6-digit code from your authenticator app, or one of your recovery codes."
            autoComplete="one-time-code"
            inputMode="text"
            value={code}
            onChange={setCode}
            error={errorFor(errors, 'security-code')}
          />
        ) : null}
        <TextField
          id="new-password"
          label="New password"
          hint={`At least ${minimumPasswordLength} characters. Common passwords are refused. A few unrelated words together make a strong password that is easy to remember.`}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={setNext}
          error={errorFor(errors, 'new-password')}
        />
        <TextField
          id="confirm-password"
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={setConfirm}
          error={errorFor(errors, 'confirm-password')}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </form>
    </>
  );
}
