import { describe, expect, it } from 'vitest';
import { normaliseEmail } from '../../../../src/domain/identity/index.js';

describe('normaliseEmail: one key for throttling, lookup and uniqueness', () => {
  it.each([
    ['Coordinator@Example.org', 'coordinator@example.org'],
    ['  nurse@example.org ', 'nurse@example.org'],
    // U+0130 capital I with dot: JavaScript lower-cases it to "i" + U+0307, PostgreSQL to "i"; one answer.
    ['coord\u0130nator@example.org', 'coordinator@example.org'],
    ['coordI\u0307nator@example.org', 'coordinator@example.org'],
    // U+212A Kelvin sign and fullwidth letters: NFKC makes them plain letters.
    ['\u212Aate@example.org', 'kate@example.org'],
    ['\uFF4Eurse@example.org', 'nurse@example.org'],
    // Sharp s (small and capital) fold to "ss".
    ['stra\u00DFe@example.org', 'strasse@example.org'],
    ['STRA\u1E9EE@example.org', 'strasse@example.org'],
    // Final sigma folds to sigma.
    ['\u03A3\u039F\u03A3@example.org', '\u03C3\u03BF\u03C3@example.org'],
    ['\u03C3\u03BF\u03C2@example.org', '\u03C3\u03BF\u03C3@example.org'],
    // Dotless i is its own letter (not "i").
    ['coord\u0131nator@example.org', 'coord\u0131nator@example.org'],
  ])('%s → %s', (input, key) => {
    expect(normaliseEmail(input)).toBe(key);
  });

  it('is idempotent', () => {
    for (const s of ['A\u0130\u1E9E\u212A@X.org', 'stra\u00DFe@example.org', '\u03A3@x.org'])
      expect(normaliseEmail(normaliseEmail(s))).toBe(normaliseEmail(s));
  });
});
