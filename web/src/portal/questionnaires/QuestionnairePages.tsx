import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { crisisResources } from '../../../../src/domain/intake/crisis-resources';
import { assignmentReasonLabels } from '../../../../src/domain/labels/index.js';
import { ApiError } from '../../shared/api';
import { ErrorSummary, type FormError, LiveRegion, Notice, PageHeading, RadioGroup } from '../../shared/kit';
import { failureText } from '../../shared/query';
import { formatDateTimeLong } from '../../shared/time';
import { LoadFailed, Loading, NotFoundPage } from '../pages/StatusPages';
import { answerLabel, fromWire, questionsFor, stemOf, toWire } from './questions';
import { questionnaireApi, questionnairesKey, type Assignment, type SubmitResult } from './questionnaire-api';
import { dueText, nextStepPath } from './QuestionnairesDue';

/**
 * Questionnaires in the portal, one question per page (GOV.UK "question pages"): a back link, the
 * question, one button. Each answer is saved on the server as the patient goes, so they can stop and carry
 * on later, on any device. Then a review with "Change" links, and the result in plain words. Answers that
 * signal risk show crisis support on the same screen, and the care team is told at once.
 */
const oneKey = (id: string) => [...questionnairesKey, id] as const;

function useAssignment(id: string) {
  return useQuery({ queryKey: oneKey(id), queryFn: () => questionnaireApi.get(id) });
}

function AssignmentGate({ id, children }: { id: string; children: (a: Assignment) => React.ReactNode }) {
  const { data, error, isPending } = useAssignment(id);
  if (isPending) return <Loading />;
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage />;
  if (error) return <LoadFailed message={failureText(error, 'The questionnaire could not be loaded.')} />;
  if (data.status === 'completed') return <SentView assignment={data} />;
  if (data.state === 'missed')
    return (
      <>
        <PageHeading title={data.title}>{data.title}</PageHeading>
        <p>This questionnaire has closed. Your care team will ask you about how you are at your next visit.</p>
        <p>
          <Link to="/questionnaires">Back to your questionnaires</Link>
        </p>
      </>
    );
  return <>{children(data)}</>;
}

