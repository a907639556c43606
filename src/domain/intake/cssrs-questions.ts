/**
 * The C-SSRS screener asked of the person themself, in plain words of our own. The instrument definition
 * (instruments/cssrs-screener.ts) keeps short clinical labels only; scoring is always done by
 * `scoreInstrument('cssrs_screener', …)` against those item ids. Q1–Q5 ask about the past month (Posner 2011).
 */
export interface CssrsQuestion {
  readonly itemId: string;
  readonly text: string;
}

export const cssrsQuestions: readonly CssrsQuestion[] = [
  {
    itemId: 'cssrs_1',
    text: 'In the past month, have you wished you were dead, or wished you could go to sleep and not wake up?',
  },
  { itemId: 'cssrs_2', text: 'In the past month, have you had any thoughts of killing yourself?' },
  { itemId: 'cssrs_3', text: 'In the past month, have you thought about how you might do this?' },
  {
    itemId: 'cssrs_4',
    text: 'In the past month, have you had these thoughts and had some intention of acting on them?',
  },
  {
    itemId: 'cssrs_5',
    text: 'In the past month, have you started to work out, or worked out, the details of how to kill yourself, and do you intend to carry out this plan?',
  },
  {
    itemId: 'cssrs_6_lifetime',
    text: 'Have you ever done anything, started to do anything, or prepared to do anything to end your life?',
  },
  { itemId: 'cssrs_6_past_3_months', text: 'Was any of this in the past 3 months?' },
];
