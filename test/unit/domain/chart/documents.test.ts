import { describe, expect, it } from 'vitest';
import { checkSignOff } from '../../../../src/domain/chart/assessment-decision.js';
import { blocksNewSessions, consentState } from '../../../../src/domain/chart/consent-state.js';
import { assertEditable, assertReason } from '../../../../src/domain/chart/signed-document.js';
import type { EligibilityResult } from '../../../../src/domain/eligibility/index.js';

const result = (decision: EligibilityResult['decision']): EligibilityResult => ({
  decision,
  findings: [],
  clearances: [],
  restingBloodPressure: { systolicMmHg: 120, diastolicMmHg: 80 },
});

describe('signed documents are immutable', () => {
  it('lets a draft be edited and refuses a signed, superseded or withdrawn document with document_signed', () => {
    expect(() => assertEditable('plan', { status: 'draft' })).not.toThrow();
    for (const status of ['signed', 'superseded'])
      expect(() => assertEditable('plan', { status })).toThrow(/cannot be changed. Start a new version/);
    expect(() => assertEditable('assessment', { status: 'signed' })).toThrow(/Write an amendment/);
  });
  it('needs a reason for an amendment', () => {
    expect(() => assertReason('  ', '/reason', 'amendment')).toThrow(/Give the reason for the amendment/);
    expect(assertReason(' New history ', '/reason', 'amendment')).toBe('New history');
  });
});

describe('prescriber sign-off of the eligibility proposal', () => {
  it('accepts the proposal or anything stricter without an override', () => {
    expect(checkSignOff(result('eligible'), { decision: 'eligible' }).overridesProposal).toBe(false);
    expect(
      checkSignOff(result('eligible'), { decision: 'not_eligible', notEligibleReason: 'Prefers to wait' }),
    ).toMatchObject({ decision: 'not_eligible', overridesProposal: false });
  });
  it.each([
    ['not_eligible', 'eligible'],
    ['not_eligible', 'eligible_with_clearance'],
    ['eligible_with_clearance', 'eligible'],
  ] as const)('needs an override reason to turn %s into %s', (proposed, decided) => {
    const body = { decision: decided, clearanceNote: 'Cardiology' };
    expect(() => checkSignOff(result(proposed), body)).toThrow(
      expect.objectContaining({ code: 'assessment_decision_invalid' }) as Error,
    );
    expect(checkSignOff(result(proposed), { ...body, overrideReason: 'Letter from cardiology on file' })).toMatchObject(
      { overridesProposal: true, overrideReason: 'Letter from cardiology on file' },
    );
  });
  it('needs the clearance for eligible_with_clearance and the reason for not_eligible', () => {
    expect(() => checkSignOff(result('eligible_with_clearance'), { decision: 'eligible_with_clearance' })).toThrow(
      /Say which clearance/,
    );
    expect(() => checkSignOff(result('not_eligible'), { decision: 'not_eligible', notEligibleReason: ' ' })).toThrow(
      /Give the reason/,
    );
  });
});

describe('consent state', () => {
  const at = (iso: string) => new Date(iso);
  it('is none with no consent, active with an unwithdrawn one, withdrawn when the latest was withdrawn', () => {
    expect(consentState([])).toEqual({ status: 'none' });
    expect(consentState([{ id: 'a', signedAt: at('2026-01-01'), withdrawnAt: null }])).toMatchObject({
      status: 'active',
      consentId: 'a',
    });
    const withdrawn = consentState([{ id: 'a', signedAt: at('2026-01-01'), withdrawnAt: at('2026-02-01') }]);
    expect(withdrawn).toMatchObject({ status: 'withdrawn', consentId: 'a' });
    expect(blocksNewSessions(withdrawn)).toBe(true);
  });
  it('is active again once the patient signs a new consent after withdrawing', () => {
    const state = consentState([
      { id: 'a', signedAt: at('2026-01-01'), withdrawnAt: at('2026-02-01') },
      { id: 'b', signedAt: at('2026-03-01'), withdrawnAt: null },
    ]);
    expect(state).toMatchObject({ status: 'active', consentId: 'b' });
    expect(blocksNewSessions(state)).toBe(false);
  });
});
