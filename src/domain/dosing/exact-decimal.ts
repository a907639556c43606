/**
 * Exact arithmetic for dose maths. Binary floating point cannot hold 0.1 exactly (0.1 + 0.2 ≠ 0.3), and
 * a volume that is exactly half a step (0.35 mL to a 0.1 mL step) would round the wrong way. Numbers the
 * clinician typed are decimals, so we read each one as a fraction of integers (0.35 = 35/100) and keep
 * fractions until the final, explicit rounding.
 */
export interface Fraction {
  readonly num: bigint;
  /** Always positive. */
  readonly den: bigint;
}

/** Reads a finite JavaScript number by its shortest decimal spelling (what the user typed: 72.3, 0.1). */
export function fraction(value: number): Fraction {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const [mantissa = '0', exponentText] = value.toString().toLowerCase().split('e');
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const negative = mantissa.startsWith('-');
  const [whole = '0', decimals = ''] = (negative ? mantissa.slice(1) : mantissa).split('.');
  let num = BigInt(whole + decimals);
  let den = 10n ** BigInt(decimals.length);
  if (exponent > 0) num *= 10n ** BigInt(exponent);
  if (exponent < 0) den *= 10n ** BigInt(-exponent);
  return reduce({ num: negative ? -num : num, den });
}

export function multiply(a: Fraction, b: Fraction): Fraction {
  return reduce({ num: a.num * b.num, den: a.den * b.den });
}

export function divide(a: Fraction, b: Fraction): Fraction {
  if (b.num === 0n) throw new RangeError('division by zero');
  const sign = b.num < 0n ? -1n : 1n;
  return reduce({ num: a.num * b.den * sign, den: a.den * b.num * sign });
}

export function add(a: Fraction, b: Fraction): Fraction {
  return reduce({ num: a.num * b.den + b.num * a.den, den: a.den * b.den });
}

export function subtract(a: Fraction, b: Fraction): Fraction {
  return add(a, { num: -b.num, den: b.den });
}

export function compare(a: Fraction, b: Fraction): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The nearest whole multiple of `step` (a positive fraction); exact halves round up, away from zero for
 * positive values — the convention of a syringe read to the nearest mark.
 */
export function roundToStep(value: Fraction, step: Fraction): Fraction {
  const steps = divide(value, step);
  // floor((2n + d) / 2d) = round-half-up of n/d for non-negative n/d.
  const twice = 2n * steps.num + steps.den;
  const denominator = 2n * steps.den;
  let whole = twice / denominator;
  if (twice < 0n && twice % denominator !== 0n) whole -= 1n;
  return multiply({ num: whole, den: 1n }, step);
}

/** Nearest double, rounded to `decimals` places for display. */
export function toNumber(value: Fraction, decimals = 6): number {
  const scale = 10n ** BigInt(decimals);
  const scaled = roundToStep(value, { num: 1n, den: scale });
  return Number((scaled.num * scale) / scaled.den) / Number(scale);
}

function reduce(f: Fraction): Fraction {
  const divisor = gcd(f.num < 0n ? -f.num : f.num, f.den);
  return divisor > 1n ? { num: f.num / divisor, den: f.den / divisor } : f;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}
