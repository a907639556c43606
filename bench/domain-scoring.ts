import { pathToFileURL } from 'node:url';
import { scoreInstrument } from '../src/domain/instruments/score.js';

/**
 * Budget (DESIGN.md, performance budgets): score ≥ 1,000,000 PHQ-9 forms per second — a pure function.
 * Fixed synthetic forms (no randomness, so runs compare), as records the way the API receives them.
 */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const FORM_COUNT = 256;

function syntheticForms(): Record<string, number>[] {
  return Array.from({ length: FORM_COUNT }, (_, k) => {
    const form: Record<string, number> = {};
    for (let i = 1; i <= 9; i++) form[`phq9_${i}`] = (k * 7 + i * 3 + (k >> 3)) % 4;
    return form;
  });
}

function formsPerSecond(forms: readonly Record<string, number>[], durationMs: number): number {
  let checksum = 0;
  let count = 0;
  const start = performance.now();
  let elapsed: number;
  do {
    // Check the clock once per 1,000 forms so timing does not dominate what is measured.
    for (let j = 0; j < 1000; j++) {
      checksum += scoreInstrument('phq9', forms[count & (FORM_COUNT - 1)]!).total ?? 0;
      count++;
    }
    elapsed = performance.now() - start;
  } while (elapsed < durationMs);
  // Use the checksum so the loop cannot be optimised away.
  if (checksum < 0) throw new Error('impossible');
  return (count / elapsed) * 1000;
}

export async function benchScoring(): Promise<BenchResult[]> {
  const forms = syntheticForms();
  formsPerSecond(forms, 200); // warm-up: let the JIT optimise the scorer
  const rate = formsPerSecond(forms, 1000);
  return [{ name: 'score PHQ-9 forms (pure)', value: Math.round(rate), unit: 'forms/s', target: '≥ 1,000,000' }];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await benchScoring();
  console.table(results);
}
