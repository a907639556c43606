import type { InputHTMLAttributes, ReactNode } from 'react';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'> {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  /** Width class: 'full' (default), 'medium', 'short'. */
  width?: 'full' | 'medium' | 'short';
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** A labelled input with optional hint and the error message beside it (GOV.UK form pattern). */
export function TextField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  width = 'full',
  className,
  ...input
}: TextFieldProps) {
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
      <input
        {...input}
        id={id}
        name={input.name ?? id}
        className={`input input--${width}${className ? ` ${className}` : ''}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </div>
  );
}

export interface CheckboxOption {
  value: string;
  label: string;
  hint?: string;
}

interface CheckboxGroupProps {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  options: readonly CheckboxOption[];
  value: readonly string[];
  onChange: (value: string[]) => void;
}

/** A fieldset of checkboxes; the first box carries `id` so an error summary link can reach it. */
export function CheckboxGroup({ id, legend, hint, error, options, value, onChange }: CheckboxGroupProps) {
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="field__label">{legend}</legend>
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
        <div className="checkboxes">
          {options.map((option, i) => {
            const boxId = i === 0 ? id : `${id}-${option.value}`;
            return (
              <div className="checkbox" key={option.value}>
                <input
                  type="checkbox"
                  id={boxId}
                  name={id}
                  value={option.value}
                  checked={value.includes(option.value)}
                  onChange={(e) =>
                    onChange(e.target.checked ? [...value, option.value] : value.filter((v) => v !== option.value))
                  }
                  aria-describedby={option.hint ? `${boxId}-hint` : undefined}
                />
                <label htmlFor={boxId}>{option.label}</label>
                {option.hint ? (
                  <div className="checkbox__hint" id={`${boxId}-hint`}>
                    {option.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
