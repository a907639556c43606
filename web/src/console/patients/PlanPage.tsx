import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { defaultStopRule, derivePlan, type DerivedPlan, type PlanContent } from '../../../../src/domain/chart/plan';
import type { ClinicProtocol } from '../../../../src/domain/protocol';
import { useMe } from '../auth';
import {
  errorFor,
  ErrorSummary,
  type FormError,
  LiveRegion,
  Notice,
  PageHeading,
  RadioGroup,
  Select,
  TextArea,
  TextField,
} from '../../shared/kit';
import { addDays, clinicDateOf, formatDateTime, isoWeekday } from '../../shared/time';
import { can } from '../nav';
import { chartApi, type Chart, type Plan } from './chart-api';
import { DosePanel } from './DosePanel';
import { errorMessage, formErrors, parseNumber } from './shared';

/** The next Monday after today in the clinic's time zone. */
function nextMonday(): string {
  const today = clinicDateOf(new Date());
  return addDays(today, 8 - isoWeekday(today));
}

function defaults(chart: Chart, protocol: ClinicProtocol): PlanContent {
  return {
    conditions: chart.diagnoses
      .filter((d) => protocol.treatedIndications.some((i) => i.icd10Prefixes.some((p) => d.icd10.startsWith(p))))
      .map((d) => d.icd10),
    route: 'IV',
    startMgPerKg: protocol.doseLimits.IV.startMgPerKg,
    weightBasis: 'actual',
    concentrationMgPerMl: 10,
    infusionMinutes: protocol.doseLimits.IV.defaultInfusionMinutes,
    titration: { stepMgPerKg: protocol.doseLimits.IV.titrationStepMgPerKg, maxMgPerKg: 0.6 },
    induction: { sessions: protocol.induction.sessions, startDate: nextMonday(), preferredTime: '10:00' },
    maintenance: { intent: 'individual', note: '' },
    outcome: { instrumentId: 'phq9', responseDropPercent: 50, remissionAtOrBelow: 4 },
    stopRule: { ...defaultStopRule },
  };
}

type Text = Record<string, string>;
const toText = (c: PlanContent): Text => ({
  startMgPerKg: String(c.startMgPerKg),
  concentration: String(c.concentrationMgPerMl),
  infusionMinutes: c.infusionMinutes === null ? '' : String(c.infusionMinutes),
  step: String(c.titration.stepMgPerKg),
  max: String(c.titration.maxMgPerKg),
  sessions: String(c.induction.sessions),
  startDate: c.induction.startDate,
  time: c.induction.preferredTime,
  conditions: c.conditions.join(', '),
  response: String(c.outcome.responseDropPercent),
  remission: c.outcome.remissionAtOrBelow === null ? '' : String(c.outcome.remissionAtOrBelow),
  reviewBy: String(c.stopRule.reviewBySession),
  improvement: String(c.stopRule.minImprovementPercent),
});

const ids: Record<string, string> = {
  conditions: 'conditions',
  startMgPerKg: 'start',
  concentrationMgPerMl: 'concentration',
  infusionMinutes: 'infusion',
  titration: 'max',
  induction: 'start-date',
  'induction/sessions': 'sessions',
  'induction/startDate': 'start-date',
  'induction/preferredTime': 'time',
  overrideReason: 'override-reason',
  changeReason: 'change-reason',
  stopRule: 'review-by',
};

