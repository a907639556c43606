import { describe, expect, it } from 'vitest';
import { checkInfusionRate } from '../../../../src/domain/dosing/index.js';

// CLINICAL.md §2: limits are checked on what is delivered, the delivered mg/kg/h included; "low dose" is no
// faster than 1 mg/kg/h (Pennsylvania guidance, the default protocol's ceiling).
describe('checkInfusionRate: the delivered mg/kg/h of a new pump rate against the ceiling', () => {
  const order = { orderedMlPerHour: 150, orderedMgPerKgPerHour: 0.75, maxMgPerKgPerHour: 1 };
  it.each([
    [150, { ok: true }],
    [199.9, { ok: true }],
    // 200 mL/h delivers exactly 1 mg/kg/h: at the ceiling is allowed.
    [200, { ok: true }],
    [201, { ok: false, fastestMlPerHour: 200 }],
    [2000, { ok: false, fastestMlPerHour: 200 }],
    [60, { ok: true }],
  ] as const)('%d mL/h → %j', (rateMlPerHour, expected) => {
    expect(checkInfusionRate({ ...order, rateMlPerHour })).toMatchObject(expected);
  });

  it('says what the refused rate would deliver', () => {
    const result = checkInfusionRate({ ...order, rateMlPerHour: 400 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.deliveredMgPerKgPerHour).toBeCloseTo(2, 10);
  });

  it('rounds the fastest allowed rate down to 0.1 mL/h, never over the ceiling', () => {
    // 0.73 mg/kg/h at 140 mL/h: 1 mg/kg/h is reached at 191.78… mL/h, set as 191.7.
    const result = checkInfusionRate({
      orderedMlPerHour: 140,
      orderedMgPerKgPerHour: 0.73,
      rateMlPerHour: 300,
      maxMgPerKgPerHour: 1,
    });
    expect(result).toMatchObject({ ok: false, fastestMlPerHour: 191.7 });
  });

  it.each([
    ['no ceiling on the route', { ...order, maxMgPerKgPerHour: null, rateMlPerHour: 5000 }],
    ['an order without a rate', { ...order, orderedMlPerHour: 0, rateMlPerHour: 5000 }],
  ] as const)('%s: nothing to check against', (_label, input) => {
    expect(checkInfusionRate(input)).toEqual({ ok: true });
  });
});
