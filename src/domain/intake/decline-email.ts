import { crisisResources } from './crisis-resources.js';

export interface DeclineEmailInput {
  readonly givenName: string;
  readonly clinicName: string;
  readonly clinicPhone: string | null;
}

/**
 * The email a coordinator sends when the clinic cannot offer treatment. It never repeats the reason or any
 * health detail (email is not a secure channel); it offers a call, points back to the person's own doctor and
 * gives the crisis line.
 */
export function declineEmailTemplate(input: DeclineEmailInput): { subject: string; body: string } {
  const call = input.clinicPhone ? `please call us on ${input.clinicPhone}` : 'please reply to this email';
  return {
    subject: `Your enquiry to ${input.clinicName}`,
    body: [
      `Dear ${input.givenName},`,
      '',
      `Thank you for contacting ${input.clinicName} and for telling us about your health. We have looked at your answers carefully, and we are sorry that ketamine treatment at our clinic is not the right option for you at the moment.`,
      '',
      `This is not a judgement about you. If you would like to talk about why, or about other options, ${call}. Your own doctor or mental health professional can also help you find the right next step.`,
      '',
      `If you are struggling or thinking about ending your life, call or text ${crisisResources.lifeline.call} (${crisisResources.lifeline.name}) at any time, or call ${crisisResources.emergency.call} in an emergency.`,
      '',
      'With best wishes,',
      input.clinicName,
    ].join('\n'),
  };
}
