import { useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../../shared/api';
import { ErrorSummary, type FormError, PageHeading } from '../../../shared/kit';
import { answerLabel, fromWire, questionsFor } from '../questions';
import { questionnaireApi, questionnairesKey, type Assignment } from '../questionnaire-api';
import { oneKey } from './AssignmentGate';

export function Review({ assignment }: { assignment: Assignment }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const questions = questionsFor(assignment.instrumentId, assignment.draftAnswers);
  const missing = questions.filter((q) => !q.optional && fromWire(assignment.draftAnswers[q.item.id]) === undefined);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (missing.length > 0) {
      setErrors(
        missing.map((q) => ({
          fieldId: `change-${q.item.id}`,
          message: `Answer question ${questions.indexOf(q) + 1} before you send`,
        })),
      );
      return;
    }
    setBusy(true);
    try {
      const result = await questionnaireApi.submit(assignment.id);
      client.setQueryData(oneKey(assignment.id), result.assignment);
      void client.invalidateQueries({ queryKey: questionnairesKey, exact: true });
      void navigate(`/questionnaires/${assignment.id}/done`, { state: { result } });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'questionnaire_completed') {
        void client.invalidateQueries({ queryKey: oneKey(assignment.id) });
        return;
      }
      setErrors(
        error instanceof ApiError
          ? [{ message: error.detail ?? error.title }]
          : [{ message: 'Sending failed. Try again.' }],
      );
      setBusy(false);
    }
  };

  return (
    <>
      <Link className="back-link" to={`/questionnaires/${assignment.id}/q/${questions.length}`}>
        Back
      </Link>
      <ErrorSummary errors={errors} />
      <PageHeading title={`Check your answers — ${assignment.title}`} caption={assignment.title}>
        Check your answers
      </PageHeading>
      <dl className="summary-list">
        {questions.map((q, i) => (
          <div className="summary-list__row" key={q.item.id}>
            <dt>
              {i + 1}. {q.text}
            </dt>
            <dd>
              {answerLabel(q, assignment.draftAnswers[q.item.id])}{' '}
              <Link id={`change-${q.item.id}`} to={`/questionnaires/${assignment.id}/q/${i + 1}`}>
                Change<span className="visually-hidden"> answer to question {i + 1}</span>
              </Link>
            </dd>
          </div>
        ))}
      </dl>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <p>When you send your answers, your care team can see them. You cannot change them afterwards.</p>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Sending…' : 'Send your answers'}
        </button>
      </form>
    </>
  );
}
