import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../../../../src/domain/instruments/score.js';
import { getInstrument, instruments } from '../../../../src/domain/instruments/registry.js';
import type { InstrumentDefinition, InstrumentScore, OrdinalItem } from '../../../../src/domain/instruments/types.js';
import { DomainError } from '../../../../src/domain/errors.js';

const ordinalInstruments = Object.values(instruments).filter((d) => d.items.every((i) => i.kind === 'ordinal'));
const summed = ordinalInstruments.filter((d) => d.scoring.kind === 'sum');

function ordinalItems(definition: InstrumentDefinition): OrdinalItem[] {
  return definition.items.filter((item): item is OrdinalItem => item.kind === 'ordinal');
}

/** A complete valid form, as a list in item order. */
function validForm(definition: InstrumentDefinition): fc.Arbitrary<number[]> {
  return fc.tuple(...ordinalItems(definition).map((item) => fc.integer({ min: item.min, max: item.max })));
}

/** Severity rank: index of the band (higher = more severe); -1 when the instrument has no bands. */
function rank(definition: InstrumentDefinition, score: InstrumentScore): number {
  return definition.bands.findIndex((band) => band.id === score.severity?.id);
}

describe.each(ordinalInstruments)('$shortTitle scoring properties', (definition) => {
  const range = definition.range!;

  it('keeps the total within the instrument range and inside the reported band', () => {
    fc.assert(
      fc.property(validForm(definition), (form) => {
        const score = scoreInstrument(definition.id, form);
        const total = score.total!;
        expect(total).toBeGreaterThanOrEqual(range.min);
        expect(total).toBeLessThanOrEqual(range.max);
        expect(total).toBeLessThanOrEqual(form.reduce((a, b) => a + b, 0));
        const band = definition.bands.find((b) => b.id === score.severity?.id);
        if (definition.bands.length > 0) {
          expect(band && band.min <= total && total <= band.max).toBe(true);
        } else {
          expect(score.severity).toBeNull();
        }
      }),
    );
  });

  it('never lowers total, severity or flags when one answer goes up (filling in above minimum)', () => {
    fc.assert(
      fc.property(validForm(definition), fc.nat(), fc.nat(), (form, at, by) => {
        const index = at % form.length;
        const item = ordinalItems(definition)[index]!;
        const low = [...form];
        low[index] = item.min;
        const high = [...form];
        high[index] = item.min + (by % (item.max - item.min + 1));
        const lowScore = scoreInstrument(definition.id, low);
        const highScore = scoreInstrument(definition.id, high);
        expect(highScore.total!).toBeGreaterThanOrEqual(lowScore.total!);
        expect(rank(definition, highScore)).toBeGreaterThanOrEqual(rank(definition, lowScore));
        for (const flag of lowScore.flags) expect(highScore.flags).toContain(flag);
      }),
    );
  });

  it('scores a record and the same answers as a list identically', () => {
    fc.assert(
      fc.property(validForm(definition), (form) => {
        const record = Object.fromEntries(definition.items.map((item, i) => [item.id, form[i]]));
        expect(scoreInstrument(definition.id, record)).toEqual(scoreInstrument(definition.id, form));
      }),
    );
  });

  it('refuses a form with any answers missing, naming exactly those items', () => {
    // An unscored item (PHQ-9 question 10) may be left unanswered.
    const ids = definition.items.filter((item) => item.unscored !== true).map((item) => item.id);
    fc.assert(
      fc.property(validForm(definition), fc.subarray(ids, { minLength: 1 }), (form, missing) => {
        const record: Record<string, number> = {};
        definition.items.forEach((item, i) => {
          if (!missing.includes(item.id)) record[item.id] = form[i]!;
        });
        try {
          scoreInstrument(definition.id, record);
          expect.unreachable('an incomplete form must not be scored');
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).errors.map((e) => e.path)).toEqual(missing.map((id) => `/answers/${id}`));
        }
      }),
    );
  });
});

describe.each(summed)('$shortTitle (summed) — permutation', (definition) => {
  // Unscored items (PHQ-9 question 10) are recorded, not summed: permute the scored ones.
  const scoredCount = definition.items.filter((item) => item.unscored !== true).length;
  it('gives the same total and severity whatever items the same answers are given to', () => {
    fc.assert(
      fc.property(
        validForm(definition).chain((form) =>
          fc.tuple(
            fc.constant(form),
            fc
              .shuffledSubarray(form.slice(0, scoredCount), { minLength: scoredCount })
              .map((shuffled) => [...shuffled, ...form.slice(scoredCount)]),
          ),
        ),
        ([form, shuffled]) => {
          // All items share one range here, so any permutation is still a valid form.
          const a = scoreInstrument(definition.id, form);
          const b = scoreInstrument(definition.id, shuffled);
          expect(b.total).toBe(a.total);
          expect(b.severity).toEqual(a.severity);
        },
      ),
    );
  });
});

describe('QIDS-SR16 — permutation within a domain changes nothing (Rush 2003)', () => {
  const qids = getInstrument('qids_sr16');
  it('swapping answers among the sleep items (1–4) or appetite/weight items (6–9) keeps the total', () => {
    fc.assert(
      fc.property(
        validForm(qids),
        fc.constantFrom([0, 1, 2, 3], [5, 6, 7, 8], [14, 15]),
        fc.nat(),
        (form, domain, seed) => {
          const permuted = [...form];
          const values = domain.map((i) => form[i]!);
          // Rotate the domain's values by a random amount.
          domain.forEach((i, k) => {
            permuted[i] = values[(k + seed) % values.length]!;
          });
          expect(scoreInstrument('qids_sr16', permuted).total).toBe(scoreInstrument('qids_sr16', form).total);
        },
      ),
    );
  });
});

describe('C-SSRS screener — a further "yes" never lowers the risk level', () => {
  const levels = ['none', 'low', 'moderate', 'high'];
  const items = getInstrument('cssrs_screener').items;
  /** Follows the skip logic: an item whose gate does not ask it is left empty. */
  const asked = (form: boolean[]): (boolean | null)[] =>
    form.map((v, i) => {
      const gate = items[i]!.askedWhen;
      if (!gate) return v;
      const gateIndex = items.findIndex((item) => item.id === gate.itemId);
      return form[gateIndex] === gate.equals ? v : null;
    });
  it('holds for every complete answer set', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), fc.nat({ max: 6 }), (form, index) => {
        const before = scoreInstrument('cssrs_screener', asked(form));
        const after = scoreInstrument('cssrs_screener', asked(form.map((v, i) => (i === index ? true : v))));
        expect(levels.indexOf(after.severity!.id)).toBeGreaterThanOrEqual(levels.indexOf(before.severity!.id));
        expect(after.blocksDosing || !before.blocksDosing).toBe(true);
      }),
    );
  });
});
