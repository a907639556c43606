import type { ConditionId } from './conditions.js';
import type { ContactMethodId, ContactTimeId } from './contact-times.js';
import type { PrescreenAnswer } from './prescreen.js';
import type { IntakeInstrumentId } from './required-instruments.js';

/** One instrument's answers as item id → value (`null`: an item the skip logic did not ask). */
export type InstrumentAnswers = Readonly<Record<string, number | boolean | null>>;

/** What a visitor sends from "Get started", after the HTTP schema has checked its shape. */
export interface IntakeSubmission {
  readonly contact: {
    readonly givenName: string;
    readonly familyName: string;
    readonly email: string;
    readonly phone: string;
    /** ISO date, YYYY-MM-DD. */
    readonly dateOfBirth: string;
    /** Two-letter US state or territory code. */
    readonly state: string;
  };
  readonly conditions: readonly ConditionId[];
  readonly answers: Readonly<Partial<Record<IntakeInstrumentId, InstrumentAnswers>>>;
  readonly prescreen: Readonly<Record<string, PrescreenAnswer>>;
  readonly medications: {
    /** Free text, as the person wrote it. */
    readonly current: string;
  };
  readonly contactPreferences: {
    readonly times: readonly ContactTimeId[];
    readonly method: ContactMethodId;
  };
  readonly consent: {
    readonly contact: boolean;
    readonly privacyNotice: boolean;
  };
}
