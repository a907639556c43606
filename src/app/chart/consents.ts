import { assertReason } from '../../domain/chart/index.js';
import { DomainError } from '../../domain/errors.js';
import { can } from '../../domain/permissions/index.js';
import { audit } from '../audit/record.js';
import { requirePrincipal, withTransaction, type AppContext } from '../context.js';
import { assertVersion, findPatientKey, mayReadPatient, patientNotFound, requireStaffAction } from './access.js';
import { recordPatientEvent } from './events.js';

/**
 * Informed consent. Templates are versioned: an admin's edit is a new version, and a signed consent
 * points at the exact version the patient read, so later edits never change it. The patient signs on a
 * tablet in clinic (a prescriber present) or in the portal: typed name plus a click or drawn signature,
 * with time, IP and template version. Withdrawal blocks new sessions and plan signatures.
 */
export interface ConsentTemplateView {
  id: string;
  title: string;
  currentVersion: { id: string; number: number; body: string; createdAt: string };
  versions: { id: string; number: number; createdAt: string }[];
  version: number;
}

interface TemplateRow {
  id: string;
  title: string;
  version: number;
  versions: { id: string; number: number; body: string; created_at: string }[];
}

const templateSelect = `SELECT t.id, t.title, t.version,
    (SELECT json_agg(json_build_object('id', v.id, 'number', v.number, 'body', v.body, 'created_at', v.created_at) ORDER BY v.number DESC)
       FROM consent_template_versions v WHERE v.template_id = t.id) AS versions
  FROM consent_templates t`;

function toTemplate(r: TemplateRow): ConsentTemplateView {
  const current = r.versions[0]!;
  return {
    id: r.id,
    title: r.title,
    currentVersion: {
      id: current.id,
      number: current.number,
      body: current.body,
      createdAt: new Date(current.created_at).toISOString(),
    },
    versions: r.versions.map((v) => ({ id: v.id, number: v.number, createdAt: new Date(v.created_at).toISOString() })),
    version: r.version,
  };
}

/** The clinic's consent texts: staff with patients.read, or a patient in the portal (to read before signing). */
export async function listConsentTemplates(ctx: AppContext): Promise<ConsentTemplateView[]> {
  const principal = requirePrincipal(ctx);
  if (!(principal.kind === 'patient' ? can(principal, 'portal.read') : can(principal, 'clinic_settings.read')))
    throw new DomainError('forbidden', 'You do not have permission to do this.');
  const res = await ctx.db.query<TemplateRow>(`${templateSelect} WHERE t.organization_id = $1 ORDER BY t.title`, [
    principal.organizationId,
  ]);
  return res.rows.map(toTemplate);
}

async function loadTemplate(tx: AppContext, organizationId: string, id: string): Promise<ConsentTemplateView> {
  const res = await tx.db.query<TemplateRow>(`${templateSelect} WHERE t.organization_id = $1 AND t.id = $2`, [
    organizationId,
    id,
  ]);
  if (!res.rows[0]) throw new DomainError('not_found', 'No such consent template.');
  return toTemplate(res.rows[0]);
}

export async function createConsentTemplate(
  input: { title: string; body: string },
  ctx: AppContext,
): Promise<ConsentTemplateView> {
  const principal = requireStaffAction(ctx, 'protocol.manage');
  return withTransaction(ctx, async (tx) => {
    const res = await tx.db.query<{ id: string }>(
      'INSERT INTO consent_templates (organization_id, title, created_at) VALUES ($1, $2, $3) ON CONFLICT (organization_id, title) DO NOTHING RETURNING id',
      [principal.organizationId, input.title.trim(), tx.now],
    );
    const id = res.rows[0]?.id;
    if (!id)
      throw new DomainError('conflict', 'A consent template with this title already exists; add a new version to it.', {
        errors: [{ path: '/body/title', message: 'already in use' }],
      });
    await tx.db.query(
      'INSERT INTO consent_template_versions (organization_id, template_id, number, body, created_by_user_id, created_at) VALUES ($1, $2, 1, $3, $4, $5)',
      [principal.organizationId, id, input.body, principal.userId, tx.now],
    );
    await audit(tx, { action: 'consent_templates.create', resourceType: 'consent_template', resourceId: id });
    return loadTemplate(tx, principal.organizationId, id);
  });
}

