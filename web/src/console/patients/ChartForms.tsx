import { useState, type SyntheticEvent } from 'react';
import type { DiagnosisEntry } from '../../../../src/domain/chart/diagnoses';
import { DiagnosisPicker } from './DiagnosisPicker';
import { patientStatusLabels, type PatientStatus } from '../../../../src/domain/chart/patient-status';
import { Checkbox, errorFor, ErrorSummary, type FormError, Select, TextField } from '../../shared/kit';
import { chartApi, type Chart } from './chart-api';
import { entryKey } from '../../shared/api';
import { formErrors, parseNumber } from './shared';

/** The small forms on the chart: add an allergy, a diagnosis, a medication; change the patient's status. */
function useSubmit(onDone: () => Promise<void>) {
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [key] = useState(entryKey);
  const run = async (fn: (key: string) => Promise<unknown>, ids: Record<string, string>) => {
    setBusy(true);
    try {
      await fn(key.current());
      key.recorded();
      setErrors([]);
      await onDone();
      return true;
    } catch (error) {
      key.failed(error);
      setErrors(formErrors(error, ids));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, run };
}

export function AddDiagnosis({ patientId, onAdded }: { patientId: string; onAdded: () => Promise<void> }) {
  const [choice, setChoice] = useState<DiagnosisEntry | null>(null);
  const [primary, setPrimary] = useState(false);
  const [pickerKey, setPickerKey] = useState(0);
  const [localErrors, setLocalErrors] = useState<FormError[]>([]);
  const { errors, busy, run } = useSubmit(onAdded);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    if (!choice) {
      setLocalErrors([{ fieldId: 'dx-code', message: 'Choose a diagnosis from the list' }]);
      return;
    }
    setLocalErrors([]);
    void run((key) => chartApi.addDiagnosis(patientId, { icd10: choice.icd10, isPrimary: primary }, key), {
      icd10: 'dx-code',
      label: 'dx-code',
    }).then((ok) => {
      if (!ok) return;
      setChoice(null);
      setPrimary(false);
      setPickerKey((k) => k + 1);
    });
  };
  const shown = localErrors.length > 0 ? localErrors : errors;
  return (
    <details className="details">
      <summary>Add a diagnosis</summary>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary errors={shown} />
        <DiagnosisPicker
          key={pickerKey}
          id="dx-code"
          label="Diagnosis (ICD-10-CM)"
          hint="Type a code or words, e.g. F33.2 or fibromyalgia, then choose from the list"
          selected={choice}
          onSelect={setChoice}
          error={errorFor(shown, 'dx-code')}
        />
        <Checkbox id="dx-primary" label="Primary diagnosis" checked={primary} onChange={setPrimary} />
        <button type="submit" className="button" disabled={busy}>
          Add diagnosis
        </button>
      </form>
    </details>
  );
}

export function AddMedication({ patientId, onAdded }: { patientId: string; onAdded: () => Promise<void> }) {
  const [name, setName] = useState('');
  const [dose, setDose] = useState('');
  const [daily, setDaily] = useState('');
  const { errors, busy, run } = useSubmit(onAdded);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    void run((key) => chartApi.addMedication(patientId, { name, doseText: dose, dailyMg: parseNumber(daily) }, key), {
      name: 'med-name',
      dailyMg: 'med-daily',
    }).then((ok) => {
      if (ok) {
        setName('');
        setDose('');
        setDaily('');
      }
    });
  };
  return (
    <details className="details">
      <summary>Add a medication</summary>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <TextField
          id="med-name"
          label="Medication"
          value={name}
          onChange={setName}
          width="medium"
          error={errorFor(errors, 'med-name')}
        />
        <TextField
          id="med-dose"
          label="Dose as taken"
          hint="e.g. 1 mg twice a day"
          value={dose}
          onChange={setDose}
          width="medium"
        />
        <TextField
          id="med-daily"
          label="Total mg per day"
          hint="Needed for the lorazepam-equivalent of a benzodiazepine"
          value={daily}
          onChange={setDaily}
          width="short"
          inputMode="decimal"
          error={errorFor(errors, 'med-daily')}
        />
        <button type="submit" className="button" disabled={busy}>
          Add medication
        </button>
      </form>
    </details>
  );
}

