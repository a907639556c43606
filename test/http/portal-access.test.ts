import { describe, expect, it } from 'vitest';
import { caller, auditActions, chartClinic, consentTemplate, newPatient } from './chart-fixtures.js';
import { signIn } from '../setup/identity.js';

/**
 * Staff give a patient a portal account, and a patient in the portal reaches only their own record:
 * anything else is 404, so another patient's id is never confirmed.
 */
const clinic = await chartClinic('Portal Clinic');
const { as, t } = clinic;

async function withEmail(
  email: string | null,
  fields: { given?: string; family?: string; organizationId?: string } = {},
): Promise<string> {
  const id = await newPatient(clinic, fields);
  if (email) await t.db.pool.query('UPDATE patients SET email = $2 WHERE id = $1', [id, email]);
  return id;
}

describe('giving a patient portal access', async () => {
  const id = await withEmail('wren.portalby@example.org', { given: 'Wren', family: 'Portalby' });

  it('refuses a nurse, an admin and a patient (403), and another clinic (404)', async () => {
    for (const who of [as.nurse, as.admin, as.patient]) {
      const res = await who.post(`/patients/${id}/portal-access`);
      expect(res.statusCode).toBe(403);
    }
    const other = await as.otherPrescriber.post(`/patients/${id}/portal-access`);
    expect(other.statusCode).toBe(404);
    const accounts = await t.db.pool.query('SELECT 1 FROM users WHERE patient_id = $1', [id]);
    expect(accounts.rowCount).toBe(0);
  });

  it('a coordinator creates the account: chart email, a temporary password shown once, changed at first sign-in', async () => {
    const res = await as.coordinator.post(`/patients/${id}/portal-access`);
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<{
      userId: string;
      email: string;
      name: string;
      temporaryPassword: string;
      mustChangePassword: boolean;
    }>();
    expect(body).toMatchObject({ email: 'wren.portalby@example.org', name: 'Wren Portalby', mustChangePassword: true });
    expect(body.temporaryPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

    const session = await signIn(t, {
      id: body.userId,
      email: body.email,
      password: body.temporaryPassword,
      organizationId: clinic.organizationId,
      totpSecret: null,
      patientId: id,
    });
    expect(session.me).toMatchObject({ kind: 'patient', patientId: id, mustChangePassword: true });
    const patient = caller(t, session);
    // Until the temporary password is changed, the record stays closed.
    expect((await patient.get(`/patients/${id}`)).json().code).toBe('password_change_required');
    expect(
      (
        await patient.post('/me/password', {
          currentPassword: body.temporaryPassword,
          newPassword: 'my own portal passphrase',
        })
      ).statusCode,
    ).toBe(204);
    const own = await patient.get(`/patients/${id}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().portalAccount).toMatchObject({ email: 'wren.portalby@example.org', passwordSet: true });

    // Audited, with the timeline entry; the password is in neither.
    expect(await auditActions(clinic, id)).toContain('patients.portal_access');
    const entry = await t.db.pool.query<{ details: Record<string, unknown>; actor_user_id: string }>(
      "SELECT details, actor_user_id FROM audit_log WHERE action = 'patients.portal_access' AND patient_id = $1",
      [id],
    );
    expect(entry.rows[0]!.actor_user_id).toBe(clinic.users.coordinator.id);
    expect(JSON.stringify(entry.rows[0]!.details)).not.toContain(body.temporaryPassword);
    const chart = await as.prescriber.get(`/patients/${id}`);
    expect(chart.json().timeline.map((e: { kind: string }) => e.kind)).toContain('portal_access_granted');
  });

  it('answers 409 the second time, and creates nothing', async () => {
    const res = await as.prescriber.post(`/patients/${id}/portal-access`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('portal_account_exists');
    const accounts = await t.db.pool.query('SELECT 1 FROM users WHERE patient_id = $1', [id]);
    expect(accounts.rowCount).toBe(1);
  });

  it('needs an email on the chart, and one no other account of the clinic uses', async () => {
    const noEmail = await withEmail(null, { given: 'Nell', family: 'Noemail' });
    const res = await as.coordinator.post(`/patients/${noEmail}/portal-access`);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('patient_email_missing');
    const clash = await withEmail(clinic.users.nurse.email, { given: 'Cass', family: 'Clash' });
    const taken = await as.coordinator.post(`/patients/${clash}/portal-access`);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('email_taken');
    const accounts = await t.db.pool.query('SELECT 1 FROM users WHERE patient_id = ANY($1::uuid[])', [
      [noEmail, clash],
    ]);
    expect(accounts.rowCount).toBe(0);
  });
});

describe('a patient in the portal reaches only their own record', async () => {
  const own = clinic.users.patient.patientId!;
  const neighbour = await withEmail('neighbour@example.org', { given: 'Nia', family: 'Neighbour' });
  const template = await consentTemplate(clinic);
  const signature = {
    templateVersionId: template.currentVersion.id,
    signedName: 'Test Patient',
    signatureKind: 'click',
    confirmed: true,
  };

  it('reads the clinic’s consent texts; staff use the console’s route instead', async () => {
    const res = await as.patient.get('/portal/consent-templates');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        id: template.id,
        currentVersion: expect.objectContaining({
          id: template.currentVersion.id,
          body: expect.stringContaining('off-label'),
        }),
      }),
    ]);
    expect((await as.coordinator.get('/portal/consent-templates')).statusCode).toBe(403);
  });

  it('gets 404 for another patient’s chart and consents, and cannot sign for them', async () => {
    expect((await as.patient.get(`/patients/${neighbour}`)).statusCode).toBe(404);
    const list = await as.patient.get(`/patients/${neighbour}/consents`);
    expect(list.statusCode).toBe(404);
    expect(list.json().code).toBe('not_found');
    expect(
      (await as.patient.post(`/patients/${neighbour}/consents`, { ...signature, signedName: 'Nia Neighbour' }))
        .statusCode,
    ).toBe(404);
    const consents = await t.db.pool.query('SELECT 1 FROM consents WHERE patient_id = $1', [neighbour]);
    expect(consents.rowCount).toBe(0);
  });

  it('signs their own consent in the portal (time, IP, version recorded), then withdraws it', async () => {
    const signed = await as.patient.post(`/patients/${own}/consents`, signature);
    expect(signed.statusCode).toBe(201);
    expect(signed.json()).toMatchObject({
      channel: 'portal',
      witnessedBy: null,
      status: 'signed',
      templateVersion: { id: template.currentVersion.id, number: 1 },
    });
    expect(signed.json().ip).toEqual(expect.any(String));
    const neighbourWithdraw = await as.patient.post(`/patients/${neighbour}/consents/${signed.json().id}/withdraw`, {
      reason: 'Not mine',
      version: 1,
    });
    expect(neighbourWithdraw.statusCode).toBe(404);
    const withdrawn = await as.patient.post(`/patients/${own}/consents/${signed.json().id}/withdraw`, {
      reason: 'I want to stop for now',
      version: signed.json().version,
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', withdrawalReason: 'I want to stop for now' });
    const chart = await as.patient.get(`/patients/${own}`);
    expect(chart.json().consent.status).toBe('withdrawn');
  });
});
