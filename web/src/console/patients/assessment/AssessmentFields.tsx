import { errorFor, TextArea, TextField, type FormError } from '../../../shared/kit';
import type { Chart, DraftEligibilityInput } from '../chart-api';
import { instrumentLabels, labelOf } from '../../../../../src/domain/labels';
import { formatDateTime } from '../../../shared/time';
import type { BpRow } from './live-result';
import { QuestionList } from './QuestionList';

export interface DraftFields {
  input: DraftEligibilityInput;
  bp: BpRow[];
  /** The benzodiazepine dose as typed ("0.5"), so a decimal point can be typed. */
  benzo: string;
  goals: string;
  notes: string;
}

/** The assessment's form: diagnoses, blood pressure, the eligibility questions, medication, goals and notes. */
export function AssessmentFields({
  chart,
  fields,
  onChange,
  errors,
}: {
  chart: Chart;
  fields: DraftFields;
  onChange: (fields: DraftFields) => void;
  errors: readonly FormError[];
}) {
  const { input, bp } = fields;
  const set = (patch: Partial<DraftFields>) => onChange({ ...fields, ...patch });
  const setDiagnoses = (diagnoses: DraftEligibilityInput['diagnoses']) => set({ input: { ...input, diagnoses } });
  const fromList = chart.benzodiazepineTotal.mgPerDay;
  const baseline = chart.questionnaires.slice(0, 6);
  return (
    <>
      <h2>Diagnoses</h2>
      {input.diagnoses.map((d, i) => (
        <div className="inline-fields" key={i}>
          <TextField
            id={`dx-${i}`}
            label={`ICD-10-CM code ${i + 1}`}
            value={d.icd10}
            width="short"
            hint={d.label}
            error={errorFor(errors, `dx-${i}`)}
            onChange={(v) => setDiagnoses(input.diagnoses.map((x, j) => (j === i ? { icd10: v.toUpperCase() } : x)))}
          />
          <div className="field">
            <button
              type="button"
              className="link-button"
              onClick={() => setDiagnoses(input.diagnoses.filter((_, j) => j !== i))}
            >
              Remove {d.icd10 || 'diagnosis'}
            </button>
          </div>
        </div>
      ))}
      <button
        type="button"
        className="button button--secondary"
        onClick={() => setDiagnoses([...input.diagnoses, { icd10: '' }])}
      >
        Add a diagnosis
      </button>

      <h2>Resting blood pressure</h2>
      <p className="field__hint">At least one reading, seated and rested; two or more are averaged.</p>
      {bp.map((r, i) => (
        <div className="inline-fields" key={i}>
          <TextField
            id={`bp-${i}-s`}
            label={`Reading ${i + 1}: systolic`}
            suffix="mmHg"
            value={r.s}
            width="short"
            inputMode="numeric"
            onChange={(v) => set({ bp: bp.map((x, j) => (j === i ? { ...x, s: v } : x)) })}
            error={i === 0 ? errorFor(errors, 'bp-0-s') : undefined}
          />
          <TextField
            id={`bp-${i}-d`}
            label={`Reading ${i + 1}: diastolic`}
            suffix="mmHg"
            value={r.d}
            width="short"
            inputMode="numeric"
            onChange={(v) => set({ bp: bp.map((x, j) => (j === i ? { ...x, d: v } : x)) })}
          />
        </div>
      ))}

      <QuestionList input={input} onChange={(next) => set({ input: next })} />

      <h2>Medication</h2>
      <TextField
        id="benzo"
        label="Benzodiazepines, lorazepam-equivalent"
        suffix="mg/day"
        hint={`The medication list adds up to ${fromList} mg/day. Enter what the patient actually takes.`}
        width="short"
        inputMode="decimal"
        value={fields.benzo}
        error={errorFor(errors, 'benzo')}
        onChange={(benzo) => set({ benzo })}
      />

      <h2>Baseline questionnaires</h2>
      {baseline.length === 0 ? (
        <p>None on the chart yet.</p>
      ) : (
        <ul>
          {baseline.map((q) => (
            <li key={q.id}>
              {labelOf(instrumentLabels, q.instrumentId)}: {q.total ?? '—'} {q.severity ? `(${q.severity.label})` : ''}{' '}
              <span className="muted">{formatDateTime(q.completedAt)}</span>
            </li>
          ))}
        </ul>
      )}
      <TextArea id="goals" label="Treatment goals" value={fields.goals} onChange={(goals) => set({ goals })} />
      <TextArea id="notes" label="Assessment notes" value={fields.notes} onChange={(notes) => set({ notes })} />
    </>
  );
}
