import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ApiError } from '../../../shared/api';
import { Notice, PageHeading } from '../../../shared/kit';
import { failureText } from '../../../shared/query';
import { formatDateTimeLong } from '../../../shared/time';
import { LoadFailed, Loading, NotFoundPage } from '../../pages/StatusPages';
import { questionnaireApi, questionnairesKey, type Assignment } from '../questionnaire-api';

export const oneKey = (id: string) => [...questionnairesKey, id] as const;

export function useAssignment(id: string) {
  return useQuery({ queryKey: oneKey(id), queryFn: () => questionnaireApi.get(id) });
}

export function AssignmentGate({ id, children }: { id: string; children: (a: Assignment) => React.ReactNode }) {
  const { data, error, isPending } = useAssignment(id);
  if (isPending) return <Loading />;
  if (error instanceof ApiError && error.noSuchRecord) return <NotFoundPage />;
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
