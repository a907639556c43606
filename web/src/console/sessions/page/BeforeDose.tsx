import { useState } from 'react';
import { Checkbox, RadioGroup, TextArea, TextField, errorFor, type FormError } from '../../../shared/kit';
import { parseNumber } from '../../patients/shared';
import type { Ctx } from './context';
import { nowIso } from './context';
import { Disclosure, EntryForm, Panel } from './entry-kit';
import { InstrumentForm } from './InstrumentForm';
import { OrderForm, StartForm } from './OrderForms';
import { VitalsForm } from './VitalsForm';

/** Check-in to the dose: questionnaires, pre-checks, baseline vitals, the gate, the order and the start. */
export function BeforeDose({ ctx }: { ctx: Ctx }) {
  const { session } = ctx;
  return (
    <>
      <Questionnaires ctx={ctx} />
      <PrechecksForm ctx={ctx} />
      <VitalsForm ctx={ctx} title="Baseline vitals" />
      <GatePanel ctx={ctx} />
      {session.gate?.outcome === 'proceed' ? <OrderForm ctx={ctx} /> : null}
      {session.gate?.outcome === 'proceed' && session.order ? <StartForm ctx={ctx} /> : null}
      <EndForm ctx={ctx} />
    </>
  );
}

function Questionnaires({ ctx }: { ctx: Ctx }) {
  const holds = ctx.session.gate?.holds.map((h) => h.code) ?? ['phq9_not_done', 'cssrs_not_done'];
  return (
    <Panel id="q" title="Today’s questionnaires">
      <p className="hint">Done in the portal today already? They count: the gate below says what is still missing.</p>
      {holds.includes('phq9_not_done') ? (
        <InstrumentForm ctx={ctx} instrumentId="phq9" path="/questionnaires" label="PHQ-9" />
      ) : (
        <p>PHQ-9: done today.</p>
      )}
      {holds.includes('cssrs_not_done') ? (
        <InstrumentForm ctx={ctx} instrumentId="cssrs_screener" path="/questionnaires" label="C-SSRS screener" />
      ) : (
        <p>C-SSRS screener: done today.</p>
      )}
    </Panel>
  );
}

/** The pre-checks' server paths (relative to the request body) → this form's inputs. */
const precheckFieldIds: Record<string, string> = {
  companion: 'pc-companion-name',
  'companion/name': 'pc-companion-name',
  'companion/phone': 'pc-companion-phone',
  fastingAttested: 'pc-fasting',
  pregnancyTest: 'pc-pregnancy',
  medicationChanges: 'pc-meds',
  'medicationChanges/reviewed': 'pc-meds',
  'medicationChanges/changes': 'pc-changes',
  weightKg: 'pc-weight',
};

function PrechecksForm({ ctx }: { ctx: Ctx }) {
  const p = ctx.session.prechecks;
  const [name, setName] = useState(p?.companion?.name ?? '');
  const [phone, setPhone] = useState(p?.companion?.phone ?? '');
  const [fasting, setFasting] = useState(p?.fastingAttested ?? false);
  const [pregnancy, setPregnancy] = useState<'not_applicable' | 'negative' | 'positive' | 'not_done'>(
    p?.pregnancyTest ?? 'not_done',
  );
  const [reviewed, setReviewed] = useState(p?.medicationChanges.reviewed ?? false);
  const [changes, setChanges] = useState(p?.medicationChanges.changes ?? '');
  const [weight, setWeight] = useState(p?.weightKg == null ? '' : String(p.weightKg));
  const [local, setLocal] = useState<FormError[]>([]);
  function body(): Record<string, unknown> | null {
    const w = parseNumber(weight);
    if (w !== null && Number.isNaN(w)) {
      setLocal([{ fieldId: 'pc-weight', message: 'Weight must be a number, like 72.5' }]);
      return null;
    }
    setLocal([]);
    return {
      companion: name.trim() || phone.trim() ? { name, phone } : null,
      fastingAttested: fasting,
      pregnancyTest: pregnancy,
      medicationChanges: { reviewed, changes },
      weightKg: w,
    };
  }
  const errors = [...local, ...ctx.errors];
  return (
    <Panel id="pc" title="Pre-checks">
      <EntryForm
        ctx={ctx}
        path="/pre-checks"
        label="Pre-checks"
        submit="Save pre-checks"
        body={body}
        fieldIds={precheckFieldIds}
      >
        <TextField
          id="pc-companion-name"
          label="Companion’s name"
          hint="The responsible adult who will take the patient home"
          value={name}
          onChange={setName}
          error={errorFor(errors, 'pc-companion-name')}
          width="medium"
        />
        <TextField
          id="pc-companion-phone"
          label="Companion’s phone"
          value={phone}
          onChange={setPhone}
          width="medium"
          inputMode="tel"
          error={errorFor(errors, 'pc-companion-phone')}
        />
        <Checkbox
          id="pc-fasting"
          label="Fasting attested (no solids and no clear fluids for the clinic’s times)"
          checked={fasting}
          onChange={setFasting}
        />
        <RadioGroup
          name="pc-pregnancy"
          firstId="pc-pregnancy"
          legend="Pregnancy test"
          value={pregnancy}
          onChange={setPregnancy}
          choices={[
            { value: 'negative', label: 'Negative' },
            { value: 'positive', label: 'Positive' },
            { value: 'not_done', label: 'Not done' },
            { value: 'not_applicable', label: 'Not applicable (cannot become pregnant)' },
          ]}
          error={errorFor(errors, 'pc-pregnancy')}
        />
        <Checkbox id="pc-meds" label="Medication changes reviewed" checked={reviewed} onChange={setReviewed} />
        <TextArea
          id="pc-changes"
          label="Medication changes since the last session"
          value={changes}
          onChange={setChanges}
          error={errorFor(errors, 'pc-changes')}
        />
        <TextField
          id="pc-weight"
          label="Today’s weight (kg)"
          value={weight}
          onChange={setWeight}
          inputMode="decimal"
          width="short"
          error={errorFor(errors, 'pc-weight')}
        />
      </EntryForm>
    </Panel>
  );
}

