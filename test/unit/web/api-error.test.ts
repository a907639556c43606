import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../web/src/shared/api.js';

const addressProblem =
  'No such record: the address of this page is not right. Check the link, or find the record from the menu.';

describe('ApiError: what a person reads', () => {
  it.each([
    ['a malformed id in the address', 400, [{ path: '/params/id', message: 'Invalid UUID' }], addressProblem],
    [
      'two malformed path parameters',
      400,
      [
        { path: '/params/id', message: 'Invalid UUID' },
        { path: '/params/planId', message: 'Invalid UUID' },
      ],
      addressProblem,
    ],
    [
      'a body field as well',
      400,
      [
        { path: '/params/id', message: 'x' },
        { path: '/body/name', message: 'y' },
      ],
      'Check',
    ],
    ['a query parameter', 400, [{ path: '/query/version', message: 'x' }], 'Check'],
    ['a 400 without field errors', 400, [], 'Check'],
    ['a 404 naming the path (never rewritten)', 404, [{ path: '/params/id', message: 'x' }], 'Check'],
  ])('%s', (_case, status, errors, detail) => {
    const error = new ApiError(status, { title: 'Bad request', detail: 'Check', errors });
    expect(error.detail).toBe(detail);
    expect(error.fieldErrors).toEqual(errors);
  });
});
