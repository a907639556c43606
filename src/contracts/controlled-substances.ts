import { z } from 'zod';
import { ledgerEntryKinds, vialStatuses } from '../domain/ledger/index.js';
import { idParams, optionalIdempotencyHeaders, userRef } from './common.js';

/** Request and response shapes of /api/v1/controlled-substances (issue 16). */
const text = (max: number, message = 'Enter this') => z.string().trim().min(1, message).max(max);
export { idParams };
export const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD');
export const volumeMl = z.number().max(1000);
export const idempotencyHeaders = optionalIdempotencyHeaders;

/** The witness's own secret, typed on the recorder's screen at that moment: a password or an authenticator code. */
export const witnessFields = {
  witnessUserId: z.uuid('Choose a witness'),
  witnessPassword: z.string().max(1000).optional(),
  witnessCode: z.string().max(20).optional(),
};

export const productSchema = z.object({
  id: z.uuid(),
  drug: z.string(),
  strengthMgPerMl: z.number(),
  containerMl: z.number(),
  form: z.string(),
  formLabel: z.string(),
  label: z.string(),
  ndc: z.string(),
  schedule: z.string(),
  active: z.boolean(),
});

export const productInput = z.object({
  drug: text(200),
  strengthMgPerMl: z.number().positive().max(10_000),
  containerMl: z.number().positive().max(1000),
  form: z.enum(['injection_vial', 'prefilled_syringe', 'nasal_spray', 'oral_solution', 'lozenge']),
  ndc: z.string().max(20),
  schedule: z.enum(['II', 'III', 'IV', 'V']).default('III'),
});

export const locationSchema = z.object({ id: z.uuid(), name: z.string() });

export const vialSchema = z.object({
  id: z.uuid(),
  locationId: z.uuid(),
  locationName: z.string(),
  productId: z.uuid(),
  lot: z.string(),
  number: z.number().int(),
  of: z.number().int(),
  container: z.string(),
  label: z.string(),
  expiresOn: z.string(),
  capacityMl: z.number(),
  remainingMl: z.number(),
  status: z.enum(vialStatuses),
  statusLabel: z.string(),
  openedAt: z.string().nullable(),
});

export const entrySchema = z.object({
  id: z.uuid(),
  kind: z.enum(ledgerEntryKinds),
  kindLabel: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  location: z.object({ id: z.uuid(), name: z.string() }),
  product: z.object({ id: z.uuid(), drug: z.string(), strengthMgPerMl: z.number(), form: z.string(), ndc: z.string() }),
  vial: z.object({ id: z.uuid(), number: z.number().int(), lot: z.string() }),
  changeMl: z.number(),
  changeMg: z.number(),
  vialRemainingMl: z.number(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }).nullable(),
  sessionRef: z.string().nullable(),
  recordedBy: userRef,
  administeredBy: userRef.nullable(),
  witness: z.object({ id: z.uuid(), name: z.string(), method: z.enum(['password', 'totp']) }).nullable(),
  reason: z.string().nullable(),
  correctsEntryId: z.string().nullable(),
  correctedBy: z.array(z.string()),
  receipt: z
    .object({
      id: z.uuid(),
      supplierName: z.string(),
      supplierAddress: z.string(),
      supplierDeaNumber: z.string(),
      invoiceNumber: z.string(),
    })
    .nullable(),
  disposalId: z.string().nullable(),
  lossReportId: z.string().nullable(),
});

export const receiptInput = z.object({
  locationId: z.uuid('Choose a location'),
  productId: z.uuid('Choose a product'),
  receivedOn: localDate,
  supplierName: z.string().max(200),
  supplierAddress: z.string().max(500),
  supplierDeaNumber: z.string().max(20),
  invoiceNumber: z.string().max(100),
  lot: z.string().max(60),
  expiresOn: localDate,
  containers: z.number().int(),
  ...witnessFields,
});

