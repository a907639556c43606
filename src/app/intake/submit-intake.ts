import crypto from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import { evaluateIntake, type IntakeSubmission } from '../../domain/intake/index.js';
import { withTransaction, type AppContext } from '../context.js';
import { checkFormToken, type FormTokenCheck } from './form-token.js';
import type { PublicClinic } from '../public-site/public-clinic.js';
import { newIntakeReference } from './reference.js';
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
  /** Today's date where the clinic is (YYYY-MM-DD), for the age rule. */
  /** The clinic's local date (YYYY-MM-DD). */
  readonly today: string;
  /** The clinic's minimum age (protocol setting). */
  readonly minimumAgeYears: number;
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
  const evaluation = evaluateIntake(input.submission, {
    today: options.today,
    minimumAgeYears: options.minimumAgeYears,
  });

  if (input.honeypot.trim() !== '') return { kind: 'dropped', reference: newIntakeReference(), reason: 'honeypot' };
  const token = await checkFormToken(options.secret, input.formToken, ctx.now, options.minFillMs);
  if (!token.ok && token.reason === 'expired')
    throw new DomainError(
      'intake_form_expired',
      'This form was opened more than a day ago. Reload the page, then send your answers again.',
      { errors: [{ path: '/body/formToken', message: 'The form has expired: reload the page' }] },
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
      await tx.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `intake-idem:${organizationId}:${input.idempotencyKey}`,
      ]);
      await tx.db.query(
        'DELETE FROM intake_idempotency_keys WHERE organization_id = $1 AND key = $2 AND created_at < $3',
        [organizationId, input.idempotencyKey, new Date(tx.now.getTime() - IDEMPOTENCY_TTL_MS)],
      );
      const existing = await tx.db.query<{ request_hash: string; reference: string; urgent: boolean }>(
        `SELECT k.request_hash, i.reference, i.urgent FROM intake_idempotency_keys k JOIN intakes i ON i.id = k.intake_id
          WHERE k.organization_id = $1 AND k.key = $2`,
        [organizationId, input.idempotencyKey],
      );
      const row = existing.rows[0];
      if (row) {
        if (row.request_hash !== requestHash) {
          throw new DomainError(
            'idempotency_key_reused',
            'This Idempotency-Key was used for a different request. Use a new key for a new request.',
          );
        }
        return { kind: 'stored', reference: row.reference, replayed: true, urgent: row.urgent };
      }
    }

    const reference = newIntakeReference();
    const inserted = await tx.db.query<{ id: string }>(
      `INSERT INTO intakes (organization_id, reference, urgent, urgent_reasons, given_name, family_name, email, phone, date_of_birth,
                            state, conditions, answers, scores, prescreen, prescreen_flags, medications, contact_times, contact_method,
                            consent_contact, privacy_notice_version, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
       RETURNING id`,
      [
        organizationId,
        reference,
        evaluation.urgent,
        evaluation.urgentReasons,
        s.contact.givenName,
        s.contact.familyName,
        s.contact.email,
        s.contact.phone,
        s.contact.dateOfBirth,
        s.contact.state,
        s.conditions,
        JSON.stringify(s.answers),
        JSON.stringify(evaluation.scores),
        JSON.stringify(s.prescreen),
        JSON.stringify(evaluation.prescreenFlags),
        s.medications.current,
        s.contactPreferences.times,
        s.contactPreferences.method,
        s.consent.contact,
        PRIVACY_NOTICE_VERSION,
        tx.now,
      ],
    );
    const intakeId = inserted.rows[0]!.id;
    if (input.idempotencyKey !== undefined) {
      await tx.db.query(
        'INSERT INTO intake_idempotency_keys (organization_id, key, request_hash, intake_id, created_at) VALUES ($1, $2, $3, $4, $5)',
        [organizationId, input.idempotencyKey, requestHash, intakeId, tx.now],
      );
    }
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