/** The plan editor: the prescriber's choices on the left, the domain's dose and dates on the right, live. */
export function PlanPage() {
  const { id = '', planId } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const [chart, setChart] = useState<Chart | null>(null);
  const [protocol, setProtocol] = useState<ClinicProtocol | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [inForce, setInForce] = useState<Plan | null>(null);
  const [content, setContent] = useState<PlanContent | null>(null);
  const [text, setText] = useState<Text>({});
  const [overrideReason, setOverrideReason] = useState('');
  const [changeReason, setChangeReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void (async () => {
      try {
        const [c, protocols, plans] = await Promise.all([chartApi.chart(id), chartApi.protocols(), chartApi.plans(id)]);
        setChart(c);
        const signed = plans.items.find((p) => p.status === 'signed') ?? null;
        setInForce(signed);
        const current = planId && planId !== 'new' ? (plans.items.find((p) => p.id === planId) ?? null) : null;
        setPlan(current);
        const version = protocols.versions.find((v) => v.id === current?.protocol.id) ?? protocols.current;
        setProtocol(version.protocol);
        const start = current?.content ?? signed?.content ?? defaults(c, version.protocol);
        setContent(start);
        setText(toText(start));
        setOverrideReason(current?.overrideReason ?? '');
        setChangeReason(current?.changeReason ?? '');
      } catch (error) {
        setFailure(errorMessage(error, 'The plan could not be loaded.'));
      }
    })();
  }, [id, planId]);

  if (failure)
    return (
      <Notice kind="warning" title="The plan could not be loaded">
        <p>{failure}</p>
      </Notice>
    );
  if (!chart || !protocol || !content) return <p aria-live="polite">Loading the plan…</p>;
  const name = `${chart.patient.givenName} ${chart.patient.familyName}`;
  const p = chart.patient;
  const editable = (!plan || plan.status === 'draft') && can(me, 'plans.write');
  const num = (key: string, fallback: number): number => parseNumber(text[key] ?? '') ?? fallback;
  const current: PlanContent = {
    ...content,
    conditions: (text.conditions ?? '')
      .split(/[,\s]+/)
      .filter(Boolean)
      .map((c) => c.toUpperCase()),
    startMgPerKg: num('startMgPerKg', 0),
    concentrationMgPerMl: num('concentration', 0),
    infusionMinutes: content.route === 'IV' ? num('infusionMinutes', 0) : null,
    titration: { stepMgPerKg: num('step', 0), maxMgPerKg: num('max', 0) },
    induction: { sessions: num('sessions', 0), startDate: text.startDate ?? '', preferredTime: text.time ?? '' },
    outcome: {
      ...content.outcome,
      responseDropPercent: num('response', 0),
      remissionAtOrBelow: parseNumber(text.remission ?? ''),
    },
    stopRule: { reviewBySession: num('reviewBy', 0), minImprovementPercent: num('improvement', 0) },
  };
  const measured = p.weightKg !== null && p.heightCm !== null && p.sex !== null;
  let derived: DerivedPlan | null = null;
  let problem: string | null = null;
  if (measured) {
    try {
      derived = derivePlan(
        current,
        { weightKg: p.weightKg!, heightCm: p.heightCm!, sex: p.sex! },
        protocol,
        chart.planning.calendar,
      );
    } catch (error) {
      problem = error instanceof Error ? error.message : 'Check the values.';
    }
  }
  const field = (key: string) => ({ value: text[key] ?? '', onChange: (v: string) => setText({ ...text, [key]: v }) });
  const versionNote = inForce && (!plan || plan.supersedesPlanId) ? inForce : null;

  const save = async (): Promise<Plan> => {
    const body = { content: current, overrideReason: overrideReason || null, changeReason: changeReason || null };
    const next = plan
      ? await chartApi.updatePlan(id, plan.id, { ...body, version: plan.version })
      : await chartApi.createPlan(id, body);
    setPlan(next);
    if (!plan) void navigate(`/patients/${id}/plans/${next.id}`, { replace: true });
    return next;
  };
  const act = async (sign: boolean) => {
    setBusy(true);
    try {
      const draft = await save();
      if (sign) {
        const signed = await chartApi.signPlan(id, draft.id, draft.version);
        setPlan(signed);
        setDone(`Plan version ${signed.number} signed: it is now the order nurses follow.`);
      } else {
        setDone(`Draft of plan version ${draft.number} saved.`);
      }
      setErrors([]);
    } catch (error) {
      setErrors(formErrors(error, ids));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>
        <Link className="back-link" to={`/patients/${id}?tab=documents`}>
          Back to the chart
        </Link>
      </p>
      <PageHeading title={`Treatment plan — ${name}`} caption={name}>
        {plan
          ? `Treatment plan, version ${plan.number}${plan.status === 'draft' ? ' (draft)' : plan.status === 'superseded' ? ' (superseded)' : ''}`
          : inForce
            ? 'New version of the treatment plan'
            : 'Treatment plan'}
      </PageHeading>
      <LiveRegion>{done ? <Notice kind="success" title={done} /> : null}</LiveRegion>
      {plan?.status === 'signed' ? (
        <p>
          Signed by {plan.signedBy?.name} on {formatDateTime(plan.signedAt)}. A signed plan is not changed:{' '}
          <Link to={`/patients/${id}/plans/new`}>start a new version</Link>.
        </p>
      ) : null}
      {chart.consent.status !== 'active' ? (
        <Notice kind="warning" title="No consent on file">
          <p>
            The plan can be drafted, but not signed until the patient signs the consent.{' '}
            <Link to={`/patients/${id}/consent`}>Record consent</Link>
          </p>
        </Notice>
      ) : null}
      {!chart.eligibility || chart.eligibility.decision === 'not_eligible' ? (
        <Notice kind="warning" title="No signed eligible assessment">
          <p>
            The plan can be drafted, but not signed until a prescriber signs an assessment finding the patient eligible.
          </p>
        </Notice>
      ) : null}
      {!measured ? (
        <Notice kind="warning" title="Height, weight and sex are needed for the dose">
          <p>
            <Link to={`/patients/${id}/edit`}>Record them in the patient's details</Link>.
          </p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} />
      <div className="split">
        <form
          className="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void act(false);
          }}
        >
          <fieldset className="fieldset" disabled={!editable}>
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
              value={content.route}
              onChange={(route) => {
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
              ]}
            />
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
                width="short"
                hint="YYYY-MM-DD"
                error={errorFor(errors, 'start-date')}
                {...field('startDate')}
              />
              <TextField id="time" label="Preferred time" width="short" hint="HH:MM" {...field('time')} />
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
                hint="CLINICAL.md §4: ≥ 20 % by session 4; flags a review, never stops by itself"
                {...field('improvement')}
              />
            </div>
            {derived && derived.exceededLimits.length > 0 ? (
              <TextField
                id="override-reason"
                label="Override reason (dose above the protocol limit)"
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
          </fieldset>
          {editable ? (
            <div className="button-group">
              <button type="submit" className="button button--secondary" disabled={busy}>
                Save draft
              </button>
              {can(me, 'plans.sign') ? (
                <button type="button" className="button" disabled={busy || !derived} onClick={() => void act(true)}>
                  Sign the plan as the order
                </button>
              ) : null}
            </div>
          ) : null}
        </form>
        <div className="sticky">
          <h2>Dose and dates</h2>
          <p className="muted">Calculated as you type with the clinic protocol ({protocol.version}).</p>
          {derived ? (
            <DosePanel derived={derived} />
          ) : (
            <p>{problem ?? 'Record height, weight and sex to see the dose.'}</p>
          )}
        </div>
      </div>
    </>
  );
}
