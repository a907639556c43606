import { frequencyLast2Weeks, phq9Difficulty } from './answer-scales.js';
import { localCode, loinc } from './codes.js';
import type { InstrumentDefinition, OrdinalItem } from './types.js';

// Item wording: Kroenke, Spitzer & Williams 2001 (J Gen Intern Med 16:606); the PHQ is public domain.
// LOINC codes: CLINICAL.md §5 (verified).
const itemTexts: readonly (readonly [text: string, loincCode: string])[] = [
  ['Little interest or pleasure in doing things', '44250-9'],
  ['Feeling down, depressed, or hopeless', '44255-8'],
  ['Trouble falling or staying asleep, or sleeping too much', '44259-0'],
  ['Feeling tired or having little energy', '44254-1'],
  ['Poor appetite or overeating', '44251-7'],
  ['Feeling bad about yourself — or that you are a failure or have let yourself or your family down', '44258-2'],
  ['Trouble concentrating on things, such as reading the newspaper or watching television', '44252-5'],
  [
    'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
    '44253-3',
  ],
  ['Thoughts that you would be better off dead or of hurting yourself in some way', '44260-8'],
];

const items: readonly OrdinalItem[] = [
  ...itemTexts.map(([text, code], index): OrdinalItem => ({
    kind: 'ordinal',
    id: `phq9_${index + 1}`,
    number: String(index + 1),
    textKind: 'full',
    text,
    code: loinc(code),
    min: 0,
    max: 3,
    options: frequencyLast2Weeks,
  })),
  // The tenth question: recorded, never added to the total, may be left unanswered (Kroenke 2001;
  // CLINICAL.md §5). No verified LOINC code in CLINICAL.md, so a local code.
  {
    kind: 'ordinal',
    id: 'phq9_10',
    number: '10',
    textKind: 'full',
    text: 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
    code: localCode('phq9_10', 'PHQ-9 difficulty (not scored)'),
    min: 0,
    max: 3,
    options: phq9Difficulty,
    unscored: true,
  },
];

export const phq9: InstrumentDefinition = {
  id: 'phq9',
  // 1.1.0: question 10 (recorded, not scored).
  version: '1.1.0',
  title: 'Patient Health Questionnaire-9',
  shortTitle: 'PHQ-9',
  measures: 'depression',
  completedBy: 'self',
  stem: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  code: loinc('44249-1'),
  totalCode: loinc('44261-6'),
  items,
  scoring: { kind: 'sum' },
  range: { min: 0, max: 27 },
  // Kroenke 2001: cut-points 5, 10, 15, 20.
  bands: [
    { id: 'minimal', label: 'Minimal', min: 0, max: 4 },
    { id: 'mild', label: 'Mild', min: 5, max: 9 },
    { id: 'moderate', label: 'Moderate', min: 10, max: 14 },
    { id: 'moderately_severe', label: 'Moderately severe', min: 15, max: 19 },
    { id: 'severe', label: 'Severe', min: 20, max: 27 },
  ],
  flagRules: [
    {
      flag: 'suicide_risk_review',
      // Any answer above "Not at all" on item 9 needs a suicide risk assessment now (CLINICAL.md §5).
      when: { kind: 'item_at_least', itemId: 'phq9_9', value: 1 },
      source: 'Kroenke 2001; CLINICAL.md §5 (item 9 > 0 → suicide risk assessment)',
    },
  ],
  source: 'Kroenke K, Spitzer RL, Williams JBW. The PHQ-9. J Gen Intern Med 2001;16:606–613',
  notes: ['Question 10 (how difficult the problems made life) is recorded but not added to the total.'],
};
