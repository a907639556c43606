import { describe, expect, it } from 'vitest';
import { deliverPendingEmails, smtpMailer } from '../../src/jobs/email.js';
import { chartClinic, newPatient } from './chart-fixtures.js';
import { header, messageText, startTestSmtp } from '../setup/smtp.js';

/**
 * With SMTP configured, the invitation waits in the outbox as 'pending' and the email job sends it: the
 * patient receives the link (token in the fragment) from a real SMTP conversation, and the link works.
 */
const smtp = await startTestSmtp();
const clinic = await chartClinic('Portal Smtp Clinic', {
  env: { KETACLINIC_SMTP_URL: smtp.url, KETACLINIC_PUBLIC_URL: 'https://portal-smtp.example.org' },
});
const { as, t } = clinic;

describe('the invitation by email', () => {
  it('is sent through SMTP and its link opens the account', async () => {
    const id = await newPatient(clinic, { given: 'Sol', family: 'Mailby' });
    await t.db.pool.query('UPDATE patients SET email = $2 WHERE id = $1', [id, 'sol.mailby@example.org']);
    expect((await as.coordinator.post(`/patients/${id}/portal-invitation`)).statusCode).toBe(201);
    const queued = await t.db.pool.query<{ status: string }>(
      "SELECT status FROM email_outbox WHERE to_address = 'sol.mailby@example.org'",
    );
    expect(queued.rows).toEqual([{ status: 'pending' }]);

    const sent = await deliverPendingEmails(t.db.pool, smtpMailer(smtp.url), {
      from: 'Clinic <no-reply@portal-smtp.example.org>',
      now: () => new Date(),
    });
    expect(sent).toBe(1);
    const message = smtp.messages.find((m) => m.to.includes('sol.mailby@example.org'))!;
    expect(header(message.raw, 'subject')).toBe('Your patient portal at Portal Smtp Clinic');
    const text = messageText(message.raw);
    const token = /https:\/\/portal-smtp\.example\.org\/portal\/welcome#token=([A-Za-z0-9_-]{43})/.exec(text)![1]!;
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/portal/invitations/accept',
      payload: { token, password: 'sol reads email carefully' },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user).toMatchObject({ kind: 'patient', patientId: id });
  });
});
