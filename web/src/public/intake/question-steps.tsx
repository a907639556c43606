import { useEffect, useRef } from 'react';
import {
  cssrsQuestions,
  cssrsRiskSoFar,
  prescreenQuestionsIn,
  showsCrisisResources,
  type PrescreenAnswer,
  type PrescreenGroup,
} from '../../../../src/domain/intake/index.js';
import { getInstrument, instruments } from '../../../../src/domain/instruments/index.js';
import { RadioGroup } from '../../shared/kit';
import { CrisisPanel } from './components.js';
import { visibleCssrsItems } from './cssrs-visibility.js';
import type { StepProps } from './step-props.js';

/** PHQ-9, GAD-7 or PCL-5: the published stem and items from the domain definitions, one fieldset per item. */
export function InstrumentQuestions({
  state,
  update,
  errors,
  instrumentId,
}: StepProps & { instrumentId: 'phq9' | 'gad7' | 'pcl5' }) {
  const definition = getInstrument(instrumentId);
  const answers = state.answers[instrumentId];
  const item9 = answers.phq9_9;
  return (
    <>
      <p className="lead">{definition.stem}</p>
      {definition.items.map((item) => (
        <div className="question-block" key={item.id}>
          <RadioGroup
            name={item.id}
            legend={`${item.number}. ${item.text}${item.unscored ? ' (optional)' : ''}`}
            choices={item.options.map((o) => ({ value: String(o.value), label: o.label }))}
            value={typeof answers[item.id] === 'number' ? String(answers[item.id]) : undefined}
            onChange={(v) =>
              update((s) => ({
                ...s,
                answers: { ...s.answers, [instrumentId]: { ...s.answers[instrumentId], [item.id]: Number(v) } },
              }))
            }
            error={errors[`${item.id}-0`]}
          />
          {/* PHQ-9 item 9 above "Not at all" → support now, right where it was answered (CLINICAL.md §5). */}
          {instrumentId === 'phq9' && item.id === 'phq9_9' && typeof item9 === 'number' && item9 > 0 && (
            <CrisisPanel urgent={false} />
          )}
        </div>
      ))}
    </>
  );
}

export function PainQuestion({ state, update, errors }: StepProps) {
  const definition = instruments.pain_nrs;
  const item = definition.items[0]!;
  const value = state.answers.pain_nrs[item.id];
  return (
    <RadioGroup
      name={item.id}
      legend={definition.stem}
      hint="0 means no pain. 10 means the worst pain you can imagine."
      layout="scale"
      choices={item.options.map((o) => ({ value: String(o.value), label: o.label }))}
      value={typeof value === 'number' ? String(value) : undefined}
      onChange={(v) => update((s) => ({ ...s, answers: { ...s.answers, pain_nrs: { [item.id]: Number(v) } } }))}
      error={errors[`${item.id}-0`]}
    />
  );
}

const yesNo = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
] as const;

/** The C-SSRS screener in plain words, with its skip logic; crisis resources appear the moment the answers reach moderate risk. */
export function CssrsQuestions({ state, update, errors }: StepProps) {
  const answers = state.answers.cssrs_screener;
  const visible = visibleCssrsItems(answers);
  const risk = cssrsRiskSoFar(
    Object.fromEntries(visible.map((id) => [id, typeof answers[id] === 'boolean' ? answers[id] : undefined])),
    instruments.cssrs_screener.items.map((i) => i.id),
  );
  const showCrisis = showsCrisisResources(risk);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (showCrisis) panel.current?.scrollIntoView({ block: 'start' });
  }, [showCrisis]);
  return (
    <>
      <div ref={panel}>{showCrisis && <CrisisPanel urgent />}</div>
      <p className="lead">
        You told us you have had thoughts of being better off dead or of hurting yourself. We would like to understand a
        little more, so that we can help. Please answer honestly — there are no wrong answers.
      </p>
      {cssrsQuestions
        .filter((q) => visible.includes(q.itemId))
        .map((q) => (
          <div className="question-block" key={q.itemId}>
            <RadioGroup
              name={q.itemId}
              legend={q.text}
              layout="inline"
              choices={yesNo}
              value={typeof answers[q.itemId] === 'boolean' ? (answers[q.itemId] ? 'yes' : 'no') : undefined}
              onChange={(v) =>
                update((s) => ({
                  ...s,
                  answers: { ...s.answers, cssrs_screener: { ...s.answers.cssrs_screener, [q.itemId]: v === 'yes' } },
                }))
              }
              error={errors[`${q.itemId}-yes`]}
            />
          </div>
        ))}
    </>
  );
}

const prescreenChoices: readonly { value: PrescreenAnswer; label: string }[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'not_sure', label: 'Not sure' },
];

export function PrescreenQuestions({ state, update, errors, group }: StepProps & { group: PrescreenGroup }) {
  return (
    <>
      {prescreenQuestionsIn(group).map((q, index) => (
        <div className="question-block" key={q.id}>
          <RadioGroup
            name={q.id}
            legend={`${index + 1}. ${q.text}`}
            {...(q.hint ? { hint: q.hint } : {})}
            layout="inline"
            choices={prescreenChoices}
            value={state.prescreen[q.id]}
            onChange={(v) => update((s) => ({ ...s, prescreen: { ...s.prescreen, [q.id]: v } }))}
            error={errors[`${q.id}-yes`]}
          />
        </div>
      ))}
    </>
  );
}