/** A new version of the text; consents already signed keep pointing at the version they signed. */
export async function addConsentTemplateVersion(
  id: string,
  input: { body: string; version: number },
  ctx: AppContext,
): Promise<ConsentTemplateView> {
  const principal = requireStaffAction(ctx, 'protocol.manage');
  return withTransaction(ctx, async (tx) => {
    const locked = await tx.db.query<{ version: number }>(
      'SELECT version FROM consent_templates WHERE id = $1 AND organization_id = $2 FOR UPDATE',
      [id, principal.organizationId],
    );
    if (!locked.rows[0]) throw new DomainError('not_found', 'No such consent template.');
    assertVersion(locked.rows[0].version, input.version, 'consent template');
    const next = await tx.db.query<{ n: number }>(
      'SELECT coalesce(max(number), 0) + 1 AS n FROM consent_template_versions WHERE template_id = $1',
      [id],
    );
    const number = next.rows[0]!.n;
    await tx.db.query(
      'INSERT INTO consent_template_versions (organization_id, template_id, number, body, created_by_user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [principal.organizationId, id, number, input.body, principal.userId, tx.now],
    );
    await tx.db.query('UPDATE consent_templates SET version = version + 1 WHERE id = $1', [id]);
    await audit(tx, {
      action: 'consent_templates.version',
      resourceType: 'consent_template',
      resourceId: id,
      details: { number },
    });
    return loadTemplate(tx, principal.organizationId, id);
  });
}

export interface ConsentView {
  id: string;
  templateId: string;
  templateTitle: string;
  templateVersion: { id: string; number: number; body: string };
  signedName: string;
  signatureKind: 'click' | 'drawn';
  signatureDrawing: string | null;
  signedAt: string;
  ip: string | null;
  channel: 'clinic_tablet' | 'portal';
  witnessedBy: { id: string; name: string } | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  status: 'signed' | 'withdrawn';
  version: number;
}

interface ConsentRow {
  id: string;
  template_id: string;
  title: string;
  template_version_id: string;
  number: number;
  body: string;
  signed_name: string;
  signature_kind: 'click' | 'drawn';
  signature_drawing: string | null;
  signed_at: Date;
  ip: string | null;
  channel: 'clinic_tablet' | 'portal';
  witnessed_by_user_id: string | null;
  witness_name: string | null;
  withdrawn_at: Date | null;
  withdrawal_reason: string | null;
  version: number;
}

const consentSelect = `SELECT c.id, t.id AS template_id, t.title, c.template_version_id, v.number, v.body, c.signed_name, c.signature_kind, c.signature_drawing,
    c.signed_at, host(c.ip) AS ip, c.channel, c.witnessed_by_user_id, w.name AS witness_name, c.withdrawn_at, c.withdrawal_reason, c.version
  FROM consents c JOIN consent_template_versions v ON v.id = c.template_version_id JOIN consent_templates t ON t.id = v.template_id
  LEFT JOIN users w ON w.id = c.witnessed_by_user_id`;

const toConsent = (r: ConsentRow): ConsentView => ({
  id: r.id,
  templateId: r.template_id,
  templateTitle: r.title,
  templateVersion: { id: r.template_version_id, number: r.number, body: r.body },
  signedName: r.signed_name,
  signatureKind: r.signature_kind,
  signatureDrawing: r.signature_drawing,
  signedAt: r.signed_at.toISOString(),
  ip: r.ip,
  channel: r.channel,
  witnessedBy: r.witnessed_by_user_id && r.witness_name ? { id: r.witnessed_by_user_id, name: r.witness_name } : null,
  withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
  withdrawalReason: r.withdrawal_reason,
  status: r.withdrawn_at ? 'withdrawn' : 'signed',
  version: r.version,
});

/** Staff with patients.read, or the patient themself. */
async function patientForConsent(tx: AppContext, patientId: string): Promise<void> {
  const principal = requirePrincipal(tx);
  const key = await findPatientKey(tx, patientId);
  if (!mayReadPatient(principal, key)) throw patientNotFound();
}

export async function listConsents(patientId: string, ctx: AppContext): Promise<ConsentView[]> {
  return withTransaction(ctx, async (tx) => {
    await patientForConsent(tx, patientId);
    const res = await tx.db.query<ConsentRow>(`${consentSelect} WHERE c.patient_id = $1 ORDER BY c.signed_at`, [
      patientId,
    ]);
    await audit(tx, { action: 'consents.list', resourceType: 'consent', patientId });
    return res.rows.map(toConsent);
  });
}

export interface SignConsentInput {
  readonly templateVersionId: string;
  readonly signedName: string;
  readonly signatureKind: 'click' | 'drawn';
  readonly signatureDrawing?: string | null | undefined;
  /** The patient ticked "I have read and understood …". */
  readonly confirmed: boolean;
}

/**
 * The patient's signature. In clinic a prescriber (consents.record) hands over the tablet and is recorded
 * as present; in the portal the patient signs their own (portal.submit). Time and IP come from the request.
 */
