import { sql } from 'kysely';
import { kysely, type Queryable } from '../kysely.js';

/**
 * SQL for consent templates (versioned texts; a version never changes) and the consents patients sign
 * against one exact version.
 */
export interface ConsentTemplateRecord {
  readonly id: string;
  readonly title: string;
  readonly version: number;
  /** Newest first; a template always has at least one. */
  readonly versions: readonly { id: string; number: number; body: string; createdAt: Date }[];
}

/** The organization's templates by title (or the one with `id`), each with its versions. */
export async function listConsentTemplates(
  db: Queryable,
  organizationId: string,
  id?: string,
): Promise<ConsentTemplateRecord[]> {
  let query = kysely(db)
    .selectFrom('consentTemplates')
    .select(['id', 'title', 'version'])
    .where('organizationId', '=', organizationId);
  if (id !== undefined) query = query.where('id', '=', id);
  const templates = await query.orderBy('title').execute();
  if (templates.length === 0) return [];
  const versions = await kysely(db)
    .selectFrom('consentTemplateVersions')
    .select(['id', 'templateId', 'number', 'body', 'createdAt'])
    .where(
      'templateId',
      'in',
      templates.map((t) => t.id),
    )
    .orderBy('number', 'desc')
    .execute();
  return templates.map((t) => ({
    ...t,
    versions: versions
      .filter((v) => v.templateId === t.id)
      .map((v) => ({ id: v.id, number: v.number, body: v.body, createdAt: v.createdAt })),
  }));
}

