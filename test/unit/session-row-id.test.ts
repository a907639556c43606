import { describe, expect, it } from 'vitest';
import { newRowId } from '../../src/db/repositories/treatment-sessions.js';

/**
 * The ids a session vitals write gives its rows before its one statement runs (decision 025): UUIDv7 as
 * PostgreSQL's uuidv7() makes them, sorting in the order they were made (a reading's alerts are read back
 * by raised_at, then id).
 */
const shape = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newRowId', () => {
  it('is a version 7, RFC 9562 variant UUID carrying the millisecond', () => {
    const ms = Date.UTC(2026, 11, 1, 23, 0, 0, 123) + 10_000;
    const id = newRowId(ms);
    expect(id).toMatch(shape);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
  });

  it('counts up within one millisecond and never goes back when the clock does', () => {
    const ms = Date.UTC(2026, 11, 2, 0, 0, 0, 0) + 20_000;
    const ids = Array.from({ length: 5000 }, () => newRowId(ms));
    ids.push(newRowId(ms - 5), newRowId(ms + 1));
    expect(ids.every((id) => shape.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
