import type { ChangeEvent, ReactNode } from 'react';
import { patientStatusLabels, type PatientStatus } from '../../../../src/domain/chart/patient-status';
import { ApiError } from '../../shared/api';
import type { FormError } from '../components/ErrorSummary';
import './patients.css';

/** Small pieces the patient screens share: status tag, radios, selects, error mapping. */
export function StatusTag({ status }: { status: PatientStatus }) {
  return <span className={`status-tag status-tag--${status}`}>{patientStatusLabels[status]}</span>;
}

export function errorMessage(error: unknown, fallback: string): string {
  return error instanceof ApiError ? (error.detail ?? error.title) : fallback;
}

/** Field errors from a problem+json (`/body/content/route` → the id the form gave that field). */
export function formErrors(error: unknown, ids: Record<string, string> = {}): FormError[] {
  if (!(error instanceof ApiError)) return [{ message: 'Something went wrong. Try again.' }];
  if (error.fieldErrors.length === 0) return [{ message: error.detail ?? error.title }];
  return error.fieldErrors.map((e) => {
    const key = e.path.replace(/^\/(body|input)\/?/, '').replace(/^content\//, '');
    const fieldId = ids[key] ?? ids[key.split('/')[0] ?? ''];
    return fieldId ? { fieldId, message: e.message } : { message: e.message };
  });
}

export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

export function Radios<T extends string>({
  id,
  legend,
  value,
  choices,
  onChange,
  hint,
}: {
  id: string;
  legend: ReactNode;
  value: T;
  choices: readonly Choice<T>[];
  onChange: (v: T) => void;
  hint?: ReactNode;
}) {
  return (
    <div className="field">
      <fieldset className="fieldset">
        <legend className="field__label">{legend}</legend>
        {hint ? <div className="field__hint">{hint}</div> : null}
        <div className="radios">
          {choices.map((c, i) => {
            const inputId = i === 0 ? id : `${id}-${c.value}`;
            return (
              <div className="radio" key={c.value}>
                <input
                  type="radio"
                  id={inputId}
                  name={id}
                  value={c.value}
                  checked={value === c.value}
                  onChange={() => onChange(c.value)}
                />
                <label htmlFor={inputId}>{c.label}</label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Select<T extends string>({
  id,
  label,
  value,
  choices,
  onChange,
  hint,
  error,
}: {
  id: string;
  label: ReactNode;
  value: T;
  choices: readonly Choice<T>[];
  onChange: (v: T) => void;
  hint?: ReactNode;
  error?: string | undefined;
}) {
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="field__hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <select
        id={id}
        className="select"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e: ChangeEvent<HTMLSelectElement>) => onChange(e.target.value as T)}
      >
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Checkbox({
  id,
  label,
  checked,
  onChange,
  hint,
}: {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (v: boolean) => void;
  hint?: ReactNode;
}) {
  return (
    <div className="checkbox">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <div className="checkbox__hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}

export function TextArea({
  id,
  label,
  value,
  onChange,
  hint,
  error,
}: {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  hint?: ReactNode;
  error?: string | undefined;
}) {
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="field__hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <textarea
        id={id}
        className="textarea"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
      />
    </div>
  );
}

/** A number from a text input: empty → null, anything unparsable → NaN (the server explains). */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(',', '.');
  return t === '' ? null : Number(t);
}

const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
export function formatDate(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  return date.format(new Date(Date.UTC(y, m - 1, d, 12)));
}
