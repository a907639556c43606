import { Link, useParams } from 'react-router';
import { Notice, PageHeading } from '../../shared/kit';
import { failureText } from '../../shared/query';
import { EditPatientForm } from './EditPatientForm';
import { useChart } from './queries';

/** Demographics, contacts (usual companion/driver), height and weight in US units. */
export function EditPatientPage() {
  const { id = '' } = useParams();
  const chart = useChart(id);
  if (chart.isError)
    return (
      <Notice kind="warning" title="The chart could not be loaded">
        <p>{failureText(chart.error, 'The chart could not be loaded.')}</p>
      </Notice>
    );
  if (!chart.data) return <p aria-live="polite">Loading…</p>;
  const p = chart.data.patient;
  return (
    <>
      <p>
        <Link className="back-link" to={`/patients/${id}`}>
          Back to the chart
        </Link>
      </p>
      <PageHeading title="Edit details" caption={`${p.givenName} ${p.familyName}`}>
        Edit details
      </PageHeading>
      <EditPatientForm key={p.version} patient={p} />
    </>
  );
}
