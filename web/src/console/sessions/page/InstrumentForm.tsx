import { useState } from 'react';
import { getInstrument } from '../../../../../src/domain/instruments';
import type { InstrumentId, ItemDefinition } from '../../../../../src/domain/instruments/types';
import type { Ctx } from './context';
import { EntryForm } from './entry-kit';

/**
 * A questionnaire rendered from its definition in the domain (items, options, skip logic): today's
 * PHQ-9 and C-SSRS screener before the dose, the CADSS-6 during it. `extra` is read when the form is
 * sent (the entry's kind and time).
 */
export function InstrumentForm({
  ctx,
  instrumentId,
  path,
  label,
  extra,
}: {
  ctx: Ctx;
  instrumentId: InstrumentId;
  path: string;
  label: string;
  extra?: () => Record<string, unknown>;
}) {
  const def = getInstrument(instrumentId);
  const [answers, setAnswers] = useState<Record<string, number | boolean | null>>({});
  const asked = (item: ItemDefinition) => !item.askedWhen || answers[item.askedWhen.itemId] === item.askedWhen.equals;
  return (
    <EntryForm
      ctx={ctx}
      path={path}
      label={label}
      className="instrument"
      submit={`Save ${label}`}
      body={() => ({
        ...extra?.(),
        ...(path === '/questionnaires' ? { instrumentId } : {}),
        answers: Object.fromEntries(def.items.map((i) => [i.id, asked(i) ? (answers[i.id] ?? null) : null])),
      })}
      onSaved={() => setAnswers({})}
    >
      <fieldset className="fieldset">
        <legend className="field__label">{def.title}</legend>
        {def.items.filter(asked).map((item) => (
          <fieldset className="fieldset instrument__item" key={item.id}>
            <legend>
              {item.number}. {item.text}
            </legend>
            <div className="radios radios--inline">
              {item.options.map((o) => {
                const optionId = `${instrumentId}-${item.id}-${String(o.value)}`;
                return (
                  <div className="radio" key={String(o.value)}>
                    <input
                      type="radio"
                      id={optionId}
                      name={`${instrumentId}-${item.id}`}
                      checked={answers[item.id] === o.value}
                      onChange={() => setAnswers({ ...answers, [item.id]: o.value })}
                    />
                    <label htmlFor={optionId}>{o.label}</label>
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))}
      </fieldset>
    </EntryForm>
  );
}