export const receiptSchema = z.object({
  id: z.uuid(),
  locationId: z.uuid(),
  locationName: z.string(),
  productId: z.uuid(),
  receivedOn: z.string(),
  recordedAt: z.string(),
  supplierName: z.string(),
  supplierAddress: z.string(),
  supplierDeaNumber: z.string(),
  invoiceNumber: z.string(),
  lot: z.string(),
  expiresOn: z.string(),
  containers: z.number().int(),
  receivedBy: userRef,
  checkedBy: userRef,
});

export const stockSchema = z.object({
  locations: z.array(locationSchema),
  products: z.array(
    productSchema.extend({
      lots: z.array(
        z.object({
          lot: z.string(),
          expiresOn: z.string(),
          locationId: z.uuid(),
          containers: z.number().int(),
          remainingMl: z.number(),
          remainingMg: z.number(),
        }),
      ),
      remainingMl: z.number(),
      remainingMg: z.number(),
    }),
  ),
  vials: z.array(vialSchema),
});

export const administrationInput = z.object({
  vialId: z.uuid('Choose a vial'),
  patientId: z.uuid('Choose a patient'),
  locationId: z.uuid('Choose a location'),
  volumeMl,
  sessionRef: z.uuid().nullable().optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
});

export const wasteInput = z.object({
  vialId: z.uuid('Choose a vial'),
  volumeMl,
  reason: z.string().max(2000),
  ...witnessFields,
});

export const correctionInput = z.object({
  deltaMl: volumeMl.min(-1000),
  reason: z.string().max(2000),
});

const countLineSchema = z.object({
  productId: z.uuid(),
  productLabel: z.string(),
  lot: z.string(),
  expectedContainers: z.number().int(),
  countedContainers: z.number().int(),
  expectedMl: z.number(),
  countedMl: z.number(),
  differenceMl: z.number(),
  differenceMg: z.number(),
  discrepancy: z.boolean(),
});

export const countSchema = z.object({
  id: z.uuid(),
  locationId: z.uuid(),
  locationName: z.string(),
  period: z.enum(['shift', 'day']),
  countedAt: z.string(),
  countedBy: userRef,
  notes: z.string(),
  hasDiscrepancy: z.boolean(),
  resolved: z.boolean(),
  lines: z.array(countLineSchema),
  resolution: z
    .object({
      explanation: z.string(),
      signedBy: userRef,
      secondSigner: userRef,
      secondSignerMethod: z.enum(['password', 'totp']),
      signedAt: z.string(),
    })
    .nullable(),
});

export const countInput = z.object({
  locationId: z.uuid('Choose a location'),
  period: z.enum(['shift', 'day']),
  notes: z.string().max(2000).optional(),
  lines: z
    .array(
      z.object({
        productId: z.uuid(),
        lot: z.string().max(60),
        countedContainers: z.number().int(),
        countedMl: z.number(),
      }),
    )
    .max(500),
});

export const resolutionInput = z.object({ explanation: z.string().max(4000), ...witnessFields });

export const expectedSchema = z.array(
  z.object({
    productId: z.uuid(),
    lot: z.string(),
    containers: z.number().int(),
    sealedContainers: z.number().int(),
    openedContainers: z.number().int(),
    volumeMl: z.number(),
    openedMl: z.number(),
  }),
);

export const inventoryInput = z.object({
  locationId: z.uuid('Choose a location'),
  kind: z.enum(['initial', 'biennial']),
  takenOn: localDate,
  moment: z.enum(['opening', 'close_of_business']),
  notes: z.string().max(2000).optional(),
  lines: z
    .array(
      z.object({
        productId: z.uuid(),
        lot: z.string().max(60),
        sealedContainers: z.number().int(),
        openedContainers: z.number().int(),
        openedEstimatedMl: z.number(),
      }),
    )
    .max(500),
});

