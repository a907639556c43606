import type { Session } from './session-api';

/**
 * A session's route in words, as the session screens show it (never the stored code). The domain's
 * `planRouteLabels` name the plan's route formally ("Intranasal esketamine (IN)"); at the chair the nurse
 * reads what is given.
 */
export const sessionRouteLabels: Readonly<Record<Session['route'], string>> = {
  IV: 'IV infusion',
  IM: 'IM injection',
  IN: 'Esketamine nasal spray',
};
