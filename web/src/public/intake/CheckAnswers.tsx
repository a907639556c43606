import {
  conditionOptions,
  contactMethodOptions,
  contactTimeOptions,
  usStates,
} from '../../../../src/domain/intake/index.js';
import { CheckboxGroup } from '../../shared/kit';
import { dateOfBirth } from './state.js';
import type { StepProps } from './step-props.js';
import type { StepId } from './steps.js';

/** "Check your answers": the details to confirm, a way back to each page, consent and the privacy notice. */
export function CheckAnswers({
  state,
  update,
  errors,
  steps,
  goTo,
}: StepProps & { steps: readonly StepId[]; goTo: (step: StepId) => void }) {
  const change = (step: StepId, what: string) => (
    <button type="button" className="button-link" onClick={() => goTo(step)}>
      Change<span className="visually-hidden"> {what}</span>
    </button>
  );
  const questionnaires = steps.filter((s) => ['phq9', 'cssrs', 'gad7', 'pcl5', 'pain'].includes(s)).length;
  return (
    <>
      <h2>Your details</h2>
      <dl className="summary-list">
        <dt>Name</dt>
        <dd>
          {state.contact.givenName} {state.contact.familyName} {change('contact', 'your details')}
        </dd>
        <dt>Date of birth</dt>
        <dd>{dateOfBirth(state)}</dd>
        <dt>Email</dt>
        <dd>{state.contact.email}</dd>
        <dt>Phone</dt>
        <dd>{state.contact.phone}</dd>
        <dt>State</dt>
        <dd>{usStates.find(([code]) => code === state.contact.state)?.[1] ?? state.contact.state}</dd>
      </dl>
      <h2>Your answers</h2>
      <dl className="summary-list">
        <dt>What brings you to us</dt>
        <dd>
          {state.conditions.map((c) => conditionOptions.find((o) => o.id === c)?.label ?? c).join('; ')}{' '}
          {change('conditions', 'what brings you to us')}
        </dd>
        <dt>Questionnaires</dt>
        <dd>
          {questionnaires} answered {change('phq9', 'your questionnaire answers')}
        </dd>
        <dt>Health questions</dt>
        <dd>Answered {change('health', 'your health answers')}</dd>
        <dt>Medicines</dt>
        <dd>
          {state.medications.trim() || 'None given'} {change('medicines', 'your medicines')}
        </dd>
        <dt>When to contact you</dt>
        <dd>
          {state.contactTimes.map((t) => contactTimeOptions.find((o) => o.id === t)?.label ?? t).join('; ')}, by{' '}
          {contactMethodOptions.find((o) => o.id === state.contactMethod)?.label.toLowerCase()}{' '}
          {change('contact-times', 'when to contact you')}
        </dd>
      </dl>
      <h2>Before you send</h2>
      <p>
        Read our{' '}
        <a href="/privacy" target="_blank" rel="noopener">
          privacy notice (opens in a new tab)
        </a>
        . It explains who sees your answers and how we keep them safe.
      </p>
      <CheckboxGroup
        name="consent"
        legend={<span className="visually-hidden">Consent</span>}
        choices={[
          {
            value: 'contact',
            label: 'I agree to be contacted by the clinic about this request, by the times and method I chose.',
          },
          { value: 'privacy', label: 'I have read the privacy notice.' },
        ]}
        values={[
          ...(state.consentContact ? ['contact' as const] : []),
          ...(state.consentPrivacy ? ['privacy' as const] : []),
        ]}
        onChange={(values) =>
          update((s) => ({
            ...s,
            consentContact: values.includes('contact'),
            consentPrivacy: values.includes('privacy'),
          }))
        }
        error={errors['consent-contact'] ?? errors['consent-privacy']}
      />
    </>
  );
}