/** A new template titled `title`, or none when the organization already has one with that title. */
export async function insertConsentTemplate(
  db: Queryable,
  t: { organizationId: string; title: string; createdAt: Date },
): Promise<string | undefined> {
  const row = await kysely(db)
    .insertInto('consentTemplates')
    .values(t)
    .onConflict((oc) => oc.columns(['organizationId', 'title']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** The template's version counter, locked until commit. */
export async function lockConsentTemplate(
  db: Queryable,
  organizationId: string,
  id: string,
): Promise<{ version: number } | undefined> {
  return kysely(db)
    .selectFrom('consentTemplates')
    .select('version')
    .where('id', '=', id)
    .where('organizationId', '=', organizationId)
    .forUpdate()
    .executeTakeFirst();
}

/** Appends the next numbered version of the text (1 for a new template) and bumps the template's version. */
export async function appendConsentTemplateVersion(
  db: Queryable,
  v: { organizationId: string; templateId: string; body: string; createdByUserId: string; createdAt: Date },
): Promise<number> {
  const last = await kysely(db)
    .selectFrom('consentTemplateVersions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('templateId', '=', v.templateId)
    .executeTakeFirst();
  const number = (last?.n ?? 0) + 1;
  await kysely(db)
    .insertInto('consentTemplateVersions')
    .values({ ...v, number })
    .execute();
  if (number > 1)
    await kysely(db)
      .updateTable('consentTemplates')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', v.templateId)
      .execute();
  return number;
}

/** A version of the organization's texts, with its template's title and the newest version number. */
export async function findConsentTemplateVersion(db: Queryable, organizationId: string, id: string) {
  return kysely(db)
    .selectFrom('consentTemplateVersions as v')
    .innerJoin('consentTemplates as t', 't.id', 'v.templateId')
    .select((eb) => [
      'v.id',
      't.title',
      'v.number',
      eb
        .selectFrom('consentTemplateVersions as x')
        .select((x) => x.fn.max('x.number').as('n'))
        .whereRef('x.templateId', '=', 't.id')
        .as('latest'),
    ])
    .where('v.id', '=', id)
    .where('v.organizationId', '=', organizationId)
    .executeTakeFirst();
}

export type SignatureKind = 'click' | 'drawn';
export type ConsentChannel = 'clinic_tablet' | 'portal';

export interface ConsentRecord {
  readonly id: string;
  readonly templateId: string;
  readonly title: string;
  readonly templateVersionId: string;
  readonly number: number;
  readonly body: string;
  readonly signedName: string;
  readonly signatureKind: SignatureKind;
  readonly signatureDrawing: string | null;
  readonly signedAt: Date;
  readonly ip: string | null;
  readonly channel: ConsentChannel;
  readonly witnessedByUserId: string | null;
  readonly witnessName: string | null;
  readonly withdrawnAt: Date | null;
  readonly withdrawalReason: string | null;
  readonly version: number;
}

function consents(db: Queryable) {
  return (
    kysely(db)
      .selectFrom('consents as c')
      .innerJoin('consentTemplateVersions as v', 'v.id', 'c.templateVersionId')
      .innerJoin('consentTemplates as t', 't.id', 'v.templateId')
      .leftJoin('users as w', 'w.id', 'c.witnessedByUserId')
      .select([
        'c.id',
        't.id as templateId',
        't.title',
        'c.templateVersionId',
        'v.number',
        'v.body',
        'c.signedName',
        'c.signatureKind',
        'c.signatureDrawing',
        'c.signedAt',
        sql<string | null>`host(c.ip)`.as('ip'),
        'c.channel',
        'c.witnessedByUserId',
        'w.name as witnessName',
        'c.withdrawnAt',
        'c.withdrawalReason',
        'c.version',
      ])
      // CHECK constraints (0004_chart.sql) hold these to their values.
      .$narrowType<{ signatureKind: SignatureKind; channel: ConsentChannel }>()
  );
}

export async function listConsentsOfPatient(db: Queryable, patientId: string): Promise<ConsentRecord[]> {
  return consents(db).where('c.patientId', '=', patientId).orderBy('c.signedAt').execute();
}

export async function findConsent(db: Queryable, id: string): Promise<ConsentRecord | undefined> {
  return consents(db).where('c.id', '=', id).executeTakeFirst();
}

/**
 * The patient's consent to this template version that is in force (signed, not withdrawn), if any. Called
 * with the patient's row locked, so that two signatures sent at once find each other.
 */
export async function findConsentInForce(
  db: Queryable,
  patientId: string,
  templateVersionId: string,
): Promise<string | undefined> {
  const row = await kysely(db)
    .selectFrom('consents')
    .select('id')
    .where('patientId', '=', patientId)
    .where('templateVersionId', '=', templateVersionId)
    .where('withdrawnAt', 'is', null)
    .executeTakeFirst();
  return row?.id;
}

export async function insertConsent(
  db: Queryable,
  c: {
    organizationId: string;
    patientId: string;
    templateVersionId: string;
    signedName: string;
    signatureKind: SignatureKind;
    signatureDrawing: string | null;
    signedAt: Date;
    ip: string | null;
    userAgent: string | null;
    channel: ConsentChannel;
    witnessedByUserId: string | null;
  },
): Promise<string> {
  return (await kysely(db).insertInto('consents').values(c).returning('id').executeTakeFirstOrThrow()).id;
}

/** The patient's consent, locked until commit. */
export async function lockConsent(db: Queryable, patientId: string, id: string) {
  return kysely(db)
    .selectFrom('consents')
    .select(['withdrawnAt', 'version'])
    .where('id', '=', id)
    .where('patientId', '=', patientId)
    .forUpdate()
    .executeTakeFirst();
}

export async function withdrawConsentRow(
  db: Queryable,
  id: string,
  w: { at: Date; reason: string; byUserId: string },
): Promise<void> {
  await kysely(db)
    .updateTable('consents')
    .set((eb) => ({
      withdrawnAt: w.at,
      withdrawalReason: w.reason,
      withdrawnByUserId: w.byUserId,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

/** When each of the patient's consents was signed and withdrawn (for the consent state). */
export async function listConsentDates(db: Queryable, patientId: string) {
  return kysely(db)
    .selectFrom('consents')
    .select(['id', 'signedAt', 'withdrawnAt'])
    .where('patientId', '=', patientId)
    .execute();
}
