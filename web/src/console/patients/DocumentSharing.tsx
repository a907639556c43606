import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError } from '../../shared/api';
import { formatDateTime } from '../../shared/time';
import type { DocumentShared, DocumentSharingBody, DocumentSharingList } from '../../../../src/contracts/portal';

/**
 * "Share with the patient" on a chart document (decision 020): the document then appears in the patient's
 * portal, under Progress → Documents from the clinic; "Stop sharing" takes it out. Audited on the server,
 * which also decides who may share which kind.
 */

const base = (patientId: string) => `/api/v1/patients/${encodeURIComponent(patientId)}`;

export function useDocumentSharing(patientId: string) {
  return useQuery({
    queryKey: ['document-sharing', patientId],
    queryFn: ({ signal }) => api.get<DocumentSharingList>(`${base(patientId)}/document-sharing`, { signal }),
  });
}

export function ShareWithPatient({
  patientId,
  documentId,
  title,
}: {
  patientId: string;
  documentId: string;
  title: string;
}) {
  const client = useQueryClient();
  const sharing = useDocumentSharing(patientId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!sharing.data) return null;
  const shared = sharing.data.items.find((s) => s.documentId === documentId);

  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post<DocumentShared>(`${base(patientId)}/documents/${encodeURIComponent(documentId)}/sharing`, {
        shared: !shared,
      } satisfies DocumentSharingBody);
      await client.invalidateQueries({ queryKey: ['document-sharing', patientId] });
    } catch (e) {
      setError(e instanceof ApiError ? (e.detail ?? e.title) : 'Something went wrong. Try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="document__sharing">
      {shared ? (
        <p className="muted">
          <span className="tag tag--on">Shared</span> with the patient since {formatDateTime(shared.sharedAt)}
        </p>
      ) : null}
      <button type="button" className="button button--secondary" disabled={busy} onClick={() => void toggle()}>
        {shared ? 'Stop sharing' : 'Share with the patient'}
        <span className="visually-hidden"> {title}</span>
      </button>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
