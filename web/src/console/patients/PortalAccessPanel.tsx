import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../shared/api';
import { useReload } from '../../shared/query';
import { useMe } from '../../shared/auth';
import { ErrorSummary, type FormError, LiveRegion, Notice } from '../../shared/kit';
import { formatDateTime } from '../../shared/time';
import { can } from '../nav';
import { chartApi, type Chart, type PortalInvitationSent } from './chart-api';

function problem(error: unknown): FormError[] {
  if (error instanceof ApiError) return [{ message: error.detail ?? error.title }];
  return [{ message: 'Something went wrong. Try again.' }];
}

/**
 * The chart's "Patient portal" section: whether the patient has an account and where their invitation
 * stands, and for coordinators and prescribers "Invite to the portal" (decision 020): an email with a
 * single-use link valid 72 hours, through the outbox. Until the patient accepts, it can be sent again
 * (the new link replaces the old one). Nobody at the clinic ever sees or reads out a password.
 */
export function PortalAccessPanel({ chart, onGranted }: { chart: Chart; onGranted: () => Promise<void> }) {
  const me = useMe();
  const patientId = chart.patient.id;
  const [sent, setSent] = useState<PortalInvitationSent | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const account = chart.portalAccount;
  const invitation = useQuery({
    queryKey: ['portal-invitation', patientId],
    queryFn: () => chartApi.portalInvitation(patientId),
    enabled: account !== null,
  });
  const reloadInvitation = useReload(['portal-invitation', patientId]);

  const invite = async () => {
    setBusy(true);
    try {
      setSent(await chartApi.inviteToPortal(patientId));
      setErrors([]);
      await onGranted();
      await reloadInvitation();
    } catch (error) {
      setErrors(problem(error));
    } finally {
      setBusy(false);
    }
  };

  const mayInvite = can(me, 'patients.manage');
  const latest = invitation.data?.invitation ?? null;
  const button = (label: string) =>
    mayInvite ? (
      <button type="button" className="button button--secondary" disabled={busy} onClick={() => void invite()}>
        {busy ? 'Sending the invitation…' : label}
      </button>
    ) : null;

  return (
    <section className="section" aria-labelledby="portal-access">
      <h2 id="portal-access">Patient portal</h2>
      <LiveRegion>
        {sent ? (
          <Notice kind="success" title="Invitation sent">
            <p>
              An email with a link to set up the account is on its way to{' '}
              <span className="break-anywhere">{sent.email}</span>. The link works once, until{' '}
              {formatDateTime(sent.expiresAt)}.
            </p>
          </Notice>
        ) : null}
      </LiveRegion>
      <ErrorSummary errors={errors} />
      {account ? (
        account.passwordSet ? (
          <p>
            Has a portal account (<span className="break-anywhere">{account.email}</span>), set up by the patient. If
            they forget their password, they can reset it from the portal’s sign-in page.
          </p>
        ) : (
          <>
            <p>
              Portal account for <span className="break-anywhere">{account.email}</span>, not set up yet.{' '}
              {latest
                ? latest.open
                  ? `Invitation sent ${formatDateTime(latest.invitedAt)}; the link works until ${formatDateTime(latest.expiresAt)}.`
                  : `The invitation sent ${formatDateTime(latest.invitedAt)} has expired.`
                : 'The patient has not signed in to choose their own password yet.'}
            </p>
            {button('Send a new invitation')}
          </>
        )
      ) : (
        <>
          <p>
            No portal account yet. With one, the patient sees their next session and how to prepare, confirms they are
            coming, follows their progress and reads and signs their consent at home.
          </p>
          {mayInvite ? (
            chart.patient.email ? (
              button('Invite to the portal')
            ) : (
              <p>
                The invitation goes to the patient’s email address, and none is recorded.{' '}
                <Link to={`/patients/${patientId}/edit`}>Add an email address</Link>
              </p>
            )
          ) : null}
        </>
      )}
    </section>
  );
}
