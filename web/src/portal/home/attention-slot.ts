/**
 * What else needs the patient's attention on the home page, beside consent forms and an unconfirmed
 * session. Issue 17's questionnaires fill this in (questionnaires due): return one item per task, most
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
  return [];
}
