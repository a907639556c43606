/**
 * Consent on file (issue 6): the latest signed consent that has not been withdrawn. Withdrawal blocks
 * new sessions and new plan signatures until the patient signs again (CLINICAL.md §3: "consent on file"
 * is a hard-stop item before dosing).
 */
export interface ConsentRecord {
  readonly id: string;
  readonly signedAt: Date;
  readonly withdrawnAt: Date | null;
}

export type ConsentState =
  | { readonly status: 'none' }
  | { readonly status: 'active'; readonly consentId: string; readonly signedAt: Date }
  | { readonly status: 'withdrawn'; readonly consentId: string; readonly withdrawnAt: Date };

export function consentState(consents: readonly ConsentRecord[]): ConsentState {
  const active = consents
    .filter((c) => c.withdrawnAt === null)
    .sort((a, b) => b.signedAt.getTime() - a.signedAt.getTime())[0];
  if (active) return { status: 'active', consentId: active.id, signedAt: active.signedAt };
  const withdrawn = consents
    .filter((c): c is ConsentRecord & { withdrawnAt: Date } => c.withdrawnAt !== null)
    .sort((a, b) => b.withdrawnAt.getTime() - a.withdrawnAt.getTime())[0];
  return withdrawn
    ? { status: 'withdrawn', consentId: withdrawn.id, withdrawnAt: withdrawn.withdrawnAt }
    : { status: 'none' };
}

/** New sessions (and signing a plan, the order they follow) need consent on file. */
export function blocksNewSessions(state: ConsentState): boolean {
  return state.status !== 'active';
}
