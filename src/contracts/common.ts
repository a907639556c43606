import { z } from 'zod';

/**
 * Pieces shared by several contracts. A contract module imports only zod and the pure domain, so the web
 * may import it (type-only, so zod stays out of the bundle unless a screen validates with it).
 */
export const patientIdParams = z.object({ id: z.uuid('Not a patient id') });
export const idParams = z.object({ id: z.uuid('Not an id') });
/** The optimistic-concurrency version an edit was based on (409 when stale). */
export const versionField = z.number().int().min(1);
/** A draft's version, in the query: discarding it is a DELETE, which has no body. */
export const draftVersionQuery = z.object({ version: z.coerce.number().int().min(1) });
export const optText = (max: number) => z.string().trim().max(max).nullable().optional();
/** An ISO-8601 instant (timestamptz) as sent on the wire. */
export const isoDate = z.string();
export const userRef = z.object({ id: z.uuid(), name: z.string() });
export const optionalUserRef = userRef.nullable();
export const protocolRef = z.object({ id: z.uuid(), number: z.number().int(), label: z.string() });
export const createdId = z.object({ id: z.uuid() });
/** A write the client may retry: the same key again returns the first answer and records nothing twice. */
export const optionalIdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'Optional: a unique key per write (8–200 characters); a retry with the same key is answered, not repeated',
    ),
});
/** A cursor-paginated page of items. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export type CreatedId = z.infer<typeof createdId>;
export type UserRef = z.infer<typeof userRef>;
