import {
  conditionOptions,
  contactMethodOptions,
  contactTimeOptions,
  usStates,
} from '../../../../src/domain/intake/index.js';
import { CheckboxGroup, ErrorMessage, RadioGroup, TextField } from '../../shared/kit';
import type { StepProps } from './step-props.js';

export function ContactDetails({
  state,
  update,
  errors,
  honeypot,
  setHoneypot,
}: StepProps & { honeypot: string; setHoneypot: (v: string) => void }) {
  const c = state.contact;
  const set = (field: keyof typeof c) => (value: string) =>
    update((s) => ({ ...s, contact: { ...s.contact, [field]: value } }));
  const dobError = errors['dob-day'];
  return (
    <>
      <TextField
        id="given-name"
        label="First name"
        autoComplete="given-name"
        spellCheck={false}
        value={c.givenName}
        onChange={set('givenName')}
        error={errors['given-name']}
      />
      <TextField
        id="family-name"
        label="Last name"
        autoComplete="family-name"
        spellCheck={false}
        value={c.familyName}
        onChange={set('familyName')}
        error={errors['family-name']}
      />
      <div className={`field${dobError ? ' field--error' : ''}`}>
        <fieldset role="group" aria-describedby={`dob-hint${dobError ? ' dob-error' : ''}`}>
          <legend className="question">Date of birth</legend>
          <span className="field__hint" id="dob-hint">
            For example, 27 3 1980
          </span>
          <ErrorMessage id="dob-error" message={dobError} />
          <div className="date-inputs">
            <div>
              <label htmlFor="dob-day">Day</label>
              <input
                type="text"
                className="input-short"
                id="dob-day"
                name="dob-day"
                inputMode="numeric"
                autoComplete="bday-day"
                maxLength={2}
                value={c.dobDay}
                onChange={(e) => set('dobDay')(e.target.value)}
                aria-invalid={dobError ? true : undefined}
              />
            </div>
            <div>
              <label htmlFor="dob-month">Month</label>
              <input
                type="text"
                className="input-short"
                id="dob-month"
                name="dob-month"
                inputMode="numeric"
                autoComplete="bday-month"
                maxLength={2}
                value={c.dobMonth}
                onChange={(e) => set('dobMonth')(e.target.value)}
                aria-invalid={dobError ? true : undefined}
              />
            </div>
            <div>
              <label htmlFor="dob-year">Year</label>
              <input
                type="text"
                className="input-year"
                id="dob-year"
                name="dob-year"
                inputMode="numeric"
                autoComplete="bday-year"
                maxLength={4}
                value={c.dobYear}
                onChange={(e) => set('dobYear')(e.target.value)}
                aria-invalid={dobError ? true : undefined}
              />
            </div>
          </div>
        </fieldset>
      </div>
      <TextField
        id="email"
        label="Email address"
        type="email"
        autoComplete="email"
        inputMode="email"
        spellCheck={false}
        value={c.email}
        onChange={set('email')}
        error={errors.email}
      />
      <TextField
        id="phone"
        label="Phone number"
        hint="We will call or text this number."
        type="tel"
        autoComplete="tel"
        inputMode="tel"
        value={c.phone}
        onChange={set('phone')}
        error={errors.phone}
      />
      <div className={`field${errors.state ? ' field--error' : ''}`}>
        <label htmlFor="state">State you live in</label>
        <ErrorMessage id="state-error" message={errors.state} />
        <select
          id="state"
          name="state"
          autoComplete="address-level1"
          value={c.state}
          onChange={(e) => set('state')(e.target.value)}
          aria-describedby={errors.state ? 'state-error' : undefined}
        >
          <option value="">Choose a state</option>
          {usStates.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
      {/* Honeypot (decision 005): invisible to people and to screen readers; a bot fills it in. */}
      <div className="honeypot" aria-hidden="true">
        <label htmlFor="website">Leave this empty</label>
        <input
          id="website"
          name="website"
          type="text"
          tabIndex={-1}
          autoComplete="off"
          value={honeypot}
          onChange={(e) => setHoneypot(e.target.value)}
        />
      </div>
    </>
  );
}

export function Conditions({ state, update, errors }: StepProps) {
  return (
    <CheckboxGroup
      name="condition"
      legend={<span className="visually-hidden">What brings you to us</span>}
      hint="Choose all that apply."
      choices={conditionOptions.map((o) => ({ value: o.id, label: o.label, ...(o.hint ? { hint: o.hint } : {}) }))}
      values={state.conditions}
      onChange={(values) => update((s) => ({ ...s, conditions: values }))}
      error={errors['condition-depression']}
    />
  );
}

export function Medicines({ state, update, errors }: StepProps) {
  return (
    <div className={`field${errors.medications ? ' field--error' : ''}`}>
      <label htmlFor="medications">Which medicines do you take at the moment?</label>
      <span className="field__hint" id="medications-hint">
        Include the name and dose if you know them, for example "sertraline 100 mg once a day". Leave it empty if you
        take none.
      </span>
      <ErrorMessage id="medications-error" message={errors.medications} />
      <textarea
        id="medications"
        name="medications"
        rows={5}
        maxLength={2000}
        aria-describedby="medications-hint"
        value={state.medications}
        onChange={(e) => update((s) => ({ ...s, medications: e.target.value }))}
      />
    </div>
  );
}

export function ContactTimes({ state, update, errors }: StepProps) {
  return (
    <>
      <CheckboxGroup
        name="time"
        legend="When can we contact you?"
        hint="Choose all that suit you."
        choices={contactTimeOptions.map((o) => ({ value: o.id, label: o.label }))}
        values={state.contactTimes}
        onChange={(values) => update((s) => ({ ...s, contactTimes: values }))}
        error={errors['time-weekday_morning']}
      />
      <RadioGroup
        name="method"
        legend="How would you like us to contact you first?"
        choices={contactMethodOptions.map((o) => ({ value: o.id, label: o.label }))}
        value={state.contactMethod || undefined}
        onChange={(v) => update((s) => ({ ...s, contactMethod: v }))}
        error={errors['method-phone']}
      />
    </>
  );
}
