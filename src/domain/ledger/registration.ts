/**
 * Identifiers on controlled-substance records: the supplier's DEA registration number (21 CFR 1304.21
 * receipts name it) and the product's National Drug Code.
 */
export type Checked = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string };

// DEA registrant type (first character): A/B/F/G practitioners and pharmacies, M mid-level practitioners,
// P/R/S/T/U distributors, manufacturers and others, X for DATA-waived (legacy) numbers, C/D/E/H/J/K/L
// hospital, teaching and research registrations.
const registrantTypes = 'ABCDEFGHJKLMPRSTUX';

/**
 * Two letters, six digits and a check digit: (d1 + d3 + d5) + 2 × (d2 + d4 + d6); its last digit is the
 * seventh digit (DEA Diversion Control, "Registrant number format"). The second character is the
 * registrant's last-name initial, or 9 for a business name.
 */
export function checkDeaNumber(input: string): Checked {
  const value = input.trim().toUpperCase();
  const match = /^([A-Z])([A-Z9])(\d{7})$/.exec(value);
  if (!match || !registrantTypes.includes(match[1]!)) {
    return { ok: false, message: 'Enter a DEA number as 2 letters and 7 digits, like AB1234563' };
  }
  const d = Array.from(match[3]!, Number);
  const sum = d[0]! + d[2]! + d[4]! + 2 * (d[1]! + d[3]! + d[5]!);
  if (sum % 10 !== d[6]) {
    return {
      ok: false,
      message: 'This DEA number’s check digit does not match; check it against the registration certificate',
    };
  }
  return { ok: true, value };
}

/** The labeler-product-package segments a hyphenated NDC may have. */
const ndcShapes = [/^\d{4}-\d{4}-\d{2}$/, /^\d{5}-\d{3}-\d{2}$/, /^\d{5}-\d{4}-\d{1}$/, /^\d{5}-\d{4}-\d{2}$/];

export function checkNdc(input: string): Checked {
  const value = input.trim();
  if (!ndcShapes.some((shape) => shape.test(value))) {
    return { ok: false, message: 'Enter the NDC with its hyphens as printed on the carton, like 0409-2051-05' };
  }
  return { ok: true, value };
}
