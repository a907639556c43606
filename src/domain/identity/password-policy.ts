import type { FieldError } from '../errors.js';
import { commonPasswords } from './common-passwords.js';

/**
 * NIST SP 800-63B §5.1.1.2: at least 12 characters here (the standard's floor is 8), no composition
 * rules, refuse known-common passwords and ones derived from the account's own identifiers.
 */
export const PASSWORD_MIN_LENGTH = 12;
/** argon2 hashes any length, but a megabyte "password" is a denial-of-service, not a secret. */
export const PASSWORD_MAX_LENGTH = 256;

export interface PasswordContext {
  readonly email?: string;
  readonly name?: string;
}

/** Returns what is wrong with a proposed password (empty when it is acceptable). */
export function checkPassword(password: string, context: PasswordContext, path = '/password'): FieldError[] {
  const errors: FieldError[] = [];
  // Characters as a person counts them (code points), not UTF-16 units.
  const length = password.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '_').length;
  if (length < PASSWORD_MIN_LENGTH) errors.push({ path, message: `Use at least ${PASSWORD_MIN_LENGTH} characters` });
  if (length > PASSWORD_MAX_LENGTH) errors.push({ path, message: `Use at most ${PASSWORD_MAX_LENGTH} characters` });
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) errors.push({ path, message: 'This password is too common; choose another' });
  if (/^(.)\1+$/u.test(password))
    errors.push({ path, message: 'A password of one repeated character is too easy to guess' });
  const email = context.email?.toLowerCase();
  if (email && (lower === email || lower === email.split('@')[0]))
    errors.push({ path, message: 'Do not use your email address as your password' });
  const name = context.name?.toLowerCase().replace(/\s+/g, '');
  if (name && name.length >= 4 && lower.replace(/\s+/g, '') === name)
    errors.push({ path, message: 'Do not use your name as your password' });
  return errors;
}
