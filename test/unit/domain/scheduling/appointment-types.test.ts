import { describe, expect, it } from 'vitest';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';
import { defaultAppointmentTypes } from '../../../../src/domain/scheduling/index.js';
import { typeOf } from './fixtures.js';

describe('appointment types from the protocol', () => {
  it.each([
    ['iv_session', 115, true, 'nurse', true, true],
    ['im_session', 80, true, 'nurse', true, true],
    ['esketamine_session', 145, true, 'nurse', false, false],
    ['assessment', 60, true, 'prescriber', true, false],
    ['follow_up', 45, true, 'prescriber', false, false],
    ['telehealth', 20, false, 'prescriber', false, false],
  ] as const)(
    '%s blocks %i minutes (chair %s, staff %s, prescriber on site %s, signed plan %s)',
    (kind, minutes, chair, staff, onSite, plan) => {
      const t = typeOf(kind);
      expect(t.minutes).toBe(minutes);
      expect(t.needsChair).toBe(chair);
      expect(t.staffRole).toBe(staff);
      expect(t.prescriberOnSite).toBe(onSite);
      expect(t.requiresSignedPlan).toBe(plan);
    },
  );

  it('an IV session is pre-checks + infusion + recovery (15 + 40 + 60)', () => {
    expect(typeOf('iv_session').phases).toEqual({ preCheckMinutes: 15, doseMinutes: 40, observationMinutes: 60 });
  });

  it('esketamine keeps at least two hours of observation (REMS)', () => {
    expect(typeOf('esketamine_session').phases?.observationMinutes).toBeGreaterThanOrEqual(120);
  });

  it('follows the protocol: a longer infusion and recovery make a longer IV block', () => {
    const protocol = {
      ...defaultProtocol,
      doseLimits: {
        ...defaultProtocol.doseLimits,
        IV: { ...defaultProtocol.doseLimits.IV, defaultInfusionMinutes: 50 },
      },
      recoveryMinutes: { ...defaultProtocol.recoveryMinutes, IV: 45 },
    };
    expect(defaultAppointmentTypes(protocol).find((t) => t.kind === 'iv_session')?.minutes).toBe(15 + 50 + 45);
  });
});
