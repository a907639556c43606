import { useState, type SyntheticEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { patientStatuses, patientStatusLabels } from '../../../../src/domain/chart/patient-status';
import { useMe } from '../../shared/auth';
import { LiveRegion, Notice, PageHeading, Select, ShowMoreButton, TextField } from '../../shared/kit';
import { can } from '../nav';
import { chartApi } from './chart-api';
import { usePagedList } from '../../shared/query';
import { formatDate } from '../../shared/time';
import { StatusTag } from './shared';

/** Patients of the clinic with their status; search by name, date of birth or MRN. */
export function PatientListPage() {
  const me = useMe();
  // The status filter is in the address (no one's health in it); the search text is not: a name or a date of
  // birth in the address would stay in the browser's history. It lives in the history entry's state, so Back
  // to this page still shows the same search.
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const q = (location.state as { q?: string } | null)?.q ?? '';
  const status = params.get('status') ?? '';
  const [text, setText] = useState(q);
  const [filter, setFilter] = useState(status);
  const load = usePagedList(
    ['patient-search', q, status],
    (cursor, signal) => chartApi.search({ q, status, cursor }, signal),
    'The list could not be loaded.',
  );

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (filter) next.set('status', filter);
    const search = next.toString();
    void navigate({ search: search ? `?${search}` : '' }, { state: text.trim() ? { q: text.trim() } : null });
  };

  return (
    <>
      <PageHeading title="Patients" caption={me.organization.name}>
        Patients
      </PageHeading>
      <p>Search by name, date of birth (MM/DD/YYYY) or medical record number. Select a name to open the chart.</p>
      {can(me, 'protocol.manage') ? (
        <p>
          <Link to="/admin/protocol">Protocol settings and consent templates</Link>
        </p>
      ) : null}
      <form className="form" role="search" onSubmit={submit} noValidate>
        <div className="inline-fields">
          <TextField
            id="q"
            label="Name, date of birth or MRN"
            value={text}
            onChange={setText}
            width="medium"
            autoComplete="off"
          />
          <Select
            id="status"
            label="Status"
            value={filter}
            onChange={setFilter}
            choices={[
              { value: '', label: 'Any status' },
              ...patientStatuses.map((s) => ({ value: s, label: patientStatusLabels[s] })),
            ]}
          />
          <div className="field">
            <button type="submit" className="button">
              Search
            </button>
          </div>
        </div>
      </form>
      <LiveRegion>
        {load.kind === 'loading' ? <p>Loading patients…</p> : null}
        {load.kind === 'failed' ? (
          <Notice kind="warning" title="The list of patients could not be loaded">
            <p>{load.message}</p>
          </Notice>
        ) : null}
        {load.kind === 'ready' && load.items.length === 0 ? (
          <p>No patients match. Check the spelling, or search by date of birth or MRN.</p>
        ) : null}
      </LiveRegion>
      {load.kind === 'ready' && load.items.length > 0 ? (
        <>
          <table className="table table--stack">
            <caption className="visually-hidden">Patients, {load.items.length} shown</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Date of birth</th>
                <th scope="col">MRN</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {load.items.map((p) => (
                <tr key={p.id}>
                  <th scope="row" data-label="Name">
                    <Link to={`/patients/${encodeURIComponent(p.id)}`}>
                      {p.familyName}, {p.givenName}
                    </Link>
                    {p.preferredName ? <span className="muted"> ({p.preferredName})</span> : null}
                  </th>
                  <td data-label="Date of birth">{formatDate(p.dateOfBirth)}</td>
                  <td data-label="MRN">{p.mrn}</td>
                  <td data-label="Status">
                    <StatusTag status={p.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {load.moreFailed ? <p className="muted">{load.moreFailed}</p> : null}
          {load.hasMore ? (
            <ShowMoreButton label="Show more patients" loading={load.loadingMore} onClick={load.loadMore} />
          ) : null}
        </>
      ) : null}
    </>
  );
}
