import { cadss, cadss6 } from './cadss.js';
import { cssrsScreener } from './cssrs-screener.js';
import { gad7 } from './gad7.js';
import { madrs } from './madrs.js';
import { painNrs } from './pain-nrs.js';
import { pcl5 } from './pcl5.js';
import { phq9 } from './phq9.js';
import { qidsSr16 } from './qids-sr16.js';
import { DomainError } from '../errors.js';
import type { InstrumentDefinition, InstrumentId } from './types.js';

/** Every instrument the clinic uses, by id. */
export const instruments: Readonly<Record<InstrumentId, InstrumentDefinition>> = {
  phq9,
  gad7,
  pcl5,
  madrs,
  qids_sr16: qidsSr16,
  cadss,
  cadss6,
  cssrs_screener: cssrsScreener,
  pain_nrs: painNrs,
};

export const instrumentIds: readonly InstrumentId[] = Object.keys(instruments) as InstrumentId[];

export function isInstrumentId(id: string): id is InstrumentId {
  return Object.hasOwn(instruments, id);
}

/** The definition for an id; throws `instrument_unknown` for anything else (ids come from URLs). */
export function getInstrument(id: string): InstrumentDefinition {
  if (!isInstrumentId(id)) throw instrumentUnknown(id);
  return instruments[id];
}

export function instrumentUnknown(id: string): DomainError {
  return new DomainError('instrument_unknown', `No instrument with id "${id}"`, { details: { instrumentId: id } });
}
