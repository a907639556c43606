import type { App } from '../../src/http/app.js';

/** A complete, valid "Get started" body (PHQ-9 item 9 = 0, no PTSD, no pain): tests change one thing at a time. */
export function validIntake(formToken: string): Record<string, unknown> {
  return {
    contact: {
      givenName: 'Alex',
      familyName: 'Example',
      email: 'alex@example.org',
      phone: '(555) 010-0199',
      dateOfBirth: '1985-04-12',
      state: 'NY',
    },
    conditions: ['depression', 'anxiety'],
    answers: {
      phq9: { phq9_1: 2, phq9_2: 2, phq9_3: 1, phq9_4: 2, phq9_5: 1, phq9_6: 1, phq9_7: 1, phq9_8: 0, phq9_9: 0 },
      gad7: { gad7_1: 2, gad7_2: 2, gad7_3: 1, gad7_4: 1, gad7_5: 0, gad7_6: 1, gad7_7: 1 },
    },
    prescreen: {
      ketamine_reaction: 'no',
      high_blood_pressure: 'not_sure',
      heart_disease: 'no',
      aneurysm_or_brain_bleed: 'no',
      stroke: 'no',
      overactive_thyroid: 'no',
      pregnancy: 'no',
      seizures: 'no',
      liver_disease: 'no',
      head_or_eye_pressure: 'no',
      psychosis: 'no',
      bipolar: 'no',
      substance_use: 'no',
      ketamine_misuse: 'no',
      benzodiazepines: 'yes',
      maoi: 'no',
    },
    medications: { current: 'sertraline 100 mg; lorazepam 0.5 mg as needed' },
    contactPreferences: { times: ['weekday_morning'], method: 'phone' },
    consent: { contact: true, privacyNotice: true },
    website: '',
    formToken,
  };
}

/** The signed token from the served "Get started" page, as the browser would send it. */
export async function formTokenFrom(app: App): Promise<string> {
  const page = await app.inject({ method: 'GET', url: '/get-started' });
  const match = /data-form-token="([^"]+)"/.exec(page.body);
  if (!match) throw new Error('no form token on /get-started');
  return match[1]!;
}

export function withPath(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = keys.at(-1)!;
  if (value === undefined)
    return replaceIn(copy, keys.slice(0, -1), Object.fromEntries(Object.entries(target).filter(([k]) => k !== last)));
  target[last] = value;
  return copy;
}

function replaceIn(
  root: Record<string, unknown>,
  path: readonly string[],
  value: Record<string, unknown>,
): Record<string, unknown> {
  if (path.length === 0) return value;
  let target = root;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[path.at(-1)!] = value;
  return root;
}

/**
 * The same intake with answers that make it urgent: PHQ-9 item 9 at 2 and a C-SSRS screener that rates
 * moderate risk (ideation with a method, no intent or plan: CLINICAL.md §5).
 */
export function urgentIntake(body: Record<string, unknown>): Record<string, unknown> {
  return withPath(withPath(body, 'answers.phq9.phq9_9', 2), 'answers.cssrs_screener', {
    cssrs_1: true,
    cssrs_2: true,
    cssrs_3: true,
    cssrs_4: false,
    cssrs_5: false,
    cssrs_6_lifetime: false,
    cssrs_6_past_3_months: null,
  });
}
