import { useEffect, useRef } from 'react';

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
 * caller passes a new array), and links to each field that needs fixing.
 */
export function ErrorSummary({ errors }: { errors: readonly FormError[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1}>
      <h2 className="error-summary__title">There is a problem</h2>
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
    </div>
  );
}

/** The first message for a field, for showing beside it. */
export function errorFor(errors: readonly FormError[], fieldId: string): string | undefined {
  return errors.find((e) => e.fieldId === fieldId)?.message;
}
