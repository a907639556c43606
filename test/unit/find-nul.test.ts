import { describe, expect, it } from 'vitest';
import { findNul } from '../../src/http/plugins/hardening.js';

/** A NUL character anywhere in a request is refused with the JSON pointer of where it is (src/http/plugins/hardening.ts). */
describe('findNul', () => {
  it.each([
    ['a clean body', { name: 'Ann', notes: ['one', 'two'], n: 3, nested: { ok: true, none: null } }, null],
    ['a string field', { name: 'A\u0000nn' }, '/body/name'],
    ['an array item', { notes: ['fine', 'bad\u0000'] }, '/body/notes/1'],
    ['deep inside objects and arrays', { a: [{ b: { c: ['x', 'y\u0000'] } }] }, '/body/a/0/b/c/1'],
    ['the first of two', { a: 'x\u0000', b: 'y\u0000' }, '/body/a'],
    ['a key', { 'a\u0000b': 1 }, '/body/a\\u0000b'],
    ['below a key with ~ and /', { 'a/b~c': { d: '\u0000' } }, '/body/a~1b~0c/d'],
    ['the value itself', 'plain\u0000', '/body'],
    ['a number, a boolean, null', 5, null],
  ])('%s', (_label, value, expected) => {
    expect(findNul(value, '/body')).toBe(expected);
  });

  it('does not look inside binary bodies (uploads are checked as files)', () => {
    expect(findNul(Buffer.from([0, 1, 2]), '/body')).toBeNull();
  });
});
