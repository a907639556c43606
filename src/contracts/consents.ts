import { z } from 'zod';
import { optionalUserRef } from './common.js';

/** Wire shapes of the consent routes (src/http/routes/consents.ts, portal consent). */
// ---- consents ----------------------------------------------------------------------------------

export const consentTemplateSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  currentVersion: z.object({ id: z.uuid(), number: z.number().int(), body: z.string(), createdAt: z.string() }),
  versions: z.array(z.object({ id: z.uuid(), number: z.number().int(), createdAt: z.string() })),
  version: z.number().int(),
});

export const consentSchema = z.object({
  id: z.uuid(),
  templateId: z.uuid(),
  templateTitle: z.string(),
  templateVersion: z.object({ id: z.uuid(), number: z.number().int(), body: z.string() }),
  signedName: z.string(),
  signatureKind: z.enum(['click', 'drawn']),
  signatureDrawing: z.string().nullable(),
  signedAt: z.string(),
  ip: z.string().nullable(),
  channel: z.enum(['clinic_tablet', 'portal']),
  witnessedBy: optionalUserRef,
  withdrawnAt: z.string().nullable(),
  withdrawalReason: z.string().nullable(),
  status: z.enum(['signed', 'withdrawn']),
  version: z.number().int(),
});

export type ConsentTemplate = z.infer<typeof consentTemplateSchema>;
export type Consent = z.infer<typeof consentSchema>;
