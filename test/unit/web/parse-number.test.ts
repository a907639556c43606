import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../../web/src/shared/parse-number.js';

describe('parseNumber (web/src/shared/parse-number): plain decimals only', () => {
  it.each([
    ['72', 72],
    ['72.5', 72.5],
    [' 72 ', 72],
    ['-3.5', -3.5],
    ['72,5', 72.5],
    ['72.', 72],
    ['.5', 0.5],
    ['0', 0],
    ['', null],
    ['   ', null],
    ['0x40', Number.NaN],
    ['1e2', Number.NaN],
    ['7 2', Number.NaN],
    ['Infinity', Number.NaN],
    ['-Infinity', Number.NaN],
    ['+5', Number.NaN],
    ['1.2.3', Number.NaN],
    ['1,2,3', Number.NaN],
    ['.', Number.NaN],
    ['-', Number.NaN],
    ['0b11', Number.NaN],
    ['72 kg', Number.NaN],
  ])('%j → %s', (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });
});
