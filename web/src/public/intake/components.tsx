import { useEffect, useRef, type ReactNode } from 'react';
import { crisisResources } from '../../../../src/domain/intake/index.js';
import type { FieldProblem } from './validate.js';

/** "There is a problem": takes focus when it appears and links to each field (GOV.UK error summary pattern). */
export function ErrorSummary({ problems, extra }: { problems: readonly FieldProblem[]; extra?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = problems.map((p) => p.field + p.message).join('|');
  useEffect(() => {
    if (problems.length || extra) ref.current?.focus();
  }, [key, problems.length, extra]);
  if (!problems.length && !extra) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">There is a problem</h2>
      {extra}
      {problems.length > 0 && (
        <ul>
          {problems.map((p) => (
            <li key={p.field + p.message}>
              <a
                href={`#${p.field}`}
                onClick={(e) => {
                  e.preventDefault();
                  const target = document.getElementById(p.field);
                  target?.focus();
                  target?.scrollIntoView({ block: 'center' });
                }}
              >
                {p.message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ErrorMessage({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="error-message" id={id}>
      <span className="visually-hidden">Error:</span> {message}
    </span>
  );
}

export interface Choice<V extends string> {
  readonly value: V;
  readonly label: string;
  readonly hint?: string;
}

/** A question answered with one choice. The first radio's id is `${name}-${first value}` (the summary links there). */
export function RadioGroup<V extends string>(props: {
  name: string;
  legend: ReactNode;
  legendClass?: string;
  hint?: string;
  choices: readonly Choice<V>[];
  value: V | undefined;
  onChange: (value: V) => void;
  error?: string | undefined;
  inline?: boolean;
  scale?: boolean;
}) {
  const hintId = props.hint ? `${props.name}-hint` : undefined;
  const errorId = props.error ? `${props.name}-error` : undefined;
  return (
    <div className={`field${props.error ? ' field-error' : ''}`}>
      <fieldset aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}>
        <legend className={props.legendClass ?? 'question'}>{props.legend}</legend>
        {props.hint && (
          <span className="hint" id={hintId}>
            {props.hint}
          </span>
        )}
        <ErrorMessage id={`${props.name}-error`} message={props.error} />
        <div className={props.scale ? 'scale' : props.inline ? 'choices choices-inline' : 'choices'}>
          {props.choices.map((choice) => {
            const id = `${props.name}-${choice.value}`;
            return (
              <div className="choice" key={choice.value}>
                <input
                  type="radio"
                  id={id}
                  name={props.name}
                  value={choice.value}
                  checked={props.value === choice.value}
                  onChange={() => props.onChange(choice.value)}
                />
                <label htmlFor={id}>
                  {choice.label}
                  {choice.hint && <span className="hint">{choice.hint}</span>}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function CheckboxGroup<V extends string>(props: {
  name: string;
  legend: ReactNode;
  legendClass?: string;
  hint?: string;
  choices: readonly Choice<V>[];
  values: readonly V[];
  onChange: (values: V[]) => void;
  error?: string | undefined;
}) {
  const hintId = props.hint ? `${props.name}-hint` : undefined;
  const errorId = props.error ? `${props.name}-error` : undefined;
  return (
    <div className={`field${props.error ? ' field-error' : ''}`}>
      <fieldset aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}>
        <legend className={props.legendClass ?? 'question'}>{props.legend}</legend>
        {props.hint && (
          <span className="hint" id={hintId}>
            {props.hint}
          </span>
        )}
        <ErrorMessage id={`${props.name}-error`} message={props.error} />
        <div className="choices">
          {props.choices.map((choice) => {
            const id = `${props.name}-${choice.value}`;
            const checked = props.values.includes(choice.value);
            return (
              <div className="choice" key={choice.value}>
                <input
                  type="checkbox"
                  id={id}
                  name={props.name}
                  value={choice.value}
                  checked={checked}
                  onChange={() =>
                    props.onChange(
                      checked ? props.values.filter((v) => v !== choice.value) : [...props.values, choice.value],
                    )
                  }
                />
                <label htmlFor={id}>
                  {choice.label}
                  {choice.hint && <span className="hint">{choice.hint}</span>}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function TextField(props: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  type?: 'text' | 'email' | 'tel';
  autoComplete?: string;
  inputMode?: 'text' | 'email' | 'tel' | 'numeric';
  spellCheck?: boolean;
}) {
  const describedBy =
    [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') ||
    undefined;
  return (
    <div className={`field${props.error ? ' field-error' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint && (
        <span className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
      <ErrorMessage id={`${props.id}-error`} message={props.error} />
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        spellCheck={props.spellCheck}
        aria-describedby={describedBy}
        aria-invalid={props.error ? true : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

/**
 * Crisis resources, shown at once and announced (role="alert") when an answer is rated moderate or high
 * risk. The form stays usable underneath: the person can still send it.
 */
export function CrisisPanel({ headingLevel = 2, urgent }: { headingLevel?: 2 | 3; urgent: boolean }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="crisis" role={urgent ? 'alert' : undefined} aria-labelledby="crisis-now-heading">
      <Heading id="crisis-now-heading">{urgent ? 'Please get support now' : 'Support is available now'}</Heading>
      <p>Thank you for telling us. You do not have to wait for us to call you back.</p>
      <div className="crisis-actions">
        <a href={`tel:${crisisResources.lifeline.call}`}>Call {crisisResources.lifeline.call}</a>
        <a href={`sms:${crisisResources.lifeline.text}`}>Text {crisisResources.lifeline.text}</a>
        <a href={`tel:${crisisResources.emergency.call}`}>Emergency: call {crisisResources.emergency.call}</a>
      </div>
      <p>The {crisisResources.lifeline.name} is free and confidential, and open day and night.</p>
      <p>
        <strong>What to do now:</strong>
      </p>
      <ul>
        {crisisResources.immediateSteps.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p>
        You can still finish this form and send it. We read every request, but this form is not watched around the
        clock.
      </p>
    </section>
  );
}
