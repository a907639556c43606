import { DomainError } from '../errors.js';

/**
 * Signed clinical documents are immutable (DESIGN.md "Data rules"). An assessment is amended by a new
 * document that points at the original, with a reason and an author; a plan is changed by a new version.
 */
export type DocumentKind = 'assessment' | 'plan' | 'consent';

export interface SignableDocument {
  readonly status: string;
}

const howToChange: Readonly<Record<DocumentKind, string>> = {
  assessment: 'Write an amendment that references it, with the reason.',
  plan: 'Start a new version of the plan; the signed one stays on file until the new one is signed.',
  consent: 'A signed consent can only be withdrawn; the patient signs a new one to consent again.',
};

export function assertEditable(kind: DocumentKind, doc: SignableDocument): void {
  if (doc.status !== 'draft') {
    throw new DomainError(
      'document_signed',
      `This ${kind} is ${doc.status} and cannot be changed. ${howToChange[kind]}`,
      { details: { kind, status: doc.status } },
    );
  }
}

/** An amendment or a new version must say why (the original stays readable beside it). */
export function assertReason(reason: string | null | undefined, path: string, what: string): string {
  const text = reason?.trim() ?? '';
  if (text.length < 3) {
    throw new DomainError('validation_failed', `Give the reason for the ${what}.`, {
      errors: [{ path, message: `Give the reason for the ${what}` }],
    });
  }
  return text;
}
