import { useQuery } from '@tanstack/react-query';
import { clinicDateOf, formatDateLong, formatDateTimeLong } from '../../shared/time';
import type { AttentionItem } from '../home/attention-slot';
import { questionnaireApi, questionnairesKey, type Assignment } from './questionnaire-api';

/** Where a questionnaire starts or carries on: the first unanswered question, or the review. */
export function nextStepPath(a: Assignment): string {
  return a.answered > 0 ? `/questionnaires/${a.id}/review` : `/questionnaires/${a.id}/q/1`;
}

/** A dated questionnaire is due by the end of a clinic day; one before a session, by the session's start. */
function byWhen(a: Assignment, iso: string): string {
  if (a.reason === 'pre_session') return formatDateTimeLong(iso);
  return `the end of ${formatDateLong(clinicDateOf(new Date(new Date(iso).getTime() - 1)))}`;
}

export function dueText(a: Assignment): string {
  return a.state === 'overdue'
    ? `Overdue: it was due by ${byWhen(a, a.dueAt)}. You can still answer until the end of ${formatDateLong(clinicDateOf(new Date(new Date(a.closesAt).getTime() - 1)))}.`
    : `Please answer by ${byWhen(a, a.dueAt)}${a.reason === 'pre_session' ? ' (the start of your session)' : ''}.`;
}

/** The questionnaires due, as items of the home page's "needs your attention" list (most urgent first). */
export function useQuestionnairesDue(): AttentionItem[] {
  const { data } = useQuery({ queryKey: questionnairesKey, queryFn: questionnaireApi.list });
  const due = (data?.items ?? []).filter((a) => a.state === 'open' || a.state === 'overdue');
  due.sort((a, b) => Number(b.state === 'overdue') - Number(a.state === 'overdue'));
  return due.map((a) => ({
    key: `questionnaire-${a.id}`,
    to: nextStepPath(a),
    title: `${a.answered > 0 ? 'Carry on with' : 'Answer'}: ${a.title}`,
    hint: dueText(a),
  }));
}
