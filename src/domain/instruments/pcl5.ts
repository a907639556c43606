import { pcl5Bother } from './answer-scales.js';
import { localCode } from './codes.js';
import type { InstrumentDefinition, OrdinalItem } from './types.js';

// Item wording: Weathers et al. 2013, PTSD Checklist for DSM-5 (PCL-5), National Center for PTSD; public domain.
// No LOINC code in CLINICAL.md's verified list, so local codes.
const itemTexts: readonly string[] = [
  'Repeated, disturbing, and unwanted memories of the stressful experience?',
  'Repeated, disturbing dreams of the stressful experience?',
  'Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?',
  'Feeling very upset when something reminded you of the stressful experience?',
  'Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?',
  'Avoiding memories, thoughts, or feelings related to the stressful experience?',
  'Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?',
  'Trouble remembering important parts of the stressful experience?',
  'Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?',
  'Blaming yourself or someone else for the stressful experience or what happened after it?',
  'Having strong negative feelings such as fear, horror, anger, guilt, or shame?',
  'Loss of interest in activities that you used to enjoy?',
  'Feeling distant or cut off from other people?',
  'Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?',
  'Irritable behavior, angry outbursts, or acting aggressively?',
  'Taking too many risks or doing things that could cause you harm?',
  'Being "superalert" or watchful or on guard?',
  'Feeling jumpy or easily startled?',
  'Having difficulty concentrating?',
  'Trouble falling or staying asleep?',
];

const items: readonly OrdinalItem[] = itemTexts.map((text, index) => ({
  kind: 'ordinal',
  id: `pcl5_${index + 1}`,
  number: String(index + 1),
  textKind: 'full',
  text,
  code: localCode(`pcl5_${index + 1}`),
  min: 0,
  max: 4,
  options: pcl5Bother,
}));

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `pcl5_${from + i}`);
}

/** National Center for PTSD: a total of 31–33 suggests provisional PTSD; the clinic picks one (default 33). */
export const PCL5_CUT_OFF = { defaultValue: 33, min: 31, max: 33 } as const;

export const pcl5: InstrumentDefinition = {
  id: 'pcl5',
  // 1.1.0: DSM-5 cluster rule and subscores.
  version: '1.1.0',
  title: 'PTSD Checklist for DSM-5',
  shortTitle: 'PCL-5',
  measures: 'ptsd',
  completedBy: 'self',
  stem: 'In the past month, how much were you bothered by:',
  code: localCode('pcl5', 'PTSD Checklist for DSM-5'),
  totalCode: localCode('pcl5_total', 'PCL-5 total score'),
  items,
  scoring: { kind: 'sum' },
  range: { min: 0, max: 80 },
  // The PCL-5 has no official severity bands (CLINICAL.md §5); only the provisional-PTSD cut-off.
  bands: [],
  flagRules: [
    {
      flag: 'provisional_ptsd',
      when: { kind: 'total_at_least_cut_off', option: 'pcl5CutOff', ...PCL5_CUT_OFF },
      source: 'National Center for PTSD, Using the PCL-5 (cut-off 31–33; Bovin 2016); CLINICAL.md §5',
    },
  ],
  // DSM-5 symptom-cluster rule (National Center for PTSD, Using the PCL-5): an item rated 2 ("Moderately") or
  // higher is endorsed; provisional PTSD needs ≥ 1 B item (1–5), ≥ 1 C (6–7), ≥ 2 D (8–14), ≥ 2 E (15–20).
  clusterRule: {
    endorsedAtLeast: 2,
    clusters: [
      { id: 'B', label: 'Intrusion (B, items 1–5)', itemIds: range(1, 5), required: 1 },
      { id: 'C', label: 'Avoidance (C, items 6–7)', itemIds: range(6, 7), required: 1 },
      {
        id: 'D',
        label: 'Negative alterations in cognition and mood (D, items 8–14)',
        itemIds: range(8, 14),
        required: 2,
      },
      { id: 'E', label: 'Alterations in arousal and reactivity (E, items 15–20)', itemIds: range(15, 20), required: 2 },
    ],
    flag: 'provisional_ptsd_dsm5',
    source:
      'National Center for PTSD, Using the PCL-5: DSM-5 rule — an item rated ≥ 2 is endorsed; ≥ 1 B, ≥ 1 C, ≥ 2 D, ≥ 2 E; CLINICAL.md §5',
  },
  source:
    'Weathers FW, Litz BT, Keane TM, Palmieri PA, Marx BP, Schnurr PP. The PTSD Checklist for DSM-5 (PCL-5). National Center for PTSD, 2013',
  notes: [
    'A provisional diagnosis needs a clinical interview to confirm it.',
    'Two provisional rules are reported: the total cut-off and the DSM-5 cluster rule, with the cluster subscores.',
  ],
};
