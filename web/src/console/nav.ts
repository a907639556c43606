import type { Action } from '../../../src/domain/permissions/actions';
import type { Me } from '../shared/identity-api';

/**
 * What each role is for, in plain words (DESIGN.md "People and what they do"). Shown on the home page
 * so a person can see why they see the areas they see.
 */
export const roleInfo: Record<string, { label: string; covers: string }> = {
  admin: {
    label: 'Administrator',
    covers: 'Clinic set-up: staff accounts, locations, treatment chairs, protocol defaults, reports and the audit log.',
  },
  prescriber: {
    label: 'Prescriber',
    covers:
      'Assessment and eligibility sign-off, consent, the treatment plan and dose orders, and signing off sessions.',
  },
  nurse: {
    label: 'Nurse',
    covers:
      'Running sessions: pre-checks, vital signs, giving the dose under a signed order, observation, recovery and discharge; stock counts and witnessing waste.',
  },
  coordinator: {
    label: 'Coordinator',
    covers:
      'The intake queue, booking assessments and treatment series, checking patients in and confirming companions.',
  },
};

export function roleLabel(role: string): string {
  return roleInfo[role]?.label ?? role;
}

/** Whether the server granted this person an action (GET /me lists them, from the domain's permission table). */
export function can(me: Pick<Me, 'permissions'>, action: Action): boolean {
  return me.permissions.includes(action);
}

export interface NavItem {
  path: string;
  label: string;
  /** One sentence for the home page: what the person can do there. */
  summary: string;
  /** Whether this person sees the area. The server checks every request regardless; this only tidies the menu. */
  allowed: (me: Me) => boolean;
}

/**
 * The console's areas, in menu order. An area is listed only once its route exists: a later issue that
 * builds the intake queue, patients, sessions, controlled substances or reports adds its route in
 * App.tsx and its entry here, e.g.
 *   { path: '/intake', label: 'Intake queue', summary: '…', allowed: (me) => can(me, 'intake.read') },
 */
export const navItems: readonly NavItem[] = [
  { path: '/', label: 'Home', summary: 'Who you are signed in as and what you can do.', allowed: () => true },
  {
    path: '/intake',
    label: 'Intake queue',
    summary: 'New "Get started" requests from the website, urgent first: call back, convert to a patient or decline.',
    allowed: (me) => can(me, 'intake.read'),
  },
  {
    path: '/patients',
    label: 'Patients',
    summary: 'Find a patient by name, date of birth or MRN; the chart, assessment, consent and treatment plan.',
    allowed: (me) => can(me, 'patients.read'),
  },
  {
    path: '/measurement-care',
    label: 'Measurement-based care',
    summary:
      'Patients due for a maintenance session by their scores, and patients without early improvement to review.',
    allowed: (me) => can(me, 'questionnaires.read') && can(me, 'clinical_notes.read'),
  },
  {
    path: '/schedule',
    label: 'Calendar',
    summary: 'Day and week calendars by chair or staff, today’s list for the front desk, booking and check-in.',
    allowed: (me) => can(me, 'sessions.read'),
  },
  {
    path: '/controlled-substances',
    label: 'Controlled substances',
    summary:
      'Ketamine stock by product, lot and vial; receive stock, record doses and witnessed waste, counts, inventories, destruction and loss, the dispensing log.',
    allowed: (me) => can(me, 'ledger.read'),
  },
  {
    path: '/sessions',
    label: 'Chair board',
    summary:
      'Today’s treatment sessions, live: check patients in, pre-checks, the dose, vitals and alerts, discharge and signatures.',
    allowed: (me) => can(me, 'sessions.read'),
  },
  {
    path: '/alerts',
    label: 'Safety alerts',
    summary:
      'Urgent tasks raised by patients’ portal answers (thoughts of self-harm, C-SSRS risk): acknowledge, act and resolve.',
    allowed: (me) => can(me, 'questionnaires.read'),
  },
  {
    path: '/admin/users',
    label: 'Users',
    summary: 'Invite staff, set their roles, deactivate accounts and sign people out of all devices.',
    allowed: (me) => can(me, 'users.read'),
  },
  {
    path: '/admin/audit',
    label: 'Audit log',
    summary:
      'Who signed in, changed an account or opened a patient’s record, and when; filter by user, patient or date.',
    allowed: (me) => can(me, 'audit.read'),
  },
  {
    path: '/admin/outbox',
    label: 'Email outbox',
    summary: 'Reminders and other emails the clinic sent or holds (where they wait when no mail server is set).',
    allowed: (me) => can(me, 'organization.manage'),
  },
  {
    path: '/account',
    label: 'Your account',
    summary: 'Change your password and set up two-step verification.',
    allowed: () => true,
  },
];

export function navFor(me: Me): NavItem[] {
  return navItems.filter((item) => item.allowed(me));
}
