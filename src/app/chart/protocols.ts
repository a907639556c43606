import { DomainError } from '../../domain/errors.js';
import {
  defaultProtocol,
  upgradeStoredProtocol,
  validateProtocol,
  type ClinicProtocol,
} from '../../domain/protocol/index.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext, type Queryable } from '../context.js';
import { assertVersion, requireStaffAction } from './access.js';

/**
 * The clinic protocol, versioned per organization (CLINICAL.md preamble: every threshold is a clinic
 * default stored with the version a decision used). An organization with no version yet starts from
 * the default protocol as version 1, written the first time anything needs it.
 */
export interface ProtocolVersion {
  readonly id: string;
  readonly number: number;
  readonly label: string;
  readonly protocol: ClinicProtocol;
  readonly changeNote: string | null;
  readonly createdAt: Date;
  readonly createdBy: { readonly id: string; readonly name: string } | null;
}

interface Row {
  id: string;
  number: number;
  label: string;
  protocol: unknown;
  change_note: string | null;
  created_at: Date;
  created_by_id: string | null;
  created_by_name: string | null;
}

const select = `SELECT p.id, p.number, p.label, p.protocol, p.change_note, p.created_at, u.id AS created_by_id, u.name AS created_by_name
  FROM protocol_versions p LEFT JOIN users u ON u.id = p.created_by_user_id`;

const toVersion = (r: Row): ProtocolVersion => ({
  id: r.id,
  number: r.number,
  label: r.label,
  // A version saved before a setting existed reads that setting from today's defaults (never rewritten).
  protocol: upgradeStoredProtocol(r.protocol),
  changeNote: r.change_note,
  createdAt: r.created_at,
  createdBy: r.created_by_id && r.created_by_name ? { id: r.created_by_id, name: r.created_by_name } : null,
});

/** The organization's current protocol; writes version 1 (the defaults) when there is none. */
export async function currentProtocolVersion(
  db: Queryable,
  organizationId: string,
  now: Date,
): Promise<ProtocolVersion> {
  const found = await db.query<Row>(`${select} WHERE p.organization_id = $1 ORDER BY p.number DESC LIMIT 1`, [
    organizationId,
  ]);
  if (found.rows[0]) return toVersion(found.rows[0]);
  await db.query(
    `INSERT INTO protocol_versions (organization_id, number, protocol, label, change_note, created_at)
     VALUES ($1, 1, $2, $3, 'The ketaclinic defaults (CLINICAL.md)', $4) ON CONFLICT (organization_id, number) DO NOTHING`,
    [organizationId, JSON.stringify(defaultProtocol), defaultProtocol.version, now],
  );
  const created = await db.query<Row>(`${select} WHERE p.organization_id = $1 ORDER BY p.number DESC LIMIT 1`, [
    organizationId,
  ]);
  return toVersion(created.rows[0]!);
}

/**
 * The organization's current protocol without writing anything: the newest saved version, or null when the
 * clinic has none yet (callers fall back to `defaultProtocol`, which is what version 1 would hold). For
 * readers that must not write, such as the public site.
 */
export async function readCurrentProtocol(db: Queryable, organizationId: string): Promise<ClinicProtocol | null> {
  const res = await db.query<{ protocol: unknown }>(
    'SELECT protocol FROM protocol_versions WHERE organization_id = $1 ORDER BY number DESC LIMIT 1',
    [organizationId],
  );
  const stored = res.rows[0]?.protocol;
  return stored === undefined ? null : upgradeStoredProtocol(stored);
}

export async function getProtocolVersion(
  db: Queryable,
  organizationId: string,
  id: string,
): Promise<ProtocolVersion | undefined> {
  const res = await db.query<Row>(`${select} WHERE p.organization_id = $1 AND p.id = $2`, [organizationId, id]);
  return res.rows[0] ? toVersion(res.rows[0]) : undefined;
}

/** Every version, newest first, and which is current. Staff who treat patients read it (the UI shows sources). */
export async function listProtocolVersions(
  ctx: AppContext,
): Promise<{ current: ProtocolVersion; versions: ProtocolVersion[] }> {
  const principal = requireStaffAction(ctx, 'patients.read');
  return withTransaction(ctx, async (tx) => {
    const current = await currentProtocolVersion(tx.db, principal.organizationId, tx.now);
    const res = await tx.db.query<Row>(`${select} WHERE p.organization_id = $1 ORDER BY p.number DESC LIMIT 100`, [
      principal.organizationId,
    ]);
    await audit(tx, { action: 'protocols.read', resourceType: 'protocol', resourceId: current.id });
    return { current, versions: res.rows.map(toVersion) };
  });
}

export interface NewProtocolVersionInput {
  /** The full protocol; its `version` label is replaced by the clinic's own. */
  readonly protocol: unknown;
  readonly changeNote: string;
  /** The number of the version the admin edited: a newer one in between → stale_version. */
  readonly basedOnNumber: number;
}

/** An admin saves a new version; older versions stay as they were for the documents that used them. */
export async function createProtocolVersion(input: NewProtocolVersionInput, ctx: AppContext): Promise<ProtocolVersion> {
  const principal = requireStaffAction(ctx, 'protocol.manage');
  return withTransaction(ctx, async (tx) => {
    await tx.db.query('SELECT 1 FROM organizations WHERE id = $1 FOR UPDATE', [principal.organizationId]);
    const current = await currentProtocolVersion(tx.db, principal.organizationId, tx.now);
    assertVersion(current.number, input.basedOnNumber, 'protocol');
    const number = current.number + 1;
    const label = `clinic-v${number}`;
    const candidate =
      typeof input.protocol === 'object' && input.protocol !== null
        ? { ...input.protocol, version: label }
        : input.protocol;
    let protocol: ClinicProtocol;
    try {
      protocol = validateProtocol(candidate);
    } catch (error) {
      if (error instanceof DomainError) {
        throw new DomainError(error.code, error.message, {
          errors: error.errors.map((e) => ({ path: `/protocol${e.path}`, message: e.message })),
        });
      }
      throw error;
    }
    const res = await tx.db.query<{ id: string }>(
      `INSERT INTO protocol_versions (organization_id, number, protocol, label, change_note, created_by_user_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        principal.organizationId,
        number,
        JSON.stringify(protocol),
        label,
        input.changeNote.trim() || null,
        principal.userId,
        tx.now,
      ],
    );
    const id = res.rows[0]!.id;
    await audit(tx, {
      action: 'protocols.create',
      resourceType: 'protocol',
      resourceId: id,
      details: { number, basedOn: current.number },
    });
    return (await getProtocolVersion(tx.db, principal.organizationId, id))!;
  });
}
