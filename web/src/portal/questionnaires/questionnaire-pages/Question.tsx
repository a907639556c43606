import { useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { crisisResources } from '../../../../../src/domain/intake/crisis-resources';
import { ApiError } from '../../../shared/api';
import { ErrorSummary, type FormError, LiveRegion, Notice, PageHeading, RadioGroup } from '../../../shared/kit';
import { NotFoundPage } from '../../pages/StatusPages';
import { fromWire, questionsFor, stemOf, toWire } from '../questions';
import { questionnaireApi, questionnairesKey, type Assignment } from '../questionnaire-api';
import { oneKey } from './AssignmentGate';

function saveErrors(error: unknown): FormError[] {
  if (error instanceof ApiError && error.fieldErrors.length > 0)
    return error.fieldErrors.map((e) => ({ fieldId: 'answer', message: e.message }));
  if (error instanceof ApiError) return [{ message: error.detail ?? error.title }];
  return [{ message: 'Your answer could not be saved. Check your connection and try again.' }];
}

export function Question({ assignment, index }: { assignment: Assignment; index: number }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const questions = questionsFor(assignment.instrumentId, assignment.draftAnswers);
  const question = questions[index];
  const [choice, setChoice] = useState<string | undefined>(fromWire(assignment.draftAnswers[question?.item.id ?? '']));
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  if (!question || !Number.isInteger(index)) return <NotFoundPage />;
  const back = index === 0 ? '/questionnaires' : `/questionnaires/${assignment.id}/q/${index}`;
  const firstChoiceId = `answer-${question.choices[0]!.value}`;

  const save = async (event: SyntheticEvent, skip = false) => {
    event.preventDefault();
    if (choice === undefined && !skip) {
      setErrors([{ fieldId: firstChoiceId, message: 'Choose an answer to continue' }]);
      return;
    }
    setBusy(true);
    try {
      const saved = await questionnaireApi.answer(assignment.id, question.item.id, skip ? null : toWire(choice!));
      client.setQueryData(oneKey(assignment.id), saved);
      void client.invalidateQueries({ queryKey: questionnairesKey, exact: true });
      // Skip logic may add or remove questions: count again from the saved answers.
      const next = questionsFor(saved.instrumentId, saved.draftAnswers);
      const after = next.findIndex((q) => q.item.id === question.item.id) + 1;
      void navigate(
        after < next.length
          ? `/questionnaires/${assignment.id}/q/${after + 1}`
          : `/questionnaires/${assignment.id}/review`,
      );
    } catch (error) {
      setErrors(saveErrors(error).map((e) => (e.fieldId ? { ...e, fieldId: firstChoiceId } : e)));
      setBusy(false);
    }
  };

  const stem = stemOf(assignment.instrumentId);
  return (
    <>
      <Link className="back-link" to={back}>
        Back
      </Link>
      <ErrorSummary errors={errors} />
      <PageHeading
        title={`Question ${index + 1} of ${questions.length} — ${assignment.title}`}
        caption={`${assignment.title} — question ${index + 1} of ${questions.length}`}
      >
        {question.text}
      </PageHeading>
      {stem ? <p className="lead">{stem}</p> : null}
      <form className="form" noValidate onSubmit={(e) => void save(e)}>
        <RadioGroup
          name="answer"
          legend={<span className="visually-hidden">{question.text}</span>}
          choices={question.choices}
          value={choice}
          onChange={(v) => {
            setChoice(v);
            setErrors([]);
          }}
          error={errors.find((e) => e.fieldId)?.message}
        />
        {/* PHQ-9 item 9 above "Not at all": support now, right where it was answered (CLINICAL.md §5). */}
        <LiveRegion>
          {question.item.id === 'phq9_9' && choice !== undefined && Number(choice) > 0 ? (
            <Notice kind="warning" title="You do not have to wait for help">
              <p>
                If you are thinking about hurting yourself, call or text {crisisResources.lifeline.call} now (free, any
                time), or call {crisisResources.emergency.call} if you are in danger. Your care team is told as soon as
                you send your answers.
              </p>
            </Notice>
          ) : null}
        </LiveRegion>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Saving…' : 'Save and continue'}
        </button>{' '}
        {question.optional ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={(e) => void save(e, true)}
          >
            Skip this question
          </button>
        ) : null}
      </form>
      <p className="muted">Your answer is saved when you continue. You can stop and come back later.</p>
    </>
  );
}
