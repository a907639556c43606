import { Link } from 'react-router';
import type { UserSummary } from '../../shared/identity-api';
import { roleLabel } from '../nav';
import type { AuditEntry } from './audit-api';
import { filtersToParams, type AuditFilters } from './audit-filters';
import { outcomeLabels } from './audit-format';
import { instantParts } from '../../shared/time';
import { auditActionLabels, labelOf, resourceTypeLabels } from '../../../../src/domain/labels';

interface Props {
  entries: readonly AuditEntry[];
  users: ReadonlyMap<string, UserSummary>;
  filters: AuditFilters;
}

function Who({ entry, users }: { entry: AuditEntry; users: ReadonlyMap<string, UserSummary> }) {
  const roles = entry.actorRoles.map(roleLabel).join(', ');
  if (!entry.actorUserId) return <>No one signed in</>;
  const user = users.get(entry.actorUserId);
  return (
    <>
      {user ? user.name : <span className="break-anywhere">Account {entry.actorUserId}</span>}
      {roles ? <div className="muted">{roles}</div> : null}
    </>
  );
}

function PatientName({ entry }: { entry: AuditEntry }) {
  return (
    <>
      {entry.patientName ?? 'A patient no longer on file'}
      {entry.patientMrn ? <span className="muted audit-nowrap"> MRN {entry.patientMrn}</span> : null}
    </>
  );
}

/** The entries, newest first; on a phone each row becomes a card labelled by its column names. */
export function AuditTable({ entries, users, filters }: Props) {
  const forPatient = (patientId: string) => `/admin/audit?${filtersToParams({ ...filters, patientId }).toString()}`;
  return (
    <table className="table table--stack audit-table">
      <caption className="visually-hidden">Audit entries, newest first, {entries.length} shown</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Resource</th>
          <th scope="col">Patient</th>
          <th scope="col">Outcome</th>
          <th scope="col">IP address</th>
          <th scope="col">Seal</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} className={e.outcome === 'success' ? undefined : 'audit-row--refused'}>
            <th scope="row">
              <time dateTime={e.occurredAt} className="audit-when">
                <span>{instantParts(e.occurredAt).date}</span> <span>{instantParts(e.occurredAt).time}</span>
              </time>
            </th>
            <td data-label="Who">
              <Who entry={e} users={users} />
            </td>
            <td data-label="Action">{labelOf(auditActionLabels, e.action)}</td>
            <td data-label="Resource">{e.resourceType ? labelOf(resourceTypeLabels, e.resourceType) : '—'}</td>
            <td data-label="Patient">
              {e.patientId ? (
                filters.patientId === e.patientId ? (
                  <PatientName entry={e} />
                ) : (
                  <Link
                    to={forPatient(e.patientId)}
                    aria-label={`Show only entries for ${e.patientName ?? 'this patient'}${e.patientMrn ? `, MRN ${e.patientMrn}` : ''}`}
                  >
                    <PatientName entry={e} />
                  </Link>
                )
              ) : (
                '—'
              )}
            </td>
            <td data-label="Outcome">
              <span className={`tag audit-outcome--${e.outcome}`}>{outcomeLabels[e.outcome]}</span>
            </td>
            <td data-label="IP address" className="audit-nowrap">
              {e.ip ?? '—'}
            </td>
            <td data-label="Seal">
              <span className={`tag ${e.sealed ? 'tag--on' : 'audit-pending'}`}>{e.sealed ? 'Sealed' : 'Pending'}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
