export * from './body-weight.js';
export {
  calculateDose,
  type DoseCalculation,
  type DoseInput,
  type DoseLimitName,
  type ExceededLimit,
  type LimitCheck,
} from './calculate-dose.js';
export { suggestNextMgPerKg, type TitrationInput, type TitrationSuggestion } from './titration.js';
export {
  esketamineDeviceErrors,
  esketaminePlanDoseErrors,
  type EsketamineDevicesDrawn,
  type EsketaminePlanDose,
} from './esketamine-dose.js';
export { checkInfusionRate, type InfusionRateCheck, type InfusionRateInput } from './infusion-rate.js';
