/** A unique index refused the row (SQLSTATE 23505): most often the same Idempotency-Key sent twice at once. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
