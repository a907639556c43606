import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { useAuth, useMe } from '../shared/auth';
import { ConsoleLayout, PlainLayout } from './components/ConsoleLayout';
import { PageHeading } from '../shared/kit';
import type { Action } from '../../../src/domain/permissions/actions';
import { can } from './nav';
import { AuditLogPage } from './audit/AuditLogPage';
import { CountsPage } from './controlled-substances/CountsPage';
import { DispensingLogPage } from './controlled-substances/DispensingLogPage';
import { DisposalsPage } from './controlled-substances/DisposalsPage';
import { DosePage } from './controlled-substances/DosePage';
import { InventoriesPage } from './controlled-substances/InventoriesPage';
import { ReceivePage } from './controlled-substances/ReceivePage';
import { StockPage } from './controlled-substances/StockPage';
import { VialPage } from './controlled-substances/VialPage';
import { WastePage } from './controlled-substances/WastePage';
import {
  AccountPage,
  ChangePasswordPage,
  DisableMfaPage,
  ForcedMfaEnrolment,
  ForcedPasswordChange,
  MfaSetupPage,
} from './pages/account/AccountPages';
import { EditUserPage } from './pages/admin/EditUserPage';
import { InviteUserPage } from './pages/admin/InviteUserPage';
import { UsersPage } from './pages/admin/UsersPage';
import { IntakeDetailPage } from './intake/IntakeDetailPage';
import { IntakeQueuePage } from './intake/IntakeQueuePage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NoAccessPage, NotFoundPage } from './pages/StatusPages';
import { AssessmentPage } from './patients/AssessmentPage';
import { ChartPage } from './patients/ChartPage';
import { ConsentPage } from './patients/ConsentPage';
import { TabletConsent } from './patients/TabletConsent';
import { useTabletPatient } from './patients/tablet-lock';
import { EditPatientPage } from './patients/EditPatientPage';
import { PatientListPage } from './patients/PatientListPage';
import { PlanPage } from './patients/PlanPage';
import { ProtocolPage } from './patients/ProtocolPage';
import { AppointmentPage } from './schedule/AppointmentPage';
import { CalendarPage } from './schedule/CalendarPage';
import { OutboxPage } from './schedule/OutboxPage';
import { SeriesPage } from './schedule/SeriesPage';
import { TodayPage } from './schedule/TodayPage';
import { BoardPage } from './sessions/BoardPage';
import { MeasurementListsPage } from './measurements/MeasurementListsPage';
import { MeasurementsPage } from './measurements/MeasurementsPage';
import { SessionPage } from './sessions/SessionPage';
import { AlertPage, AlertsPage } from './alerts/AlertsPages';
import { QuestionnaireSchedulePage } from './alerts/QuestionnaireSchedulePage';

function Loading() {
  return (
    <PlainLayout>
      <p aria-live="polite">Loading the console…</p>
    </PlainLayout>
  );
}

function Unavailable({ message }: { message: string }) {
  return (
    <PlainLayout>
      <PageHeading title="The console is not available">The console is not available</PageHeading>
      <p>The server did not answer as expected: {message}</p>
      <p>Wait a minute, then reload the page. If it keeps happening, tell the clinic administrator.</p>
    </PlainLayout>
  );
}

/**
 * Everything under the console needs a signed-in member of staff. A visitor goes to the sign-in page
 * and comes back here afterwards. Before anything else, the server may insist on a new password (first
 * sign-in with a temporary one) and then on two-step verification (admins and prescribers).
 */
function RequireStaff() {
  const { state } = useAuth();
  const location = useLocation();
  const tabletPatient = useTabletPatient();
  switch (state.status) {
    case 'loading':
      return <Loading />;
    case 'unavailable':
      return <Unavailable message={state.message} />;
    case 'signed-out':
      return <Navigate to="/login" replace state={{ from: location }} />;
    case 'signed-in':
      break;
  }
  const { me } = state;
  if (me.kind !== 'staff') {
    return (
      <PlainLayout>
        <PageHeading title="This console is for clinic staff">This console is for clinic staff</PageHeading>
        <p>
          You are signed in to a patient account. <a href="/portal/">Go to the patient portal</a>.
        </p>
      </PlainLayout>
    );
  }
  // A patient holds the tablet: whatever the address, only their consent until staff re-authenticate.
  if (tabletPatient) return <TabletConsent patientId={tabletPatient} />;
  if (me.mustChangePassword)
    return (
      <ConsoleLayout withNav={false}>
        <ForcedPasswordChange />
      </ConsoleLayout>
    );
  if (me.mfaEnrolmentRequired)
    return (
      <ConsoleLayout withNav={false}>
        <ForcedMfaEnrolment />
      </ConsoleLayout>
    );
  return (
    <ConsoleLayout>
      <Outlet />
    </ConsoleLayout>
  );
}

/** Hides a page the person's roles do not cover (the server refuses its requests anyway). */
function RequirePermission({ action, children }: { action: Action; children: ReactNode }) {
  const me = useMe();
  return can(me, action) ? children : <NoAccessPage />;
}

