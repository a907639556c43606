/**
 * What an IV bag still holds when the infusion stops before the whole bag ran in (CLINICAL.md §6: every
 * mg drawn from a Schedule III vial is either given or wasted with a witness). The dose's drug was drawn
 * from the vial into the bag and diluted to its final volume; the pump's volume infused says which share
 * of it reached the patient. The rest is wasted with the bag.
 *
 * Volumes are integer microlitres as in the controlled-substance register (0.001 mL), so the waste entry
 * and the correction of the administration carry exactly this volume; mg follow from mL × mg/mL.
 */
export interface BagRemainderInput {
  /** mL of drug drawn from the vial into the bag (the order's rounded volume). */
  readonly drawnMl: number;
  /** The drug's concentration in the vial (mg/mL). */
  readonly concentrationMgPerMl: number;
  /** The bag's final volume after dilution (mL). */
  readonly finalVolumeMl: number;
  /** What the pump says ran in (mL of the diluted bag). */
  readonly volumeInfusedMl: number;
}

export interface BagRemainder {
  /** µL of drug (undiluted) still in the bag. */
  readonly remainingUl: number;
  readonly remainingMl: number;
  readonly remainingMg: number;
  /** µL and mg of drug that ran in. */
  readonly deliveredUl: number;
  readonly deliveredMg: number;
  readonly drawnMg: number;
}

const isVolume = (n: number): boolean => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/** µg = µL × mg/mL, rounded to the µg as the register stores it. */
const ug = (ul: number, mgPerMl: number): number => Math.round(ul * mgPerMl);

/**
 * The undelivered drug in the bag; null when nothing of it is left (the whole bag ran in) or the input
 * cannot describe a bag (a volume missing, negative, or more infused than the bag held).
 */
export function bagRemainder(input: BagRemainderInput): BagRemainder | null {
  const { drawnMl, concentrationMgPerMl, finalVolumeMl, volumeInfusedMl } = input;
  if (![drawnMl, concentrationMgPerMl, finalVolumeMl, volumeInfusedMl].every(isVolume)) return null;
  if (finalVolumeMl <= 0 || drawnMl <= 0 || volumeInfusedMl > finalVolumeMl) return null;
  const drawnUl = Math.round(drawnMl * 1000);
  const deliveredUl = Math.round((drawnUl * volumeInfusedMl) / finalVolumeMl);
  const remainingUl = drawnUl - deliveredUl;
  if (remainingUl <= 0) return null;
  return {
    remainingUl,
    remainingMl: remainingUl / 1000,
    remainingMg: ug(remainingUl, concentrationMgPerMl) / 1000,
    deliveredUl,
    deliveredMg: ug(deliveredUl, concentrationMgPerMl) / 1000,
    drawnMg: ug(drawnUl, concentrationMgPerMl) / 1000,
  };
}
