import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorCode } from '../../../../src/domain/errors.js';
import { applyEntry, openingBalance } from '../../../../src/domain/ledger/apply-entry.js';
import { checkResolution, compareCount } from '../../../../src/domain/ledger/count.js';
import type { LedgerBalance, StockItem } from '../../../../src/domain/ledger/ledger-entry.js';
import {
  applyVialMovement,
  mlToUl,
  newVial,
  ugFor,
  type VialMovement,
  type VialState,
} from '../../../../src/domain/ledger/vial.js';

const at = new Date('2026-12-01T15:00:00Z');
const vial = (over: Partial<VialState> = {}): VialState => ({
  ...newVial({ id: 'v1', locationId: 'loc-a', capacityUl: 10_000, expiresOn: '2027-06-30' }),
  ...over,
});
const draw = (
  volumeUl: number,
  over: Partial<Extract<VialMovement, { kind: 'administration' }>> = {},
): VialMovement => ({
  kind: 'administration',
  volumeUl,
  at,
  today: '2026-12-01',
  locationId: 'loc-a',
  ...over,
});
const waste = (volumeUl: number, witnessedBy = 'nurse-b', recordedBy = 'nurse-a'): VialMovement => ({
  kind: 'waste',
  volumeUl,
  at,
  recordedBy,
  witnessedBy,
});

