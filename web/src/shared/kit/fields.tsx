import type { ChangeEvent, InputHTMLAttributes, ReactNode } from 'react';
import { ErrorMessage } from './ErrorSummary';

/**
 * The form components of the console, the portal and the public intake (decision 006): a label or legend,
 * an optional hint, the error message beside the field, and the ids an error summary links to.
 */

export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** The frame around one field: label slot, hint, error, and the red bar when it has an error. */
export function FieldFrame({
  id,
  error,
  hint,
  label,
  children,
}: {
  id: string;
  error?: string | undefined;
  hint?: ReactNode;
  label: ReactNode;
  children: ReactNode;
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
      <ErrorMessage id={`${id}-error`} message={error} />
      {children}
    </div>
  );
}

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'> {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  /** Width class: 'full' (default), 'medium', 'short'. */
  width?: 'full' | 'medium' | 'short';
  /** Text shown after the input, such as a unit ("mmHg"). */
  suffix?: ReactNode;
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
  suffix,
  ...input
}: TextFieldProps) {
  const field = (
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
  );
  return (
    <FieldFrame id={id} error={error} hint={hint} label={label}>
      {suffix ? (
        <div className="input-with-suffix">
          {field}
          <span className="input-suffix">{suffix}</span>
        </div>
      ) : (
        field
      )}
    </FieldFrame>
  );
}

export function TextArea({
  id,
  label,
  value,
  onChange,
  hint,
  error,
  rows,
}: {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  hint?: ReactNode;
  error?: string | undefined;
  rows?: number;
}) {
  return (
    <FieldFrame id={id} error={error} hint={hint} label={label}>
      <textarea
        id={id}
        name={id}
        className="textarea"
        value={value}
        rows={rows}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldFrame>
  );
}

export interface Choice<T extends string> {
  readonly value: T;
  readonly label: ReactNode;
  readonly hint?: ReactNode;
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
  choices: readonly (Choice<T> & { label: string })[];
  onChange: (v: T) => void;
  hint?: ReactNode;
  error?: string | undefined;
}) {
  return (
    <FieldFrame id={id} error={error} hint={hint} label={label}>
      <select
        id={id}
        name={id}
        className="select"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e: ChangeEvent<HTMLSelectElement>) => onChange(e.target.value as T)}
      >
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** One checkbox on its own (a yes/no finding, a confirmation). */
export function Checkbox({
  id,
  label,
  checked,
  onChange,
  hint,
  disabled,
}: {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (v: boolean) => void;
  hint?: ReactNode;
  disabled?: boolean;
}) {
  return (
    <div className="choice">
      <input
        type="checkbox"
        id={id}
        name={id}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <div className="choice__hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}

interface GroupProps<T extends string> {
  /** The name of the inputs; each input's id is `${name}-${value}`. */
  name: string;
  /** The id of the first input, where an error summary links (defaults to `${name}-${first value}`). */
  firstId?: string;
  legend: ReactNode;
  /** Extra class for the legend (the public intake's larger question legend). */
  legendClass?: string;
  hint?: ReactNode;
  error?: string | undefined;
  choices: readonly Choice<T>[];
  /** Side by side (yes/no) or as a numbered scale. */
  layout?: 'stacked' | 'inline' | 'scale';
}

function Group<T extends string>({
  props,
  type,
  isChecked,
  toggle,
}: {
  props: GroupProps<T>;
  type: 'radio' | 'checkbox';
  isChecked: (v: T) => boolean;
  toggle: (v: T, checked: boolean) => void;
}) {
  const { name, legend, legendClass, hint, error, choices, layout = 'stacked' } = props;
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend className={`field__label${legendClass ? ` ${legendClass}` : ''}`}>{legend}</legend>
        {hint ? (
          <div className="field__hint" id={`${name}-hint`}>
            {hint}
          </div>
        ) : null}
        <ErrorMessage id={`${name}-error`} message={error} />
        <div
          className={layout === 'scale' ? 'choices scale' : layout === 'inline' ? 'choices choices--inline' : 'choices'}
        >
          {choices.map((choice, i) => {
            const id = i === 0 && props.firstId ? props.firstId : `${name}-${choice.value}`;
            return (
              <div className="choice" key={choice.value}>
                <input
                  type={type}
                  id={id}
                  name={name}
                  value={choice.value}
                  checked={isChecked(choice.value)}
                  onChange={(e) => toggle(choice.value, e.target.checked)}
                  aria-describedby={choice.hint ? `${id}-hint` : undefined}
                />
                <label htmlFor={id}>{choice.label}</label>
                {choice.hint ? (
                  <div className="choice__hint" id={`${id}-hint`}>
                    {choice.hint}
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

/** A question answered with one choice. */
export function RadioGroup<T extends string>(
  props: GroupProps<T> & { value: T | null | undefined; onChange: (value: T) => void },
) {
  return <Group props={props} type="radio" isChecked={(v) => props.value === v} toggle={(v) => props.onChange(v)} />;
}

/** A question answered with any number of choices. */
export function CheckboxGroup<T extends string>(
  props: GroupProps<T> & { values: readonly T[]; onChange: (values: T[]) => void },
) {
  return (
    <Group
      props={props}
      type="checkbox"
      isChecked={(v) => props.values.includes(v)}
      toggle={(v, checked) => props.onChange(checked ? [...props.values, v] : props.values.filter((x) => x !== v))}
    />
  );
}