export const inventorySchema = z.object({
  id: z.uuid(),
  locationId: z.uuid(),
  locationName: z.string(),
  kind: z.enum(['initial', 'biennial']),
  kindLabel: z.string(),
  takenOn: z.string(),
  moment: z.enum(['opening', 'close_of_business']),
  momentLabel: z.string(),
  takenBy: userRef,
  recordedAt: z.string(),
  notes: z.string(),
  nextDue: z.string(),
  lines: z.array(
    z.object({
      productId: z.uuid(),
      drug: z.string(),
      strengthMgPerMl: z.number(),
      form: z.string(),
      formLabel: z.string(),
      containerMl: z.number(),
      ndc: z.string(),
      lot: z.string(),
      sealedContainers: z.number().int(),
      openedContainers: z.number().int(),
      openedEstimatedMl: z.number(),
      totalContainers: z.number().int(),
      totalMl: z.number(),
      totalMg: z.number(),
    }),
  ),
});

const removedVials = z.array(z.object({ vialId: z.uuid(), lot: z.string(), ml: z.number() }));

export const disposalSchema = z.object({
  id: z.uuid(),
  locationName: z.string(),
  method: z.enum(['reverse_distributor', 'destruction_form_41']),
  occurredAt: z.string(),
  recordedBy: userRef,
  receiverName: z.string().nullable(),
  receiverDeaNumber: z.string().nullable(),
  form41Reference: z.string().nullable(),
  witnesses: z.array(userRef),
  notes: z.string(),
  vials: removedVials,
});

export const destructionInput = z.object({
  locationId: z.uuid('Choose a location'),
  method: z.enum(['reverse_distributor', 'destruction_form_41']),
  vialIds: z.array(z.uuid()).max(500),
  receiverName: z.string().max(200).optional(),
  receiverDeaNumber: z.string().max(20).optional(),
  form41Reference: z.string().max(100).optional(),
  witnesses: z.array(z.object(witnessFields)).max(2).optional(),
  notes: z.string().max(2000).optional(),
});

export const lossSchema = z.object({
  id: z.uuid(),
  locationName: z.string(),
  kind: z.enum(['theft', 'loss']),
  discoveredAt: z.string(),
  description: z.string(),
  notifyDeaBy: z.string(),
  form106By: z.string(),
  deaNotifiedAt: z.string().nullable(),
  form106Reference: z.string().nullable(),
  recordedBy: userRef,
  version: z.number().int(),
  vials: removedVials,
  deaNoticeOverdue: z.boolean(),
  form106Overdue: z.boolean(),
});

export const lossInput = z.object({
  locationId: z.uuid('Choose a location'),
  kind: z.enum(['theft', 'loss']),
  discoveredAt: z.iso.datetime({ offset: true }),
  description: z.string().max(4000),
  vials: z.array(z.object({ vialId: z.uuid(), volumeMl })).max(500),
});

export const lossUpdateInput = z.object({
  version: z.number().int().min(1),
  deaNotifiedAt: z.iso.datetime({ offset: true }).optional(),
  form106Reference: z.string().max(100).optional(),
});

export const logQuery = z.object({
  from: localDate,
  to: localDate,
  locationId: z.uuid().optional(),
  productId: z.uuid().optional(),
  lot: z.string().max(60).optional(),
  patientId: z.uuid().optional(),
  kind: z.enum(ledgerEntryKinds).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const downloadFormat = z.object({ format: z.enum(['csv', 'pdf']) });

export type Product = z.infer<typeof productSchema>;
export type LedgerLocation = z.infer<typeof locationSchema>;
export type Vial = z.infer<typeof vialSchema>;
export type Entry = z.infer<typeof entrySchema>;
export type Stock = z.infer<typeof stockSchema>;
export type Count = z.infer<typeof countSchema>;
export type Inventory = z.infer<typeof inventorySchema>;
export type Disposal = z.infer<typeof disposalSchema>;
export type LossReport = z.infer<typeof lossSchema>;
