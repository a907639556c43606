import { useQuery } from '@tanstack/react-query';
import { failureText, useReload } from '../shared/query';
import { useMe } from '../shared/auth';
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
  const patientId = me.patientId;
  const query = useQuery({
    queryKey: ['portal', patientId],
    enabled: patientId !== null,
    queryFn: async (): Promise<OwnData> => {
      const id = patientId!;
      const [record, templates, consents] = await Promise.all([
        portalApi.record(id),
        portalApi.consentTemplates(),
        portalApi.consents(id),
      ]);
      return { patientId: id, record, standings: consentStandings(templates.items, consents.items) };
    },
  });
  const reload = useReload(['portal', patientId]);
  const state: OwnDataState = !patientId
    ? { status: 'failed', message: 'This account is not linked to a patient record. Call the clinic.' }
    : query.isError
      ? { status: 'failed', message: failureText(query.error, 'Your details could not be loaded.') }
      : query.data
        ? { status: 'ready', data: query.data }
        : { status: 'loading' };
  return { state, reload };
}