function code(fn: () => unknown): ErrorCode {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('a vial from receipt to empty (CLINICAL.md §6)', () => {
  it('opens at the first draw, keeps its remaining volume, and is empty when all is given', () => {
    const first = applyVialMovement(vial(), draw(723));
    expect(first).toEqual({ vial: { ...vial(), status: 'open', remainingUl: 9277, openedAt: at }, changeUl: -723 });
    const later = new Date('2026-12-01T16:00:00Z');
    const second = applyVialMovement(first.vial, draw(9277, { at: later }));
    expect(second.vial).toMatchObject({ status: 'empty', remainingUl: 0, openedAt: at });
  });

  it.each([
    ['more than the vial holds', vial({ remainingUl: 500, status: 'open' }), draw(501), 'ledger_vial_insufficient'],
    ['exactly what it holds', vial({ remainingUl: 500, status: 'open' }), draw(500), null],
    ['on its expiry date', vial({ expiresOn: '2026-12-01' }), draw(100), null],
    ['the day after expiry', vial({ expiresOn: '2026-11-30' }), draw(100), 'ledger_vial_expired'],
    ['at another location', vial(), draw(100, { locationId: 'loc-b' }), 'ledger_vial_wrong_location'],
    ['an empty vial', vial({ status: 'empty', remainingUl: 0 }), draw(1), 'ledger_vial_unavailable'],
    ['an expired-marked vial', vial({ status: 'expired' }), draw(1), 'ledger_vial_unavailable'],
    ['0 mL', vial(), draw(0), 'validation_failed'],
    ['a negative volume', vial(), draw(-5), 'validation_failed'],
  ] as const)('a draw of %s', (_, v, movement, expected) => {
    if (expected === null) expect(() => applyVialMovement(v, movement)).not.toThrow();
    else expect(code(() => applyVialMovement(v, movement))).toBe(expected);
  });

  it('waste of the rest marks the vial wasted; nobody witnesses their own waste', () => {
    const open = vial({ status: 'open', remainingUl: 300 });
    expect(applyVialMovement(open, waste(300)).vial).toMatchObject({ status: 'wasted', remainingUl: 0 });
    expect(applyVialMovement(open, waste(100)).vial).toMatchObject({ status: 'open', remainingUl: 200 });
    expect(code(() => applyVialMovement(open, waste(100, 'nurse-a')))).toBe('ledger_witness_same_person');
    expect(code(() => applyVialMovement(open, waste(100, '')))).toBe('ledger_witness_required');
    expect(code(() => applyVialMovement(open, waste(301)))).toBe('ledger_vial_insufficient');
  });

  it('is marked expired only after its date, then destroyed with all it held', () => {
    expect(code(() => applyVialMovement(vial(), { kind: 'expiry', today: '2027-06-30' }))).toBe('validation_failed');
    const expired = applyVialMovement(vial(), { kind: 'expiry', today: '2027-07-01' });
    expect(expired).toMatchObject({ vial: { status: 'expired' }, changeUl: 0 });
    expect(applyVialMovement(expired.vial, { kind: 'destruction' })).toMatchObject({
      vial: { status: 'destroyed', remainingUl: 0 },
      changeUl: -10_000,
    });
  });

  describe('corrections', () => {
    const correction = (deltaUl: number, vialId: string | null = 'v1', reason = 'Dose keyed as 1 mL, was 0.5 mL') =>
      ({ kind: 'correction', deltaUl, reason, corrects: { vialId } }) as const;
    it('put volume back (an empty vial re-opens) or take it out, within 0 and the container size', () => {
      const empty = vial({ status: 'empty', remainingUl: 0, openedAt: at });
      expect(applyVialMovement(empty, correction(500)).vial).toMatchObject({ status: 'open', remainingUl: 500 });
      expect(code(() => applyVialMovement(empty, correction(-1)))).toBe('ledger_negative_balance');
      expect(code(() => applyVialMovement(vial(), correction(1)))).toBe('ledger_vial_overfilled');
    });
    it('must reference an entry of the same vial, change something, and say why', () => {
      const open = vial({ status: 'open', remainingUl: 500 });
      expect(code(() => applyVialMovement(open, correction(10, 'v2')))).toBe('ledger_correction_reference_required');
      expect(code(() => applyVialMovement(open, correction(0)))).toBe('validation_failed');
      expect(code(() => applyVialMovement(open, correction(10, 'v1', ' ')))).toBe('validation_failed');
    });
  });

  it('mL to µL takes at most three decimals; mg = mL × strength', () => {
    expect(mlToUl(0.723, '/v')).toBe(723);
    expect(code(() => mlToUl(0.0005, '/v'))).toBe('validation_failed');
    expect(ugFor(723, 50)).toBe(36_150);
  });
});

describe('counts and discrepancies', () => {
  const expected = [
    { productId: 'p', lot: 'L1', containers: 2, volumeUl: 20_000 },
    { productId: 'p', lot: 'L2', containers: 0, volumeUl: 4_500 },
  ];
  it('compares each lot and marks a difference', () => {
    const lines = compareCount(expected, [
      { productId: 'p', lot: 'L1', countedContainers: 2, countedUl: 20_000 },
      { productId: 'p', lot: 'L2', countedContainers: 0, countedUl: 4_000 },
    ]);
    expect(lines.map((l) => l.discrepancy)).toEqual([false, true]);
  });
  it('refuses negative numbers, a lot counted twice, and a lot the record holds left out', () => {
    expect(
      code(() => compareCount(expected, [{ productId: 'p', lot: 'L1', countedContainers: -1, countedUl: 0 }])),
    ).toBe('validation_failed');
    expect(
      code(() =>
        compareCount(expected, [
          { productId: 'p', lot: 'L1', countedContainers: 2, countedUl: 20_000 },
          { productId: 'p', lot: 'L1', countedContainers: 2, countedUl: 20_000 },
          { productId: 'p', lot: 'L2', countedContainers: 0, countedUl: 4_500 },
        ]),
      ),
    ).toBe('validation_failed');
  });
  it('a resolution needs an explanation and two different signers', () => {
    expect(
      code(() =>
        checkResolution({ explanation: 'Spilled while drawing up, seen by both', signedBy: 'a', secondSigner: 'a' }),
      ),
    ).toBe('ledger_witness_same_person');
    expect(code(() => checkResolution({ explanation: 'oops', signedBy: 'a', secondSigner: 'b' }))).toBe(
      'validation_failed',
    );
  });
});

describe('property: the record always balances', () => {
  const stock: StockItem = { drug: 'ketamine hydrochloride', concentrationMgPerMl: 50, form: 'injection' };
  type Op =
    | { kind: 'receipt'; capacityUl: number }
    | { kind: 'draw'; vial: number; volumeUl: number }
    | { kind: 'waste'; vial: number; volumeUl: number }
    | { kind: 'correction'; entry: number; deltaUl: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('receipt' as const), capacityUl: fc.constantFrom(1_000, 5_000, 10_000) }),
    fc.record({ kind: fc.constant('draw' as const), vial: fc.nat(5), volumeUl: fc.integer({ min: 1, max: 6_000 }) }),
    fc.record({ kind: fc.constant('waste' as const), vial: fc.nat(5), volumeUl: fc.integer({ min: 1, max: 6_000 }) }),
    fc.record({
      kind: fc.constant('correction' as const),
      entry: fc.nat(40),
      deltaUl: fc.integer({ min: -3_000, max: 3_000 }),
    }),
  );

  it('balance = receipts − draws − waste (± corrections), never negative, each vial replayable', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const vials: VialState[] = [];
        const history = new Map<string, VialMovement[]>();
        const entries: { vialId: string; kind: string }[] = [];
        let product: LedgerBalance = openingBalance(stock);
        const totals = { received: 0, drawn: 0, wasted: 0, corrected: 0 };
        ops.forEach((o, i) => {
          const id = `e${i}`;
          try {
            if (o.kind === 'receipt') {
              const v = newVial({
                id: `v${vials.length}`,
                locationId: 'loc',
                capacityUl: o.capacityUl,
                expiresOn: '2030-01-01',
              });
              product = applyEntry(product, receiptEntry(id, o.capacityUl));
              vials.push(v);
              history.set(v.id, []);
              entries.push({ vialId: v.id, kind: 'receipt' });
              totals.received += o.capacityUl;
              return;
            }
            const target = o.kind === 'correction' ? vials.findIndex((v) => v.id === entries[o.entry]?.vialId) : o.vial;
            const current = vials[target];
            if (!current) return;
            const movement: VialMovement =
              o.kind === 'draw'
                ? { kind: 'administration', volumeUl: o.volumeUl, at, today: '2026-12-01', locationId: 'loc' }
                : o.kind === 'waste'
                  ? { kind: 'waste', volumeUl: o.volumeUl, at, recordedBy: 'a', witnessedBy: 'b' }
                  : { kind: 'correction', deltaUl: o.deltaUl, reason: 'keyed wrong', corrects: { vialId: current.id } };
            const change = applyVialMovement(current, movement);
            // The product-level log agrees with the vial: it refuses exactly when the vial does.
            const ml = Math.abs(change.changeUl) / 1000;
            const q = { mg: ugFor(Math.abs(change.changeUl), 50) / 1000, ml };
            product =
              o.kind === 'correction'
                ? applyEntry(product, {
                    kind: 'correction',
                    id,
                    at,
                    recordedBy: 'a',
                    correctsEntryId: 'e0',
                    delta: change.changeUl < 0 ? { mg: -q.mg, ml: -q.ml } : q,
                    reason: 'keyed wrong',
                  })
                : applyEntry(product, {
                    kind: 'administration',
                    id,
                    at,
                    recordedBy: 'a',
                    quantity: q,
                    patientId: 'p',
                    administeredBy: 'a',
                  });
            vials[target] = change.vial;
            history.get(current.id)!.push(movement);
            entries.push({ vialId: current.id, kind: o.kind });
            if (o.kind === 'draw') totals.drawn += o.volumeUl;
            else if (o.kind === 'waste') totals.wasted += o.volumeUl;
            else totals.corrected += o.deltaUl;
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
        });
        const onHand = vials.reduce((sum, v) => sum + v.remainingUl, 0);
        expect(onHand).toBe(totals.received - totals.drawn - totals.wasted + totals.corrected);
        expect(Math.round(product.onHand.ml * 1000)).toBe(onHand);
        for (const v of vials) {
          expect(v.remainingUl).toBeGreaterThanOrEqual(0);
          expect(v.remainingUl).toBeLessThanOrEqual(v.capacityUl);
          // Replaying the vial's accepted movements from receipt gives the same state.
          let replay = newVial({ id: v.id, locationId: 'loc', capacityUl: v.capacityUl, expiresOn: '2030-01-01' });
          for (const m of history.get(v.id)!) replay = applyVialMovement(replay, m).vial;
          expect(replay).toEqual(v);
          expect(v.status === 'sealed').toBe(v.remainingUl === v.capacityUl && v.openedAt === null);
          if (v.status === 'empty' || v.status === 'wasted') expect(v.remainingUl).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  function receiptEntry(id: string, ul: number) {
    return {
      kind: 'receipt' as const,
      id,
      at,
      recordedBy: 'a',
      quantity: { mg: ugFor(ul, 50) / 1000, ml: ul / 1000 },
      containers: 1,
      supplier: { name: 'Example Wholesale', address: '1 Example Way', deaNumber: 'RA1234563' },
      invoiceReference: 'INV-1',
    };
  }
});
