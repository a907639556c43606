import { useMe } from '../../shared/auth';
import { can } from '../nav';
import { useAlertCounts } from './alerts-api';

/** The count of unacknowledged safety alerts beside "Safety alerts" in the menu, refreshed every 5 seconds. */
export function AlertBadge() {
  const me = useMe();
  const { data } = useAlertCounts(can(me, 'questionnaires.read'));
  if (!data || data.open === 0) return null;
  return (
    <span className="alert-badge" data-testid="alert-badge">
      {data.open}
      <span className="visually-hidden"> not acknowledged</span>
    </span>
  );
}
