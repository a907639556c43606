import type { ComponentProps } from 'react';
import type { DerivedPlan, KetaminePlanContent } from '../../../../../src/domain/chart/plan';
import type { ClinicProtocol } from '../../../../../src/domain/protocol';
import { errorFor, RadioGroup, Select, TextArea, TextField, type FormError } from '../../../shared/kit';
import { clinicDateOf, formatDate } from '../../../shared/time';
import type { Plan } from '../chart-api';

export type PlanText = Record<string, string>;

/** An esketamine plan's dose choice (56 or 84 mg by 28 mg device); null for an IV/IM plan. */
export type EsketamineChoice = { readonly startMg: number; readonly maxMg: number } | null;

const esketamineDoses = [
  { value: '56', label: '56 mg (2 devices)' },
  { value: '84', label: '84 mg (3 devices)' },
] as const;

const limitWords = { max_mg_per_kg: 'mg/kg', max_total_mg: 'mg in total', max_infusion_rate: 'mg/kg/h' } as const;

/** "starting dose 1 mg/kg (limit 0.75)": what is above the protocol's limit, for the override field's hint. */
export function exceededText(derived: DerivedPlan | null): string {
  return (derived?.exceededLimits ?? [])
    .map(
      (l) =>
        `${l.dose === 'start' ? 'starting dose' : 'titration maximum'} ${l.requested} ${limitWords[l.limit]} (limit ${l.allowed})`,
    )
    .join('; ');
}

/** The free-text fields of the plan (numbers and dates as typed) with the form's errors, by field id. */
interface TextBinding {
  text: PlanText;
  setText: (text: PlanText) => void;
  errors: readonly FormError[];
}

/** One text field of the plan: its value is `text[name]`, its error the one reported for its id. */
type PlanTextSpec = { name: string } & Omit<ComponentProps<typeof TextField>, 'value' | 'onChange' | 'error'>;

function PlanTextField({ binding, spec: { name, ...props } }: { binding: TextBinding; spec: PlanTextSpec }) {
  return (
    <TextField
      {...props}
      value={binding.text[name] ?? ''}
      onChange={(v) => binding.setText({ ...binding.text, [name]: v })}
      error={errorFor(binding.errors, props.id)}
    />
  );
}

/** Short fields side by side. */
function FieldRow({ binding, fields }: { binding: TextBinding; fields: readonly PlanTextSpec[] }) {
  return (
    <div className="inline-fields">
      {fields.map((spec) => (
        <PlanTextField key={spec.id} binding={binding} spec={spec} />
      ))}
    </div>
  );
}

const conditionsField: PlanTextSpec = {
  id: 'conditions',
  name: 'conditions',
  label: 'Conditions targeted (ICD-10-CM codes)',
  hint: 'Separated by commas, e.g. F33.2',
  width: 'medium',
};
const startField: PlanTextSpec = {
  id: 'start',
  name: 'startMgPerKg',
  label: 'Starting dose (mg/kg)',
  width: 'short',
  inputMode: 'decimal',
};
const concentrationField: PlanTextSpec = {
  id: 'concentration',
  name: 'concentration',
  label: 'Vial strength (mg/mL)',
  width: 'short',
  inputMode: 'decimal',
};
const infusionField: PlanTextSpec = {
  id: 'infusion',
  name: 'infusionMinutes',
  label: 'Infusion (minutes)',
  width: 'short',
  inputMode: 'numeric',
};
const titrationFields: readonly PlanTextSpec[] = [
  { id: 'step', name: 'step', label: 'Titration step (mg/kg per session)', width: 'short', inputMode: 'decimal' },
  { id: 'max', name: 'max', label: 'Titration maximum (mg/kg)', width: 'short', inputMode: 'decimal' },
];
const inductionFields: readonly PlanTextSpec[] = [
  {
    id: 'sessions',
    name: 'sessions',
    label: 'Sessions',
    width: 'short',
    inputMode: 'numeric',
    hint: 'Default 6 over 2–3 weeks',
  },
  { id: 'start-date', name: 'startDate', label: 'First possible date', type: 'date', width: 'medium' },
  { id: 'time', name: 'time', label: 'Preferred time', type: 'time', width: 'medium' },
];
const targetFields: readonly PlanTextSpec[] = [
  { id: 'response', name: 'response', label: 'Response: drop of at least (%)', width: 'short' },
  { id: 'remission', name: 'remission', label: 'Remission: total at or below', width: 'short' },
];
const reviewFields: readonly PlanTextSpec[] = [
  { id: 'review-by', name: 'reviewBy', label: 'Review if no improvement by session', width: 'short' },
  {
    id: 'improvement',
    name: 'improvement',
    label: 'Improvement needed (%)',
    width: 'short',
    hint: 'Usually at least 20 % by session 4. Missing it flags a review; it never stops treatment by itself.',
  },
];

