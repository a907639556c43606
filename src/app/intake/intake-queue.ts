import {
  findIntakeDetail,
  listIntakeNotes,
  listIntakeQueue,
  type IntakeStatus,
} from '../../db/repositories/intakes.js';
import { DomainError } from '../../domain/errors.js';
import { can } from '../../domain/permissions/index.js';
import { audit } from '../audit/record.js';
import { requirePrincipal, withTransaction, type AppContext } from '../context.js';
import { decodeQueueCursor, encodeQueueCursor } from './queue-cursor.js';
import { toSummary, type IntakeDetail, type IntakeNote, type IntakeSummary } from './intake-views.js';

export type QueueFilter = 'open' | 'converted' | 'declined' | 'all';

/** The statuses each view shows; `all` is every status. */
const filterStatuses: Record<QueueFilter, readonly IntakeStatus[] | null> = {
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
    const found = await listIntakeQueue(tx.db, {
      organizationId: principal.organizationId,
      statuses: filterStatuses[input.filter],
      assignedUserId: assignedToMe ? principal.userId : null,
      pattern: q ? containsPattern(q) : null,
      after,
      limit: input.limit + 1,
    });
    const rows = found.slice(0, input.limit);
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
        found.length > input.limit && last
          ? encodeQueueCursor({ urgent: last.urgent, at: last.cursorAt, id: last.id })
          : null,
    };
  });
}

export async function getIntake(id: string, ctx: AppContext): Promise<IntakeDetail> {
  const principal = requirePrincipal(ctx);
  return withTransaction(ctx, async (tx) => {
    const row = await findIntakeDetail(tx.db, principal.organizationId, id);
    if (!row) throw intakeNotFound();
    const notes = await listIntakeNotes(tx.db, id);
    await audit(tx, { action: 'intake.read', resourceType: 'intake', resourceId: id, patientId: row.patientId });
    // Item-level answers and the medicines list are clinical detail: prescribers see them; coordinators work
    // from the scores, bands and flags (DESIGN.md: coordinators see what scheduling needs).
    const clinical = can(principal, 'assessments.read');
    return {
      ...toSummary(row, tx.now),
      email: row.email,
      phone: row.phone,
      dateOfBirth: row.dateOfBirth,
      answers: clinical ? row.answers : null,
      prescreen: clinical ? row.prescreen : null,
      medications: clinical ? row.medications : null,
      contactTimes: [...row.contactTimes],
      contactMethod: row.contactMethod,
      declineReason: row.declineReason,
      patientId: row.patientId,
      notes: notes.map((n): IntakeNote => ({
        id: n.id,
        body: n.body,
        author: { id: n.authorUserId, name: n.authorName },
        createdAt: n.createdAt.toISOString(),
      })),
    };
  });
}

export function intakeNotFound(): DomainError {
  return new DomainError('not_found', 'No such intake in this clinic.');
}