export function QuestionnairesPage() {
  const { data, error, isPending } = useQuery({ queryKey: questionnairesKey, queryFn: questionnaireApi.list });
  const heading = <PageHeading title="Your questionnaires">Your questionnaires</PageHeading>;
  if (isPending)
    return (
      <>
        {heading}
        <Loading />
      </>
    );
  if (error)
    return (
      <>
        {heading}
        <LoadFailed message={failureText(error, 'Your questionnaires could not be loaded.')} />
      </>
    );
  const due = data.items.filter((a) => a.state === 'open' || a.state === 'overdue');
  const done = data.items.filter((a) => a.state === 'completed');
  return (
    <>
      {heading}
      <p>
        Your care team asks these questions between visits to see how you are doing. It takes a few minutes. You can
        stop at any time: your answers are saved as you go.
      </p>
      <section className="section" aria-labelledby="due-heading">
        <h2 id="due-heading">To answer</h2>
        {due.length === 0 ? (
          <p>You have no questionnaires to answer right now. We will email you when the next one is ready.</p>
        ) : (
          <ul className="task-list">
            {due.map((a) => (
              <li key={a.id} className="task-list__item">
                <Link className="task-list__link" to={nextStepPath(a)}>
                  {a.title}
                </Link>
                <p className="task-list__hint">
                  {a.state === 'overdue' ? <strong className="tag tag--alert">Overdue</strong> : null}{' '}
                  {labelOfReason(a.reason)}. {dueText(a)}{' '}
                  {a.answered > 0 ? `You have answered ${a.answered} of ${a.questions} questions.` : ''}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {done.length > 0 ? (
        <section className="section" aria-labelledby="done-heading">
          <h2 id="done-heading">Sent recently</h2>
          <ul className="task-list">
            {done.map((a) => (
              <li key={a.id} className="task-list__item">
                {a.title}
                <p className="task-list__hint">
                  <strong className="tag tag--on">Sent</strong> on {formatDateTimeLong(a.completedAt ?? a.dueAt)}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

const reasonLabels: Readonly<Record<string, string>> = assignmentReasonLabels;
const labelOfReason = (reason: Assignment['reason']): string => reasonLabels[reason] ?? 'Check-in';

function saveErrors(error: unknown): FormError[] {
  if (error instanceof ApiError && error.fieldErrors.length > 0)
    return error.fieldErrors.map((e) => ({ fieldId: 'answer', message: e.message }));
  if (error instanceof ApiError) return [{ message: error.detail ?? error.title }];
  return [{ message: 'Your answer could not be saved. Check your connection and try again.' }];
}

export function QuestionPage() {
  const { id = '', n = '1' } = useParams();
  return (
    <AssignmentGate id={id}>
      {(a) => <Question key={`${a.id}-${n}`} assignment={a} index={Number(n) - 1} />}
    </AssignmentGate>
  );
}

function Question({ assignment, index }: { assignment: Assignment; index: number }) {
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

export function ReviewPage() {
  const { id = '' } = useParams();
  return <AssignmentGate id={id}>{(a) => <Review assignment={a} />}</AssignmentGate>;
}

function Review({ assignment }: { assignment: Assignment }) {
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

/** Shown on the same screen as the result when the answers raised an urgent task for the care team. */
function UrgentSupport() {
  const { lifeline, emergency } = crisisResources;
  return (
    <section className="notice notice--warning urgent-support" aria-labelledby="urgent-support-title" role="alert">
      <h2 id="urgent-support-title">Please talk to someone now</h2>
      <p>
        Some of your answers tell us you may be having thoughts of hurting yourself. You do not have to wait: support is
        there right now, day and night.
      </p>
      <ul className="urgent-support__actions">
        <li>
          <a className="button" href={`tel:${lifeline.call}`}>
            Call {lifeline.call}
          </a>{' '}
          or{' '}
          <a className="button button--secondary" href={`sms:${lifeline.text}`}>
            Text {lifeline.text}
          </a>{' '}
          — {lifeline.name}, free and confidential
        </li>
        <li>
          <a className="button button--warning" href={`tel:${emergency.call}`}>
            Call {emergency.call}
          </a>{' '}
          if you are in danger now, or go to the nearest emergency department
        </li>
      </ul>
      <p>
        <strong>We have told your care team.</strong> Someone from the clinic will contact you. If you do not hear from
        them today, call the clinic.
      </p>
    </section>
  );
}

export function ResultPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const result = (location.state as { result?: SubmitResult } | null)?.result;
  if (!result || result.assignment.id !== id)
    return <AssignmentGate id={id}>{(a) => <Link to={nextStepPath(a)}>Carry on with {a.title}</Link>}</AssignmentGate>;
  return (
    <>
      {result.safetyAlert ? <UrgentSupport /> : null}
      <PageHeading title={`Answers sent — ${result.assignment.title}`} caption={result.assignment.title}>
        {result.explanation.headline}
      </PageHeading>
      {result.explanation.paragraphs.map((p) => (
        <p key={p}>{p}</p>
      ))}
      <p>
        <Link to="/questionnaires">Back to your questionnaires</Link>
      </p>
    </>
  );
}

function SentView({ assignment }: { assignment: Assignment }) {
  return (
    <>
      <PageHeading title={assignment.title}>{assignment.title}</PageHeading>
      <Notice kind="success" title="You have sent this questionnaire">
        <p>
          You sent it on {formatDateTimeLong(assignment.completedAt ?? assignment.dueAt)}. Your care team can see your
          answers.
        </p>
      </Notice>
      <p>
        <Link to="/questionnaires">Back to your questionnaires</Link>
      </p>
    </>
  );
}
