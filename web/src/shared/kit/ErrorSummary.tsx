import { useEffect, useRef, type ReactNode } from 'react';

export interface FormError {
  /** The id of the field the message is about (the link target); omit for a problem with the whole form. */
  fieldId?: string;
  message: string;
}

/** Moves focus to a field and brings its label into view (the GOV.UK error summary behaviour). */
export function focusField(fieldId: string): void {
  const field = document.getElementById(fieldId);
  if (!field) return;
  field.focus({ preventScroll: true });
  const label = document.querySelector(`label[for="${CSS.escape(fieldId)}"]`) ?? field;
  label.scrollIntoView({ block: 'center' });
}

/**
 * "There is a problem": takes focus when it appears (and again after each failed submit, because the
 * caller passes a new array), and links to each field that needs fixing. `extra` is a message about the
 * whole form that is not a list item (for example a sending failure with a retry hint).
 */
export function ErrorSummary({ errors, extra }: { errors: readonly FormError[]; extra?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const hasExtra = Boolean(extra);
  useEffect(() => {
    if (errors.length > 0 || hasExtra) ref.current?.focus();
  }, [errors, hasExtra]);
  if (errors.length === 0 && !extra) return null;
  return (
    <div className="error-summary" role="alert" ref={ref} tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 className="error-summary__title" id="error-summary-title">
        There is a problem
      </h2>
      {extra}
      {errors.length > 0 ? (
        <ul className="error-summary__list">
          {errors.map((e) => (
            <li key={`${e.fieldId ?? ''}:${e.message}`}>
              {e.fieldId ? (
                <a
                  href={`#${e.fieldId}`}
                  onClick={(event) => {
                    event.preventDefault();
                    focusField(e.fieldId!);
                  }}
                >
                  {e.message}
                </a>
              ) : (
                e.message
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The first message for a field, for showing beside it. */
export function errorFor(errors: readonly FormError[], fieldId: string): string | undefined {
  return errors.find((e) => e.fieldId === fieldId)?.message;
}

/** The message beside a field (its id is what the field's aria-describedby names). */
export function ErrorMessage({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field__error" id={id}>
      <span className="visually-hidden">Error: </span>
      {message}
    </p>
  );
}
