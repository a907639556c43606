import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../web/src/shared/api.js';

const addressProblem =
  'No such record: the address of this page is not right. Check the link, or find the record from the menu.';

describe('ApiError: what a person reads', () => {
  it.each([
    ['a malformed id in the address', 400, [{ path: '/params/id', message: 'Invalid UUID' }], addressProblem, true],
    [
      'two malformed path parameters',
      400,
      [
        { path: '/params/id', message: 'Invalid UUID' },
        { path: '/params/planId', message: 'Invalid UUID' },
      ],
      addressProblem,
      true,
    ],
    [
      'a body field as well',
      400,
      [
        { path: '/params/id', message: 'x' },
        { path: '/body/name', message: 'y' },
      ],
      'Check',
      false,
    ],
    ['a query parameter', 400, [{ path: '/query/version', message: 'x' }], 'Check', false],
    ['a 400 without field errors', 400, [], 'Check', false],
    ['a 404 naming the path (never rewritten)', 404, [{ path: '/params/id', message: 'x' }], 'Check', true],
    ['a 404 without field errors', 404, [], 'Check', true],
    ['a 409', 409, [], 'Check', false],
  ])('%s', (_case, status, errors, detail, noSuchRecord) => {
    const error = new ApiError(status, { title: 'Bad request', detail: 'Check', errors });
    expect(error.detail).toBe(detail);
    expect(error.fieldErrors).toEqual(errors);
    // The page then says "not found" instead of "could not be loaded".
    expect(error.noSuchRecord).toBe(noSuchRecord);
  });
});
