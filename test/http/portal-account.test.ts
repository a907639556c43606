import { describe, expect, it } from 'vitest';
import { caller, chartClinic, newPatient } from './chart-fixtures.js';
import { sessionCookie } from '../setup/identity.js';

/**
 * Portal accounts by email (decision 020): staff invite from the chart, the patient accepts with the
 * link from the email (token in the URL fragment), and a forgotten password is reset by email. Bad
 * links (unknown, tampered, expired, used, replaced) get a clear problem and change nothing.
 */
const clinic = await chartClinic('Portal Account Clinic', {
  env: { KETACLINIC_PUBLIC_URL: 'https://portal-account.example.org' },
});
const { as, t } = clinic;

async function patientWithEmail(email: string, given = 'Wren', family = 'Inviteby'): Promise<string> {
  const id = await newPatient(clinic, { given, family });
  await t.db.pool.query('UPDATE patients SET email = $2 WHERE id = $1', [id, email]);
  return id;
}

/** The newest outbox email to this address, and the token in its link's fragment. */
async function lastEmail(to: string): Promise<{ subject: string; text: string; kind: string; token: string | null }> {
  const res = await t.db.pool.query<{ subject: string; body_text: string; kind: string }>(
    'SELECT subject, body_text, kind FROM email_outbox WHERE to_address = $1 ORDER BY created_at DESC, id DESC LIMIT 1',
    [to],
  );
  const row = res.rows[0]!;
  const token = /#token=([A-Za-z0-9_-]{43})/.exec(row.body_text)?.[1] ?? null;
  return { subject: row.subject, text: row.body_text, kind: row.kind, token };
}

const anonymous = (url: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload });

