import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorCode } from '../../../../src/domain/errors.js';
import { applyEntry, openingBalance, replayLedger } from '../../../../src/domain/ledger/apply-entry.js';
import type { LedgerBalance, LedgerEntry, StockItem } from '../../../../src/domain/ledger/ledger-entry.js';
import {
  isInventoryOverdue,
  lossReportDeadlines,
  nextInventoryDue,
  retainRecordUntil,
} from '../../../../src/domain/ledger/record-keeping.js';

const stock: StockItem = { drug: 'ketamine hydrochloride', concentrationMgPerMl: 50, form: 'injection' };
const at = new Date('2026-03-09T15:00:00Z');
const receipt: LedgerEntry = {
  kind: 'receipt',
  id: 'r1',
  at,
  recordedBy: 'nurse-a',
  quantity: { mg: 1000, ml: 20 },
  containers: 2,
  supplier: { name: 'Acme Pharma', address: '1 Main St', deaNumber: 'RA1234563' },
  invoiceReference: 'INV-77',
};
const administration = (mg: number, ml: number, id = 'a1'): LedgerEntry => ({
  kind: 'administration',
  id,
  at,
  recordedBy: 'nurse-a',
  quantity: { mg, ml },
  patientId: 'p1',
  administeredBy: 'nurse-a',
});
const waste = (witnessedBy: string | undefined, wastedBy = 'nurse-a'): LedgerEntry => ({
  kind: 'waste',
  id: 'w1',
  at,
  recordedBy: wastedBy,
  quantity: { mg: 2.5, ml: 0.05 },
  wastedBy,
  witnessedBy,
  method: 'sink + deterrent',
});
const stocked = (): LedgerBalance => applyEntry(openingBalance(stock), receipt);

