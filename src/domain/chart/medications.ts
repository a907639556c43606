/**
 * Medication flags the eligibility rules need (CLINICAL.md §1): benzodiazepines above 2 mg/day
 * lorazepam-equivalent blunt response; MAOIs need a review of the blood-pressure interaction.
 *
 * Equivalences: approximate oral doses equal to 1 mg lorazepam, from the Ashton Manual
 * (Benzodiazepines: How They Work and How to Withdraw, 2002, table 1). CLINICAL.md gives no table, so
 * these are marked unverified in the UI; the prescriber may always enter the equivalent by hand.
 */
export const lorazepamEquivalenceSource =
  'Ashton Manual (2002) table 1: approximate oral equivalents to lorazepam 1 mg — unverified, not in CLINICAL.md';

/** mg of each drug ≈ 1 mg lorazepam. */
const benzodiazepineMgPerLorazepamMg: Readonly<Record<string, number>> = {
  lorazepam: 1,
  alprazolam: 0.5,
  clonazepam: 0.5,
  diazepam: 10,
  chlordiazepoxide: 25,
  clobazam: 20,
  oxazepam: 20,
  temazepam: 20,
  triazolam: 0.5,
  estazolam: 1,
  clorazepate: 15,
  midazolam: 2.5,
};

const brandNames: Readonly<Record<string, string>> = {
  ativan: 'lorazepam',
  xanax: 'alprazolam',
  klonopin: 'clonazepam',
  valium: 'diazepam',
  librium: 'chlordiazepoxide',
  restoril: 'temazepam',
  halcion: 'triazolam',
  tranxene: 'clorazepate',
  onfi: 'clobazam',
  nardil: 'phenelzine',
  parnate: 'tranylcypromine',
  marplan: 'isocarboxazid',
  emsam: 'selegiline',
};

/** Monoamine oxidase inhibitors (antidepressant and antiparkinsonian), generic names. */
const maois: readonly string[] = [
  'phenelzine',
  'tranylcypromine',
  'isocarboxazid',
  'selegiline',
  'moclobemide',
  'rasagiline',
  'safinamide',
];

export interface MedicationFlags {
  /** The generic name recognised, if any. */
  readonly generic: string | null;
  readonly benzodiazepine: boolean;
  /** mg/day lorazepam-equivalent; null when not a benzodiazepine or the daily mg is unknown. */
  readonly lorazepamEqMgPerDay: number | null;
  readonly maoi: boolean;
}

function genericOf(name: string): string | null {
  const words = name
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  for (const word of words) {
    const generic = brandNames[word] ?? word;
    if (generic in benzodiazepineMgPerLorazepamMg || maois.includes(generic)) return generic;
  }
  return null;
}

export function classifyMedication(name: string, dailyMg: number | null): MedicationFlags {
  const generic = genericOf(name);
  const perLorazepam = generic === null ? undefined : benzodiazepineMgPerLorazepamMg[generic];
  const benzodiazepine = perLorazepam !== undefined;
  const lorazepamEqMgPerDay =
    perLorazepam !== undefined && dailyMg !== null && Number.isFinite(dailyMg)
      ? Math.round((dailyMg / perLorazepam) * 1000) / 1000
      : null;
  return { generic, benzodiazepine, lorazepamEqMgPerDay, maoi: generic !== null && maois.includes(generic) };
}

/** The total for the eligibility rules: the sum over current benzodiazepines (unknown doses count 0 and are listed). */
export function totalLorazepamEquivalent(
  medications: readonly {
    readonly name: string;
    readonly benzodiazepine: boolean;
    readonly lorazepamEqMgPerDay: number | null;
  }[],
): { readonly mgPerDay: number; readonly unknownDose: readonly string[] } {
  let total = 0;
  const unknownDose: string[] = [];
  for (const m of medications) {
    if (!m.benzodiazepine) continue;
    if (m.lorazepamEqMgPerDay === null) unknownDose.push(m.name);
    else total += m.lorazepamEqMgPerDay;
  }
  return { mgPerDay: Math.round(total * 1000) / 1000, unknownDose };
}
