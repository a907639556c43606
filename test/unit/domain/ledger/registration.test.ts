import { describe, expect, it } from 'vitest';
import { checkDeaNumber, checkNdc } from '../../../../src/domain/ledger/registration.js';

describe('DEA registration number (DEA Diversion Control: 2 letters, 6 digits, a check digit)', () => {
  it.each([
    ['RA1234563', true], // (1+3+5) + 2·(2+4+6) = 33 → check digit 3
    ['ra1234563', true], // typed in lower case: normalised
    [' AB1234563 ', true],
    ['M91234563', true], // mid-level practitioner: second character may be 9
    ['RA1234564', false], // wrong check digit
    ['RA123456', false], // too short
    ['RA12345630', false], // too long
    ['1A1234563', false], // first character must be a registrant type letter
    ['QA1234563', false], // Q is not a registrant type
    ['R11234563', false], // second character: a letter, or 9
    ['', false],
  ])('%j → %s', (input, ok) => {
    const result = checkDeaNumber(input);
    expect(result.ok).toBe(ok);
    if (result.ok) expect(result.value).toBe(input.trim().toUpperCase());
    else expect(result.message).toMatch(/DEA number/);
  });
});

describe('NDC (FDA: 10 digits as 4-4-2, 5-3-2 or 5-4-1; 11-digit 5-4-2 billing form)', () => {
  it.each([
    ['0409-2051-05', true],
    ['42023-113-10', true],
    ['12345-6789-1', true],
    ['00409-2051-05', true],
    ['0409205105', false], // hyphens carry the segment lengths
    ['04-09-2051', false],
    ['', false],
  ])('%j → %s', (input, ok) => {
    expect(checkNdc(input).ok).toBe(ok);
  });
});
