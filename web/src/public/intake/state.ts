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
      if (saved.version === 1 && typeof saved.stepId === 'string') return { ...initialState(formToken), ...saved };
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

/** After sending: the answers are deleted; only the reference is kept, so a reload still shows it. */
export function finish(reference: string): void {
  storage()?.removeItem(KEY);
  try {
    storage()?.setItem(DONE_KEY, reference);
  } catch {
    // ignore
  }
}

export function finishedReference(): string | null {
  return storage()?.getItem(DONE_KEY) ?? null;
}

export function startAgain(): void {
  storage()?.removeItem(DONE_KEY);
  storage()?.removeItem(KEY);
}

export function dateOfBirth(state: IntakeState): string {
  const { dobYear, dobMonth, dobDay } = state.contact;
  return `${dobYear.trim().padStart(4, '0')}-${dobMonth.trim().padStart(2, '0')}-${dobDay.trim().padStart(2, '0')}`;
}
