/**
 * A pump rate during an infusion, checked on what it delivers (CLINICAL.md §2: "limits are checked on what is
 * delivered … the delivered mg/kg/h"; "low dose" is no faster than 1 mg/kg/h, Pennsylvania guidance). The
 * bag's strength is fixed once drawn, so the delivered mg/kg/h scales with the pump's rate from the order's.
 */
export interface InfusionRateInput {
  /** The order's pump rate and the mg/kg/h it delivers. */
  readonly orderedMlPerHour: number;
  readonly orderedMgPerKgPerHour: number;
  /** The rate asked for now. */
  readonly rateMlPerHour: number;
  /** The protocol's ceiling; null: the route has none. */
  readonly maxMgPerKgPerHour: number | null;
}

export type InfusionRateCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly deliveredMgPerKgPerHour: number;
      /** The fastest rate within the ceiling, rounded down to what a pump is set to (0.1 mL/h). */
      readonly fastestMlPerHour: number;
    };

export function checkInfusionRate(input: InfusionRateInput): InfusionRateCheck {
  const { orderedMlPerHour, orderedMgPerKgPerHour, rateMlPerHour, maxMgPerKgPerHour } = input;
  if (maxMgPerKgPerHour === null || !(orderedMlPerHour > 0) || !(orderedMgPerKgPerHour > 0)) return { ok: true };
  const delivered = (orderedMgPerKgPerHour * rateMlPerHour) / orderedMlPerHour;
  // A hair of tolerance: the order's mg/kg/h is itself rounded (4 decimals).
  if (delivered <= maxMgPerKgPerHour + 1e-9) return { ok: true };
  return {
    ok: false,
    deliveredMgPerKgPerHour: delivered,
    fastestMlPerHour: Math.floor(((maxMgPerKgPerHour / orderedMgPerKgPerHour) * orderedMlPerHour + 1e-9) * 10) / 10,
  };
}
