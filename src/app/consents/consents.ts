import {
  appendConsentTemplateVersion,
  findConsent,
  findConsentTemplateVersion,
  findConsentInForce,
  insertConsent,
  insertConsentTemplate,
  listConsentsOfPatient,
  listConsentTemplates as listTemplateRecords,
  lockConsent,
  lockConsentTemplate,
  withdrawConsentRow,
  type ConsentRecord,
  type ConsentTemplateRecord,
} from '../../db/repositories/consents.js';
import { assertReason } from '../../domain/chart/index.js';
import { DomainError } from '../../domain/errors.js';
import { can } from '../../domain/permissions/index.js';
import { audit } from '../audit/record.js';
import { requirePrincipal, withTransaction, type AppContext } from '../context.js';
import { assertVersion, findPatientKey, mayReadPatient, patientNotFound, requireStaffAction } from '../chart/access.js';
import { recordPatientEvent } from '../chart/events.js';
import type {
  Consent,
  ConsentTemplate,
  ConsentTemplateBody,
  ConsentTemplateVersionBody,
  SignConsentBody,
  WithdrawConsentBody,
} from '../../contracts/consents.js';

/**
 * Informed consent. Templates are versioned: an admin's edit is a new version, and a signed consent
 * points at the exact version the patient read, so later edits never change it. The patient signs on a
 * tablet in clinic (a prescriber present) or in the portal: typed name plus a click or drawn signature,
 * with time, IP and template version. Withdrawal blocks new sessions and plan signatures.
 */
export type ConsentTemplateView = ConsentTemplate;

function toTemplate(r: ConsentTemplateRecord): ConsentTemplateView {
  const current = r.versions[0]!;
  return {
    id: r.id,
    title: r.title,
    currentVersion: {
      id: current.id,
      number: current.number,
      body: current.body,
      createdAt: current.createdAt.toISOString(),
    },
    versions: r.versions.map((v) => ({ id: v.id, number: v.number, createdAt: v.createdAt.toISOString() })),
    version: r.version,
  };
}

/** The clinic's consent texts: staff with patients.read, or a patient in the portal (to read before signing). */
export async function listConsentTemplates(ctx: AppContext): Promise<ConsentTemplateView[]> {
  const principal = requirePrincipal(ctx);
  if (!(principal.kind === 'patient' ? can(principal, 'portal.read') : can(principal, 'clinic_settings.read')))
    throw new DomainError('forbidden', 'You do not have permission to do this.');
  return (await listTemplateRecords(ctx.db, principal.organizationId)).map(toTemplate);
}

async function loadTemplate(tx: AppContext, organizationId: string, id: string): Promise<ConsentTemplateView> {
  const [template] = await listTemplateRecords(tx.db, organizationId, id);
  if (!template) throw new DomainError('not_found', 'No such consent template.');
  return toTemplate(template);
}

export async function createConsentTemplate(input: ConsentTemplateBody, ctx: AppContext): Promise<ConsentTemplateView> {
  const principal = requireStaffAction(ctx, 'protocol.manage');
  return withTransaction(ctx, async (tx) => {
    const id = await insertConsentTemplate(tx.db, {
      organizationId: principal.organizationId,
      title: input.title.trim(),
      createdAt: tx.now,
    });
    if (!id)
      throw new DomainError('conflict', 'A consent template with this title already exists; add a new version to it.', {
        errors: [{ path: '/title', message: 'already in use' }],
      });
    await appendConsentTemplateVersion(tx.db, {
      organizationId: principal.organizationId,
      templateId: id,
      body: input.body,
      createdByUserId: principal.userId,
      createdAt: tx.now,
    });
    await audit(tx, { action: 'consent_templates.create', resourceType: 'consent_template', resourceId: id });
    return loadTemplate(tx, principal.organizationId, id);
  });
}

/** A new version of the text; consents already signed keep pointing at the version they signed. */
export async function addConsentTemplateVersion(
  id: string,
  input: ConsentTemplateVersionBody,
  ctx: AppContext,
): Promise<ConsentTemplateView> {
  const principal = requireStaffAction(ctx, 'protocol.manage');
  return withTransaction(ctx, async (tx) => {
    const locked = await lockConsentTemplate(tx.db, principal.organizationId, id);
    if (!locked) throw new DomainError('not_found', 'No such consent template.');
    assertVersion(locked.version, input.version, 'consent template');
    const number = await appendConsentTemplateVersion(tx.db, {
      organizationId: principal.organizationId,
      templateId: id,
      body: input.body,
      createdByUserId: principal.userId,
      createdAt: tx.now,
    });
    await audit(tx, {
      action: 'consent_templates.version',
      resourceType: 'consent_template',
      resourceId: id,
      details: { number },
    });
    return loadTemplate(tx, principal.organizationId, id);
  });
}

export type ConsentView = Consent;

