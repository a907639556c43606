import { useQuestionnairesDue } from '../questionnaires/QuestionnairesDue';

/**
 * What else needs the patient's attention on the home page, beside consent forms and an unconfirmed
 * session. Today: the questionnaires due (decision 021). Return one item per task, most
 * urgent first. Each item links to the page where the patient does it.
 */
export interface AttentionItem {
  key: string;
  /** A path inside the portal. */
  to: string;
  title: string;
  hint: string;
}

export function useMoreAttentionItems(): AttentionItem[] {
  return useQuestionnairesDue();
}
