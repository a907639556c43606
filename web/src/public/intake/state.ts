import type {
  ConditionId,
  ContactMethodId,
  ContactTimeId,
  PrescreenAnswer,
} from '../../../../src/domain/intake/index.js';

/**
 * Everything the person has entered so far. Kept in sessionStorage (decision 005): it survives a reload and
 * the back button, disappears when the tab is closed (a shared or family computer keeps nothing), is never
 * shared with other tabs, and is deleted as soon as the form is sent. Health answers never go in the URL.
 */
export interface IntakeState {
  readonly version: 1;
  stepId: string;
  /** The signed time the form was first served (minimum fill time, checked by the server). */
  formToken: string;
  /** Reused when the same answers are sent again after a network failure; cleared by any edit. */
  idempotencyKey: string | null;
  contact: {
    givenName: string;
    familyName: string;
    email: string;
    phone: string;
    dobDay: string;
    dobMonth: string;
    dobYear: string;
    state: string;
  };
  conditions: ConditionId[];
  answers: Record<'phq9' | 'gad7' | 'cssrs_screener' | 'pcl5' | 'pain_nrs', Record<string, number | boolean>>;
  prescreen: Record<string, PrescreenAnswer>;
  medications: string;
  contactTimes: ContactTimeId[];
  contactMethod: ContactMethodId | '';
  consentContact: boolean;
  consentPrivacy: boolean;
}

const KEY = 'ketaclinic.intake.v1';
const DONE_KEY = 'ketaclinic.intake.done';
const DONE_AT_RISK_KEY = 'ketaclinic.intake.done.support';
/** A saved form older than this takes the token the page was just served with: the server refuses old ones. */
const TOKEN_RENEW_MS = 6 * 3_600_000;

/** When the form was served, from the token's signed part ("<ms>.<signature>"); 0 when unreadable. */
const tokenIssuedAt = (token: string): number => {
  const ms = Number(token.split('.')[0]);
  return Number.isFinite(ms) ? ms : 0;
};

export function initialState(formToken: string): IntakeState {
  return {
    version: 1,
    stepId: 'contact',
    formToken,
    idempotencyKey: null,
    contact: { givenName: '', familyName: '', email: '', phone: '', dobDay: '', dobMonth: '', dobYear: '', state: '' },
    conditions: [],
    answers: { phq9: {}, gad7: {}, cssrs_screener: {}, pcl5: {}, pain_nrs: {} },
    prescreen: {},
    medications: '',
    contactTimes: [],
    contactMethod: '',
    consentContact: false,
    consentPrivacy: false,
  };
}

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: the form still works, it just does not survive a reload
  }
}

export function loadState(formToken: string): IntakeState {
  const raw = storage()?.getItem(KEY);
  if (raw) {
    try {
      const saved = JSON.parse(raw) as IntakeState;
      if (saved.version === 1 && typeof saved.stepId === 'string') {
        // The first token is kept (the minimum fill time counts from the first page), unless it is so old that
        // the server would refuse it: then "reload the page" must actually help.
        const stale = Date.now() - tokenIssuedAt(saved.formToken) > TOKEN_RENEW_MS;
        return { ...initialState(formToken), ...saved, ...(stale ? { formToken } : {}) };
      }
    } catch {
      // a damaged entry: start again
    }
  }
  return initialState(formToken);
}

export function saveState(state: IntakeState): void {
  try {
    storage()?.setItem(KEY, JSON.stringify(state));
  } catch {
    // quota or privacy mode: keep going without saving
  }
}

/**
 * After sending: the answers are deleted; only the reference is kept, so a reload still shows it, and whether
 * the answers called for support now (the crisis panel stays on the confirmation).
 */
export function finish(reference: string, callsForSupport: boolean): void {
  storage()?.removeItem(KEY);
  try {
    storage()?.setItem(DONE_KEY, reference);
    if (callsForSupport) storage()?.setItem(DONE_AT_RISK_KEY, '1');
    else storage()?.removeItem(DONE_AT_RISK_KEY);
  } catch {
    // ignore
  }
}

export function finishedReference(): string | null {
  return storage()?.getItem(DONE_KEY) ?? null;
}

export function finishedAtRisk(): boolean {
  return storage()?.getItem(DONE_AT_RISK_KEY) === '1';
}

export function startAgain(): void {
  storage()?.removeItem(DONE_KEY);
  storage()?.removeItem(DONE_AT_RISK_KEY);
  storage()?.removeItem(KEY);
}

export function dateOfBirth(state: IntakeState): string {
  const { dobYear, dobMonth, dobDay } = state.contact;
  return `${dobYear.trim().padStart(4, '0')}-${dobMonth.trim().padStart(2, '0')}-${dobDay.trim().padStart(2, '0')}`;
}