/** The staff console's routes, below the /app basename. Add a route here and its entry in nav.ts. */
export function App() {
  return (
    <BrowserRouter basename="/app">
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<RequireStaff />}>
          <Route index element={<HomePage />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="account/password" element={<ChangePasswordPage />} />
          <Route path="account/two-step" element={<MfaSetupPage />} />
          <Route path="account/two-step/turn-off" element={<DisableMfaPage />} />
          <Route
            path="admin/users"
            element={
              <RequirePermission action="users.read">
                <UsersPage />
              </RequirePermission>
            }
          />
          <Route
            path="admin/users/invite"
            element={
              <RequirePermission action="users.manage">
                <InviteUserPage />
              </RequirePermission>
            }
          />
          <Route
            path="admin/users/:id"
            element={
              <RequirePermission action="users.manage">
                <EditUserPage />
              </RequirePermission>
            }
          />
          <Route
            path="patients/:id/questionnaire-schedule"
            element={
              <RequirePermission action="questionnaires.read">
                <QuestionnaireSchedulePage />
              </RequirePermission>
            }
          />
          <Route
            path="patients/:id/measurements"
            element={
              <RequirePermission action="questionnaires.read">
                <MeasurementsPage />
              </RequirePermission>
            }
          />
          <Route
            path="alerts"
            element={
              <RequirePermission action="questionnaires.read">
                <AlertsPage />
              </RequirePermission>
            }
          />
          <Route
            path="alerts/:id"
            element={
              <RequirePermission action="questionnaires.read">
                <AlertPage />
              </RequirePermission>
            }
          />
          <Route
            path="measurement-care"
            element={
              <RequirePermission action="questionnaires.read">
                <MeasurementListsPage />
              </RequirePermission>
            }
          />
          <Route
            path="intake"
            element={
              <RequirePermission action="intake.read">
                <IntakeQueuePage />
              </RequirePermission>
            }
          />
          <Route
            path="intake/:id"
            element={
              <RequirePermission action="intake.read">
                <IntakeDetailPage />
              </RequirePermission>
            }
          />
          <Route
            path="patients"
            element={
              <RequirePermission action="patients.read">
                <PatientListPage />
              </RequirePermission>
            }
          />
          <Route
            path="patients/:id"
            element={
              <RequirePermission action="patients.read">
                <ChartPage />
              </RequirePermission>
            }
          />
          <Route
            path="patients/:id/edit"
            element={
              <RequirePermission action="patients.manage">
                <EditPatientPage />
              </RequirePermission>
            }
          />
          <Route
            path="patients/:id/assessments/:assessmentId"
            element={
              <RequirePermission action="assessments.read">
                <AssessmentPage />
              </RequirePermission>
            }
          />
          <Route
            path="patients/:id/consent"
            element={
              <RequirePermission action="patients.read">
                <ConsentPage />
              </RequirePermission>
            }
          />
          <Route
            path="patients/:id/plans/:planId"
            element={
              <RequirePermission action="plans.read">
                <PlanPage />
              </RequirePermission>
            }
          />
          <Route
            path="sessions"
            element={
              <RequirePermission action="sessions.read">
                <BoardPage />
              </RequirePermission>
            }
          />
          <Route
            path="sessions/:id"
            element={
              <RequirePermission action="sessions.read">
                <SessionPage />
              </RequirePermission>
            }
          />
          <Route
            path="admin/protocol"
            element={
              <RequirePermission action="protocol.manage">
                <ProtocolPage />
              </RequirePermission>
            }
          />
          <Route
            path="admin/audit"
            element={
              <RequirePermission action="audit.read">
                <AuditLogPage />
              </RequirePermission>
            }
          />
          <Route
            path="schedule"
            element={
              <RequirePermission action="sessions.read">
                <CalendarPage />
              </RequirePermission>
            }
          />
          <Route
            path="schedule/today"
            element={
              <RequirePermission action="sessions.read">
                <TodayPage />
              </RequirePermission>
            }
          />
          <Route
            path="schedule/appointments/:id"
            element={
              <RequirePermission action="sessions.read">
                <AppointmentPage />
              </RequirePermission>
            }
          />
          <Route
            path="schedule/series"
            element={
              <RequirePermission action="sessions.schedule">
                <SeriesPage />
              </RequirePermission>
            }
          />
          <Route
            path="admin/outbox"
            element={
              <RequirePermission action="organization.manage">
                <OutboxPage />
              </RequirePermission>
            }
          />
          <Route
            path="controlled-substances"
            element={
              <RequirePermission action="ledger.read">
                <StockPage />
              </RequirePermission>
            }
          />
          <Route
            path="controlled-substances/vials/:id"
            element={
              <RequirePermission action="ledger.read">
                <VialPage />
              </RequirePermission>
            }
          />
          <Route
            path="controlled-substances/receive"
            element={
              <RequirePermission action="ledger.record">
                <ReceivePage />
              </RequirePermission>
            }
          />
          <Route
            path="controlled-substances/dose"
            element={
              <RequirePermission action="ledger.record">
                <DosePage />
              </RequirePermission>
            }
          />
          <Route
            path="controlled-substances/waste"
            element={
              <RequirePermission action="ledger.record">
                <WastePage />
              </RequirePermission>
            }
          />
          <Route
            path="controlled-substances/counts"
            element={
              <RequirePermission action="ledger.read">
                <CountsPage />
              </RequirePermission>
            }
          />
          <Route
            path="controlled-substances/inventories"
            element={
              <RequirePermission action="ledger.read">
                <InventoriesPage />
              </RequirePermission>
            }
          />
          <Route
            path="controlled-substances/disposals"
            element={
              <RequirePermission action="ledger.read">
                <DisposalsPage />
              </RequirePermission>
            }
          />
          <Route
            path="controlled-substances/log"
            element={
              <RequirePermission action="ledger.review">
                <DispensingLogPage />
              </RequirePermission>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
