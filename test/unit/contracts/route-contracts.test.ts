import { describe, expect, it } from 'vitest';
import { assessmentSignBody, assessmentUpdateBody } from '../../../src/contracts/assessments.js';
import { consentTemplateBody, signConsentBody } from '../../../src/contracts/consents.js';
import { intakeContactedBody, intakeConvertBody, intakeQueueQuery } from '../../../src/contracts/intakes.js';
import { planSignBody, planUpdateBody } from '../../../src/contracts/plans.js';
import { calendarQuery, seriesBookingBody, seriesProposalBody } from '../../../src/contracts/scheduling.js';

// The request contracts the intake queue, consent, plan, schedule and assessment routes validate with
// (src/contracts): the defaults a client may leave out, the bounds, and the words a person sees.
const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map((i) => ({ path: i.path.join('/'), message: i.message }));

describe('defaults a client may leave out', () => {
  it('the intake queue: open intakes, 50 a page; convert requests the assessment; contacted needs no body', () => {
    expect(intakeQueueQuery.parse({})).toEqual({ filter: 'open', limit: 50 });
    expect(intakeQueueQuery.parse({ limit: '200' }).limit).toBe(200);
    expect(intakeConvertBody.parse(undefined)).toEqual({ requestAssessment: true });
    expect(intakeConvertBody.parse({ version: 3 })).toEqual({ requestAssessment: true, version: 3 });
    expect(intakeContactedBody.parse(undefined)).toEqual({});
  });

  it('the schedule: one day from the calendar, an induction series', () => {
    const locationId = '00000000-0000-4000-8000-000000000001';
    const patientId = '00000000-0000-4000-8000-000000000002';
    expect(calendarQuery.parse({ locationId, from: '2026-12-01' }).days).toBe(1);
    expect(seriesProposalBody.parse({ patientId, locationId }).kind).toBe('induction');
  });
});

describe('bounds', () => {
  it.each([
    [
      'calendar days 0',
      () => calendarQuery.safeParse({ locationId: crypto.randomUUID(), from: '2026-12-01', days: 0 }),
    ],
    [
      'calendar days 32',
      () => calendarQuery.safeParse({ locationId: crypto.randomUUID(), from: '2026-12-01', days: 32 }),
    ],
    ['intake page of 201', () => intakeQueueQuery.safeParse({ limit: 201 })],
    ['plan version 0', () => planSignBody.safeParse({ version: 0 })],
    ['assessment edit without a version', () => assessmentUpdateBody.safeParse({ goals: 'Fewer bad days' })],
    ['a plan edit without content', () => planUpdateBody.safeParse({ version: 1 })],
    ['an unknown decision', () => assessmentSignBody.safeParse({ decision: 'maybe', version: 1 })],
    [
      'a series of no sessions',
      () =>
        seriesBookingBody.safeParse({
          patientId: crypto.randomUUID(),
          locationId: crypto.randomUUID(),
          sessions: [],
        }),
    ],
  ])('refuses %s', (_label, parse) => {
    expect(parse().success).toBe(false);
  });

  it('accepts the edges: 31 calendar days, a page of 200, version 1', () => {
    expect(calendarQuery.safeParse({ locationId: crypto.randomUUID(), from: '2026-12-01', days: 31 }).success).toBe(
      true,
    );
    expect(intakeQueueQuery.safeParse({ limit: 200 }).success).toBe(true);
    expect(planSignBody.safeParse({ version: 1 }).success).toBe(true);
  });
});

describe('the words a person sees', () => {
  it('signing a consent: the typed name; a template: the text', () => {
    expect(
      issues(
        signConsentBody.safeParse({
          templateVersionId: crypto.randomUUID(),
          signedName: ' J ',
          signatureKind: 'click',
          confirmed: true,
        }),
      ),
    ).toEqual([{ path: 'signedName', message: 'Type your full name' }]);
    expect(issues(consentTemplateBody.safeParse({ title: 'Consent', body: 'Too short' }))).toEqual([
      { path: 'body', message: 'Write the consent text' },
    ]);
  });

  it('a series: at least one session', () => {
    const result = seriesBookingBody.safeParse({
      patientId: crypto.randomUUID(),
      locationId: crypto.randomUUID(),
      sessions: [],
    });
    expect(issues(result)).toEqual([{ path: 'sessions', message: 'Give at least one session' }]);
  });
});
