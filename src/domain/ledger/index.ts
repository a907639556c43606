export type * from './ledger-entry.js';
export { applyEntry, openingBalance, replayLedger } from './apply-entry.js';
export { isInventoryOverdue, lossReportDeadlines, nextInventoryDue, retainRecordUntil } from './record-keeping.js';
