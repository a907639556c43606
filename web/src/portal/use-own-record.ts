import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../shared/api';
import { useMe } from '../console/auth';
import { consentStandings, portalApi, type ConsentStanding, type OwnRecord } from './portal-api';

export interface OwnData {
  patientId: string;
  record: OwnRecord;
  standings: ConsentStanding[];
}

export type OwnDataState =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; data: OwnData };

/** The signed-in patient's record and consents, loaded together; `reload` after signing or withdrawing. */
export function useOwnRecord(): { state: OwnDataState; reload: () => Promise<void> } {
  const me = useMe();
  const [state, setState] = useState<OwnDataState>({ status: 'loading' });
  const patientId = me.patientId;
  const reload = useCallback(async () => {
    if (!patientId) {
      setState({ status: 'failed', message: 'This account is not linked to a patient record. Call the clinic.' });
      return;
    }
    try {
      const [record, templates, consents] = await Promise.all([
        portalApi.record(patientId),
        portalApi.consentTemplates(),
        portalApi.consents(patientId),
      ]);
      setState({
        status: 'ready',
        data: { patientId, record, standings: consentStandings(templates.items, consents.items) },
      });
    } catch (error) {
      setState({
        status: 'failed',
        message: error instanceof ApiError ? (error.detail ?? error.title) : 'Your details could not be loaded.',
      });
    }
  }, [patientId]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { state, reload };
}
