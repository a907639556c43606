import { DomainError } from '../errors.js';
import { dayNumber, type LocalDate } from '../time/local-date.js';

/**
 * One vial (container) of a controlled substance, tracked from receipt: sealed → open (at the first
 * draw) → empty / wasted / destroyed / lost; a sealed or open vial past its expiry date is marked expired
 * and waits for destruction or a reverse distributor. A multi-dose vial keeps its remaining volume.
 *
 * Volumes are integer microlitres (0.001 mL), so a long history never drifts by floating-point error.
 * Every movement is a ledger entry (CLINICAL.md §6); this function says what a movement does to the vial
 * or why it is refused. Pure: the caller locks the vial row, applies, stores the entry and the new state
 * in one transaction.
 */
export const vialStatuses = ['sealed', 'open', 'empty', 'wasted', 'expired', 'destroyed', 'lost'] as const;
export type VialStatus = (typeof vialStatuses)[number];

export const vialStatusLabels: Record<VialStatus, string> = {
  sealed: 'Sealed',
  open: 'Open',
  empty: 'Empty (all given)',
  wasted: 'Rest wasted',
  expired: 'Expired, awaiting destruction',
  destroyed: 'Destroyed',
  lost: 'Lost or stolen',
};

/** Statuses in which the vial still holds stock that may be drawn (if in date) or disposed of. */
const holdsStock: readonly VialStatus[] = ['sealed', 'open', 'expired'];

export interface VialState {
  readonly id: string;
  readonly locationId: string;
  readonly capacityUl: number;
  readonly remainingUl: number;
  readonly status: VialStatus;
  /** The last day the vial may be used (the expiry printed on it, as a clinic-local date). */
  readonly expiresOn: LocalDate;
  readonly openedAt: Date | null;
}

export type VialMovement =
  | {
      readonly kind: 'administration';
      readonly volumeUl: number;
      readonly at: Date;
      readonly today: LocalDate;
      readonly locationId: string;
    }
  | {
      readonly kind: 'waste';
      readonly volumeUl: number;
      readonly at: Date;
      readonly recordedBy: string;
      readonly witnessedBy: string;
    }
  | { readonly kind: 'expiry'; readonly today: LocalDate }
  | { readonly kind: 'destruction' }
  | { readonly kind: 'loss'; readonly volumeUl: number }
  | {
      readonly kind: 'correction';
      /** Signed: positive puts volume back in the vial, negative takes it out. */
      readonly deltaUl: number;
      readonly reason: string;
      /** The entry corrected; it must belong to this vial. */
      readonly corrects: { readonly vialId: string | null };
    };

export interface VialChange {
  readonly vial: VialState;
  /** The change to the balance, in µL (negative = stock leaves). */
  readonly changeUl: number;
}

export const isPastExpiry = (vial: Pick<VialState, 'expiresOn'>, today: LocalDate): boolean =>
  dayNumber(today) > dayNumber(vial.expiresOn);

export function newVial(input: Omit<VialState, 'remainingUl' | 'status' | 'openedAt'>): VialState {
  assertVolume(input.capacityUl, '/containerMl');
  return { ...input, remainingUl: input.capacityUl, status: 'sealed', openedAt: null };
}

