import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  defaultStopRule,
  derivePlan,
  type DerivedPlan,
  type KetaminePlanContent,
  type PlanContent,
} from '../../../../../src/domain/chart/plan';
import type { ClinicProtocol } from '../../../../../src/domain/protocol';
import { useMe } from '../../../shared/auth';
import { ErrorSummary, LiveRegion, Notice, type FormError } from '../../../shared/kit';
import { addDays, clinicDateOf, isoWeekday } from '../../../shared/time';
import { ConfirmStep } from '../../components/ConfirmStep';
import { can } from '../../nav';
import { entryKey } from '../../../shared/api';
import { chartApi, type Chart, type Plan } from '../chart-api';
import { DosePanel } from '../DosePanel';
import { patientKey } from '../queries';
import { formErrors, parseNumber } from '../shared';
import { exceededText, PlanFields, type EsketamineChoice, type PlanText } from './PlanFields';

/** The next Monday after today in the clinic's time zone. */
function nextMonday(): string {
  const today = clinicDateOf(new Date());
  return addDays(today, 8 - isoWeekday(today));
}

function defaults(chart: Chart, protocol: ClinicProtocol): KetaminePlanContent {
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

const toText = (c: KetaminePlanContent): PlanText => ({
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
  startMg: 'esketamine-start',
  maxMg: 'esketamine-max',
};

/**
 * The IV/IM fields the editor starts from. For an esketamine plan (its dose is kept apart, EsketamineChoice)
 * they carry its conditions, series, maintenance, outcome and stop rule, and the protocol's IV defaults
 * should the prescriber switch it to IV or IM.
 */
function editable(from: PlanContent | undefined, fallback: KetaminePlanContent): KetaminePlanContent {
  if (!from) return fallback;
  if (from.route !== 'IN') return from;
  const { conditions, induction, maintenance, outcome, stopRule } = from;
  return { ...fallback, conditions, induction, maintenance, outcome, stopRule };
}

/** The plan as sent: IV/IM as typed, or esketamine with the same conditions, series and outcome. */
function withRoute(ketamine: KetaminePlanContent, esketamine: EsketamineChoice): PlanContent {
  if (!esketamine) return ketamine;
  const { conditions, induction, maintenance, outcome, stopRule } = ketamine;
  return { conditions, induction, maintenance, outcome, stopRule, route: 'IN', ...esketamine };
}

/** Works the plan's content out from what is typed (numbers as typed, so "0." can become "0.5"). */
export function planFromText(content: KetaminePlanContent, text: PlanText): KetaminePlanContent {
  const num = (key: string, fallback: number): number => parseNumber(text[key] ?? '') ?? fallback;
  return {
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
}

/** The domain's dose and dates for a plan, or why they cannot be worked out yet. */
export function derive(
  content: PlanContent,
  chart: Chart,
  protocol: ClinicProtocol,
): { derived: DerivedPlan | null; problem: string | null } {
  const p = chart.patient;
  if (p.weightKg === null || p.heightCm === null || p.sex === null) return { derived: null, problem: null };
  try {
    return {
      derived: derivePlan(
        content,
        { weightKg: p.weightKg, heightCm: p.heightCm, sex: p.sex },
        protocol,
        chart.planning.calendar,
      ),
      problem: null,
    };
  } catch (error) {
    return { derived: null, problem: error instanceof Error ? error.message : 'Check the values.' };
  }
}

/** A draft plan (or a new one): the prescriber's choices on the left, the domain's dose and dates on the right. */
export function PlanEditor({
  chart,
  protocol,
  plan: initialPlan,
  inForce,
}: {
  chart: Chart;
  protocol: ClinicProtocol;
  plan: Plan | null;
  inForce: Plan | null;
}) {
  const id = chart.patient.id;
  const navigate = useNavigate();
  const queries = useQueryClient();
  const me = useMe();
  const [plan, setPlan] = useState<Plan | null>(initialPlan);
  // The draft is created once, however often its first save is sent (a lost answer, a second click).
  const [createKey] = useState(entryKey);
  const [content, setContent] = useState<KetaminePlanContent>(() =>
    editable(initialPlan?.content ?? inForce?.content, defaults(chart, protocol)),
  );
  const [esketamine, setEsketamine] = useState<EsketamineChoice>(() => {
    const from = initialPlan?.content ?? inForce?.content;
    return from?.route === 'IN' ? { startMg: from.startMg, maxMg: from.maxMg } : null;
  });
  const [text, setText] = useState<PlanText>(() => toText(content));
  const [overrideReason, setOverrideReason] = useState(initialPlan?.overrideReason ?? '');
  const [changeReason, setChangeReason] = useState(initialPlan?.changeReason ?? '');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [discarding, setDiscarding] = useState(false);

  const current = withRoute(planFromText(content, text), esketamine);
  const { derived, problem } = derive(current, chart, protocol);
  const versionNote = inForce && (!plan || plan.supersedesPlanId) ? inForce : null;
  const overLimit = (derived?.exceededLimits.length ?? 0) > 0;

  const save = async (): Promise<Plan> => {
    const body = { content: current, overrideReason: overrideReason || null, changeReason: changeReason || null };
    const next = plan
      ? await chartApi.updatePlan(id, plan.id, { ...body, version: plan.version })
      : await chartApi.createPlan(id, body, createKey.current());
    setPlan(next);
    queries.setQueryData([...patientKey(id), 'plans', next.id], next);
    // The plan page finds the plan in the patient's list: a new draft must be in it before its address is.
    queries.setQueryData<{ items: Plan[] }>(
      [...patientKey(id), 'plans'],
      (list) => list && { ...list, items: [...list.items.filter((p) => p.id !== next.id), next] },
    );
    if (!plan) void navigate(`/patients/${id}/plans/${next.id}`, { replace: true });
    return next;
  };
  const act = async (sign: boolean) => {
    if (sign && overLimit && !overrideReason.trim()) {
      setErrors([
        {
          fieldId: 'override-reason',
          message: `Enter the reason for going above the protocol's dose limit (${exceededText(derived)})`,
        },
      ]);
      return;
    }
    setBusy(true);
    try {
      const draft = await save();
      if (sign) {
        const signed = await chartApi.signPlan(id, draft.id, draft.version);
        setPlan(signed);
        queries.setQueryData([...patientKey(id), 'plans', signed.id], signed);
        await queries.invalidateQueries({ queryKey: patientKey(id) });
        void navigate(`/patients/${id}/plans/${signed.id}`, {
          replace: true,
          state: { notice: `Plan version ${signed.number} signed: it is now the order nurses follow.` },
        });
      } else {
        setDone(`Draft of plan version ${draft.number} saved.`);
      }
      setErrors([]);
    } catch (error) {
      createKey.failed(error);
      setErrors(formErrors(error, ids));
    } finally {
      setBusy(false);
    }
  };

  // A draft the prescriber will not sign: removed (audited, on the timeline); a plan in force stays the order.
  const discard = async () => {
    if (!plan) return;
    setBusy(true);
    try {
      await chartApi.discardPlan(id, plan.id, plan.version);
      queries.removeQueries({ queryKey: [...patientKey(id), 'plans', plan.id] });
      await queries.invalidateQueries({ queryKey: patientKey(id) });
      void navigate(`/patients/${id}`, {
        replace: true,
        state: { notice: `Draft of plan version ${plan.number} discarded.` },
      });
    } catch (error) {
      setErrors(formErrors(error, ids));
      setDiscarding(false);
      setBusy(false);
    }
  };

  return (
    <>
      <LiveRegion>{done ? <Notice kind="success" title={done} /> : null}</LiveRegion>
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
          <PlanFields
            content={content}
            setContent={setContent}
            esketamine={esketamine}
            setEsketamine={setEsketamine}
            text={text}
            setText={setText}
            protocol={protocol}
            derived={derived}
            errors={errors}
            overrideReason={overrideReason}
            setOverrideReason={setOverrideReason}
            changeReason={changeReason}
            setChangeReason={setChangeReason}
            versionNote={versionNote}
          />
          {can(me, 'plans.write') ? (
            <div className="button-group">
              <button type="submit" className="button button--secondary" disabled={busy}>
                Save draft
              </button>
              {can(me, 'plans.sign') ? (
                <button type="button" className="button" disabled={busy || !derived} onClick={() => void act(true)}>
                  Sign the plan as the order
                </button>
              ) : null}
              {plan && !discarding ? (
                <button type="button" className="button button--secondary" onClick={() => setDiscarding(true)}>
                  Discard draft
                </button>
              ) : null}
            </div>
          ) : null}
          {can(me, 'plans.write') && plan && discarding ? (
            <ConfirmStep
              id="discard-plan-draft"
              title={`Discard the draft of plan version ${plan.number}?`}
              confirmLabel="Discard draft"
              warning
              busy={busy}
              onConfirm={() => void discard()}
              onCancel={() => setDiscarding(false)}
            >
              <p>
                The draft is removed; the chart&apos;s timeline and the audit log keep a line saying it was discarded.
                {inForce ? ` Plan version ${inForce.number}, signed, stays the order nurses follow.` : ''} A signed plan
                is never discarded: a change to it is a new version.
              </p>
            </ConfirmStep>
          ) : null}
        </form>
        <div className="sticky">
          <h2>Dose and dates</h2>
          <p className="muted">Calculated as you type with the clinic protocol ({protocol.version}).</p>
          {derived ? (
            <DosePanel derived={derived} />
          ) : (
            <p>
              {problem ?? (
                <>
                  Record height, weight and sex to see the dose:{' '}
                  <Link to={`/patients/${id}/edit`}>edit the patient&apos;s details</Link>.
                </>
              )}
            </p>
          )}
        </div>
      </div>
    </>
  );
}
