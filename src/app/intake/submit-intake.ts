import crypto from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import { evaluateIntake, type IntakeSubmission } from '../../domain/intake/index.js';
import {
  findIntakeIdempotencyKey,
  insertIntake,
  insertIntakeIdempotencyKey,
  lockIntakeIdempotencyKey,
} from '../../db/repositories/intakes.js';
import { withTransaction, type AppContext } from '../context.js';
import { checkFormToken, type FormTokenCheck } from './form-token.js';
import type { PublicClinic } from '../public-site/public-clinic.js';
import { newIntakeReference } from './reference.js';
import { noticeUrgentIntake, type UrgentNoticeMail } from './urgent-notice.js';
import type { SiteSecret } from '../public-site/site-secret.js';

/** Version of the privacy notice the person agreed to (the text is at /privacy). */
export const PRIVACY_NOTICE_VERSION = '2026-11-26';

export interface SubmitIntakeInput {
  readonly submission: IntakeSubmission;
  /** The honeypot field: a person never sees it, so anything in it means a bot. */
  readonly honeypot: string;
  readonly formToken: string;
  readonly idempotencyKey: string | undefined;
}

export interface SubmitIntakeOptions {
  readonly secret: SiteSecret;
  readonly clinic: PublicClinic;
  readonly minFillMs: number;
  /** An urgent request emails the clinic's prescribers and coordinators at once (urgent-notice.ts). */
  readonly mail: UrgentNoticeMail;
}

export type SubmitIntakeResult =
  | { readonly kind: 'stored'; readonly reference: string; readonly replayed: boolean; readonly urgent: boolean }
  /** Spam: answered like a success so a bot learns nothing, but nothing is stored or queued (decision 005). */
  | {
      readonly kind: 'dropped';
      readonly reference: string;
      readonly reason: 'honeypot' | Exclude<FormTokenCheck, { ok: true }>['reason'];
    };

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Stores a "Get started" request. Validation and scoring happen first (an invalid intake stores nothing);
 * scores, flags and urgency are computed here from the answers. With an Idempotency-Key the same key and
 * body return the first reference and write nothing; the same key with another body is refused.
 */
export async function submitIntake(
  input: SubmitIntakeInput,
  ctx: AppContext,
  options: SubmitIntakeOptions,
): Promise<SubmitIntakeResult> {
  // The age rule runs on the clinic's local date, never the UTC date (CLINICAL.md §1): on a US evening the
  // UTC date is already tomorrow. The minimum age is the clinic's protocol setting.
  const evaluation = evaluateIntake(input.submission, {
    today: await options.clinic.today(ctx.now),
    minimumAgeYears: (await options.clinic.protocol(ctx.now)).eligibility.minimumAgeYears.value,
  });

  if (input.honeypot.trim() !== '') return { kind: 'dropped', reference: newIntakeReference(), reason: 'honeypot' };
  const token = await checkFormToken(options.secret, input.formToken, ctx.now, options.minFillMs);
  if (!token.ok && token.reason === 'expired')
    throw new DomainError(
      'intake_form_expired',
      'This form was opened more than a day ago. Reload the page, then send your answers again.',
      { errors: [{ path: '/formToken', message: 'The form has expired: reload the page' }] },
    );
  if (!token.ok) return { kind: 'dropped', reference: newIntakeReference(), reason: token.reason };

  const organizationId = await options.clinic.organizationId(ctx.now);
  if (organizationId === null) {
    throw new DomainError(
      'clinic_not_configured',
      'No clinic is set up to receive requests yet. Please call the clinic instead.',
    );
  }

  const s = input.submission;
  const requestHash = crypto.createHash('sha256').update(canonicalJson(s)).digest('hex');

  return withTransaction(ctx, async (tx) => {
    if (input.idempotencyKey !== undefined) {
      // Serialise requests with the same key; the second sees the first's row once it commits.
      await lockIntakeIdempotencyKey(tx.db, organizationId, input.idempotencyKey);
      const row = await findIntakeIdempotencyKey(
        tx.db,
        organizationId,
        input.idempotencyKey,
        new Date(tx.now.getTime() - IDEMPOTENCY_TTL_MS),
      );
      if (row) {
        if (row.requestHash !== requestHash) {
          throw new DomainError(
            'idempotency_key_reused',
            'This Idempotency-Key was used for a different request. Use a new key for a new request.',
          );
        }
        return { kind: 'stored', reference: row.reference, replayed: true, urgent: row.urgent };
      }
    }

    const reference = newIntakeReference();
    const intakeId = await insertIntake(tx.db, {
      organizationId,
      reference,
      urgent: evaluation.urgent,
      urgentReasons: evaluation.urgentReasons,
      givenName: s.contact.givenName,
      familyName: s.contact.familyName,
      email: s.contact.email,
      phone: s.contact.phone,
      dateOfBirth: s.contact.dateOfBirth,
      state: s.contact.state,
      conditions: s.conditions,
      answers: s.answers,
      scores: evaluation.scores,
      prescreen: s.prescreen,
      prescreenFlags: evaluation.prescreenFlags,
      medications: s.medications.current,
      contactTimes: s.contactPreferences.times,
      contactMethod: s.contactPreferences.method,
      consentContact: s.consent.contact,
      privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
      submittedAt: tx.now,
    });
    if (input.idempotencyKey !== undefined) {
      await insertIntakeIdempotencyKey(tx.db, {
        organizationId,
        key: input.idempotencyKey,
        requestHash,
        intakeId,
        createdAt: tx.now,
      });
    }
    if (evaluation.urgent)
      await noticeUrgentIntake(tx, { organizationId, intakeId, reasons: evaluation.urgentReasons }, options.mail);
    return { kind: 'stored', reference, replayed: false, urgent: evaluation.urgent };
  });
}

/** JSON with object keys sorted, so the same body hashes the same however its keys were ordered. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