function code(fn: () => unknown): ErrorCode {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('controlled-substance ledger (CLINICAL.md §6, DEA Schedule III)', () => {
  it('a receipt adds stock; an administration removes it, in mg and mL', () => {
    const after = applyEntry(stocked(), administration(36.15, 0.723));
    expect(after.onHand).toEqual({ mg: 963.85, ml: 19.277 });
    expect(after.lastEntryId).toBe('a1');
  });

  it('never drifts by floating-point error over many small entries', () => {
    let balance = stocked();
    for (let i = 0; i < 100; i++) balance = applyEntry(balance, administration(5, 0.1, `a${i}`));
    expect(balance.onHand).toEqual({ mg: 500, ml: 10 });
  });

  it('can take the balance to exactly zero but never below it', () => {
    expect(applyEntry(stocked(), administration(1000, 20)).onHand).toEqual({ mg: 0, ml: 0 });
    expect(code(() => applyEntry(stocked(), administration(1000.05, 20.001)))).toBe('ledger_negative_balance');
  });

  it('refuses mg that does not match mL × concentration', () => {
    expect(code(() => applyEntry(stocked(), administration(36, 0.5)))).toBe('ledger_quantity_mismatch');
  });

  it('refuses zero and negative quantities', () => {
    expect(code(() => applyEntry(stocked(), administration(0, 0)))).toBe('validation_failed');
    expect(code(() => applyEntry(stocked(), administration(-5, -0.1)))).toBe('validation_failed');
  });

  it('a receipt needs the supplier DEA number', () => {
    const noDea = { ...receipt, supplier: { ...receipt.supplier, deaNumber: ' ' } } as LedgerEntry;
    expect(code(() => applyEntry(openingBalance(stock), noDea))).toBe('validation_failed');
  });

  describe('waste: two staff sign (state-board rule; CLINICAL.md §6)', () => {
    it.each([
      [undefined, 'ledger_witness_required'],
      ['  ', 'ledger_witness_required'],
      ['nurse-a', 'ledger_witness_same_person'],
      [' NURSE-A ', 'ledger_witness_same_person'],
    ] as const)('witness %j → %s', (witness, expected) => {
      expect(code(() => applyEntry(stocked(), waste(witness)))).toBe(expected);
    });
    it('a different witness is accepted and the waste leaves stock', () => {
      expect(applyEntry(stocked(), waste('nurse-b')).onHand).toEqual({ mg: 997.5, ml: 19.95 });
    });
  });

  describe('disposal', () => {
    it('destruction on DEA Form 41 needs two witnesses other than the recorder', () => {
      const destroy = (witnesses: string[]): LedgerEntry => ({
        kind: 'disposal',
        id: 'd1',
        at,
        recordedBy: 'admin-a',
        quantity: { mg: 500, ml: 10 },
        method: 'destruction_form_41',
        witnesses,
      });
      expect(code(() => applyEntry(stocked(), destroy(['nurse-b'])))).toBe('ledger_witness_required');
      expect(code(() => applyEntry(stocked(), destroy(['nurse-b', 'Nurse-B'])))).toBe('ledger_witness_required');
      expect(code(() => applyEntry(stocked(), destroy(['nurse-b', 'admin-a'])))).toBe('ledger_witness_same_person');
      expect(applyEntry(stocked(), destroy(['nurse-b', 'nurse-c'])).onHand.mg).toBe(500);
    });
    it('a transfer to a reverse distributor needs its DEA number', () => {
      const transfer = (deaNumber: string): LedgerEntry => ({
        kind: 'disposal',
        id: 'd2',
        at,
        recordedBy: 'admin-a',
        quantity: { mg: 1000, ml: 20 },
        method: 'reverse_distributor',
        receiver: { name: 'Returns Inc', deaNumber },
      });
      expect(code(() => applyEntry(stocked(), transfer('')))).toBe('validation_failed');
      expect(applyEntry(stocked(), transfer('RR7654321')).onHand).toEqual({ mg: 0, ml: 0 });
    });
  });

  describe('inventory count: records a discrepancy, never silently resets the balance', () => {
    const count = (mg: number, ml: number): LedgerEntry => ({
      kind: 'inventory_count',
      id: 'c1',
      at,
      recordedBy: 'nurse-a',
      inventory: 'biennial',
      moment: 'close_of_business',
      counted: { mg, ml },
      containers: 2,
      estimated: true,
    });
    it('an agreeing count leaves no discrepancy', () => {
      expect(applyEntry(stocked(), count(1000, 20))).toMatchObject({
        onHand: { mg: 1000, ml: 20 },
        openDiscrepancy: undefined,
      });
    });
    it('a short count records the difference and keeps the running balance', () => {
      const after = applyEntry(stocked(), count(990, 19.8));
      expect(after.onHand).toEqual({ mg: 1000, ml: 20 });
      expect(after.openDiscrepancy).toEqual({
        countEntryId: 'c1',
        expected: { mg: 1000, ml: 20 },
        counted: { mg: 990, ml: 19.8 },
        difference: { mg: -10, ml: -0.2 },
      });
    });
  });

  describe('correction: a new entry that references the one it corrects', () => {
    const correction = (
      correctsEntryId: string | undefined,
      mg = -10,
      ml = -0.2,
      reason = 'Miscounted receipt',
    ): LedgerEntry => ({
      kind: 'correction',
      id: 'x1',
      at,
      recordedBy: 'admin-a',
      correctsEntryId,
      delta: { mg, ml },
      reason,
    });
    it.each([[undefined], [''], ['x1']])('reference %j → ledger_correction_reference_required', (ref) => {
      expect(code(() => applyEntry(stocked(), correction(ref)))).toBe('ledger_correction_reference_required');
    });
    it('applies a signed delta', () => {
      expect(applyEntry(stocked(), correction('r1')).onHand).toEqual({ mg: 990, ml: 19.8 });
      expect(applyEntry(stocked(), correction('r1', 10, 0.2)).onHand).toEqual({ mg: 1010, ml: 20.2 });
    });
    it('cannot take the balance below zero or lack a reason', () => {
      expect(code(() => applyEntry(stocked(), correction('r1', -1050, -21)))).toBe('ledger_negative_balance');
      expect(code(() => applyEntry(stocked(), correction('r1', -10, -0.2, ' ')))).toBe('validation_failed');
    });
    it('replay refuses a correction of an entry that is not earlier in the log, and duplicate ids', () => {
      expect(code(() => replayLedger(stock, [receipt, correction('nope')]))).toBe(
        'ledger_correction_reference_required',
      );
      expect(code(() => replayLedger(stock, [receipt, receipt]))).toBe('conflict');
      expect(replayLedger(stock, [receipt, administration(35, 0.7), correction('a1', 5, 0.1)]).onHand).toEqual({
        mg: 970,
        ml: 19.4,
      });
    });
  });
});

describe('record-keeping deadlines (CLINICAL.md §6)', () => {
  it('inventory at least every two years (biennial)', () => {
    expect(nextInventoryDue('2026-03-09')).toBe('2028-03-09');
    expect(nextInventoryDue('2024-02-29')).toBe('2026-02-28');
    expect(isInventoryOverdue('2026-03-09', '2028-03-09')).toBe(false);
    expect(isInventoryOverdue('2026-03-09', '2028-03-10')).toBe(true);
  });
  it('records kept at least 2 years', () => {
    expect(retainRecordUntil('2026-12-31')).toBe('2028-12-31');
  });
  it('loss: DEA within 1 business day, Form 106 within 45 days', () => {
    expect(lossReportDeadlines('2026-03-13')).toEqual({ notifyDeaBy: '2026-03-16', form106By: '2026-04-27' }); // Friday → Monday
    expect(lossReportDeadlines('2026-05-22', ['2026-05-25'])).toEqual({
      notifyDeaBy: '2026-05-26',
      form106By: '2026-07-06',
    }); // Memorial Day
  });
});