const toConsent = (r: ConsentRecord): ConsentView => ({
  id: r.id,
  templateId: r.templateId,
  templateTitle: r.title,
  templateVersion: { id: r.templateVersionId, number: r.number, body: r.body },
  signedName: r.signedName,
  signatureKind: r.signatureKind,
  signatureDrawing: r.signatureDrawing,
  signedAt: r.signedAt.toISOString(),
  ip: r.ip,
  channel: r.channel,
  witnessedBy: r.witnessedByUserId && r.witnessName ? { id: r.witnessedByUserId, name: r.witnessName } : null,
  withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
  withdrawalReason: r.withdrawalReason,
  status: r.withdrawnAt ? 'withdrawn' : 'signed',
  version: r.version,
});

/** Staff with patients.read, or the patient themself. */
async function patientForConsent(
  tx: AppContext,
  patientId: string,
  options: { forUpdate?: boolean } = {},
): Promise<void> {
  const principal = requirePrincipal(tx);
  const key = await findPatientKey(tx, patientId, options);
  if (!mayReadPatient(principal, key)) throw patientNotFound();
}

export async function listConsents(patientId: string, ctx: AppContext): Promise<ConsentView[]> {
  return withTransaction(ctx, async (tx) => {
    await patientForConsent(tx, patientId);
    const rows = await listConsentsOfPatient(tx.db, patientId);
    await audit(tx, { action: 'consents.list', resourceType: 'consent', patientId });
    return rows.map(toConsent);
  });
}

export type SignConsentInput = SignConsentBody;

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
      errors: [{ path: '/confirmed', message: 'Tick the box to confirm you have read and understood it' }],
    });
  }
  if (input.signatureKind === 'drawn' && !input.signatureDrawing?.trim()) {
    throw new DomainError('validation_failed', 'Draw the signature, or sign by clicking.', {
      errors: [{ path: '/signatureDrawing', message: 'Draw the signature' }],
    });
  }
  return withTransaction(ctx, async (tx) => {
    // The patient's row is held until the commit, so that two signatures sent at once find each other.
    await patientForConsent(tx, patientId, { forUpdate: true });
    const tv = await findConsentTemplateVersion(tx.db, principal.organizationId, input.templateVersionId);
    if (!tv)
      throw new DomainError('validation_failed', 'No such consent template version.', {
        errors: [{ path: '/templateVersionId', message: 'Choose a consent template of this clinic' }],
      });
    if (tv.number !== tv.latest) {
      throw new DomainError(
        'stale_version',
        `The consent text changed (now version ${tv.latest}); show the patient the current text.`,
        { details: { currentVersion: tv.latest } },
      );
    }
    // A second signature of the text already in force (a double tap, a form sent twice) records nothing.
    const inForce = await findConsentInForce(tx.db, patientId, tv.id);
    if (inForce)
      throw new DomainError('consent_already_signed', `${tv.title} (v${tv.number}) is already signed and in force.`, {
        details: { consentId: inForce },
      });
    const id = await insertConsent(tx.db, {
      organizationId: principal.organizationId,
      patientId,
      templateVersionId: tv.id,
      signedName: input.signedName.trim(),
      signatureKind: input.signatureKind,
      signatureDrawing: input.signatureKind === 'drawn' ? (input.signatureDrawing ?? null) : null,
      signedAt: tx.now,
      ip: tx.ip,
      userAgent: tx.userAgent?.slice(0, 500) ?? null,
      channel: inClinic ? 'clinic_tablet' : 'portal',
      witnessedByUserId: inClinic ? principal.userId : null,
    });
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
    return toConsent((await findConsent(tx.db, id))!);
  });
}

/** Withdrawal (by the patient, recorded by staff or in the portal): blocks new sessions and plan signatures. */
export async function withdrawConsent(
  patientId: string,
  consentId: string,
  input: WithdrawConsentBody,
  ctx: AppContext,
): Promise<ConsentView> {
  const principal = requirePrincipal(ctx);
  if (principal.kind === 'staff' ? !can(principal, 'consents.record') : !can(principal, 'portal.submit'))
    throw new DomainError('forbidden', 'You do not have permission to record a withdrawal.');
  const reason = assertReason(input.reason, '/reason', 'withdrawal');
  return withTransaction(ctx, async (tx) => {
    await patientForConsent(tx, patientId);
    const row = await lockConsent(tx.db, patientId, consentId);
    if (!row) throw new DomainError('not_found', 'No such consent for this patient.');
    if (row.withdrawnAt) throw new DomainError('consent_already_withdrawn', 'This consent was already withdrawn.');
    assertVersion(row.version, input.version, 'consent');
    await withdrawConsentRow(tx.db, consentId, { at: tx.now, reason, byUserId: principal.userId });
    await audit(tx, { action: 'consents.withdraw', resourceType: 'consent', resourceId: consentId, patientId });
    await recordPatientEvent(tx, {
      patientId,
      kind: 'consent_withdrawn',
      summary: 'Consent withdrawn: new sessions are blocked until the patient consents again',
      resourceType: 'consent',
      resourceId: consentId,
    });
    return toConsent((await findConsent(tx.db, consentId))!);
  });
}