function GatePanel({ ctx }: { ctx: Ctx }) {
  const gate = ctx.session.gate;
  if (!gate) return null;
  return (
    <Panel
      id="gate"
      title={`Pre-dose check: ${gate.outcome === 'proceed' ? 'proceed' : 'hold'}`}
      tone={gate.outcome === 'hold' ? 'alert' : 'ok'}
    >
      {gate.noDoseToday ? (
        <p>
          <strong>No dose today:</strong> a hold nobody can lift is in force. End the session without a dose.
        </p>
      ) : null}
      {gate.holds.length > 0 ? (
        <ul className="hold-list">
          {gate.holds.map((h) => (
            <li key={h.code}>
              <strong>Hold:</strong> {h.message}{' '}
              {h.overridable ? (
                <span className="hint">(a prescriber may override with a reason)</span>
              ) : (
                <span className="hint">(no override)</span>
              )}
              {h.overridable && ctx.prescriber ? (
                <OverrideForm ctx={ctx} code={h.code} bp={h.code.startsWith('blood_pressure')} />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {gate.overridden.map((o) => (
        <p key={o.code}>
          Overridden: {o.message} Reason: {o.reason}
        </p>
      ))}
      {gate.warnings.map((w) => (
        <p key={w}>
          <strong>Warning:</strong> {w}
        </p>
      ))}
    </Panel>
  );
}

/** A prescriber lifts an overridable hold with a reason (and, for blood pressure, a repeat reading). */
function OverrideForm({ ctx, code, bp }: { ctx: Ctx; code: string; bp: boolean }) {
  const [reason, setReason] = useState('');
  const [sys, setSys] = useState('');
  const [dia, setDia] = useState('');
  // One form per hold: its inputs' ids carry the hold's code, and its errors link to them.
  const ids = { reason: `ov-reason-${code}`, sys: `ov-sys-${code}`, dia: `ov-dia-${code}` };
  return (
    <EntryForm
      ctx={ctx}
      path="/overrides"
      label="Override"
      className="override-form"
      submit="Override this hold"
      kind="warning"
      fieldIds={{
        code: ids.reason,
        reason: ids.reason,
        repeatVitals: ids.sys,
        'repeatVitals/systolicMmHg': ids.sys,
        'repeatVitals/diastolicMmHg': ids.dia,
      }}
      body={() => ({
        code,
        reason,
        ...(bp
          ? { repeatVitals: { takenAt: nowIso(), systolicMmHg: parseNumber(sys), diastolicMmHg: parseNumber(dia) } }
          : {}),
      })}
    >
      <TextField
        id={ids.reason}
        label="Reason for the override"
        value={reason}
        onChange={setReason}
        error={errorFor(ctx.errors, ids.reason)}
      />
      {bp ? (
        <div className="vitals-form__row">
          <TextField
            id={ids.sys}
            label="Repeat systolic (mmHg)"
            value={sys}
            onChange={setSys}
            inputMode="numeric"
            width="short"
            error={errorFor(ctx.errors, ids.sys)}
          />
          <TextField
            id={ids.dia}
            label="Repeat diastolic (mmHg)"
            value={dia}
            onChange={setDia}
            inputMode="numeric"
            width="short"
            error={errorFor(ctx.errors, ids.dia)}
          />
        </div>
      ) : null}
    </EntryForm>
  );
}

function EndForm({ ctx }: { ctx: Ctx }) {
  const [reason, setReason] = useState('');
  return (
    <Disclosure panel summary="End the session without a dose">
      <EntryForm
        ctx={ctx}
        path="/end"
        label="Session ended"
        submit="End without a dose"
        kind="warning"
        fieldIds={{ reason: 'end-reason' }}
        body={() => ({ reason })}
      >
        <TextField
          id="end-reason"
          label="Why no dose today"
          value={reason}
          onChange={setReason}
          error={errorFor(ctx.errors, 'end-reason')}
        />
      </EntryForm>
    </Disclosure>
  );
}