const passwordHash = async (email: string) =>
  (await t.db.pool.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = $1', [email]))
    .rows[0]?.password_hash;

describe('inviting a patient to the portal', async () => {
  const email = 'wren.inviteby@example.org';
  const id = await patientWithEmail(email);

  it('refuses a nurse, an admin and a patient (403), and another clinic (404); nothing is written', async () => {
    for (const who of [as.nurse, as.admin, as.patient])
      expect((await who.post(`/patients/${id}/portal-invitation`)).statusCode).toBe(403);
    expect((await as.otherPrescriber.post(`/patients/${id}/portal-invitation`)).statusCode).toBe(404);
    expect((await t.db.pool.query('SELECT 1 FROM users WHERE patient_id = $1', [id])).rowCount).toBe(0);
    expect((await t.db.pool.query('SELECT 1 FROM email_outbox WHERE to_address = $1', [email])).rowCount).toBe(0);
  });

  it('needs an email address on the chart (422 with the field)', async () => {
    const bare = await newPatient(clinic);
    const res = await as.coordinator.post(`/patients/${bare}/portal-invitation`);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'patient_email_missing', errors: [{ path: '/patient/email' }] });
  });

  let token = '';
  it('a coordinator invites: an account nobody can sign in to yet, and an email with a 72-hour link in the fragment', async () => {
    const res = await as.coordinator.post(`/patients/${id}/portal-invitation`);
    expect(res.statusCode).toBe(201);
    const body = res.json<{ userId: string; email: string; invitedAt: string; expiresAt: string }>();
    expect(body.email).toBe(email);
    expect(new Date(body.expiresAt).getTime() - new Date(body.invitedAt).getTime()).toBe(72 * 3_600_000);
    const sent = await lastEmail(email);
    expect(sent.kind).toBe('portal_invitation');
    expect(sent.text).toContain('https://portal-account.example.org/portal/welcome#token=');
    token = sent.token!;
    expect(token).toHaveLength(43);
    // Only the hash is stored; the token is nowhere in the audit log.
    const stored = await t.db.pool.query<{ token_hash: string }>('SELECT token_hash FROM portal_links');
    expect(stored.rows.map((r) => r.token_hash)).not.toContain(token);
    const audit = await t.db.pool.query<{ details: unknown }>(
      "SELECT details FROM audit_log WHERE action = 'patients.portal_invitation' AND patient_id = $1",
      [id],
    );
    expect(audit.rowCount).toBe(1);
    expect(JSON.stringify(audit.rows)).not.toContain(token);
    // The chart says where the invitation stands.
    const status = await as.nurse.get(`/patients/${id}/portal-invitation`);
    expect(status.json().invitation).toMatchObject({ accepted: false, open: true });
  });

  it('sending again replaces the first link (which then says so)', async () => {
    const first = token;
    t.clock.advance(60_000);
    expect((await as.prescriber.post(`/patients/${id}/portal-invitation`)).statusCode).toBe(201);
    token = (await lastEmail(email)).token!;
    expect(token).not.toBe(first);
    const old = await anonymous('/portal/account-links/inspect', { token: first, purpose: 'invitation' });
    expect(old.statusCode).toBe(410);
    expect(old.json().code).toBe('portal_link_expired');
    expect(old.json().detail).toContain('newer invitation');
  });

  it('unknown, tampered and wrong-purpose tokens are 404 and change nothing', async () => {
    const before = await passwordHash(email);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [tampered, 'short', `${token}x`]) {
      const res = await anonymous('/portal/invitations/accept', { token: bad, password: 'a long enough passphrase' });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('portal_link_invalid');
    }
    expect((await anonymous('/portal/account-links/inspect', { token, purpose: 'password_reset' })).statusCode).toBe(
      404,
    );
    expect(await passwordHash(email)).toBe(before);
  });

  it('a weak password is refused with the policy message, and the link still works', async () => {
    const res = await anonymous('/portal/invitations/accept', { token, password: 'password' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('password_weak');
    expect(res.json().errors[0].path).toBe('/password');
    const view = await anonymous('/portal/account-links/inspect', { token, purpose: 'invitation' });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ purpose: 'invitation', email, givenName: 'Wren' });
  });

  it('a request from another site is refused', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/portal/invitations/accept',
      payload: { token, password: 'wren chooses a passphrase' },
      headers: { origin: 'https://evil.example.com' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('accepting sets the password, signs the patient in to their own record, offers two-step sign-in; the link is then spent', async () => {
    const res = await anonymous('/portal/invitations/accept', { token, password: 'wren chooses a passphrase' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mfaOffered: true, user: { kind: 'patient', patientId: id } });
    const cookie = sessionCookie(res)!;
    const patient = caller(t, {
      cookie,
      csrf: res.json().csrfToken,
      headers: { cookie, 'x-csrf-token': res.json().csrfToken },
      me: res.json().user,
    });
    expect((await patient.get(`/patients/${id}`)).statusCode).toBe(200);
    // Optional TOTP enrolment is open to them straight away.
    expect((await patient.post('/me/mfa/enrolment', {})).statusCode).toBe(200);
    expect((await as.nurse.get(`/patients/${id}/portal-invitation`)).json().invitation).toMatchObject({
      accepted: true,
    });

    const hash = await passwordHash(email);
    expect(hash).toMatch(/^\$argon2id\$/);
    const again = await anonymous('/portal/invitations/accept', { token, password: 'someone else tries this' });
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('portal_link_used');
    expect(await passwordHash(email)).toBe(hash);
    // Set up: staff cannot send another invitation.
    const more = await as.coordinator.post(`/patients/${id}/portal-invitation`);
    expect(more.statusCode).toBe(409);
    expect(more.json().code).toBe('portal_account_active');
  });

  it('at most five invitations an hour to one patient (429 after)', async () => {
    const flood = await patientWithEmail('flood.inviteby@example.org', 'Flood', 'Inviteby');
    for (let i = 0; i < 5; i += 1)
      expect((await as.coordinator.post(`/patients/${flood}/portal-invitation`)).statusCode).toBe(201);
    const limited = await as.coordinator.post(`/patients/${flood}/portal-invitation`);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(
      (await t.db.pool.query("SELECT 1 FROM email_outbox WHERE to_address = 'flood.inviteby@example.org'")).rowCount,
    ).toBe(5);
  });

  it('two tabs accepting the same invitation at once: exactly one succeeds', async () => {
    const twice = 'twin.tabsby@example.org';
    const other = await patientWithEmail(twice, 'Twin', 'Tabsby');
    await as.coordinator.post(`/patients/${other}/portal-invitation`);
    const twinToken = (await lastEmail(twice)).token!;
    const results = await Promise.all(
      ['twin first passphrase', 'twin second passphrase'].map((password) =>
        anonymous('/portal/invitations/accept', { token: twinToken, password }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 410]);
    const sessions = await t.db.pool.query(
      'SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.patient_id = $1 AND s.revoked_at IS NULL',
      [other],
    );
    expect(sessions.rowCount).toBe(1);
  });

  it('an invitation not used within 72 hours has expired and changes nothing', async () => {
    const late = 'kit.lateby@example.org';
    const other = await patientWithEmail(late, 'Kit', 'Lateby');
    await as.coordinator.post(`/patients/${other}/portal-invitation`);
    const lateToken = (await lastEmail(late)).token!;
    const before = await passwordHash(late);
    t.clock.advance(72 * 3_600_000);
    const res = await anonymous('/portal/invitations/accept', { token: lateToken, password: 'kit is too late now' });
    expect(res.statusCode).toBe(410);
    expect(res.json()).toMatchObject({ code: 'portal_link_expired' });
    expect(res.json().detail).toContain('Ask the clinic to send you a new one');
    expect(await passwordHash(late)).toBe(before);
  });
});

describe('resetting a forgotten portal password', async () => {
  const email = 'ash.resetby@example.org';
  const id = await patientWithEmail(email, 'Ash', 'Resetby');
  await as.coordinator.post(`/patients/${id}/portal-invitation`);
  const accepted = await anonymous('/portal/invitations/accept', {
    token: (await lastEmail(email)).token!,
    password: 'ash first passphrase',
  });
  const oldCookie = sessionCookie(accepted)!;

  it('answers the same, in about the same time, for a known and an unknown address', async () => {
    const timed = async (address: string) => {
      const started = performance.now();
      const res = await anonymous('/portal/password-reset/request', { email: address });
      return { res, ms: performance.now() - started };
    };
    const known = await timed(email);
    const unknown = await timed('nobody.here@example.org');
    const staff = await timed(clinic.users.nurse.email);
    for (const r of [known, unknown, staff]) {
      expect(r.res.statusCode).toBe(202);
      expect(r.res.body).toBe(known.res.body);
      expect(r.ms).toBeGreaterThanOrEqual(390);
    }
    expect(Math.abs(known.ms - unknown.ms)).toBeLessThan(150);
    // Only the patient's account got an email; the staff address got none.
    expect((await lastEmail(email)).kind).toBe('portal_password_reset');
    expect(
      (
        await t.db.pool.query("SELECT 1 FROM email_outbox WHERE kind = 'portal_password_reset' AND to_address <> $1", [
          email,
        ])
      ).rowCount,
    ).toBe(0);
  });

  it('the reset link sets a new password and signs out every session; reused, it changes nothing', async () => {
    const token = (await lastEmail(email)).token!;
    expect((await anonymous('/portal/account-links/inspect', { token, purpose: 'password_reset' })).statusCode).toBe(
      200,
    );
    const weak = await anonymous('/portal/password-reset', { token, password: 'ash' });
    expect(weak.statusCode).toBe(400);
    const res = await anonymous('/portal/password-reset', { token, password: 'ash second passphrase' });
    expect(res.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: oldCookie } });
    expect(me.statusCode).toBe(401);
    const hash = await passwordHash(email);
    const reused = await anonymous('/portal/password-reset', { token, password: 'ash third passphrase' });
    expect(reused.statusCode).toBe(410);
    expect(reused.json().code).toBe('portal_link_used');
    expect(await passwordHash(email)).toBe(hash);
    const signIn = await anonymous('/auth/login', { email, password: 'ash second passphrase' });
    expect(signIn.statusCode).toBe(200);
  });

  it('a reset link expires after 60 minutes', async () => {
    await anonymous('/portal/password-reset/request', { email });
    const token = (await lastEmail(email)).token!;
    t.clock.advance(60 * 60_000);
    const res = await anonymous('/portal/password-reset', { token, password: 'ash late passphrase' });
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe('portal_link_expired');
  });

  it('is throttled per address: the fourth request in 15 minutes is 429 with Retry-After, known or not', async () => {
    t.clock.advance(16 * 60_000);
    for (const address of [email, 'still.nobody@example.org']) {
      for (let i = 0; i < 3; i += 1)
        expect((await anonymous('/portal/password-reset/request', { email: address })).statusCode).toBe(202);
      const limited = await anonymous('/portal/password-reset/request', { email: address });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
    }
  });

  it('bad input is a 400 problem with the field', async () => {
    const res = await anonymous('/portal/password-reset/request', { email: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
