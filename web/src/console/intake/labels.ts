import { conditionOptions, urgentReasonLabels, type UrgentReason } from '../../../../src/domain/intake/index.js';
import type { IntakeScore } from './intake-api';

export function conditionLabel(id: string): string {
  return conditionOptions.find((o) => o.id === id)?.label ?? id;
}

export function urgentReasonLabel(reason: string): string {
  return urgentReasonLabels[reason as UrgentReason] ?? reason;
}

/** "PHQ-9 10/27 Moderate"; the C-SSRS screener has no total, only its risk level. */
export function scoreText(score: IntakeScore): string {
  const total = score.total === null ? '' : ` ${score.total}${score.max === null ? '' : `/${score.max}`}`;
  return `${score.shortTitle}${total}${score.severity ? ` ${score.severity.label}` : ''}`;
}

export const statusLabels: Record<string, string> = {
  new: 'New',
  contacted: 'Contacted',
  converted: 'Converted to patient',
  declined: 'Declined',
};