export function applyVialMovement(vial: VialState, movement: VialMovement): VialChange {
  switch (movement.kind) {
    case 'administration': {
      assertVolume(movement.volumeUl, '/volumeMl');
      if (movement.locationId !== vial.locationId) {
        throw new DomainError('ledger_vial_wrong_location', 'This vial is kept at another location.', {
          errors: [{ path: '/vialId', message: 'Choose a vial kept at this location' }],
        });
      }
      assertUsable(vial);
      if (isPastExpiry(vial, movement.today)) {
        throw new DomainError('ledger_vial_expired', `This vial expired on ${vial.expiresOn}; choose another.`, {
          errors: [{ path: '/vialId', message: `Expired on ${vial.expiresOn}: choose a vial in date` }],
        });
      }
      assertHolds(vial, movement.volumeUl);
      const remainingUl = vial.remainingUl - movement.volumeUl;
      return {
        vial: {
          ...vial,
          remainingUl,
          status: remainingUl === 0 ? 'empty' : 'open',
          openedAt: vial.openedAt ?? movement.at,
        },
        changeUl: -movement.volumeUl,
      };
    }
    case 'waste': {
      assertVolume(movement.volumeUl, '/volumeMl');
      if (!movement.witnessedBy) {
        throw new DomainError('ledger_witness_required', 'Waste must be witnessed by a second member of staff.', {
          errors: [{ path: '/witnessUserId', message: 'Choose the member of staff who witnessed the waste' }],
        });
      }
      if (movement.witnessedBy === movement.recordedBy) {
        throw new DomainError('ledger_witness_same_person', 'Nobody can witness their own waste.', {
          errors: [{ path: '/witnessUserId', message: 'The witness must be someone other than you' }],
        });
      }
      if (!holdsStock.includes(vial.status)) throw unavailable(vial);
      assertHolds(vial, movement.volumeUl);
      const remainingUl = vial.remainingUl - movement.volumeUl;
      // An expired vial stays expired until it is empty; any other vial is open once something left it.
      const status: VialStatus = remainingUl === 0 ? 'wasted' : vial.status === 'expired' ? 'expired' : 'open';
      return {
        vial: { ...vial, remainingUl, status, openedAt: vial.openedAt ?? movement.at },
        changeUl: -movement.volumeUl,
      };
    }
    case 'expiry': {
      if (vial.status !== 'sealed' && vial.status !== 'open') throw unavailable(vial);
      if (!isPastExpiry(vial, movement.today)) {
        throw new DomainError('validation_failed', `This vial is in date until ${vial.expiresOn}.`, {
          errors: [{ path: '/vialId', message: `In date until ${vial.expiresOn}` }],
        });
      }
      return { vial: { ...vial, status: 'expired' }, changeUl: 0 };
    }
    case 'destruction': {
      if (!holdsStock.includes(vial.status) || vial.remainingUl === 0) throw unavailable(vial);
      return { vial: { ...vial, remainingUl: 0, status: 'destroyed' }, changeUl: -vial.remainingUl };
    }
    case 'loss': {
      assertVolume(movement.volumeUl, '/volumeMl');
      if (!holdsStock.includes(vial.status)) throw unavailable(vial);
      assertHolds(vial, movement.volumeUl);
      const remainingUl = vial.remainingUl - movement.volumeUl;
      return {
        vial: { ...vial, remainingUl, status: remainingUl === 0 ? 'lost' : vial.status },
        changeUl: -movement.volumeUl,
      };
    }
    case 'correction': {
      if (movement.corrects.vialId !== vial.id) {
        throw new DomainError(
          'ledger_correction_reference_required',
          'A correction must reference an entry of the same vial.',
          {
            errors: [{ path: '/correctsEntryId', message: 'Choose an entry of this vial' }],
          },
        );
      }
      if (movement.reason.trim().length < 3) {
        throw new DomainError('validation_failed', 'A correction needs a reason.', {
          errors: [{ path: '/reason', message: 'Say why the entry was wrong' }],
        });
      }
      if (!Number.isSafeInteger(movement.deltaUl) || movement.deltaUl === 0) {
        throw new DomainError('validation_failed', 'A correction must change the volume by at least 0.001 mL.', {
          errors: [{ path: '/deltaMl', message: 'Enter a change other than 0, at most 3 decimals' }],
        });
      }
      if (vial.status === 'destroyed' || vial.status === 'lost') throw unavailable(vial);
      const remainingUl = vial.remainingUl + movement.deltaUl;
      if (remainingUl < 0) {
        throw new DomainError('ledger_negative_balance', 'The correction would take the vial below empty.', {
          errors: [{ path: '/deltaMl', message: `The vial holds ${formatMl(vial.remainingUl)} mL` }],
          details: { remainingMl: vial.remainingUl / 1000 },
        });
      }
      if (remainingUl > vial.capacityUl) {
        throw new DomainError('ledger_vial_overfilled', 'The correction would put more in the vial than it holds.', {
          errors: [{ path: '/deltaMl', message: `The vial holds at most ${formatMl(vial.capacityUl)} mL` }],
        });
      }
      let status: VialStatus = vial.status;
      if (status === 'sealed' && remainingUl !== vial.capacityUl) status = remainingUl === 0 ? 'empty' : 'open';
      else if ((status === 'empty' || status === 'wasted') && remainingUl > 0) status = 'open';
      else if (status === 'open' && remainingUl === 0) status = 'empty';
      return { vial: { ...vial, remainingUl, status }, changeUl: movement.deltaUl };
    }
    default: {
      const unreachable: never = movement;
      throw new Error(`unknown vial movement ${JSON.stringify(unreachable)}`);
    }
  }
}

/** mL as typed (at most 3 decimals) → µL, or a validation error naming the field. */
export function mlToUl(ml: number, path: string): number {
  const ul = Math.round(ml * 1000);
  if (!Number.isFinite(ml) || Math.abs(ul - ml * 1000) > 1e-6) {
    throw new DomainError('validation_failed', 'Volumes take at most three decimals (0.001 mL).', {
      errors: [{ path, message: 'Enter mL with at most 3 decimals' }],
    });
  }
  return ul;
}

/** µg in a volume at a strength: µg = µL × mg/mL (strengths carry at most 3 decimals). */
export const ugFor = (volumeUl: number, strengthMgPerMl: number): number => Math.round(volumeUl * strengthMgPerMl);

export const formatMl = (ul: number): string => (ul / 1000).toFixed(3).replace(/\.?0+$/, '');

function assertVolume(ul: number, path: string): void {
  if (!Number.isSafeInteger(ul) || ul <= 0) {
    throw new DomainError('validation_failed', 'A volume must be more than 0 mL.', {
      errors: [{ path, message: 'Enter a volume more than 0 mL, at most 3 decimals' }],
    });
  }
}

function assertUsable(vial: VialState): void {
  if (vial.status !== 'sealed' && vial.status !== 'open') throw unavailable(vial);
}

function assertHolds(vial: VialState, volumeUl: number): void {
  if (volumeUl > vial.remainingUl) {
    throw new DomainError(
      'ledger_vial_insufficient',
      `The vial holds ${formatMl(vial.remainingUl)} mL; ${formatMl(volumeUl)} mL cannot be taken from it.`,
      {
        errors: [{ path: '/volumeMl', message: `Enter at most ${formatMl(vial.remainingUl)} mL` }],
        details: { remainingMl: vial.remainingUl / 1000 },
      },
    );
  }
}

function unavailable(vial: VialState): DomainError {
  return new DomainError('ledger_vial_unavailable', `This vial is ${vialStatusLabels[vial.status].toLowerCase()}.`, {
    errors: [{ path: '/vialId', message: `The vial is ${vialStatusLabels[vial.status].toLowerCase()}` }],
    details: { status: vial.status },
  });
}
