import { describe, expect, it } from 'vitest';
import { checkPassword, PASSWORD_MIN_LENGTH } from '../../../../src/domain/identity/index.js';

describe('password policy', () => {
  it.each([
    ['11 characters', 'abcdefghijk', /at least 12/],
    ['a common password', 'Password1234', /too common/],
    ['one repeated character', 'zzzzzzzzzzzzzz', /repeated/],
    ['the email address', 'Nurse.Joy@clinic.example.org', /email/],
    ['a passphrase that merely contains the email’s local part', 'nurse.joy.clinic', null],
    ['the person’s name', 'Joy Nightingale', /name/],
    ['257 characters', 'x'.repeat(256) + 'y', /at most 256/],
  ])('judges %s', (_label, password, expected) => {
    const errors = checkPassword(
      password,
      { email: 'nurse.joy@clinic.example.org', name: 'Joy Nightingale' },
      '/body/newPassword',
    );
    if (expected === null) expect(errors).toEqual([]);
    else {
      expect(errors.map((e) => e.message).join('; ')).toMatch(expected);
      expect(errors[0]!.path).toBe('/body/newPassword');
    }
  });

  it('accepts a 12-character passphrase and counts characters, not bytes', () => {
    expect(checkPassword('lilac river!', {})).toEqual([]);
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(checkPassword('ééééééabcdef', {})).toEqual([]);
    expect(checkPassword('😀😀😀😀😀😀', {}).length).toBeGreaterThan(0);
  });

  it('refuses the local part of the email used as the password', () => {
    expect(checkPassword('nurse.joy.clin', { email: 'nurse.joy.clin@clinic.example.org' })[0]?.message).toMatch(
      /email/,
    );
  });
});
