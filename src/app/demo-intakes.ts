import { intakeFromEmailExists } from '../db/repositories/demo-clinic.js';
import type { Queryable } from './context.js';
import type { IntakeSubmission, PrescreenAnswer } from '../domain/intake/index.js';
import { prescreenQuestionIds } from '../domain/intake/index.js';
import { issueFormToken } from './intake/form-token.js';
import { PublicClinic } from './public-site/public-clinic.js';
import { SiteSecret } from './public-site/site-secret.js';
import { submitIntake } from './intake/submit-intake.js';

/**
 * A realistic "Get started" queue for the demo coordinator: four fictional requests sent through the real
 * intake use-case (`submitIntake`), so their scores, bands, pre-screen flags and urgency are computed exactly
 * as for a visitor. Names are invented, phone numbers 555-01xx, emails example.org. Submission times are
 * spread over the day before `now`. Runs inside the caller's transaction; an intake whose email is already
 * in the clinic's intakes (whatever its status) is not sent again, so a second run adds nothing.
 */
interface DemoIntake {
  /** How long before `now` the request was sent. */
  readonly hoursAgo: number;
  readonly submission: IntakeSubmission;
}

const allNo = (): Record<string, PrescreenAnswer> => Object.fromEntries(prescreenQuestionIds.map((id) => [id, 'no']));

const items = (prefix: string, values: readonly number[]): Record<string, number> =>
  Object.fromEntries(values.map((value, index) => [`${prefix}_${index + 1}`, value]));

const contact = (
  givenName: string,
  familyName: string,
  phoneSuffix: string,
  dateOfBirth: string,
  state: string,
): IntakeSubmission['contact'] => ({
  givenName,
  familyName,
  email: `${givenName.toLowerCase()}.${familyName.toLowerCase()}@example.org`,
  phone: `(555) 010-01${phoneSuffix}`,
  dateOfBirth,
  state,
});

const consent = { contact: true, privacyNotice: true } as const;

export const demoIntakes: readonly DemoIntake[] = [
  {
    // Urgent: PHQ-9 item 9 above "Not at all", and C-SSRS Q3 (thoughts with a method) → moderate risk.
    hoursAgo: 2,
    submission: {
      contact: contact('Sage', 'Samplewood', '80', '1990-07-14', 'NY'),
      conditions: ['treatment_resistant_depression'],
      answers: {
        phq9: items('phq9', [3, 3, 2, 3, 2, 3, 2, 1, 1]),
        cssrs_screener: {
          cssrs_1: true,
          cssrs_2: true,
          cssrs_3: true,
          cssrs_4: false,
          cssrs_5: false,
          cssrs_6_lifetime: false,
          cssrs_6_past_3_months: null,
        },
        gad7: items('gad7', [2, 2, 2, 1, 1, 2, 2]),
      },
      prescreen: allNo(),
      medications: {
        current:
          'Sertraline 150 mg each morning, bupropion 300 mg. Tried escitalopram and venlafaxine before without much change.',
      },
      contactPreferences: { times: ['weekday_morning', 'weekday_afternoon'], method: 'phone' },
      consent,
    },
  },
  {
    // Routine, but the pre-screen raises blood pressure (not sure) and a benzodiazepine.
    hoursAgo: 21,
    submission: {
      contact: contact('Morgan', 'Mockridge', '81', '1972-02-03', 'NJ'),
      conditions: ['depression', 'anxiety'],
      answers: {
        phq9: items('phq9', [2, 2, 1, 2, 1, 1, 2, 1, 0]),
        gad7: items('gad7', [3, 3, 2, 2, 2, 2, 2]),
      },
      prescreen: { ...allNo(), high_blood_pressure: 'not_sure', benzodiazepines: 'yes' },
      medications: {
        current: 'Alprazolam 0.5 mg twice a day; lisinopril 10 mg (blood pressure last checked over a year ago).',
      },
      contactPreferences: { times: ['weekday_evening'], method: 'text' },
      consent,
    },
  },
  {
    // PTSD: PCL-5 above the provisional cut-off, with PHQ-9 and GAD-7.
    hoursAgo: 15,
    submission: {
      contact: contact('Jordan', 'Placeholder', '82', '1986-11-21', 'PA'),
      conditions: ['ptsd', 'depression'],
      answers: {
        phq9: items('phq9', [2, 2, 3, 2, 1, 2, 2, 1, 0]),
        gad7: items('gad7', [2, 2, 1, 2, 1, 2, 1]),
        pcl5: items('pcl5', [3, 3, 3, 2, 3, 3, 2, 1, 2, 3, 2, 2, 3, 2, 3, 3, 2, 2, 3, 2]),
      },
      prescreen: allNo(),
      medications: { current: 'Prazosin 2 mg at night, fluoxetine 40 mg.' },
      contactPreferences: { times: ['weekday_afternoon', 'saturday'], method: 'email' },
      consent,
    },
  },
  {
    // Chronic pain (fibromyalgia) with the pain scale.
    hoursAgo: 7,
    submission: {
      contact: contact('Casey', 'Demoford', '83', '1965-05-30', 'CT'),
      conditions: ['chronic_pain', 'depression'],
      answers: {
        phq9: items('phq9', [1, 2, 2, 2, 1, 1, 1, 1, 0]),
        gad7: items('gad7', [1, 1, 1, 1, 0, 1, 1]),
        pain_nrs: { pain_nrs_1: 7 },
      },
      prescreen: allNo(),
      medications: { current: 'Duloxetine 60 mg, pregabalin 75 mg twice a day.' },
      contactPreferences: { times: ['weekday_morning'], method: 'phone' },
      consent,
    },
  },
];

/** Minutes each person took to fill in the form (well above the spam rule's minimum fill time). */
const FILL_MINUTES = 12;

export async function loadDemoIntakes(client: Queryable, organizationId: string, now: Date): Promise<number> {
  const secret = new SiteSecret(client);
  // The demo clinic by id: the intake goes to it even when the database holds other clinics.
  const clinic = new PublicClinic(client, organizationId);
  let added = 0;
  for (const intake of demoIntakes) {
    if (await intakeFromEmailExists(client, organizationId, intake.submission.contact.email)) continue;
    const at = new Date(now.getTime() - intake.hoursAgo * 3_600_000);
    const formToken = await issueFormToken(secret, new Date(at.getTime() - FILL_MINUTES * 60_000));
    const result = await submitIntake(
      { submission: intake.submission, honeypot: '', formToken, idempotencyKey: undefined },
      { db: client, principal: null, now: at, ip: null, userAgent: 'ketaclinic-demo' },
      {
        secret,
        clinic,
        minFillMs: 5_000,
        // The urgent one's notice waits in the outbox (the demo sends no email); its link is the console's path.
        mail: { smtp: false, publicUrl: '' },
      },
    );
    if (result.kind !== 'stored')
      throw new Error(`demo intake for ${intake.submission.contact.givenName} was not stored (${result.reason})`);
    added++;
  }
  return added;
}
