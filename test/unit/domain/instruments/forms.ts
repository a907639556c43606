import { getInstrument } from '../../../../src/domain/instruments/registry.js';

/**
 * Builds a record of ordinal answers that sums to `total`, filling items in order with as much as each
 * allows. Items listed in `keepAtZero` stay 0 (e.g. PHQ-9 item 9, so a band test does not also raise a flag).
 */
export function answersSummingTo(
  instrumentId: string,
  total: number,
  keepAtZero: readonly string[] = [],
): Record<string, number> {
  const answers: Record<string, number> = {};
  let left = total;
  for (const item of getInstrument(instrumentId).items) {
    if (item.kind !== 'ordinal') throw new Error('ordinal items only');
    const value = keepAtZero.includes(item.id) ? 0 : Math.min(item.max, left);
    answers[item.id] = value;
    left -= value;
  }
  if (left !== 0) throw new Error(`cannot reach ${total} on ${instrumentId}`);
  return answers;
}

/** Every item of an ordinal instrument at one value. */
export function allItemsAt(instrumentId: string, value: number): Record<string, number> {
  return Object.fromEntries(getInstrument(instrumentId).items.map((item) => [item.id, value]));
}
