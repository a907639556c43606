import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { assignmentReasonLabels } from '../../../../src/domain/labels/index.js';
import { PageHeading } from '../../shared/kit';
import { failureText } from '../../shared/query';
import { formatDateTimeLong } from '../../shared/time';
import { LoadFailed, Loading } from '../pages/StatusPages';
import { questionnaireApi, questionnairesKey, type Assignment, type SubmitResult } from './questionnaire-api';
import { dueText, nextStepPath } from './QuestionnairesDue';
import { AssignmentGate } from './questionnaire-pages/AssignmentGate';
import { Question } from './questionnaire-pages/Question';
import { Review } from './questionnaire-pages/Review';
import { UrgentSupport } from './questionnaire-pages/UrgentSupport';

/**
 * Questionnaires in the portal, one question per page (GOV.UK "question pages"): a back link, the
 * question, one button. Each answer is saved on the server as the patient goes, so they can stop and carry
 * on later, on any device. Then a review with "Change" links, and the result in plain words. Answers that
 * signal risk show crisis support on the same screen, and the care team is told at once.
 */

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

export function QuestionPage() {
  const { id = '', n = '1' } = useParams();
  return (
    <AssignmentGate id={id}>
      {(a) => <Question key={`${a.id}-${n}`} assignment={a} index={Number(n) - 1} />}
    </AssignmentGate>
  );
}

export function ReviewPage() {
  const { id = '' } = useParams();
  return <AssignmentGate id={id}>{(a) => <Review assignment={a} />}</AssignmentGate>;
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