interface ContentBinding {
  content: KetaminePlanContent;
  setContent: (content: KetaminePlanContent) => void;
}

/** The plan's editable fields; the dose and dates beside them are worked out by the domain as they change. */
export function PlanFields({
  content,
  setContent,
  esketamine,
  setEsketamine,
  text,
  setText,
  protocol,
  derived,
  errors,
  overrideReason,
  setOverrideReason,
  changeReason,
  setChangeReason,
  versionNote,
}: ContentBinding &
  TextBinding & {
    esketamine: EsketamineChoice;
    setEsketamine: (choice: EsketamineChoice) => void;
    protocol: ClinicProtocol;
    derived: DerivedPlan | null;
    overrideReason: string;
    setOverrideReason: (v: string) => void;
    changeReason: string;
    setChangeReason: (v: string) => void;
    versionNote: Plan | null;
  }) {
  const binding: TextBinding = { text, setText, errors };
  return (
    <>
      <PlanTextField binding={binding} spec={conditionsField} />
      <RouteField
        content={content}
        setContent={setContent}
        esketamine={esketamine}
        setEsketamine={setEsketamine}
        binding={binding}
        protocol={protocol}
      />
      {esketamine ? (
        <EsketamineDoseFields esketamine={esketamine} setEsketamine={setEsketamine} errors={errors} />
      ) : (
        <KetamineDoseFields content={content} setContent={setContent} binding={binding} />
      )}
      <h2>Induction</h2>
      <FieldRow binding={binding} fields={inductionFields} />
      <InductionDateNote startDate={text.startDate ?? ''} versionNote={versionNote} />
      <MaintenanceFields content={content} setContent={setContent} />
      <h2>Outcome and stop rule</h2>
      <Select
        id="instrument"
        label="Outcome instrument"
        value={content.outcome.instrumentId}
        onChange={(instrumentId) => setContent({ ...content, outcome: { ...content.outcome, instrumentId } })}
        choices={[
          { value: 'phq9', label: 'PHQ-9' },
          { value: 'madrs', label: 'MADRS' },
          { value: 'qids_sr16', label: 'QIDS-SR16' },
          { value: 'gad7', label: 'GAD-7' },
          { value: 'pcl5', label: 'PCL-5' },
          { value: 'pain_nrs', label: 'Pain NRS' },
        ]}
      />
      <FieldRow binding={binding} fields={targetFields} />
      <FieldRow binding={binding} fields={reviewFields} />
      {derived && derived.exceededLimits.length > 0 ? (
        <TextField
          id="override-reason"
          label="Reason for going above the protocol's dose limit"
          hint={`Required: ${exceededText(derived)}.`}
          className="input--attention"
          error={errorFor(errors, 'override-reason')}
          value={overrideReason}
          onChange={setOverrideReason}
        />
      ) : null}
      {versionNote ? (
        <TextField
          id="change-reason"
          label={`Reason for changing the signed plan (version ${versionNote.number})`}
          error={errorFor(errors, 'change-reason')}
          value={changeReason}
          onChange={setChangeReason}
        />
      ) : null}
    </>
  );
}

