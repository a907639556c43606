import { instrumentFlagLabels, labelOf } from '../../../../src/domain/labels';
import { useState } from 'react';
import { instruments } from '../../../../src/domain/instruments/registry';
import { scoreInstrument } from '../../../../src/domain/instruments/score';
import type { InstrumentId } from '../../../../src/domain/instruments/types';
import { errorFor, ErrorSummary, type FormError, Select, TextField } from '../../shared/kit';
import { entryKey } from '../../shared/api';
import { chartApi } from './chart-api';
import { formErrors, parseNumber } from './shared';

/** Baseline instruments a prescriber or nurse records on the chart (CLINICAL.md §5); scored by the domain as answered. */
const baselineInstruments: readonly InstrumentId[] = [
  'phq9',
  'gad7',
  'madrs',
  'qids_sr16',
  'pcl5',
  'pain_nrs',
  'cssrs_screener',
];

export function RecordQuestionnaire({ patientId, onSaved }: { patientId: string; onSaved: () => Promise<void> }) {
  const [instrumentId, setInstrumentId] = useState<InstrumentId>('phq9');
  const [answers, setAnswers] = useState<Record<string, number | boolean>>({});
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [key] = useState(entryKey);
  const definition = instruments[instrumentId];
  let live: string;
  try {
    const score = scoreInstrument(instrumentId, answers);
    live =
      score.total === null
        ? score.flags.length
          ? `Screen: ${score.flags.map((f) => labelOf(instrumentFlagLabels, f)).join(', ')}`
          : 'Screen: no risk flagged'
        : `Total ${score.total}${score.severity ? ` — ${score.severity.label}` : ''}`;
  } catch {
    const answered = Object.keys(answers).length;
    live = `${answered} of ${definition.items.length} answered (an unanswered item is never scored as 0)`;
  }
  const save = async () => {
    setBusy(true);
    try {
      await chartApi.recordQuestionnaire(patientId, { instrumentId, answers, context: 'baseline' }, key.current());
      key.recorded();
      setAnswers({});
      setErrors([]);
      await onSaved();
    } catch (error) {
      key.failed(error);
      setErrors(formErrors(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="details">
      <summary>Record a questionnaire</summary>
      <ErrorSummary errors={errors} />
      <Select
        id="instrument"
        label="Questionnaire"
        value={instrumentId}
        onChange={(v) => {
          setInstrumentId(v);
          setAnswers({});
        }}
        choices={baselineInstruments.map((id) => ({ value: id, label: instruments[id].title }))}
      />
      {definition.stem ? <p>{definition.stem}</p> : null}
      {definition.items.map((item) => (
        <div className="field" key={item.id}>
          <fieldset className="fieldset">
            <legend className="field__label">
              {item.number}. {item.text}
            </legend>
            <div className="radios">
              {item.options.map((o) => {
                const inputId = `${item.id}-${String(o.value)}`;
                return (
                  <div className="radio" key={String(o.value)}>
                    <input
                      type="radio"
                      id={inputId}
                      name={item.id}
                      checked={answers[item.id] === o.value}
                      onChange={() => setAnswers({ ...answers, [item.id]: o.value })}
                    />
                    <label htmlFor={inputId}>{o.label}</label>
                  </div>
                );
              })}
            </div>
          </fieldset>
        </div>
      ))}
      <p aria-live="polite">
        <strong>{live}</strong>
      </p>
      {definition.notes.length ? <p className="muted">{definition.notes.join(' ')}</p> : null}
      <button type="button" className="button" disabled={busy} onClick={() => void save()}>
        Save {definition.shortTitle}
      </button>
    </details>
  );
}

export function RecordVitals({ patientId, onSaved }: { patientId: string; onSaved: () => Promise<void> }) {
  const [v, setV] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [key] = useState(entryKey);
  const field = (key: string) => ({ value: v[key] ?? '', onChange: (value: string) => setV({ ...v, [key]: value }) });
  const ids = {
    systolicMmHg: 'vitals-systolic',
    diastolicMmHg: 'vitals-diastolic',
    heartRateBpm: 'vitals-hr',
    spo2Percent: 'vitals-spo2',
    weightKg: 'vitals-weight',
    heightCm: 'vitals-height',
  };
  const save = async () => {
    setBusy(true);
    try {
      const body: Record<string, number | null> = {};
      for (const [key, id] of Object.entries(ids)) {
        const n = parseNumber(v[id] ?? '');
        if (n !== null) body[key] = n;
      }
      await chartApi.recordVitals(patientId, body, key.current());
      key.recorded();
      setV({});
      setErrors([]);
      await onSaved();
    } catch (error) {
      key.failed(error);
      setErrors(formErrors(error, ids));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="details">
      <summary>Record vital signs, height or weight</summary>
      <ErrorSummary errors={errors} />
      <div className="inline-fields">
        <TextField
          id="vitals-systolic"
          label="Systolic (mmHg)"
          width="short"
          inputMode="numeric"
          error={errorFor(errors, 'vitals-systolic')}
          {...field('vitals-systolic')}
        />
        <TextField
          id="vitals-diastolic"
          label="Diastolic (mmHg)"
          width="short"
          inputMode="numeric"
          error={errorFor(errors, 'vitals-diastolic')}
          {...field('vitals-diastolic')}
        />
        <TextField id="vitals-hr" label="Heart rate (/min)" width="short" inputMode="numeric" {...field('vitals-hr')} />
        <TextField id="vitals-spo2" label="SpO2 (%)" width="short" inputMode="numeric" {...field('vitals-spo2')} />
      </div>
      <div className="inline-fields">
        <TextField
          id="vitals-weight"
          label="Weight (kg)"
          hint="Kilograms, not pounds"
          width="short"
          inputMode="decimal"
          error={errorFor(errors, 'vitals-weight')}
          {...field('vitals-weight')}
        />
        <TextField
          id="vitals-height"
          label="Height (cm)"
          hint="Centimetres, not inches"
          width="short"
          inputMode="decimal"
          error={errorFor(errors, 'vitals-height')}
          {...field('vitals-height')}
        />
      </div>
      <button type="button" className="button" disabled={busy} onClick={() => void save()}>
        Save
      </button>
    </details>
  );
}
