import crypto from 'node:crypto';

// Crockford's base32 without I, L, O, U: easy to read aloud on the phone, no confusable characters.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** "KC-7F3K-9QX2": 40 random bits, so guessing another person's reference is hopeless. */
export function newIntakeReference(): string {
  const chars = Array.from({ length: 8 }, () => alphabet[crypto.randomInt(alphabet.length)]!);
  return `KC-${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}
