import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../shared/api';
import { errorFor, ErrorSummary, type FormError, PageHeading, TextArea } from '../../shared/kit';
import { formatDateTimeLong } from '../../shared/time';
import { portalApi } from '../portal-api';
import { useOwnRecord } from '../use-own-record';
import type { HomeNotice } from './HomePage';
import { LoadFailed, Loading, NotFoundPage } from './StatusPages';

/** Withdrawal, explained before it is done: it stops new sessions; it can be undone by signing again. */
export function WithdrawConsentPage() {
  const { templateId = '' } = useParams();
  const navigate = useNavigate();
  const { state } = useOwnRecord();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'failed') return <LoadFailed message={state.message} />;
  const standing = state.data.standings.find((s) => s.template.id === templateId);
  if (!standing || standing.state !== 'signed') return <NotFoundPage />;
  const { consent, template } = standing;

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setErrors([{ fieldId: 'reason', message: 'Tell the clinic in a few words why you are withdrawing' }]);
      return;
    }
    setBusy(true);
    try {
      await portalApi.withdrawConsent(state.data.patientId, consent.id, {
        reason: reason.trim(),
        version: consent.version,
      });
      const notice: HomeNotice = {
        notice: {
          title: 'Consent withdrawn',
          body: 'New sessions are paused. The clinic will be in touch. You can sign again at any time if you change your mind.',
        },
      };
      void navigate('/', { state: notice });
    } catch (error) {
      setErrors([
        { message: error instanceof ApiError ? (error.detail ?? error.title) : 'Something went wrong. Try again.' },
      ]);
      setBusy(false);
    }
  };

  return (
    <>
      <p>
        <Link className="back-link" to={`/consent/${template.id}`}>
          Back to your consent
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <PageHeading title="Withdraw your consent" caption={template.title}>
        Withdraw your consent
      </PageHeading>
      <p>You signed this consent form on {formatDateTimeLong(consent.signedAt)}. You can withdraw it at any time.</p>
      <div className="notice notice--warning">
        <h2 className="notice__title">What withdrawing means</h2>
        <ul>
          <li>It stops new treatment sessions. No new session can be given until you sign the consent form again.</li>
          <li>It does not undo anything that has already happened.</li>
          <li>You can change your mind later: sign the form again here or at the clinic.</li>
        </ul>
      </div>
      <p>If you are unsure, or something about your treatment worries you, call the clinic first.</p>
      <form className="form" noValidate onSubmit={(e) => void submit(e)}>
        <TextArea
          id="reason"
          label="Why are you withdrawing?"
          hint="A few words are enough. The clinic will read this."
          value={reason}
          onChange={setReason}
          error={errorFor(errors, 'reason')}
        />
        <div className="button-group">
          <button type="submit" className="button button--warning" disabled={busy}>
            {busy ? 'Withdrawing…' : 'Withdraw my consent'}
          </button>
          <Link className="action-link" to={`/consent/${template.id}`}>
            Cancel: keep my consent
          </Link>
        </div>
      </form>
    </>
  );
}
