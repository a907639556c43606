export type * from './types.js';
export { LOCAL_INSTRUMENT_SYSTEM, LOINC } from './codes.js';
export { getInstrument, instrumentIds, instruments, isInstrumentId } from './registry.js';
export { createScorer, scoreInstrument } from './score.js';
export type { Scorer } from './score.js';
export { PCL5_CUT_OFF } from './pcl5.js';
export { CADSS6_ITEM_NUMBERS } from './cadss.js';
