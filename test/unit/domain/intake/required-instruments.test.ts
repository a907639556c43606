import { describe, expect, it } from 'vitest';
import { requiredInstruments } from '../../../../src/domain/intake/index.js';

describe('which instruments an intake asks', () => {
  it.each([
    [{ conditions: ['depression'] }, ['phq9', 'gad7']],
    [{ conditions: ['anxiety'], phq9Item9: 0 }, ['phq9', 'gad7']],
    [{ conditions: ['depression'], phq9Item9: 1 }, ['phq9', 'cssrs_screener', 'gad7']],
    [{ conditions: ['depression'], phq9Item9: 3 }, ['phq9', 'cssrs_screener', 'gad7']],
    [{ conditions: ['ptsd'] }, ['phq9', 'gad7', 'pcl5']],
    [{ conditions: ['chronic_pain'] }, ['phq9', 'gad7', 'pain_nrs']],
    [
      { conditions: ['ptsd', 'chronic_pain', 'other'], phq9Item9: 2 },
      ['phq9', 'cssrs_screener', 'gad7', 'pcl5', 'pain_nrs'],
    ],
    [{ conditions: ['other'], phq9Item9: null }, ['phq9', 'gad7']],
  ] as const)('%j → %j', (input, expected) => {
    expect(requiredInstruments(input)).toEqual(expected);
  });
});
