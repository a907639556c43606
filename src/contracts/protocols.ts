import { z } from 'zod';
import { optionalUserRef } from './common.js';

/** Wire shapes of the protocol routes (src/http/routes/protocols.ts). */
// ---- protocols ---------------------------------------------------------------------------------

export const protocolVersionSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  label: z.string(),
  // The full ClinicProtocol; validated by the domain (validateProtocol) on the way in.
  protocol: z.record(z.string(), z.unknown()),
  changeNote: z.string().nullable(),
  createdAt: z.string(),
  createdBy: optionalUserRef,
});

export type ProtocolVersion = z.infer<typeof protocolVersionSchema>;
