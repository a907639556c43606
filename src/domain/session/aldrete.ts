/**
 * Modified Aldrete score (Aldrete 1995, "The post-anesthesia recovery score revisited"): five items scored
 * 0–2 — activity, respiration, circulation, consciousness, oxygen saturation — total 0–10. A total ≥ 9 is
 * the common threshold for discharge from recovery; it is a structured form of the ACEP discharge
 * judgement (CLINICAL.md §3). The threshold is a protocol setting.
 */
export const aldreteItems = ['activity', 'respiration', 'circulation', 'consciousness', 'oxygenSaturation'] as const;
export type AldreteItem = (typeof aldreteItems)[number];
export type AldreteForm = { readonly [K in AldreteItem]: number | null | undefined };

/** What each score means, as the form shows it (Aldrete 1995). */
export const aldreteOptions: Readonly<Record<AldreteItem, readonly [string, string, string]>> = {
  activity: [
    'Unable to move any extremity',
    'Moves 2 extremities',
    'Moves all 4 extremities voluntarily or on command',
  ],
  respiration: ['Apnoeic', 'Dyspnoea or limited breathing', 'Breathes deeply and coughs freely'],
  circulation: [
    'Blood pressure ± 50 % or more of the pre-treatment level',
    'Blood pressure ± 20–49 % of the pre-treatment level',
    'Blood pressure within ± 20 % of the pre-treatment level',
  ],
  consciousness: ['Not responding', 'Arousable on calling', 'Fully awake'],
  oxygenSaturation: [
    'SpO2 < 90 % even with supplemental oxygen',
    'Needs supplemental oxygen to keep SpO2 > 90 %',
    'SpO2 > 92 % on room air',
  ],
};

export type AldreteScore =
  | { readonly status: 'complete'; readonly total: number }
  | { readonly status: 'incomplete'; readonly missing: readonly AldreteItem[] };

/** The total, or the items not answered with a whole number 0–2 (never scored as 0 — CLINICAL.md §5). */
export function modifiedAldreteScore(form: AldreteForm): AldreteScore {
  const missing = aldreteItems.filter((item) => {
    const value = form[item];
    return typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2;
  });
  if (missing.length > 0) return { status: 'incomplete', missing };
  return { status: 'complete', total: aldreteItems.reduce((sum, item) => sum + (form[item] as number), 0) };
}
