import { cssrsQuestions, prescreenQuestions } from '../../../../../src/domain/intake/index.js';
import { getInstrument, isInstrumentId } from '../../../../../src/domain/instruments/index.js';
import type { IntakeDetail } from '../intake-api';
import { scoreText } from '../labels';

/** Scores, pre-screen flags and (for prescribers) every answer and the medicines list. */
export function IntakeAnswers({ intake }: { intake: IntakeDetail }) {
  return (
    <>
      <h2>Screening</h2>
      <ul className="plain-list intake-scores">
        {intake.scores.map((s) => (
          <li key={s.instrumentId}>{scoreText(s)}</li>
        ))}
      </ul>
      <h2>Pre-screen flags</h2>
      {intake.prescreenFlags.length === 0 ? (
        <p>None: every health question was answered "no".</p>
      ) : (
        <ul>
          {intake.prescreenFlags.map((f) => (
            <li key={f.flag}>
              <strong>{f.label}</strong> — answered {f.answer === 'yes' ? 'yes' : 'not sure'} (
              {f.severity === 'absolute' ? 'absolute contraindication if confirmed' : 'relative contraindication'})
            </li>
          ))}
        </ul>
      )}
      {intake.answers === null || intake.prescreen === null ? (
        <p>The answers to each question and the medicines list are shown to prescribers.</p>
      ) : (
        <>
          <h2>Medicines</h2>
          <p>{intake.medications || 'None given'}</p>
          <details className="details">
            <summary>All answers</summary>
            {Object.entries(intake.answers).map(([instrumentId, answers]) => (
              <section key={instrumentId}>
                <h3>{isInstrumentId(instrumentId) ? getInstrument(instrumentId).shortTitle : instrumentId}</h3>
                <ol>
                  {Object.entries(answers).map(([itemId, value]) => {
                    const text =
                      instrumentId === 'cssrs_screener'
                        ? cssrsQuestions.find((q) => q.itemId === itemId)?.text
                        : isInstrumentId(instrumentId)
                          ? getInstrument(instrumentId).items.find((i) => i.id === itemId)?.text
                          : undefined;
                    return (
                      <li key={itemId}>
                        {text ?? itemId}:{' '}
                        <strong>
                          {value === null ? 'not asked' : value === true ? 'yes' : value === false ? 'no' : value}
                        </strong>
                      </li>
                    );
                  })}
                </ol>
              </section>
            ))}
            <h3>Health questions</h3>
            <ul>
              {prescreenQuestions.map((q) => (
                <li key={q.id}>
                  {q.text} <strong>{(intake.prescreen?.[q.id] ?? '').replace('_', ' ')}</strong>
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </>
  );
}