export async function signConsent(patientId: string, input: SignConsentInput, ctx: AppContext): Promise<ConsentView> {
  const principal = requirePrincipal(ctx);
  const inClinic = principal.kind === 'staff';
  if (inClinic ? !can(principal, 'consents.record') : !can(principal, 'portal.submit'))
    throw new DomainError('forbidden', 'You do not have permission to record consent.');
  if (!input.confirmed) {
    throw new DomainError('validation_failed', 'The patient must confirm they have read and understood the consent.', {
      errors: [{ path: '/body/confirmed', message: 'Tick the box to confirm you have read and understood it' }],
    });
  }
  if (input.signatureKind === 'drawn' && !input.signatureDrawing?.trim()) {
    throw new DomainError('validation_failed', 'Draw the signature, or sign by clicking.', {
      errors: [{ path: '/body/signatureDrawing', message: 'Draw the signature' }],
    });
  }
  return withTransaction(ctx, async (tx) => {
    await patientForConsent(tx, patientId);
    const version = await tx.db.query<{ id: string; title: string; number: number; latest: number }>(
      `SELECT v.id, t.title, v.number, (SELECT max(number) FROM consent_template_versions x WHERE x.template_id = t.id) AS latest
         FROM consent_template_versions v JOIN consent_templates t ON t.id = v.template_id WHERE v.id = $1 AND v.organization_id = $2`,
      [input.templateVersionId, principal.organizationId],
    );
    const tv = version.rows[0];
    if (!tv)
      throw new DomainError('validation_failed', 'No such consent template version.', {
        errors: [{ path: '/body/templateVersionId', message: 'Choose a consent template of this clinic' }],
      });
    if (tv.number !== tv.latest) {
      throw new DomainError(
        'stale_version',
        `The consent text changed (now version ${tv.latest}); show the patient the current text.`,
        { details: { currentVersion: tv.latest } },
      );
    }
    const res = await tx.db.query<{ id: string }>(
      `INSERT INTO consents (organization_id, patient_id, template_version_id, signed_name, signature_kind, signature_drawing, signed_at, ip, user_agent, channel, witnessed_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        principal.organizationId,
        patientId,
        tv.id,
        input.signedName.trim(),
        input.signatureKind,
        input.signatureKind === 'drawn' ? input.signatureDrawing : null,
        tx.now,
        tx.ip,
        tx.userAgent?.slice(0, 500) ?? null,
        inClinic ? 'clinic_tablet' : 'portal',
        inClinic ? principal.userId : null,
      ],
    );
    const id = res.rows[0]!.id;
    await audit(tx, {
      action: 'consents.sign',
      resourceType: 'consent',
      resourceId: id,
      patientId,
      details: { templateVersionId: tv.id, templateVersion: tv.number, channel: inClinic ? 'clinic_tablet' : 'portal' },
    });
    await recordPatientEvent(tx, {
      patientId,
      kind: 'consent_signed',
      summary: `Consent signed: ${tv.title} (v${tv.number})`,
      resourceType: 'consent',
      resourceId: id,
    });
    return toConsent((await tx.db.query<ConsentRow>(`${consentSelect} WHERE c.id = $1`, [id])).rows[0]!);
  });
}

/** Withdrawal (by the patient, recorded by staff or in the portal): blocks new sessions and plan signatures. */
export async function withdrawConsent(
  patientId: string,
  consentId: string,
  input: { reason: string; version: number },
  ctx: AppContext,
): Promise<ConsentView> {
  const principal = requirePrincipal(ctx);
  if (principal.kind === 'staff' ? !can(principal, 'consents.record') : !can(principal, 'portal.submit'))
    throw new DomainError('forbidden', 'You do not have permission to record a withdrawal.');
  const reason = assertReason(input.reason, '/body/reason', 'withdrawal');
  return withTransaction(ctx, async (tx) => {
    await patientForConsent(tx, patientId);
    const res = await tx.db.query<{ withdrawn_at: Date | null; version: number }>(
      'SELECT withdrawn_at, version FROM consents WHERE id = $1 AND patient_id = $2 FOR UPDATE',
      [consentId, patientId],
    );
    const row = res.rows[0];
    if (!row) throw new DomainError('not_found', 'No such consent for this patient.');
    if (row.withdrawn_at) throw new DomainError('consent_already_withdrawn', 'This consent was already withdrawn.');
    assertVersion(row.version, input.version, 'consent');
    await tx.db.query(
      'UPDATE consents SET withdrawn_at = $2, withdrawal_reason = $3, withdrawn_by_user_id = $4, version = version + 1 WHERE id = $1',
      [consentId, tx.now, reason, principal.userId],
    );
    await audit(tx, { action: 'consents.withdraw', resourceType: 'consent', resourceId: consentId, patientId });
    await recordPatientEvent(tx, {
      patientId,
      kind: 'consent_withdrawn',
      summary: 'Consent withdrawn: new sessions are blocked until the patient consents again',
      resourceType: 'consent',
      resourceId: consentId,
    });
    return toConsent((await tx.db.query<ConsentRow>(`${consentSelect} WHERE c.id = $1`, [consentId])).rows[0]!);
  });
}
