import { instruments } from '../../../../src/domain/instruments/index.js';

/** The C-SSRS items the screener's own skip logic asks, given the answers so far (askedWhen in the definition). */
export function visibleCssrsItems(answers: Readonly<Record<string, number | boolean>>): string[] {
  return instruments.cssrs_screener.items
    .filter((item) => item.askedWhen === undefined || answers[item.askedWhen.itemId] === item.askedWhen.equals)
    .map((item) => item.id);
}
