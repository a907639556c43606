import { DomainError } from '../../domain/errors.js';
import { can } from '../../domain/permissions/index.js';
import { audit } from '../audit/record.js';
import { requirePrincipal, withTransaction, type AppContext } from '../context.js';
import { decodeQueueCursor, encodeQueueCursor } from './queue-cursor.js';
import {
  summaryColumns,
  toSummary,
  type IntakeDetail,
  type IntakeNote,
  type IntakeRow,
  type IntakeSummary,
} from './intake-views.js';

export type QueueFilter = 'open' | 'converted' | 'declined' | 'all';

/** The statuses each view shows; `all` is every status. */
const filterStatuses: Record<QueueFilter, readonly string[] | null> = {
  open: ['new', 'contacted'],
  converted: ['converted'],
  declined: ['declined'],
  all: null,
};

/** A search term as a LIKE pattern matching it anywhere, with LIKE's own wildcards taken literally. */
const containsPattern = (q: string): string => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The intake queue: the organization's open intakes (new or contacted), urgent first, then oldest first,
 * keyset-paginated on exactly that order. Viewing the queue is audited (it shows names beside screening
 * scores).
 *
 * A page boundary is a position in the order, not an offset: an intake that changes status between pages
 * neither shifts nor repeats the rest. An urgent intake that arrives after the first page sorts before the
 * cursor and so is not on later pages; the console reloads the queue from the top to see it.
 */
export interface ListIntakesInput {
  readonly filter: QueueFilter;
  readonly limit: number;
  readonly cursor?: string | undefined;
  /** Only intakes assigned to the caller. */
  readonly assignedToMe?: boolean | undefined;
  /** Part of a name ("Ada Lovelace" matches given and family name together), an email or a reference. */
  readonly q?: string | undefined;
}

export async function listIntakes(
  input: ListIntakesInput,
  ctx: AppContext,
): Promise<{ items: IntakeSummary[]; nextCursor: string | null }> {
  const principal = requirePrincipal(ctx);
  const after = input.cursor === undefined ? null : decodeQueueCursor(input.cursor);
  const q = input.q?.trim() ?? '';
  const assignedToMe = input.assignedToMe === true;
  return withTransaction(ctx, async (tx) => {
    // (NOT urgent, submitted_at, id) ascending is "urgent first, then oldest first" as one comparable row.
    const res = await tx.db.query<IntakeRow & { cursor_at: string }>(
      `SELECT ${summaryColumns}, to_char(i.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
         FROM intakes i LEFT JOIN users u ON u.id = i.assigned_user_id
        WHERE i.organization_id = $1 AND ($2::text[] IS NULL OR i.status = ANY($2::text[]))
          AND ($7::uuid IS NULL OR i.assigned_user_id = $7::uuid)
          AND ($8::text IS NULL
               OR lower(i.given_name || ' ' || i.family_name) LIKE $8 OR lower(i.family_name || ' ' || i.given_name) LIKE $8
               OR lower(i.email) LIKE $8 OR lower(i.reference) LIKE $8)
          AND ($3::boolean IS NULL OR (NOT i.urgent, i.submitted_at, i.id) > (NOT $3::boolean, $4::timestamptz, $5::uuid))
        ORDER BY i.urgent DESC, i.submitted_at ASC, i.id ASC LIMIT $6`,
      [
        principal.organizationId,
        filterStatuses[input.filter],
        after?.urgent ?? null,
        after?.at ?? null,
        after?.id ?? null,
        input.limit + 1,
        assignedToMe ? principal.userId : null,
        q ? containsPattern(q) : null,
      ],
    );
    const rows = res.rows.slice(0, input.limit);
    await audit(tx, {
      action: 'intake.list',
      resourceType: 'intake',
      // A search term may be a name or email (PHI): the audit records that there was one, never the words.
      details: {
        filter: input.filter,
        assignedToMe,
        search: q !== '',
        count: rows.length,
        page: after ? 'next' : 'first',
      },
    });
    const last = rows.at(-1);
    return {
      items: rows.map((row) => toSummary(row, tx.now)),
      nextCursor:
        res.rows.length > input.limit && last
          ? encodeQueueCursor({ urgent: last.urgent, at: last.cursor_at, id: last.id })
          : null,
    };
  });
}

interface DetailRow extends IntakeRow {
  email: string;
  phone: string;
  date_of_birth: string;
  answers: NonNullable<IntakeDetail['answers']>;
  prescreen: NonNullable<IntakeDetail['prescreen']>;
  medications: string;
  contact_times: string[];
  contact_method: string;
  decline_reason: string | null;
  patient_id: string | null;
}

export async function getIntake(id: string, ctx: AppContext): Promise<IntakeDetail> {
  const principal = requirePrincipal(ctx);
  return withTransaction(ctx, async (tx) => {
    const res = await tx.db.query<DetailRow>(
      `SELECT ${summaryColumns}, i.email, i.phone, i.date_of_birth::text AS date_of_birth, i.answers, i.prescreen, i.medications, i.contact_times,
              i.contact_method, i.decline_reason, i.patient_id
         FROM intakes i LEFT JOIN users u ON u.id = i.assigned_user_id
        WHERE i.id = $1 AND i.organization_id = $2`,
      [id, principal.organizationId],
    );
    const row = res.rows[0];
    if (!row) throw intakeNotFound();
    const notes = await tx.db.query<{
      id: string;
      body: string;
      author_user_id: string;
      author_name: string;
      created_at: Date;
    }>(
      `SELECT n.id, n.body, n.author_user_id, u.name AS author_name, n.created_at FROM intake_notes n JOIN users u ON u.id = n.author_user_id
        WHERE n.intake_id = $1 ORDER BY n.created_at, n.id`,
      [id],
    );
    await audit(tx, { action: 'intake.read', resourceType: 'intake', resourceId: id, patientId: row.patient_id });
    // Item-level answers and the medicines list are clinical detail: prescribers see them; coordinators work
    // from the scores, bands and flags (DESIGN.md: coordinators see what scheduling needs).
    const clinical = can(principal, 'assessments.read');
    return {
      ...toSummary(row, tx.now),
      email: row.email,
      phone: row.phone,
      dateOfBirth: row.date_of_birth,
      answers: clinical ? row.answers : null,
      prescreen: clinical ? row.prescreen : null,
      medications: clinical ? row.medications : null,
      contactTimes: row.contact_times,
      contactMethod: row.contact_method,
      declineReason: row.decline_reason,
      patientId: row.patient_id,
      notes: notes.rows.map((n): IntakeNote => ({
        id: n.id,
        body: n.body,
        author: { id: n.author_user_id, name: n.author_name },
        createdAt: n.created_at.toISOString(),
      })),
    };
  });
}

export function intakeNotFound(): DomainError {
  return new DomainError('not_found', 'No such intake in this clinic.');
}
