import { Checkbox, RadioGroup, Select, TextField } from '../../../shared/kit';
import { parseNumber } from '../shared';
import type { DraftEligibilityInput } from '../chart-api';
import { questionSections, type Question } from './questions';

/** Renders the eligibility questions from their list (questions.ts). */
export function QuestionList({
  input,
  onChange,
}: {
  input: DraftEligibilityInput;
  onChange: (input: DraftEligibilityInput) => void;
}) {
  return (
    <>
      {questionSections.map((section) => (
        <section key={section.id} aria-labelledby={`q-${section.id}`}>
          <h2 id={`q-${section.id}`}>{section.title}</h2>
          {section.hint ? <p className="field__hint">{section.hint}</p> : null}
          <div className="choices">
            {section.questions.map((q) => (
              <QuestionField key={q.id} question={q} input={input} onChange={onChange} />
            ))}
          </div>
        </section>
      ))}
    </>
  );
}

function QuestionField({
  question: q,
  input,
  onChange,
}: {
  question: Question;
  input: DraftEligibilityInput;
  onChange: (input: DraftEligibilityInput) => void;
}) {
  if (q.kind === 'number')
    return (
      <TextField
        id={q.id}
        label={q.label}
        hint={q.hint}
        width="short"
        inputMode="numeric"
        value={q.get(input)?.toString() ?? ''}
        onChange={(v) => onChange(q.set(input, parseNumber(v)))}
      />
    );
  if (q.kind === 'flag')
    return (
      <Checkbox
        id={q.id}
        label={q.label}
        hint={q.hint}
        checked={q.get(input)}
        onChange={(v) => onChange(q.set(input, v))}
      />
    );
  if (q.control === 'select')
    return (
      <Select
        id={q.id}
        label={q.label}
        hint={q.hint}
        value={q.get(input)}
        choices={q.choices}
        onChange={(v) => onChange(q.set(input, v))}
      />
    );
  return (
    <RadioGroup
      name={q.id}
      firstId={q.id}
      legend={q.label}
      hint={q.hint}
      value={q.get(input)}
      choices={q.choices}
      onChange={(v) => onChange(q.set(input, v))}
    />
  );
}
