import type { DerivedPlan, KetaminePlanContent } from '../../../../../src/domain/chart/plan';
import type { ClinicProtocol } from '../../../../../src/domain/protocol';
import { errorFor, RadioGroup, Select, TextArea, TextField, type FormError } from '../../../shared/kit';
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
}: {
  content: KetaminePlanContent;
  setContent: (content: KetaminePlanContent) => void;
  esketamine: EsketamineChoice;
  setEsketamine: (choice: EsketamineChoice) => void;
  text: PlanText;
  setText: (text: PlanText) => void;
  protocol: ClinicProtocol;
  derived: DerivedPlan | null;
  errors: readonly FormError[];
  overrideReason: string;
  setOverrideReason: (v: string) => void;
  changeReason: string;
  setChangeReason: (v: string) => void;
  versionNote: Plan | null;
}) {
  const field = (key: string) => ({ value: text[key] ?? '', onChange: (v: string) => setText({ ...text, [key]: v }) });
  return (
    <>
      <TextField
        id="conditions"
        label="Conditions targeted (ICD-10-CM codes)"
        hint="Separated by commas, e.g. F33.2"
        width="medium"
        error={errorFor(errors, 'conditions')}
        {...field('conditions')}
      />
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
          setText({
            ...text,
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
      {esketamine ? (
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
      ) : (
        <KetamineDoseFields content={content} setContent={setContent} errors={errors} field={field} />
      )}
      <h2>Induction</h2>
      <div className="inline-fields">
        <TextField
          id="sessions"
          label="Sessions"
          width="short"
          inputMode="numeric"
          hint="Default 6 over 2–3 weeks"
          error={errorFor(errors, 'sessions')}
          {...field('sessions')}
        />
        <TextField
          id="start-date"
          label="First possible date"
          type="date"
          width="medium"
          error={errorFor(errors, 'start-date')}
          {...field('startDate')}
        />
        <TextField id="time" label="Preferred time" type="time" width="medium" {...field('time')} />
      </div>
      <Select
        id="maintenance"
        label="Maintenance intent"
        value={content.maintenance.intent}
        onChange={(intent) => setContent({ ...content, maintenance: { ...content.maintenance, intent } })}
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
        value={content.maintenance.note}
        onChange={(note) => setContent({ ...content, maintenance: { ...content.maintenance, note } })}
      />
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
      <div className="inline-fields">
        <TextField id="response" label="Response: drop of at least (%)" width="short" {...field('response')} />
        <TextField id="remission" label="Remission: total at or below" width="short" {...field('remission')} />
      </div>
      <div className="inline-fields">
        <TextField
          id="review-by"
          label="Review if no improvement by session"
          width="short"
          error={errorFor(errors, 'review-by')}
          {...field('reviewBy')}
        />
        <TextField
          id="improvement"
          label="Improvement needed (%)"
          width="short"
          hint="Usually at least 20 % by session 4. Missing it flags a review; it never stops treatment by itself."
          {...field('improvement')}
        />
      </div>
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

type FieldProps = (key: string) => { value: string; onChange: (v: string) => void };

/** IV/IM: mg/kg on a weight basis, the vial strength, the infusion and the titration. */
function KetamineDoseFields({
  content,
  setContent,
  errors,
  field,
}: {
  content: KetaminePlanContent;
  setContent: (content: KetaminePlanContent) => void;
  errors: readonly FormError[];
  field: FieldProps;
}) {
  return (
    <>
      <div className="inline-fields">
        <TextField
          id="start"
          label="Starting dose (mg/kg)"
          width="short"
          inputMode="decimal"
          error={errorFor(errors, 'start')}
          {...field('startMgPerKg')}
        />
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
      <div className="inline-fields">
        <TextField
          id="concentration"
          label="Vial strength (mg/mL)"
          width="short"
          inputMode="decimal"
          {...field('concentration')}
        />
        {content.route === 'IV' ? (
          <TextField
            id="infusion"
            label="Infusion (minutes)"
            width="short"
            inputMode="numeric"
            error={errorFor(errors, 'infusion')}
            {...field('infusionMinutes')}
          />
        ) : null}
      </div>
      <div className="inline-fields">
        <TextField
          id="step"
          label="Titration step (mg/kg per session)"
          width="short"
          inputMode="decimal"
          {...field('step')}
        />
        <TextField
          id="max"
          label="Titration maximum (mg/kg)"
          width="short"
          inputMode="decimal"
          error={errorFor(errors, 'max')}
          {...field('max')}
        />
      </div>
    </>
  );
}
