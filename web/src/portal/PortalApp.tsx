import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { useAuth } from '../shared/auth';
import { PageHeading } from '../shared/kit';
import { ChangePasswordForm } from '../shared/account/ChangePasswordForm';
import { ServiceStatus } from '../shared/ServiceStatus';
import { ForgotPasswordPage, ResetPasswordPage, WelcomePage } from './pages/AccountLinkPages';
import { AccountPage, AccountPasswordPage } from './pages/AccountPage';
import { CalendarPage } from './pages/CalendarPage';
import { ConsentPage } from './pages/ConsentPage';
import { HomePage } from './pages/HomePage';
import { ProgressPage } from './pages/ProgressPage';
import { SignInPage } from './pages/SignInPage';
import { NotFoundPage, StaffHerePage } from './pages/StatusPages';
import { WithdrawConsentPage } from './pages/WithdrawConsentPage';
import { PortalLayout } from './PortalLayout';
import { QuestionnairesPage, QuestionPage, ResultPage, ReviewPage } from './questionnaires/QuestionnairePages';

function FirstPassword() {
  const { refresh } = useAuth();
  return (
    <ChangePasswordForm
      title="Choose your own password"
      intro={
        <p>
          You signed in with the temporary password the clinic gave you. Choose your own password to continue. Only you
          should know it.
        </p>
      }
      submitLabel="Save password and continue"
      currentLabel="Temporary password"
      onChanged={() => void refresh()}
    />
  );
}

/**
 * Every page but sign-in needs a signed-in patient. A visitor goes to sign in and comes back; a member of
 * staff is pointed to the console; a first sign-in must choose a password before anything else.
 */
function RequirePatient() {
  const { state } = useAuth();
  const location = useLocation();
  switch (state.status) {
    case 'loading':
      return <p aria-live="polite">Loading…</p>;
    case 'unavailable':
      return (
        <>
          <PageHeading title="The portal is not available">The portal is not available</PageHeading>
          <p>We could not reach the clinic’s server: {state.message}</p>
          <p>Wait a minute, then reload the page. If it keeps happening, call the clinic.</p>
          <ServiceStatus />
        </>
      );
    case 'signed-out':
      return <Navigate to="/login" replace state={{ from: location }} />;
    case 'signed-in':
      break;
  }
  if (state.me.kind !== 'patient') return <StaffHerePage />;
  if (state.me.mustChangePassword) return <FirstPassword />;
  return <Outlet />;
}

/** The patient portal's routes, below the /portal basename. */
export function PortalApp() {
  return (
    <BrowserRouter basename="/portal">
      <PortalLayout>
        <Routes>
          <Route path="/login" element={<SignInPage />} />
          <Route path="/welcome" element={<WelcomePage />} />
          <Route path="/forgot-password" element={<ForgotPasswordPage />} />
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          <Route element={<RequirePatient />}>
            <Route index element={<HomePage />} />
            <Route path="progress" element={<ProgressPage />} />
            <Route path="calendar" element={<CalendarPage />} />
            <Route path="account" element={<AccountPage />} />
            <Route path="account/password" element={<AccountPasswordPage />} />
            <Route path="consent/:templateId" element={<ConsentPage />} />
            <Route path="consent/:templateId/withdraw" element={<WithdrawConsentPage />} />
            <Route path="questionnaires" element={<QuestionnairesPage />} />
            <Route path="questionnaires/:id/q/:n" element={<QuestionPage />} />
            <Route path="questionnaires/:id/review" element={<ReviewPage />} />
            <Route path="questionnaires/:id/done" element={<ResultPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </PortalLayout>
    </BrowserRouter>
  );
}
