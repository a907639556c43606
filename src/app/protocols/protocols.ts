import { lockOrganization } from '../../db/repositories/organizations.js';
import {
  findLatestProtocol,
  findLatestProtocolVersion,
  findProtocolVersion,
  insertProtocolVersion,
  listProtocolVersions as listVersionRows,
  type ProtocolVersionRecord,
} from '../../db/repositories/protocols.js';
import { DomainError } from '../../domain/errors.js';
import {
  defaultProtocol,
  upgradeStoredProtocol,
  validateProtocol,
  type ClinicProtocol,
} from '../../domain/protocol/index.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext, type Queryable } from '../context.js';
import { assertVersion, requireStaffAction } from '../chart/access.js';

/**
 * The clinic protocol, versioned per organization (CLINICAL.md preamble: every threshold is a clinic
 * default stored with the version a decision used). An organization with no version yet starts from
 * the default protocol as version 1, written the first time anything needs it.
 */
export interface ProtocolVersion extends Omit<ProtocolVersionRecord, 'protocol'> {
  readonly protocol: ClinicProtocol;
}

// A version saved before a setting existed reads that setting from today's defaults (never rewritten).
const toVersion = (r: ProtocolVersionRecord): ProtocolVersion => ({
  ...r,
  protocol: upgradeStoredProtocol(r.protocol),
});

/** The organization's current protocol; writes version 1 (the defaults) when there is none. */
export async function currentProtocolVersion(
  db: Queryable,
  organizationId: string,
  now: Date,
): Promise<ProtocolVersion> {
  const found = await findLatestProtocolVersion(db, organizationId);
  if (found) return toVersion(found);
  await insertProtocolVersion(db, {
    organizationId,
    number: 1,
    protocol: defaultProtocol,
    label: defaultProtocol.version,
    changeNote: 'The ketaclinic defaults (CLINICAL.md)',
    createdByUserId: null,
    createdAt: now,
  });
  return toVersion((await findLatestProtocolVersion(db, organizationId))!);
}

/**
 * The organization's current protocol without writing anything: the newest saved version, or null when the
 * clinic has none yet (callers fall back to `defaultProtocol`, which is what version 1 would hold). For
 * readers that must not write, such as the public site.
 */
export async function readCurrentProtocol(db: Queryable, organizationId: string): Promise<ClinicProtocol | null> {
  const stored = await findLatestProtocol(db, organizationId);
  return stored === undefined ? null : upgradeStoredProtocol(stored);
}

export async function getProtocolVersion(
  db: Queryable,
  organizationId: string,
  id: string,
): Promise<ProtocolVersion | undefined> {
  const found = await findProtocolVersion(db, organizationId, id);
  return found && toVersion(found);
}

/** Every version, newest first, and which is current. Staff who treat patients read it (the UI shows sources). */
export async function listProtocolVersions(
  ctx: AppContext,
): Promise<{ current: ProtocolVersion; versions: ProtocolVersion[] }> {
  const principal = requireStaffAction(ctx, 'clinic_settings.read');
  return withTransaction(ctx, async (tx) => {
    const current = await currentProtocolVersion(tx.db, principal.organizationId, tx.now);
    const versions = (await listVersionRows(tx.db, principal.organizationId, 100)).map(toVersion);
    await audit(tx, { action: 'protocols.read', resourceType: 'protocol', resourceId: current.id });
    return { current, versions };
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
    await lockOrganization(tx.db, principal.organizationId);
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
    const id = (await insertProtocolVersion(tx.db, {
      organizationId: principal.organizationId,
      number,
      protocol,
      label,
      changeNote: input.changeNote.trim() || null,
      createdByUserId: principal.userId,
      createdAt: tx.now,
    }))!;
    await audit(tx, {
      action: 'protocols.create',
      resourceType: 'protocol',
      resourceId: id,
      details: { number, basedOn: current.number },
    });
    return (await getProtocolVersion(tx.db, principal.organizationId, id))!;
  });
}
