import { DomainError } from '../errors.js';
import type { Discrepancy, LedgerBalance, LedgerEntry, Quantity, StockItem } from './ledger-entry.js';

/**
 * Quantities are kept in integer micrograms and microlitres so a long log never drifts by floating-point
 * error; entries may carry up to three decimals (0.001 mg, 0.001 mL).
 */
interface Micro {
  readonly ug: number;
  readonly ul: number;
}

export function openingBalance(stock: StockItem): LedgerBalance {
  return { stock, onHand: { mg: 0, ml: 0 }, lastEntryId: undefined, openDiscrepancy: undefined };
}

/**
 * The balance after one entry, or a DomainError saying why the entry is refused. Pure: the caller keeps
 * the log append-only and applies entries in order inside one transaction (DESIGN.md, data rules).
 */
export function applyEntry(balance: LedgerBalance, entry: LedgerEntry): LedgerBalance {
  const onHand = toMicro(balance.onHand, '/balance/onHand');
  const next = (change: Micro): LedgerBalance => {
    const after = { ug: onHand.ug + change.ug, ul: onHand.ul + change.ul };
    if (after.ug < 0 || after.ul < 0) {
      throw new DomainError(
        'ledger_negative_balance',
        `Entry ${entry.id} would take the ${balance.stock.drug} balance below zero.`,
        {
          details: { entryId: entry.id, onHand: balance.onHand, change: fromMicro(change) },
        },
      );
    }
    return { ...balance, onHand: fromMicro(after), lastEntryId: entry.id };
  };
  const amount = (q: Quantity, path: string): Micro => checkedQuantity(q, balance.stock, path, entry.id);

  switch (entry.kind) {
    case 'receipt': {
      if (
        entry.supplier.deaNumber.trim() === '' ||
        entry.supplier.name.trim() === '' ||
        entry.supplier.address.trim() === ''
      ) {
        throw new DomainError(
          'validation_failed',
          'A receipt needs the supplier name, address and DEA number (CLINICAL.md §6).',
          {
            errors: [{ path: '/supplier', message: 'name, address and DEA number are required' }],
          },
        );
      }
      return next(amount(entry.quantity, '/quantity'));
    }
    case 'administration':
      return next(negate(amount(entry.quantity, '/quantity')));
    case 'waste': {
      // Two staff sign waste (CLINICAL.md §6).
      const witness = entry.witnessedBy?.trim();
      if (!witness) {
        throw new DomainError('ledger_witness_required', 'Waste must be witnessed by a second member of staff.', {
          errors: [{ path: '/witnessedBy', message: 'a witness is required' }],
        });
      }
      if (sameText(witness, entry.wastedBy)) {
        throw new DomainError('ledger_witness_same_person', 'The witness cannot be the person wasting the drug.', {
          errors: [{ path: '/witnessedBy', message: 'must be someone other than wastedBy' }],
        });
      }
      return next(negate(amount(entry.quantity, '/quantity')));
    }
    case 'disposal': {
      if (entry.method === 'destruction_form_41') {
        // DEA Form 41 destruction: two witnesses (CLINICAL.md §6), neither the person recording.
        const witnesses = [...new Set(entry.witnesses.map((w) => w.trim().toLowerCase()).filter((w) => w !== ''))];
        if (witnesses.includes(entry.recordedBy.trim().toLowerCase())) {
          throw new DomainError(
            'ledger_witness_same_person',
            'A destruction witness cannot be the person recording it.',
            {
              errors: [{ path: '/witnesses', message: 'must not include recordedBy' }],
            },
          );
        }
        if (witnesses.length < 2) {
          throw new DomainError('ledger_witness_required', 'Destruction on DEA Form 41 needs two witnesses.', {
            errors: [{ path: '/witnesses', message: 'two different witnesses are required' }],
          });
        }
      } else if (entry.receiver.deaNumber.trim() === '') {
        throw new DomainError(
          'validation_failed',
          'A transfer or reverse distribution needs the receiver’s DEA number.',
          {
            errors: [{ path: '/receiver/deaNumber', message: 'is required' }],
          },
        );
      }
      return next(negate(amount(entry.quantity, '/quantity')));
    }
    case 'inventory_count': {
      const counted = amount(entry.counted, '/counted');
      const agrees = counted.ug === onHand.ug && counted.ul === onHand.ul;
      const discrepancy: Discrepancy | undefined = agrees
        ? undefined
        : {
            countEntryId: entry.id,
            expected: balance.onHand,
            counted: entry.counted,
            difference: fromMicro({ ug: counted.ug - onHand.ug, ul: counted.ul - onHand.ul }),
          };
      return { ...balance, lastEntryId: entry.id, openDiscrepancy: discrepancy };
    }
    case 'correction': {
      // Entries are never edited or deleted; a correction references the one it corrects (CLINICAL.md §6).
      const ref = entry.correctsEntryId?.trim();
      if (!ref || ref === entry.id) {
        throw new DomainError(
          'ledger_correction_reference_required',
          'A correction must reference the entry it corrects.',
          {
            errors: [
              { path: '/correctsEntryId', message: ref === entry.id ? 'cannot reference itself' : 'is required' },
            ],
          },
        );
      }
      if (entry.reason.trim() === '') {
        throw new DomainError('validation_failed', 'A correction needs a reason.', {
          errors: [{ path: '/reason', message: 'is required' }],
        });
      }
      return next(checkedQuantity(entry.delta, balance.stock, '/delta', entry.id, true));
    }
    default: {
      const unreachable: never = entry;
      throw new Error(`unknown ledger entry ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Replays a whole log from an opening balance. Beyond `applyEntry`, it checks what needs the history:
 * ids are unique and a correction references an earlier entry of the same log.
 */
export function replayLedger(stock: StockItem, entries: readonly LedgerEntry[]): LedgerBalance {
  const seen = new Set<string>();
  let balance = openingBalance(stock);
  for (const entry of entries) {
    if (seen.has(entry.id)) {
      throw new DomainError('conflict', `Entry id ${entry.id} appears twice in the log.`, {
        details: { entryId: entry.id },
      });
    }
    if (entry.kind === 'correction' && entry.correctsEntryId !== undefined && !seen.has(entry.correctsEntryId)) {
      throw new DomainError(
        'ledger_correction_reference_required',
        `Correction ${entry.id} references ${entry.correctsEntryId}, which is not an earlier entry of this log.`,
        {
          errors: [{ path: '/correctsEntryId', message: 'must be an earlier entry of this log' }],
        },
      );
    }
    balance = applyEntry(balance, entry);
    seen.add(entry.id);
  }
  return balance;
}

function checkedQuantity(q: Quantity, stock: StockItem, path: string, entryId: string, signed = false): Micro {
  const micro = toMicro(q, path);
  if (!signed && (micro.ug <= 0 || micro.ul <= 0)) {
    throw new DomainError('validation_failed', 'A quantity must be more than zero.', {
      errors: [{ path, message: 'mg and mL must be more than 0' }],
    });
  }
  if (signed && micro.ug === 0 && micro.ul === 0) {
    throw new DomainError('validation_failed', 'A correction must change the balance.', {
      errors: [{ path, message: 'must not be zero' }],
    });
  }
  // mg = mL × concentration, checked to the microgram: µg = µL × mg/mL.
  const expectedUg = micro.ul * stock.concentrationMgPerMl;
  if (Math.abs(expectedUg - micro.ug) > 0.5) {
    throw new DomainError(
      'ledger_quantity_mismatch',
      `${q.mg} mg is not ${q.ml} mL at ${stock.concentrationMgPerMl} mg/mL.`,
      {
        errors: [{ path, message: `mg must equal mL × ${stock.concentrationMgPerMl}` }],
        details: { entryId, expectedMg: fromMicro({ ug: expectedUg, ul: micro.ul }).mg },
      },
    );
  }
  return micro;
}

function toMicro(q: Quantity, path: string): Micro {
  const ug = Math.round(q.mg * 1000);
  const ul = Math.round(q.ml * 1000);
  if (
    !Number.isFinite(q.mg) ||
    !Number.isFinite(q.ml) ||
    Math.abs(ug - q.mg * 1000) > 1e-6 ||
    Math.abs(ul - q.ml * 1000) > 1e-6
  ) {
    throw new DomainError('validation_failed', 'Quantities take at most three decimals.', {
      errors: [{ path, message: 'mg and mL: at most 3 decimals' }],
    });
  }
  return { ug, ul };
}

function fromMicro(m: Micro): Quantity {
  return { mg: m.ug / 1000, ml: m.ul / 1000 };
}

function negate(m: Micro): Micro {
  return { ug: -m.ug, ul: -m.ul };
}

function sameText(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
