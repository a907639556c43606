export type * from './ledger-entry.js';
export { applyEntry, openingBalance, replayLedger } from './apply-entry.js';
export { isInventoryOverdue, lossReportDeadlines, nextInventoryDue, retainRecordUntil } from './record-keeping.js';
export { checkResolution, compareCount, type CountLine, type CountLineInput, type ExpectedStock } from './count.js';
export { checkDeaNumber, checkNdc, type Checked } from './registration.js';
export * from './vial.js';
export { ledgerEntryKinds, type LedgerEntryKind as MovementKind } from './entry-kinds.js';
