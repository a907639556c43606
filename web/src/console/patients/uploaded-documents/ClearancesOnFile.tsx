import type { PatientDocumentList } from '../chart-api';

export function ClearancesOnFile({ list }: { list: PatientDocumentList }) {
  if (list.clearances.length === 0) return null;
  const status = list.clearances[0]!.assessmentStatus === 'signed' ? 'The signed assessment' : 'The draft assessment';
  return (
    <div className="clearances">
      <h3>Clearances the assessment asks for</h3>
      <p>
        {status} needs {list.clearances.length === 1 ? 'this clearance' : 'these clearances'} before treatment:
      </p>
      <ul>
        {list.clearances.map((c) => (
          <li
            key={c.clearance}
            className={c.documentIds.length ? 'clearance clearance--on-file' : 'clearance clearance--missing'}
          >
            <strong>{c.label}:</strong>{' '}
            {c.documentIds.length
              ? `letter on file${c.documentIds.length > 1 ? ` (${c.documentIds.length})` : ''}`
              : 'no letter on file yet'}
          </li>
        ))}
      </ul>
    </div>
  );
}
