/**
 * Questionnaire and rating-scale definitions as plain data. The web client renders forms from these,
 * the FHIR mappers take codes from them, and `scoreInstrument` scores against them.
 * Thresholds live here with their source so staff can see where each number comes from (CLINICAL.md §5).
 */

export type InstrumentId =
  'phq9' | 'gad7' | 'pcl5' | 'madrs' | 'qids_sr16' | 'cadss' | 'cadss6' | 'cssrs_screener' | 'pain_nrs';

/** A code in a code system (LOINC, LOINC answer lists, or our local instrument system). */
export interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

export interface OrdinalOption {
  readonly value: number;
  readonly label: string;
  readonly code?: Coding;
}

export interface YesNoOption {
  readonly value: boolean;
  readonly label: string;
}

/**
 * An item is only asked when another item has a given answer (C-SSRS screener skip logic).
 * When the condition is not met the item may be left unanswered; it is then reported as `null`.
 */
export interface AskedWhen {
  readonly itemId: string;
  readonly equals: boolean;
}

interface ItemBase {
  readonly id: string;
  /** Position on the paper form (1-based), as clinicians refer to items ("item 9"). */
  readonly number: string;
  /** 'full': the published item wording (public domain); 'label': a short label only (licensed wording). */
  readonly textKind: 'full' | 'label';
  readonly text: string;
  readonly code: Coding;
  readonly askedWhen?: AskedWhen;
  /**
   * Recorded but never added to the total, and may be left unanswered (PHQ-9's tenth question, how
   * difficult the problems made life — CLINICAL.md §5).
   */
  readonly unscored?: true;
}

export interface OrdinalItem extends ItemBase {
  readonly kind: 'ordinal';
  readonly min: number;
  readonly max: number;
  readonly options: readonly OrdinalOption[];
}

export interface YesNoItem extends ItemBase {
  readonly kind: 'yes_no';
  readonly options: readonly YesNoOption[];
}

export type ItemDefinition = OrdinalItem | YesNoItem;

export interface SeverityBand {
  readonly id: string;
  readonly label: string;
  /** Inclusive total range. */
  readonly min: number;
  readonly max: number;
}

/** The severity (or, for the C-SSRS screener, the risk level) that a scored form falls in. */
export interface Severity {
  readonly id: string;
  readonly label: string;
}

export type InstrumentFlag =
  | 'suicide_risk_review'
  | 'probable_gad'
  | 'provisional_ptsd'
  | 'provisional_ptsd_dsm5'
  | 'cssrs_high_risk'
  | 'cssrs_moderate_risk'
  | 'cssrs_low_risk';

/**
 * A symptom-cluster rule (PCL-5, DSM-5 — National Center for PTSD): an item rated at or above
 * `endorsedAtLeast` is endorsed; the rule is met when every cluster has at least `required` endorsed items.
 */
export interface ClusterRule {
  readonly endorsedAtLeast: number;
  readonly clusters: readonly {
    readonly id: string;
    readonly label: string;
    readonly itemIds: readonly string[];
    readonly required: number;
  }[];
  readonly flag: InstrumentFlag;
  readonly source: string;
}

export interface ClusterScore {
  readonly id: string;
  readonly label: string;
  /** Sum of the cluster's items. */
  readonly subscore: number;
  /** Items rated at or above the endorsement level. */
  readonly endorsed: number;
  readonly required: number;
  readonly met: boolean;
}

/** When a flag is raised. Rules are data so the UI can show them beside their source. */
export type FlagCondition =
  | { readonly kind: 'item_at_least'; readonly itemId: string; readonly value: number }
  | { readonly kind: 'total_at_least'; readonly value: number }
  /** A cut-off the clinic may choose within [min, max]; `scoreInstrument` takes it as an option. */
  | {
      readonly kind: 'total_at_least_cut_off';
      readonly option: 'pcl5CutOff';
      readonly defaultValue: number;
      readonly min: number;
      readonly max: number;
    };

export interface FlagRule {
  readonly flag: InstrumentFlag;
  readonly when: FlagCondition;
  readonly source: string;
}

/** How the items become a total. */
export type ScoringRule =
  | { readonly kind: 'sum' }
  /**
   * QIDS-SR16 (Rush 2003): nine symptom domains; a domain given as several items scores the highest of them.
   * Every item belongs to exactly one domain.
   */
  | { readonly kind: 'domain_sum'; readonly domains: readonly QidsDomain[] }
  /**
   * C-SSRS screener: no total, a triage into risk levels. A "yes" to any high-risk item → high risk
   * (blocks dosing); else a "yes" to any moderate-risk item → moderate; else low.
   */
  | {
      readonly kind: 'cssrs_triage';
      readonly highRiskItemIds: readonly string[];
      readonly moderateRiskItemIds: readonly string[];
      /** A "yes" only to these → low risk (with a referral); all "no" → none. */
      readonly lowRiskItemIds: readonly string[];
    };

export interface QidsDomain {
  readonly id: string;
  readonly label: string;
  readonly itemIds: readonly string[];
}

export interface InstrumentDefinition {
  readonly id: InstrumentId;
  /** Version of our definition (items, codes, bands); stored with every score. */
  readonly version: string;
  readonly title: string;
  readonly shortTitle: string;
  readonly measures: 'depression' | 'anxiety' | 'ptsd' | 'dissociation' | 'suicide_risk' | 'pain';
  readonly completedBy: 'self' | 'clinician';
  /** The question stem shown above the items, where the wording is public domain. */
  readonly stem?: string;
  readonly code: Coding;
  readonly totalCode?: Coding;
  readonly items: readonly ItemDefinition[];
  readonly scoring: ScoringRule;
  /** Total range; absent for the C-SSRS screener, which has no total. */
  readonly range?: { readonly min: number; readonly max: number };
  /** Ordered from least to most severe, covering `range` without gaps. Empty when the scale has no bands. */
  readonly bands: readonly SeverityBand[];
  readonly flagRules: readonly FlagRule[];
  /** PCL-5: the DSM-5 cluster rule and subscores. */
  readonly clusterRule?: ClusterRule;
  readonly source: string;
  /** Caveats staff should see (unverified bands, licensed wording omitted, …). */
  readonly notes: readonly string[];
}

export type AnswerValue = number | boolean | null | undefined;

/** Answers as itemId → value, or an array in item order. `null`/`undefined` mean "not answered". */
export type Answers = Readonly<Record<string, AnswerValue>> | readonly AnswerValue[];

export interface ScoreOptions {
  /** PCL-5 provisional-PTSD cut-off; 31–33 (National Center for PTSD), default 33. */
  readonly pcl5CutOff?: number;
}

export interface ScoredItem {
  readonly itemId: string;
  /** `null` for an item not asked because of skip logic, or an unscored item left unanswered. */
  readonly value: number | boolean | null;
}

export interface InstrumentScore {
  readonly instrumentId: InstrumentId;
  readonly version: string;
  /** `null` only for the C-SSRS screener, which triages rather than sums. */
  readonly total: number | null;
  /** `null` when the instrument has no bands (CADSS). For the C-SSRS screener: the risk level. */
  readonly severity: Severity | null;
  readonly flags: readonly InstrumentFlag[];
  /** True when the answers mean no ketamine may be given today (C-SSRS high risk, CLINICAL.md §5). */
  readonly blocksDosing: boolean;
  readonly items: readonly ScoredItem[];
  /** PCL-5 only: the cluster subscores and whether the DSM-5 cluster rule is met. */
  readonly clusters?: { readonly met: boolean; readonly scores: readonly ClusterScore[] };
}
