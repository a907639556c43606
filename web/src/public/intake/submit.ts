import type { IntakeReceipt, IntakeRequest } from '../../../../src/contracts/intake.js';
import { prescreenQuestions, type ContactMethodId } from '../../../../src/domain/intake/index.js';
import { visibleCssrsItems } from './cssrs-visibility.js';
import { dateOfBirth, type IntakeState } from './state.js';
import type { StepId } from './steps.js';

export type SubmitOutcome =
  | { kind: 'ok'; reference: string }
  | { kind: 'invalid'; problems: { step: StepId | null; message: string }[] }
  | { kind: 'rate_limited'; retryAfterMinutes: number }
  | { kind: 'unavailable' }
  | { kind: 'network' };

/** The answers once every page passes: a way to contact the person has been chosen. */
export type CompleteIntakeState = IntakeState & { contactMethod: ContactMethodId };

export function isComplete(state: IntakeState): state is CompleteIntakeState {
  return state.contactMethod !== '';
}

/**
 * The request body (the contract's shape, src/contracts/intake.ts): only the instruments this person was
 * asked; C-SSRS items the skip logic did not ask are null; prescreen questions not reached are left out.
 */
export function requestBody(
  state: CompleteIntakeState,
  honeypot: string,
  instrumentSteps: readonly StepId[],
): IntakeRequest {
  const answers: IntakeRequest['answers'] = {};
  if (instrumentSteps.includes('phq9')) answers.phq9 = state.answers.phq9;
  if (instrumentSteps.includes('gad7')) answers.gad7 = state.answers.gad7;
  if (instrumentSteps.includes('pcl5')) answers.pcl5 = state.answers.pcl5;
  if (instrumentSteps.includes('pain')) answers.pain_nrs = state.answers.pain_nrs;
  // The C-SSRS screener goes with the request when it was asked — and also when it was answered in full with a
  // "yes" before item 9 was changed back to "Not at all": a positive answer is never discarded.
  const cssrsVisible = visibleCssrsItems(state.answers.cssrs_screener);
  const cssrsComplete = cssrsVisible.every((id) => typeof state.answers.cssrs_screener[id] === 'boolean');
  const cssrsPositive = cssrsVisible.some((id) => state.answers.cssrs_screener[id] === true);
  if (instrumentSteps.includes('cssrs') || (cssrsComplete && cssrsPositive)) {
    const visible = cssrsVisible;
    answers.cssrs_screener = Object.fromEntries(
      Object.keys(state.answers.cssrs_screener)
        .concat(visible)
        .map((id) => [id, visible.includes(id) ? (state.answers.cssrs_screener[id] ?? null) : null]),
    );
  }
  return {
    contact: {
      givenName: state.contact.givenName.trim(),
      familyName: state.contact.familyName.trim(),
      email: state.contact.email.trim(),
      phone: state.contact.phone.trim(),
      dateOfBirth: dateOfBirth(state),
      state: state.contact.state,
    },
    conditions: state.conditions,
    answers,
    prescreen: Object.fromEntries(
      prescreenQuestions.flatMap((q) => {
        const answer = state.prescreen[q.id];
        return answer ? [[q.id, answer] as const] : [];
      }),
    ),
    medications: { current: state.medications.trim() },
    contactPreferences: { times: state.contactTimes, method: state.contactMethod },
    consent: { contact: state.consentContact, privacyNotice: state.consentPrivacy },
    website: honeypot,
    formToken: state.formToken,
  };
}

/** Which page a server-side field error belongs to ("/body/contact/email" → contact). */
function stepOfPath(path: string): StepId | null {
  const [, , part, sub] = path.split('/');
  switch (part) {
    case 'contact':
      return 'contact';
    case 'conditions':
      return 'conditions';
    case 'answers':
      return sub === 'phq9'
        ? 'phq9'
        : sub === 'gad7'
          ? 'gad7'
          : sub === 'pcl5'
            ? 'pcl5'
            : sub === 'pain_nrs'
              ? 'pain'
              : sub === 'cssrs_screener'
                ? 'cssrs'
                : null;
    case 'prescreen':
      return 'health';
    case 'medications':
      return 'medicines';
    case 'contactPreferences':
      return 'contact-times';
    case 'consent':
      return 'check';
    case undefined:
    default:
      return null;
  }
}

export async function sendIntake(body: IntakeRequest, idempotencyKey: string): Promise<SubmitOutcome> {
  let res: Response;
  try {
    res = await fetch('/api/v1/intake', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { kind: 'network' };
  }
  if (res.status === 201) {
    const json = (await res.json()) as IntakeReceipt;
    return { kind: 'ok', reference: json.reference };
  }
  if (res.status === 400) {
    const problem = (await res.json().catch(() => ({}))) as { errors?: { path: string; message: string }[] };
    return {
      kind: 'invalid',
      problems: (problem.errors ?? []).map((e) => ({ step: stepOfPath(e.path), message: e.message })),
    };
  }
  if (res.status === 429) {
    const seconds = Number(res.headers.get('retry-after') ?? '3600');
    return { kind: 'rate_limited', retryAfterMinutes: Math.max(1, Math.ceil(seconds / 60)) };
  }
  return { kind: 'unavailable' };
}

export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}
