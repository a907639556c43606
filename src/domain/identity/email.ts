/**
 * The one email key: what sign-in throttling, account lookup and the per-organization uniqueness of
 * an email all compare. NFKC first (compatibility forms such as the Kelvin sign U+212A or fullwidth
 * letters become their plain letters), then one case fold: U+0130 (capital I with dot) folds to a
 * plain "i" as in Turkish, "ß"/"ẞ" to "ss" and final sigma to sigma, as Unicode full case folding
 * does; everything else is lower-cased by the Unicode default mapping. Deterministic and
 * locale-independent (PostgreSQL's lower() depends on the database collation, so it is not used).
 */
export function normaliseEmail(email: string): string {
  return email
    .trim()
    .normalize('NFKC')
    .replace(/\u0130/g, 'i')
    .toLowerCase()
    .replace(/\u00df/g, 'ss')
    .replace(/\u03c2/g, '\u03c3')
    .normalize('NFKC');
}
