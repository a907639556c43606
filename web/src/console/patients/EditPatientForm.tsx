import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorFor, ErrorSummary, type FormError, RadioGroup, Select, TextField } from '../../shared/kit';
import { formatDate, parseUsDate } from '../../shared/time';
import { cmToFeetInches, implausibility, inToCm, kgToWholeLb, lbToKg } from '../../shared/units';
import { chartApi, type Patient } from './chart-api';
import { useReloadPatient } from './queries';
import { formErrors, parseNumber } from './shared';

const ids: Record<string, string> = {
  givenName: 'given',
  familyName: 'family',
  dateOfBirth: 'dob',
  heightCm: 'height-ft',
  weightKg: 'weight',
  phone: 'phone',
  email: 'email',
  companion: 'companion-name',
  emergencyContact: 'emergency-name',
  version: 'given',
};

function initial(p: Patient): Record<string, string> {
  const ftIn = p.heightCm === null ? null : cmToFeetInches(p.heightCm);
  return {
    given: p.givenName,
    family: p.familyName,
    dob: formatDate(p.dateOfBirth),
    sex: p.sex ?? '',
    'height-ft': ftIn ? String(ftIn.feet) : '',
    'height-in': ftIn ? String(ftIn.inches) : '',
    'height-cm': p.heightCm?.toString() ?? '',
    weight: p.weightKg === null ? '' : String(kgToWholeLb(p.weightKg)),
    'weight-kg': p.weightKg?.toString() ?? '',
    units: 'us',
    phone: p.phone ?? '',
    email: p.email ?? '',
    companionName: p.companion.name ?? '',
    companionPhone: p.companion.phone ?? '',
    companionRelationship: p.companion.relationship ?? '',
    emergencyName: p.emergencyContact.name ?? '',
    emergencyPhone: p.emergencyContact.phone ?? '',
    emergencyRelationship: p.emergencyContact.relationship ?? '',
  };
}

/** The patient's details: date of birth as MM/DD/YYYY, height and weight in lb and ft/in (or kg and cm). */
export function EditPatientForm({ patient }: { patient: Patient }) {
  const id = patient.id;
  const navigate = useNavigate();
  const reload = useReloadPatient(id);
  const [f, setF] = useState<Record<string, string>>(() => initial(patient));
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const set = (key: string) => (value: string) => setF((prev) => ({ ...prev, [key]: value }));
  const v = (key: string): string => f[key] ?? '';
  const us = v('units') === 'us';

  const measurements = (): { heightCm: number | null; weightKg: number | null; errors: FormError[] } => {
    const problems: FormError[] = [];
    const num = (key: string, fieldId: string, what: string) => {
      const n = parseNumber(v(key));
      if (n !== null && (Number.isNaN(n) || n < 0))
        problems.push({ fieldId, message: `Enter the ${what} as a number` });
      return n === null || Number.isNaN(n) ? null : n;
    };
    let heightCm: number | null;
    let weightKg: number | null;
    if (us) {
      const ft = num('height-ft', 'height-ft', 'feet');
      const inch = num('height-in', 'height-in', 'inches');
      heightCm = ft === null && inch === null ? null : inToCm((ft ?? 0) * 12 + (inch ?? 0));
      const lb = num('weight', 'weight', 'weight in pounds');
      weightKg = lb === null ? null : lbToKg(lb);
    } else {
      heightCm = num('height-cm', 'height-cm', 'height in centimeters');
      weightKg = num('weight-kg', 'weight-kg', 'weight in kilograms');
    }
    const odd = implausibility(heightCm, weightKg);
    if (odd && !confirmed && problems.length === 0)
      problems.push({ fieldId: us ? 'weight' : 'weight-kg', message: `${odd}. If they are right, save again.` });
    return { heightCm, weightKg, errors: problems };
  };

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    const dob = parseUsDate(v('dob'));
    const sex = v('sex');
    const m = measurements();
    const local: FormError[] = [
      ...(dob ? [] : [{ fieldId: 'dob', message: 'Enter the date of birth as month/day/year, like 06/14/1985' }]),
      ...m.errors,
    ];
    if (local.length || !dob) {
      if (m.errors.some((x) => x.message.endsWith('save again.'))) setConfirmed(true);
      return setErrors(local);
    }
    setBusy(true);
    try {
      await chartApi.updatePatient(id, {
        version: patient.version,
        givenName: v('given'),
        familyName: v('family'),
        dateOfBirth: dob,
        ...(sex === 'female' || sex === 'male' ? { sex } : {}),
        heightCm: m.heightCm,
        weightKg: m.weightKg,
        phone: v('phone'),
        email: v('email'),
        companion: { name: v('companionName'), phone: v('companionPhone'), relationship: v('companionRelationship') },
        emergencyContact: {
          name: v('emergencyName'),
          phone: v('emergencyPhone'),
          relationship: v('emergencyRelationship'),
        },
      });
      await reload();
      void navigate(`/patients/${id}`);
    } catch (error) {
      setErrors(formErrors(error, ids));
    } finally {
      setBusy(false);
    }
  };

  const text = (key: string, label: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      id={key}
      label={label}
      value={v(key)}
      onChange={set(key)}
      width="medium"
      error={errorFor(errors, key)}
      {...extra}
    />
  );

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorSummary errors={errors} />
      {text('given', 'First name')}
      {text('family', 'Last name')}
      {text('dob', 'Date of birth', {
        hint: 'Month/day/year, for example 06/14/1985',
        width: 'short',
        inputMode: 'numeric',
      })}
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
      <h2>Height and weight</h2>
      <Select
        id="units"
        label="Units"
        value={v('units')}
        onChange={set('units')}
        choices={[
          { value: 'us', label: 'Pounds, feet and inches' },
          { value: 'metric', label: 'Kilograms and centimeters' },
        ]}
      />
      {us ? (
        <>
          <div className="inline-fields">
            {text('height-ft', 'Height: feet', { width: 'short', inputMode: 'numeric', suffix: 'ft' })}
            {text('height-in', 'and inches', { width: 'short', inputMode: 'decimal', suffix: 'in' })}
          </div>
          {text('weight', 'Weight', { width: 'short', inputMode: 'decimal', suffix: 'lb', hint: 'For example 165' })}
        </>
      ) : (
        <>
          {text('height-cm', 'Height', { width: 'short', inputMode: 'decimal', suffix: 'cm' })}
          {text('weight-kg', 'Weight', { width: 'short', inputMode: 'decimal', suffix: 'kg' })}
        </>
      )}
      {text('phone', 'Phone', { type: 'tel' })}
      {text('email', 'Email', { type: 'email' })}
      <h2>Usual companion or driver</h2>
      <p>The responsible adult who takes the patient home after a session.</p>
      {text('companionName', 'Name', { id: 'companion-name', error: errorFor(errors, 'companion-name') })}
      {text('companionPhone', 'Phone', { id: 'companion-phone', type: 'tel' })}
      {text('companionRelationship', 'Relationship', { id: 'companion-relationship' })}
      <h2>Emergency contact</h2>
      {text('emergencyName', 'Name', { id: 'emergency-name', error: errorFor(errors, 'emergency-name') })}
      {text('emergencyPhone', 'Phone', { id: 'emergency-phone', type: 'tel' })}
      {text('emergencyRelationship', 'Relationship', { id: 'emergency-relationship' })}
      <div className="button-group">
        <button type="submit" className="button" disabled={busy}>
          Save details
        </button>
        <Link to={`/patients/${id}`}>Cancel</Link>
      </div>
    </form>
  );
}