export function AddAllergy({ patientId, onAdded }: { patientId: string; onAdded: () => Promise<void> }) {
  const [substance, setSubstance] = useState('');
  const [reaction, setReaction] = useState('');
  const [severity, setSeverity] = useState<'mild' | 'moderate' | 'severe' | 'unknown'>('unknown');
  const { errors, busy, run } = useSubmit(onAdded);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    void run((key) => chartApi.addAllergy(patientId, { substance, reaction, severity }, key), {
      substance: 'allergy-substance',
    }).then((ok) => ok && setSubstance(''));
  };
  return (
    <details className="details">
      <summary>Add an allergy</summary>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <TextField
          id="allergy-substance"
          label="Substance"
          value={substance}
          onChange={setSubstance}
          width="medium"
          error={errorFor(errors, 'allergy-substance')}
        />
        <TextField id="allergy-reaction" label="Reaction" value={reaction} onChange={setReaction} width="medium" />
        <Select
          id="allergy-severity"
          label="Severity"
          value={severity}
          onChange={setSeverity}
          choices={[
            { value: 'unknown', label: 'Unknown' },
            { value: 'mild', label: 'Mild' },
            { value: 'moderate', label: 'Moderate' },
            { value: 'severe', label: 'Severe' },
          ]}
        />
        <button type="submit" className="button" disabled={busy}>
          Add allergy
        </button>
      </form>
    </details>
  );
}

/** "No known drug allergies": recorded explicitly, offered only while the chart lists no allergy. */
export function NoKnownAllergies({
  patientId,
  recorded,
  onChanged,
}: {
  patientId: string;
  recorded: boolean;
  onChanged: () => Promise<void>;
}) {
  const { errors, busy, run } = useSubmit(onChanged);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    void run((key) => chartApi.setNoKnownAllergies(patientId, !recorded, key), { noKnownAllergies: 'nkda-button' });
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} />
      <button type="submit" id="nkda-button" className="button button--secondary" disabled={busy}>
        {recorded ? 'Take off \u201cNo known drug allergies\u201d' : 'Record \u201cNo known drug allergies\u201d'}
      </button>
    </form>
  );
}

export function StatusChange({ chart, onChanged }: { chart: Chart; onChanged: () => Promise<void> }) {
  const allowed = chart.patient.allowedStatuses;
  const [to, setTo] = useState<PatientStatus | ''>('');
  const [reason, setReason] = useState('');
  const { errors, busy, run } = useSubmit(onChanged);
  if (allowed.length === 0) return null;
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    if (to === '') return;
    void run(
      (key) => chartApi.changeStatus(chart.patient.id, { status: to, reason, version: chart.patient.version }, key),
      {
        status: 'status-to',
        reason: 'status-reason',
      },
    );
  };
  return (
    <section className="section" aria-labelledby="status-change">
      <h2 id="status-change">Change status</h2>
      <p>A patient becomes eligible only when a prescriber signs the assessment.</p>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <Select
          id="status-to"
          label="New status"
          value={to}
          onChange={setTo}
          choices={[
            { value: '', label: 'Choose a status' },
            ...allowed.map((s) => ({ value: s, label: patientStatusLabels[s] })),
          ]}
        />
        <TextField
          id="status-reason"
          label="Reason"
          value={reason}
          onChange={setReason}
          error={errorFor(errors, 'status-reason')}
        />
        <button type="submit" className="button button--secondary" disabled={busy || to === ''}>
          Change status
        </button>
      </form>
    </section>
  );
}
