/** The kinds of movement the perpetual record holds (CLINICAL.md §6), one ledger entry each. */
export const ledgerEntryKinds = [
  'receipt',
  'administration',
  'waste',
  'expiry',
  'destruction',
  'loss',
  'correction',
] as const;
export type LedgerEntryKind = (typeof ledgerEntryKinds)[number];
