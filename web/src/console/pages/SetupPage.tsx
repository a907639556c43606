import { useState, type SyntheticEvent } from 'react';
import { ApiError, api } from '../../shared/api';
import {
  errorFor,
  ErrorSummary,
  type FormError,
  LiveRegion,
  Notice,
  PageHeading,
  Select,
  TextField,
} from '../../shared/kit';
import { PlainLayout } from '../components/ConsoleLayout';

const zones = [
  { value: 'America/New_York', label: 'Eastern (New York)' },
  { value: 'America/Chicago', label: 'Central (Chicago)' },
  { value: 'America/Denver', label: 'Mountain (Denver)' },
  { value: 'America/Phoenix', label: 'Mountain, no daylight saving (Phoenix)' },
  { value: 'America/Los_Angeles', label: 'Pacific (Los Angeles)' },
  { value: 'America/Anchorage', label: 'Alaska (Anchorage)' },
  { value: 'Pacific/Honolulu', label: 'Hawaii (Honolulu)' },
] as const;

/** The field each part of the request lands in, for the error summary's links. */
const ids: Record<string, string> = {
  '/setupCode': 'setup-code',
  '/body/setupCode': 'setup-code',
  '/body/clinic/name': 'clinic-name',
  '/body/clinic/phone': 'clinic-phone',
  '/body/clinic/timeZone': 'clinic-zone',
  '/clinic/timeZone': 'clinic-zone',
  '/body/clinic/address/line1': 'address-line1',
  '/body/clinic/address/city': 'address-city',
  '/body/clinic/address/state': 'address-state',
  '/body/clinic/address/postalCode': 'address-zip',
  '/body/admin/name': 'admin-name',
  '/body/admin/email': 'admin-email',
  '/body/admin/password': 'admin-password',
  '/admin/password': 'admin-password',
};

type Fields = Record<string, string>;

/**
 * First run: the clinic's name, address, phone and time zone and its first administrator, claimed with
 * the one-time code the server printed when it started. The administrator sets up two-step sign-in at
 * their first sign-in.
 */
export function SetupPage({ onDone }: { onDone: () => void }) {
  const [f, setF] = useState<Fields>({ 'clinic-zone': 'America/New_York' });
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const v = (id: string) => f[id] ?? '';
  const field = (id: string) => ({
    id,
    value: v(id),
    onChange: (value: string) => setF((prev) => ({ ...prev, [id]: value })),
    error: errorFor(errors, id),
  });

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    const missing = Object.entries({
      'setup-code': 'Enter the setup code the server printed when it started',
      'clinic-name': 'Enter the clinic’s name',
      'clinic-phone': 'Enter the clinic’s phone number',
      'address-line1': 'Enter the street address',
      'address-city': 'Enter the city',
      'address-state': 'Enter the two-letter state, like OR',
      'address-zip': 'Enter the ZIP code',
      'admin-name': 'Enter your full name',
      'admin-email': 'Enter your email address',
      'admin-password': 'Choose a password of at least 12 characters',
    })
      .filter(([id]) => !v(id).trim())
      .map(([fieldId, message]) => ({ fieldId, message }));
    if (missing.length) return setErrors(missing);
    setBusy(true);
    try {
      const result = await api.post<{ adminEmail: string }>(
        '/api/v1/setup',
        {
          setupCode: v('setup-code'),
          clinic: {
            name: v('clinic-name'),
            phone: v('clinic-phone'),
            timeZone: v('clinic-zone'),
            address: {
              line1: v('address-line1'),
              line2: v('address-line2') || null,
              city: v('address-city'),
              state: v('address-state'),
              postalCode: v('address-zip'),
            },
          },
          admin: { name: v('admin-name'), email: v('admin-email'), password: v('admin-password') },
        },
        { unauthorizedIsExpected: true },
      );
      setErrors([]);
      setDone(result.adminEmail);
    } catch (error) {
      if (!(error instanceof ApiError)) setErrors([{ message: 'Something went wrong. Try again.' }]);
      else if (error.fieldErrors.length)
        setErrors(error.fieldErrors.map((fe) => ({ fieldId: ids[fe.path] ?? 'setup-code', message: fe.message })));
      else setErrors([{ message: error.detail ?? error.title }]);
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <PlainLayout>
        <PageHeading title="Your clinic is set up">Your clinic is set up</PageHeading>
        <LiveRegion>
          <Notice kind="success" title="Clinic and administrator created">
            <p>
              Sign in as {done}. You will set up two-step verification with an authenticator app next; then invite your
              staff from Users.
            </p>
          </Notice>
        </LiveRegion>
        <button type="button" className="button" onClick={onDone}>
          Sign in
        </button>
      </PlainLayout>
    );

  return (
    <PlainLayout>
      <PageHeading title="Set up your clinic">Set up your clinic</PageHeading>
      <p className="lead">
        This installation has no clinic yet. Tell us about the clinic and who will administer it. The public website
        shows the clinic&apos;s name, address and phone number.
      </p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary errors={errors} />
        <TextField
          {...field('setup-code')}
          label="Setup code"
          hint="Printed in the terminal where the server was started, like ABCD-EFGH-JKLM. It works once."
          width="medium"
          autoComplete="off"
          spellCheck={false}
        />
        <h2>The clinic</h2>
        <TextField {...field('clinic-name')} label="Clinic name" autoComplete="organization" />
        <TextField {...field('clinic-phone')} label="Phone number" type="tel" width="medium" autoComplete="tel" />
        <TextField {...field('address-line1')} label="Street address" autoComplete="address-line1" />
        <TextField
          {...field('address-line2')}
          label="Suite or floor (optional)"
          autoComplete="address-line2"
          error={undefined}
        />
        <TextField {...field('address-city')} label="City" width="medium" autoComplete="address-level2" />
        <div className="inline-fields">
          <TextField {...field('address-state')} label="State" hint="Two letters, like OR" width="short" />
          <TextField {...field('address-zip')} label="ZIP code" width="short" inputMode="numeric" />
        </div>
        <Select
          id="clinic-zone"
          label="Time zone"
          hint="Appointments, signatures and the audit log are shown in this time zone."
          value={v('clinic-zone')}
          onChange={(value) => setF((prev) => ({ ...prev, 'clinic-zone': value }))}
          choices={zones}
          error={errorFor(errors, 'clinic-zone')}
        />
        <h2>You, the first administrator</h2>
        <TextField {...field('admin-name')} label="Full name" autoComplete="name" />
        <TextField {...field('admin-email')} label="Email address" type="email" autoComplete="email" width="medium" />
        <TextField
          {...field('admin-password')}
          label="Password"
          hint="At least 12 characters; a few unrelated words work well."
          type="password"
          autoComplete="new-password"
          width="medium"
        />
        <button type="submit" className="button" disabled={busy}>
          Set up the clinic
        </button>
      </form>
    </PlainLayout>
  );
}
