import { useEffect, useState, type SyntheticEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorFor, ErrorSummary, type FormError, Notice, PageHeading, RadioGroup, TextField } from '../../shared/kit';
import { chartApi, type Patient } from './chart-api';
import { errorMessage, formErrors, parseNumber } from './shared';

const ids: Record<string, string> = {
  givenName: 'given',
  familyName: 'family',
  dateOfBirth: 'dob',
  heightCm: 'height',
  weightKg: 'weight',
  phone: 'phone',
  email: 'email',
  companion: 'companion-name',
  emergencyContact: 'emergency-name',
  version: 'given',
};

/** Demographics, contacts (usual companion/driver), height and weight. Units are checked on the server with a hint. */
export function EditPatientPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [patient, setPatient] = useState<Patient | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [f, setF] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    chartApi.chart(id).then(
      (chart) => {
        const p = chart.patient;
        setPatient(p);
        setF({
          given: p.givenName,
          family: p.familyName,
          dob: p.dateOfBirth,
          sex: p.sex ?? '',
          height: p.heightCm?.toString() ?? '',
          weight: p.weightKg?.toString() ?? '',
          phone: p.phone ?? '',
          email: p.email ?? '',
          companionName: p.companion.name ?? '',
          companionPhone: p.companion.phone ?? '',
          companionRelationship: p.companion.relationship ?? '',
          emergencyName: p.emergencyContact.name ?? '',
          emergencyPhone: p.emergencyContact.phone ?? '',
          emergencyRelationship: p.emergencyContact.relationship ?? '',
        });
      },
      (error: unknown) => setFailure(errorMessage(error, 'The chart could not be loaded.')),
    );
  }, [id]);

  if (failure)
    return (
      <Notice kind="warning" title="The chart could not be loaded">
        <p>{failure}</p>
      </Notice>
    );
  if (!patient) return <p aria-live="polite">Loading…</p>;
  const set = (key: string) => (value: string) => setF((prev) => ({ ...prev, [key]: value }));
  const v = (key: string): string => f[key] ?? '';

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await chartApi.updatePatient(id, {
        version: patient.version,
        givenName: v('given'),
        familyName: v('family'),
        dateOfBirth: v('dob'),
        ...(v('sex') ? { sex: v('sex') } : {}),
        heightCm: parseNumber(v('height')),
        weightKg: parseNumber(v('weight')),
        phone: v('phone'),
        email: v('email'),
        companion: { name: v('companionName'), phone: v('companionPhone'), relationship: v('companionRelationship') },
        emergencyContact: {
          name: v('emergencyName'),
          phone: v('emergencyPhone'),
          relationship: v('emergencyRelationship'),
        },
      });
      void navigate(`/patients/${id}`);
    } catch (error) {
      setErrors(formErrors(error, ids));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>
        <Link className="back-link" to={`/patients/${id}`}>
          Back to the chart
        </Link>
      </p>
      <PageHeading title="Edit details" caption={`${patient.givenName} ${patient.familyName}`}>
        Edit details
      </PageHeading>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary errors={errors} />
        <TextField
          id="given"
          label="Given name"
          value={v('given')}
          onChange={set('given')}
          width="medium"
          error={errorFor(errors, 'given')}
        />
        <TextField
          id="family"
          label="Family name"
          value={v('family')}
          onChange={set('family')}
          width="medium"
          error={errorFor(errors, 'family')}
        />
        <TextField
          id="dob"
          label="Date of birth"
          hint="For example 1984-05-06"
          value={v('dob')}
          onChange={set('dob')}
          width="short"
          error={errorFor(errors, 'dob')}
        />
        <RadioGroup
          name="sex"
          firstId="sex"
          legend="Sex assigned at birth (used only for ideal and adjusted body weight)"
          value={v('sex')}
          onChange={set('sex')}
          choices={[
            { value: 'female', label: 'Female' },
            { value: 'male', label: 'Male' },
          ]}
        />
        <TextField
          id="height"
          label="Height in centimetres"
          hint="For example 172. Not inches or metres."
          value={v('height')}
          onChange={set('height')}
          width="short"
          inputMode="decimal"
          error={errorFor(errors, 'height')}
        />
        <TextField
          id="weight"
          label="Weight in kilograms"
          hint="For example 72.5. Not pounds."
          value={v('weight')}
          onChange={set('weight')}
          width="short"
          inputMode="decimal"
          error={errorFor(errors, 'weight')}
        />
        <TextField id="phone" label="Phone" value={v('phone')} onChange={set('phone')} width="medium" />
        <TextField id="email" label="Email" value={v('email')} onChange={set('email')} width="medium" />
        <h2>Usual companion or driver</h2>
        <p>The responsible adult who takes the patient home after a session.</p>
        <TextField
          id="companion-name"
          label="Name"
          value={v('companionName')}
          onChange={set('companionName')}
          width="medium"
          error={errorFor(errors, 'companion-name')}
        />
        <TextField
          id="companion-phone"
          label="Phone"
          value={v('companionPhone')}
          onChange={set('companionPhone')}
          width="medium"
        />
        <TextField
          id="companion-relationship"
          label="Relationship"
          value={v('companionRelationship')}
          onChange={set('companionRelationship')}
          width="medium"
        />
        <h2>Emergency contact</h2>
        <TextField
          id="emergency-name"
          label="Name"
          value={v('emergencyName')}
          onChange={set('emergencyName')}
          width="medium"
        />
        <TextField
          id="emergency-phone"
          label="Phone"
          value={v('emergencyPhone')}
          onChange={set('emergencyPhone')}
          width="medium"
        />
        <TextField
          id="emergency-relationship"
          label="Relationship"
          value={v('emergencyRelationship')}
          onChange={set('emergencyRelationship')}
          width="medium"
        />
        <div className="button-group">
          <button type="submit" className="button" disabled={busy}>
            Save details
          </button>
          <Link to={`/patients/${id}`}>Cancel</Link>
        </div>
      </form>
    </>
  );
}
