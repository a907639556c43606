import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../shared/api';
import { useMe } from '../auth';
import { ErrorSummary, type FormError, LiveRegion, Notice } from '../../shared/kit';
import { formatDateTime } from '../../shared/time';
import { can } from '../nav';
import { chartApi, type Chart, type PortalAccessGranted } from './chart-api';

function problem(error: unknown): FormError[] {
  if (error instanceof ApiError) return [{ message: error.detail ?? error.title }];
  return [{ message: 'Something went wrong. Try again.' }];
}

/**
 * The chart's "Patient portal" section: whether the patient has an account, and for coordinators and
 * prescribers the button that makes one. The temporary password is shown once, here, and is gone when the
 * page is left; the patient must change it at first sign-in.
 */
export function PortalAccessPanel({ chart, onGranted }: { chart: Chart; onGranted: () => Promise<void> }) {
  const me = useMe();
  const [granted, setGranted] = useState<PortalAccessGranted | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const account = chart.portalAccount;
  const patientId = chart.patient.id;

  const grant = async () => {
    setBusy(true);
    try {
      setGranted(await chartApi.grantPortalAccess(patientId));
      setErrors([]);
      await onGranted();
    } catch (error) {
      setErrors(problem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="portal-access">
      <h2 id="portal-access">Patient portal</h2>
      <LiveRegion>
        {granted ? (
          <Notice kind="success" title="Portal account created">
            <p>
              Give the patient these details now. The temporary password is shown only once: it cannot be shown again
              after you leave this page.
            </p>
            <dl className="summary-list">
              <div className="summary-list__row">
                <dt>Sign in at</dt>
                <dd>{window.location.origin}/portal/</dd>
              </div>
              <div className="summary-list__row">
                <dt>Email address</dt>
                <dd className="break-anywhere">{granted.email}</dd>
              </div>
              <div className="summary-list__row">
                <dt>Temporary password</dt>
                <dd>
                  <code className="setup-key" data-testid="temporary-password">
                    {granted.temporaryPassword}
                  </code>
                </dd>
              </div>
            </dl>
            <p>They will choose their own password the first time they sign in.</p>
          </Notice>
        ) : null}
      </LiveRegion>
      <ErrorSummary errors={errors} />
      {account ? (
        <p>
          Has a portal account ({account.email}), created {formatDateTime(account.createdAt)}.{' '}
          {account.passwordSet
            ? 'The patient has chosen their own password.'
            : 'The patient has not signed in to choose their own password yet.'}
        </p>
      ) : (
        <>
          <p>
            No portal account yet. With one, the patient can see their details and read and sign their consent at home.
          </p>
          {can(me, 'patients.manage') ? (
            chart.patient.email ? (
              <button type="button" className="button button--secondary" disabled={busy} onClick={() => void grant()}>
                {busy ? 'Creating the account…' : 'Give portal access'}
              </button>
            ) : (
              <p>
                The account uses the patient’s email address, and none is recorded.{' '}
                <Link to={`/patients/${patientId}/edit`}>Add an email address</Link>
              </p>
            )
          ) : null}
        </>
      )}
    </section>
  );
}
