/** A plain decimal as typed: an optional minus, digits, at most one decimal point ("72", "72.5", ".5", "72."). */
const plainDecimal = /^-?(?:\d+\.?\d*|\.\d+)$/;

/**
 * A number from a text input: empty → null, anything that is not a plain decimal number → NaN (the server
 * explains). A comma is read as the decimal point. Hex ("0x40"), exponents ("1e2"), "Infinity" and inner
 * spaces are not numbers a person types into a form, so they are refused rather than read as something else.
 */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (t === '') return null;
  return plainDecimal.test(t) ? Number(t) : Number.NaN;
}
