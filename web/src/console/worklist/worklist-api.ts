import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api';

export interface WorkItem {
  id: string;
  patientId: string | null;
  name: string;
  mrn: string | null;
  at: string;
  detail: string | null;
  path: string;
}

export interface WorklistSection {
  id: string;
  title: string;
  count: number;
  urgent: boolean;
  path: string | null;
  items: WorkItem[];
}

/** GET /api/v1/worklist: what waits for the signed-in member of staff. */
export const useWorklist = () =>
  useQuery({
    queryKey: ['worklist'],
    queryFn: () => api.get<{ sections: WorklistSection[] }>('/api/v1/worklist'),
    refetchInterval: 60_000,
  });
