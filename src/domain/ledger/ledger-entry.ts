/**
 * The controlled-substance perpetual log (ketamine is DEA Schedule III — CLINICAL.md §6): one log per
 * drug, strength and form, with every receipt, administration and disposal. Entries are never edited or
 * deleted; a correction is a new entry that references the one it corrects.
 */

/** The stock a log is kept for: one drug, strength and form (e.g. ketamine HCl 50 mg/mL injection). */
export interface StockItem {
  readonly drug: string;
  readonly concentrationMgPerMl: number;
  readonly form: string;
}

/** An amount of solution: mg and mL must agree with the stock's concentration. */
export interface Quantity {
  readonly mg: number;
  readonly ml: number;
}

interface EntryBase {
  readonly id: string;
  readonly at: Date;
  readonly recordedBy: string;
}

/** A receipt records containers, supplier name, address and DEA number, and the invoice (CLINICAL.md §6). */
export interface ReceiptEntry extends EntryBase {
  readonly kind: 'receipt';
  readonly quantity: Quantity;
  readonly containers: number;
  readonly supplier: { readonly name: string; readonly address: string; readonly deaNumber: string };
  readonly invoiceReference: string;
}

/** An administration records date, quantity, patient and who administered. */
export interface AdministrationEntry extends EntryBase {
  readonly kind: 'administration';
  readonly quantity: Quantity;
  readonly patientId: string;
  readonly administeredBy: string;
}

/**
 * Waste left in a vial or syringe is logged here (no DEA Form 41). Two staff sign (state-board rule in many
 * states: always capture a witness). The type allows a missing witness because the rule, not the type,
 * refuses it — so the refusal has a code and a message.
 */
export interface WasteEntry extends EntryBase {
  readonly kind: 'waste';
  readonly quantity: Quantity;
  readonly wastedBy: string;
  readonly witnessedBy: string | undefined;
  readonly method: string;
}

/**
 * Stock leaving other than by administration or waste. Destruction needs DEA Form 41 with two witnesses;
 * a reverse distributor or a transfer to another registrant needs the receiver's DEA number.
 */
export type DisposalEntry = EntryBase & {
  readonly kind: 'disposal';
  readonly quantity: Quantity;
} & (
    | { readonly method: 'destruction_form_41'; readonly witnesses: readonly string[] }
    | {
        readonly method: 'reverse_distributor' | 'transfer_to_registrant';
        readonly receiver: { readonly name: string; readonly deaNumber: string };
      }
  );

/**
 * A physical count: initial, biennial (at least every two years) or routine; at opening or close of
 * business; opened vials may be estimated. A count does not change the running balance — a difference is
 * a discrepancy to resolve by a correction or a loss report (DEA within 1 business day, Form 106 within 45 days).
 */
export interface InventoryCountEntry extends EntryBase {
  readonly kind: 'inventory_count';
  readonly inventory: 'initial' | 'biennial' | 'routine';
  readonly moment: 'opening' | 'close_of_business';
  readonly counted: Quantity;
  readonly containers: number;
  readonly estimated: boolean;
}

/** A signed change to the balance that names the entry it corrects and why. */
export interface CorrectionEntry extends EntryBase {
  readonly kind: 'correction';
  readonly correctsEntryId: string | undefined;
  /** Positive adds to stock, negative removes. */
  readonly delta: Quantity;
  readonly reason: string;
}

export type LedgerEntry =
  ReceiptEntry | AdministrationEntry | WasteEntry | DisposalEntry | InventoryCountEntry | CorrectionEntry;

export type LedgerEntryKind = LedgerEntry['kind'];

export interface Discrepancy {
  readonly countEntryId: string;
  readonly expected: Quantity;
  readonly counted: Quantity;
  /** counted − expected (negative = stock missing). */
  readonly difference: Quantity;
}

export interface LedgerBalance {
  readonly stock: StockItem;
  readonly onHand: Quantity;
  readonly lastEntryId: string | undefined;
  /** The most recent count that disagreed with the balance, until a later count agrees. */
  readonly openDiscrepancy: Discrepancy | undefined;
}
