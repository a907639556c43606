import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatDateTimeLong } from '../../shared/time';
import { questionnaireApi, questionnairesKey, type Assignment } from './questionnaire-api';

/** Where a questionnaire starts or carries on: the first unanswered question, or the review. */
export function nextStepPath(a: Assignment): string {
  return a.answered > 0 ? `/questionnaires/${a.id}/review` : `/questionnaires/${a.id}/q/1`;
}

export function dueText(a: Assignment): string {
  return a.state === 'overdue'
    ? `Overdue: it was due by ${formatDateTimeLong(a.dueAt)}. You can still answer until ${formatDateTimeLong(a.closesAt)}.`
    : `Please answer by ${formatDateTimeLong(a.dueAt)}.`;
}

/** The questionnaires due, for the home page's "needs your attention" list. */
export function QuestionnairesDue() {
  const { data } = useQuery({ queryKey: questionnairesKey, queryFn: questionnaireApi.list });
  const due = (data?.items ?? []).filter((a) => a.state === 'open' || a.state === 'overdue');
  if (due.length === 0) return null;
  return (
    <ul className="task-list" aria-label="Questionnaires to answer">
      {due.map((a) => (
        <li key={a.id} className="task-list__item">
          <Link className="task-list__link" to={nextStepPath(a)}>
            {a.answered > 0 ? 'Carry on with' : 'Answer'}: {a.title}
          </Link>
          <p className="task-list__hint">
            {a.state === 'overdue' ? <strong className="tag tag--alert">Overdue</strong> : null} {dueText(a)}
          </p>
        </li>
      ))}
    </ul>
  );
}
