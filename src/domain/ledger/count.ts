import { DomainError, type FieldError } from '../errors.js';

/**
 * A stock count (per shift or day, per location): for each product and lot, what the perpetual record
 * expects and what was counted — sealed containers and the volume in open vials. A difference is a
 * discrepancy: it stays open (and shows to admins) until an explanation signed by two members of staff
 * resolves it (CLINICAL.md §6; the same two-person rule as waste). A count never changes the balance;
 * a correction or a loss report does that.
 */
export interface CountLineInput {
  readonly productId: string;
  readonly lot: string;
  readonly countedContainers: number;
  readonly countedUl: number;
}

export interface ExpectedStock {
  readonly productId: string;
  readonly lot: string;
  readonly containers: number;
  readonly volumeUl: number;
}

export interface CountLine extends CountLineInput {
  readonly expectedContainers: number;
  readonly expectedUl: number;
  readonly discrepancy: boolean;
}

const key = (productId: string, lot: string): string => `${productId}\u0000${lot}`;

/**
 * Compares a count with the record. Every lot the record holds must be counted (a missing line would hide
 * a loss); a counted lot the record does not know is a discrepancy too (expected 0).
 */
export function compareCount(expected: readonly ExpectedStock[], lines: readonly CountLineInput[]): CountLine[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (!Number.isSafeInteger(line.countedContainers) || line.countedContainers < 0) {
      errors.push({ path: `/lines/${i}/countedContainers`, message: 'Enter 0 or more containers' });
    }
    if (!Number.isSafeInteger(line.countedUl) || line.countedUl < 0) {
      errors.push({ path: `/lines/${i}/countedMl`, message: 'Enter 0 mL or more' });
    }
    const k = key(line.productId, line.lot);
    if (seen.has(k)) errors.push({ path: `/lines/${i}/lot`, message: 'This product and lot is counted twice' });
    seen.add(k);
  });
  expected.forEach((e) => {
    if (!seen.has(key(e.productId, e.lot)) && (e.containers > 0 || e.volumeUl > 0)) {
      errors.push({ path: '/lines', message: `Count lot ${e.lot} too: the record holds it` });
    }
  });
  if (errors.length) {
    throw new DomainError('validation_failed', 'Some count lines need attention.', { errors });
  }
  const byKey = new Map(expected.map((e) => [key(e.productId, e.lot), e]));
  return lines.map((line) => {
    const e = byKey.get(key(line.productId, line.lot));
    const expectedContainers = e?.containers ?? 0;
    const expectedUl = e?.volumeUl ?? 0;
    return {
      ...line,
      expectedContainers,
      expectedUl,
      discrepancy: expectedContainers !== line.countedContainers || expectedUl !== line.countedUl,
    };
  });
}

/** A discrepancy's resolution: an explanation and two different signers (both confirmed by the caller). */
export function checkResolution(input: { explanation: string; signedBy: string; secondSigner: string }): void {
  const errors: FieldError[] = [];
  if (input.explanation.trim().length < 10) {
    errors.push({ path: '/explanation', message: 'Explain the difference in a sentence or two' });
  }
  if (input.signedBy === input.secondSigner) {
    throw new DomainError('ledger_witness_same_person', 'The second signer must be someone other than you.', {
      errors: [{ path: '/witnessUserId', message: 'Choose another member of staff to co-sign' }],
    });
  }
  if (errors.length) throw new DomainError('validation_failed', 'The explanation is missing.', { errors });
}
