import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { ApiError } from '../api';
import { identityApi } from '../identity-api';
import {
  errorFor,
  ErrorSummary,
  type FormError,
  minimumPasswordLength,
  NewPasswordFields,
  newPasswordProblems,
  PageHeading,
  TextField,
} from '../kit';

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
    if (askForCode && !code.trim())
      found.push({ fieldId: 'security-code', message: 'Enter the security code from your authenticator app' });
    found.push(
      ...newPasswordProblems(
        next,
        confirm,
        {
          empty: 'Enter a new password',
          short: `Your new password must be at least ${minimumPasswordLength} characters`,
          mismatch: 'The passwords do not match. Enter your new password again',
        },
        current,
      ),
    );
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
        <NewPasswordFields
          errors={errors}
          password={next}
          confirm={confirm}
          onPassword={setNext}
          onConfirm={setConfirm}
          labels={{ password: 'New password', confirm: 'Confirm new password' }}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </form>
    </>
  );
}
