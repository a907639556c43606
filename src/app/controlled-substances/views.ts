import type { LedgerEntryRow } from '../../db/repositories/controlled-substances/ledger.js';
import type { ProductRow, StockVialRow } from '../../db/repositories/controlled-substances/stock.js';
import { vialStatusLabels, type VialStatus } from '../../domain/ledger/index.js';

/** What the API returns: mL and mg as numbers with at most three decimals, labels beside codes. */
export const productFormLabels: Record<string, string> = {
  injection_vial: 'Injection, vial',
  prefilled_syringe: 'Injection, prefilled syringe',
  nasal_spray: 'Nasal spray',
  oral_solution: 'Oral solution',
  lozenge: 'Lozenge',
};

/** What one container of a product is called on its label: nurses count nasal spray devices, not vials. */
const containerWords: Record<string, string> = {
  injection_vial: 'vial',
  prefilled_syringe: 'syringe',
  nasal_spray: 'device',
  oral_solution: 'bottle',
  lozenge: 'pack',
};

export const entryKindLabels: Record<LedgerEntryRow['kind'], string> = {
  receipt: 'Received',
  administration: 'Administered',
  waste: 'Wasted (witnessed)',
  expiry: 'Marked expired',
  destruction: 'Destroyed or returned',
  loss: 'Lost or stolen',
  correction: 'Correction',
};

export interface ProductView extends ProductRow {
  formLabel: string;
  label: string;
}

export const productView = (p: ProductRow): ProductView => ({
  ...p,
  formLabel: productFormLabels[p.form] ?? p.form,
  label: `${p.drug} ${p.strengthMgPerMl} mg/mL, ${p.containerMl} mL ${productFormLabels[p.form]?.toLowerCase() ?? p.form}`,
});

export interface VialView {
  id: string;
  locationId: string;
  locationName: string;
  productId: string;
  lot: string;
  number: number;
  of: number;
  /** What one container is called: vial, syringe, device (nasal spray), bottle or pack. */
  container: string;
  label: string;
  expiresOn: string;
  capacityMl: number;
  remainingMl: number;
  status: VialStatus;
  statusLabel: string;
  openedAt: string | null;
}

export const vialView = (v: StockVialRow): VialView => ({
  id: v.id,
  locationId: v.locationId,
  locationName: v.locationName,
  productId: v.productId,
  lot: v.lot,
  number: v.number,
  of: v.lotReceivedThrough,
  container: containerWords[v.productForm] ?? 'container',
  label: `Lot ${v.lot}, ${containerWords[v.productForm] ?? 'container'} ${v.number} of ${v.lotReceivedThrough}`,
  expiresOn: v.expiresOn,
  capacityMl: v.capacityUl / 1000,
  remainingMl: v.remainingUl / 1000,
  status: v.status,
  statusLabel: vialStatusLabels[v.status],
  openedAt: v.openedAt?.toISOString() ?? null,
});

export interface EntryView {
  id: string;
  kind: LedgerEntryRow['kind'];
  kindLabel: string;
  occurredAt: string;
  recordedAt: string;
  location: { id: string; name: string };
  product: { id: string; drug: string; strengthMgPerMl: number; form: string; ndc: string };
  vial: { id: string; number: number; lot: string };
  changeMl: number;
  changeMg: number;
  vialRemainingMl: number;
  patient: { id: string; name: string; mrn: string } | null;
  sessionRef: string | null;
  recordedBy: { id: string; name: string };
  administeredBy: { id: string; name: string } | null;
  witness: { id: string; name: string; method: 'password' | 'totp' } | null;
  reason: string | null;
  correctsEntryId: string | null;
  correctedBy: string[];
  receipt: LedgerEntryRow['receipt'];
  disposalId: string | null;
  lossReportId: string | null;
}

export const entryView = (e: LedgerEntryRow): EntryView => ({
  id: e.id,
  kind: e.kind,
  kindLabel: entryKindLabels[e.kind],
  occurredAt: e.occurredAt.toISOString(),
  recordedAt: e.recordedAt.toISOString(),
  location: { id: e.locationId, name: e.locationName },
  product: { id: e.productId, drug: e.drug, strengthMgPerMl: e.strengthMgPerMl, form: e.form, ndc: e.ndc },
  vial: { id: e.vialId, number: e.vialNumber, lot: e.lot },
  changeMl: e.changeUl / 1000,
  changeMg: Math.round(e.changeUg) / 1000,
  vialRemainingMl: e.vialRemainingUl / 1000,
  patient: e.patientId ? { id: e.patientId, name: e.patientName ?? '', mrn: e.patientMrn ?? '' } : null,
  sessionRef: e.sessionRef,
  recordedBy: e.recordedBy,
  administeredBy: e.administeredBy,
  witness: e.witness && e.witnessMethod ? { ...e.witness, method: e.witnessMethod } : null,
  reason: e.reason,
  correctsEntryId: e.correctsEntryId,
  correctedBy: e.correctedBy,
  receipt: e.receipt,
  disposalId: e.disposalId,
  lossReportId: e.lossReportId,
});