/** IV, IM or esketamine: changing the route starts its dose fields from the protocol's defaults. */
function RouteField({
  content,
  setContent,
  esketamine,
  setEsketamine,
  binding,
  protocol,
}: ContentBinding & {
  esketamine: EsketamineChoice;
  setEsketamine: (choice: EsketamineChoice) => void;
  binding: TextBinding;
  protocol: ClinicProtocol;
}) {
  return (
    <RadioGroup
      name="route"
      firstId="route"
      legend="Route"
      value={esketamine ? 'IN' : content.route}
      onChange={(route) => {
        if (route === 'IN') {
          setEsketamine(esketamine ?? { startMg: 56, maxMg: 56 });
          return;
        }
        setEsketamine(null);
        const limits = protocol.doseLimits[route];
        setContent({ ...content, route });
        binding.setText({
          ...binding.text,
          infusionMinutes: route === 'IV' ? String(limits.defaultInfusionMinutes ?? 40) : '',
          startMgPerKg: String(limits.startMgPerKg),
        });
      }}
      choices={[
        { value: 'IV', label: 'IV infusion' },
        { value: 'IM', label: 'IM injection' },
        { value: 'IN', label: 'Esketamine nasal spray (intranasal)' },
      ]}
    />
  );
}

/** Esketamine: a fixed dose by 28 mg device, starting and highest. */
function EsketamineDoseFields({
  esketamine,
  setEsketamine,
  errors,
}: {
  esketamine: NonNullable<EsketamineChoice>;
  setEsketamine: (choice: EsketamineChoice) => void;
  errors: readonly FormError[];
}) {
  return (
    <div className="inline-fields">
      <Select
        id="esketamine-start"
        label="Starting dose"
        hint="A fixed dose by 28 mg device, not weight-based"
        value={String(esketamine.startMg) as '56' | '84'}
        onChange={(v) => setEsketamine({ ...esketamine, startMg: Number(v) })}
        error={errorFor(errors, 'esketamine-start')}
        choices={esketamineDoses}
      />
      <Select
        id="esketamine-max"
        label="Highest dose"
        value={String(esketamine.maxMg) as '56' | '84'}
        onChange={(v) => setEsketamine({ ...esketamine, maxMg: Number(v) })}
        error={errorFor(errors, 'esketamine-max')}
        choices={esketamineDoses}
      />
    </div>
  );
}

/**
 * A first possible date before today. Changing a signed plan keeps its induction dates (the record of the
 * series that took place), so the note says so, and how to plan a new series instead.
 */
function InductionDateNote({ startDate, versionNote }: { startDate: string; versionNote: Plan | null }) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate) || startDate >= clinicDateOf(new Date())) return null;
  const kept = versionNote?.content.induction.startDate === startDate;
  return (
    <p className="muted">
      {kept
        ? `The induction series of version ${versionNote.number} began on ${formatDate(startDate)}; this version keeps it as it was planned. To plan a new induction series (after a relapse, for example), give a new first possible date.`
        : `The first possible date is in the past: the series below starts before today.`}
    </p>
  );
}

/** IV/IM: mg/kg on a weight basis, the vial strength, the infusion and the titration. */
function KetamineDoseFields({ content, setContent, binding }: ContentBinding & { binding: TextBinding }) {
  return (
    <>
      <div className="inline-fields">
        <PlanTextField binding={binding} spec={startField} />
        <Select
          id="basis"
          label="Weight basis"
          value={content.weightBasis}
          onChange={(weightBasis) => setContent({ ...content, weightBasis })}
          choices={[
            { value: 'actual', label: 'Actual body weight' },
            { value: 'ideal', label: 'Ideal body weight' },
            { value: 'adjusted', label: 'Adjusted body weight' },
          ]}
        />
      </div>
      <FieldRow
        binding={binding}
        fields={content.route === 'IV' ? [concentrationField, infusionField] : [concentrationField]}
      />
      <FieldRow binding={binding} fields={titrationFields} />
    </>
  );
}

/** What follows induction: the intent and notes. */
function MaintenanceFields({ content, setContent }: ContentBinding) {
  const maintenance = content.maintenance;
  return (
    <>
      <Select
        id="maintenance"
        label="Maintenance intent"
        value={maintenance.intent}
        onChange={(intent) => setContent({ ...content, maintenance: { ...maintenance, intent } })}
        choices={[
          { value: 'individual', label: 'Individual, decided at review' },
          { value: 'andrade2017', label: 'Weekly × 4, then every 2–4 weeks (Andrade 2017)' },
          { value: 'esketamine_label', label: 'Esketamine-label taper' },
          { value: 'none', label: 'None planned' },
        ]}
      />
      <TextArea
        id="maintenance-note"
        label="Maintenance notes"
        value={maintenance.note}
        onChange={(note) => setContent({ ...content, maintenance: { ...maintenance, note } })}
      />
    </>
  );
}
