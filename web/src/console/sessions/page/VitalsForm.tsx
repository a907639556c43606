import { useRef, useState } from 'react';
import { Checkbox, TextField, errorFor, type FormError } from '../../../shared/kit';
import { parseNumber } from '../../patients/shared';
import { fromLocal, localNow } from '../time';
import type { Ctx } from './context';
import { EntryForm, Panel } from './entry-kit';

const vitalFields = [
  ['systolicMmHg', 'v-sys', 'Systolic (mmHg)'],
  ['diastolicMmHg', 'v-dia', 'Diastolic (mmHg)'],
  ['heartRateBpm', 'v-hr', 'Heart rate (/min)'],
  ['spo2Percent', 'v-spo2', 'SpO2 (%)'],
  ['respiratoryRatePerMin', 'v-rr', 'Respiratory rate (/min)'],
] as const;

/** Keyboard-first: five numbers, Tab between them, Enter saves, focus goes back to the first. */
export function VitalsForm({ ctx, title }: { ctx: Ctx; title: string }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [now, setNow] = useState(true);
  const [time, setTime] = useState(localNow());
  const [roomAir, setRoomAir] = useState(true);
  const [symptoms, setSymptoms] = useState(false);
  const [local, setLocal] = useState<FormError[]>([]);
  const first = useRef<HTMLInputElement>(null);
  function body(): Record<string, unknown> | null {
    const out: Record<string, unknown> = {
      takenAt: now ? new Date().toISOString() : fromLocal(time),
      onRoomAir: roomAir,
      symptomatic: symptoms,
    };
    const problems: FormError[] = [];
    for (const [key, id, label] of vitalFields) {
      const n = parseNumber(values[key] ?? '');
      if (n !== null && (Number.isNaN(n) || !Number.isInteger(n)))
        problems.push({ fieldId: id, message: `${label.replace(/ \(.*/, '')} must be a whole number` });
      out[key] = n;
    }
    if (vitalFields.every(([key]) => out[key] === null))
      problems.push({ fieldId: 'v-sys', message: 'Enter at least one vital sign' });
    setLocal(problems);
    return problems.length > 0 ? null : out;
  }
  const errors = [...local, ...ctx.errors];
  return (
    <Panel id="vitals" title={title}>
      <EntryForm
        ctx={ctx}
        path="/vitals"
        label="Vitals"
        className="vitals-form"
        submit="Save vitals"
        kind="large"
        body={body}
        onSaved={() => {
          setValues({});
          setSymptoms(false);
          first.current?.focus();
        }}
      >
        <div className="vitals-form__row">
          {vitalFields.map(([key, id, label], i) => (
            <TextField
              key={key}
              id={id}
              label={label}
              value={values[key] ?? ''}
              onChange={(v) => setValues({ ...values, [key]: v })}
              inputMode="numeric"
              autoComplete="off"
              width="short"
              className="input--vital"
              error={errorFor(errors, id)}
              {...(i === 0 ? { ref: first } : {})}
            />
          ))}
        </div>
        <Checkbox id="v-now" label="Taken just now" checked={now} onChange={setNow} />
        {!now ? (
          <TextField
            id="v-time"
            label="Time taken"
            type="datetime-local"
            value={time}
            onChange={setTime}
            width="medium"
            error={errorFor(errors, 'v-time')}
          />
        ) : null}
        <Checkbox id="v-air" label="On room air" checked={roomAir} onChange={setRoomAir} />
        <Checkbox
          id="v-symptoms"
          label="Symptoms of end-organ harm (chest pain, severe headache, new neurological deficit, shortness of breath, vision change)"
          checked={symptoms}
          onChange={setSymptoms}
        />
      </EntryForm>
    </Panel>
  );
}
