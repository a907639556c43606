import { z } from 'zod';
import { optionalUserRef, patientIdParams, versionField } from './common.js';

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

export const consentTemplateListSchema = z.object({ items: z.array(consentTemplateSchema) });
export const consentListSchema = z.object({ items: z.array(consentSchema) });

export const consentTemplateParams = z.object({ templateId: z.uuid('Not a consent template id') });
export const consentParams = patientIdParams.extend({ consentId: z.uuid() });

const consentText = z.string().trim().min(20, 'Write the consent text').max(50000);
export const consentTemplateBody = z.object({ title: z.string().trim().min(1).max(200), body: consentText });
/** A new version of a template's text, based on the version the editor saw. */
export const consentTemplateVersionBody = z.object({ body: consentText, version: versionField });

export const signConsentBody = z.object({
  templateVersionId: z.uuid(),
  signedName: z.string().trim().min(2, 'Type your full name').max(200),
  signatureKind: z.enum(['click', 'drawn']),
  signatureDrawing: z.string().max(60000).nullable().optional(),
  /** The patient ticked "I have read and understood …". */
  confirmed: z.boolean(),
});
export const withdrawConsentBody = z.object({ reason: z.string().max(2000), version: versionField });

export type ConsentTemplateBody = z.infer<typeof consentTemplateBody>;
export type ConsentTemplateVersionBody = z.infer<typeof consentTemplateVersionBody>;
export type SignConsentBody = z.infer<typeof signConsentBody>;
export type WithdrawConsentBody = z.infer<typeof withdrawConsentBody>;
