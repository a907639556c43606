import { describe, expect, it } from 'vitest';
import { esketamineDeviceErrors, esketaminePlanDoseErrors } from '../../../../src/domain/dosing/esketamine-dose.js';

// Spravato label / CLINICAL.md §2, §5: esketamine nasal spray, 28 mg per device; a session's dose is 56 mg
// (2 devices) or 84 mg (3 devices); never weight-based.
describe('esketamine plan dose (CLINICAL.md §2; Spravato label)', () => {
  it.each<[unknown, unknown, string[]]>([
    [56, 56, []],
    [56, 84, []],
    [84, 84, []],
    [84, 56, ['/maxMg']], // the ceiling is below the start
    [28, 84, ['/startMg']], // one device is not a session dose
    [112, 112, ['/startMg', '/maxMg']],
    [57, 84, ['/startMg']],
    [Number.NaN, 84, ['/startMg']],
    ['56', 84, ['/startMg']],
    [56, null, ['/maxMg']],
    [undefined, undefined, ['/startMg', '/maxMg']],
  ])('start %s mg, up to %s mg', (startMg, maxMg, paths) => {
    expect(esketaminePlanDoseErrors({ startMg, maxMg }).map((e) => e.path)).toEqual(paths);
  });
});

describe('esketamine devices drawn for a dose', () => {
  const device = (lot = 'LOT-A1', expiry = '2026-06-30') => ({ lot, expiry });
  it.each<[string, unknown, readonly { lot: unknown; expiry: unknown }[], string[]]>([
    ['56 mg with 2 devices', 56, [device(), device()], []],
    ['84 mg with 3 devices', 84, [device(), device(), device('LOT-B2', '2026-03-09')], []], // expires today: usable
    ['56 mg with 3 devices', 56, [device(), device(), device()], ['/devices']],
    ['84 mg with 2 devices', 84, [device(), device()], ['/devices']],
    ['no devices', 56, [], ['/devices']],
    ['an expired device', 56, [device(), device('LOT-C3', '2026-03-08')], ['/devices/1/expiry']],
    ['a lot left blank', 56, [device('  '), device()], ['/devices/0/lot']],
    ['an expiry that is not a date', 56, [device(), device('LOT-A1', '2026-02-30')], ['/devices/1/expiry']],
    ['a dose that is not esketamine', 60, [device(), device()], ['/doseMg']],
  ])('%s', (_name, doseMg, devices, paths) => {
    expect(esketamineDeviceErrors({ doseMg, devices, clinicDate: '2026-03-09' }).map((e) => e.path)).toEqual(paths);
  });
});
