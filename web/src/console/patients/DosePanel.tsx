import type { DerivedPlan } from '../../../../src/domain/chart/plan';
import type { DoseCalculation } from '../../../../src/domain/dosing';
import { clinicDateOf, formatDate } from '../../shared/time';
import {} from './shared';

const basisChangeWords = {
  actual_below_ideal: 'actual weight is below ideal weight, so the dose uses actual weight',
  height_below_devine_range: 'below 152.4 cm (60 in) there is no Devine ideal weight, so the dose uses actual weight',
} as const;
const diluentWords = { sodium_chloride_0_9: '0.9 % sodium chloride', dextrose_5: '5 % dextrose' } as const;

const limitWords = { max_mg_per_kg: 'mg/kg', max_total_mg: 'mg in total', max_infusion_rate: 'mg/kg/h' } as const;

function Dose({ title, dose }: { title: string; dose: DoseCalculation }) {
  return (
    <section className="section" aria-label={title}>
      <h3>{title}</h3>
      <p className="dose-figure">
        {dose.delivered.mg} mg <span className="muted">= {dose.volume.roundedMl} mL</span>
      </p>
      <ul>
        <li>
          {dose.orderedMgPerKg} mg/kg × {dose.weight.dosingKg} kg ({dose.basisUsed ?? dose.basis} weight) ={' '}
          {dose.doseMg} mg
          {dose.basisChange ? ` — ${basisChangeWords[dose.basisChange]}` : ''}
        </li>
        <li>
          Volume {dose.volume.exactMl} mL, rounded to the {dose.volume.stepMl} mL mark:{' '}
          <strong>{dose.volume.roundedMl} mL</strong>
          {dose.volume.deltaMl !== 0
            ? ` (${dose.volume.deltaMl > 0 ? '+' : ''}${dose.volume.deltaMl} mL)`
            : ' (no rounding)'}
        </li>
        <li>
          Delivered: {dose.delivered.mg} mg = {dose.delivered.mgPerKg} mg/kg
        </li>
        {dose.infusion ? (
          <li>
            Infusion over {dose.infusion.minutes} min: {dose.infusion.mlPerHour} mL/h, {dose.infusion.mgPerKgPerHour}{' '}
            mg/kg/h
            {dose.infusion.finalVolumeMl !== undefined && dose.infusion.diluent !== undefined
              ? ` (${dose.infusion.drugVolumeMl} mL drug ${
                  dose.infusion.diluent === 'none'
                    ? 'undiluted'
                    : `+ ${dose.infusion.diluentVolumeMl} mL ${diluentWords[dose.infusion.diluent]}`
                } = ${dose.infusion.finalVolumeMl} mL)`
              : ''}
          </li>
        ) : null}
        <li>
          Weight {dose.weight.actualKg} kg, height {dose.weight.heightCm} cm, BMI {dose.weight.bmi};{' '}
          {dose.weight.idealKg === null
            ? 'no ideal weight below 152.4 cm (Devine is defined from 60 in)'
            : `ideal ${dose.weight.idealKg} kg, adjusted ${dose.weight.adjustedKg} kg`}
        </li>
      </ul>
    </section>
  );
}

/** A series that began before today is the plan's record of its induction, not appointments still to book. */
function SeriesInThePast({ derived }: { derived: DerivedPlan }) {
  const first = derived.series.sessions[0]?.localDate;
  if (!first || first >= clinicDateOf(new Date())) return null;
  return (
    <p className="muted">
      Began {formatDate(first)}: these are the dates the induction was planned for, not new appointments.
    </p>
  );
}

/** The dose at the start and at the titration ceiling, the limit check, and the induction dates. */
export function DosePanel({ derived }: { derived: DerivedPlan }) {
  return (
    <div aria-live="polite">
      {'esketamine' in derived ? (
        <section className="section" aria-labelledby="esketamine-dose">
          <h3 id="esketamine-dose">Esketamine nasal spray</h3>
          <ul>
            <li>
              Starting dose {derived.esketamine.startMg} mg: {derived.esketamine.startDevices} devices of 28 mg
            </li>
            <li>
              Up to {derived.esketamine.maxMg} mg: {derived.esketamine.maxDevices} devices of 28 mg
            </li>
            <li>A fixed dose, not weight-based; at least 2 hours of REMS observation after the dose.</li>
          </ul>
        </section>
      ) : (
        <>
          <Dose title="Starting dose" dose={derived.startDose} />
          {derived.maxDose !== derived.startDose ? (
            <Dose title="At the titration maximum" dose={derived.maxDose} />
          ) : null}
        </>
      )}
      {derived.exceededLimits.length > 0 ? (
        <div className="notice notice--warning">
          <h3 className="notice__title">Above the protocol's limit: an override reason is required</h3>
          <ul>
            {derived.exceededLimits.map((l) => (
              <li key={`${l.dose}-${l.limit}`}>
                {l.dose === 'start' ? 'Starting dose' : 'Titration maximum'}: {l.requested} {limitWords[l.limit]} (limit{' '}
                {l.allowed})
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>
          <strong>Within the protocol's limits.</strong>
        </p>
      )}
      <section className="section" aria-labelledby="series">
        <h3 id="series">
          Induction series ({derived.series.sessions.length} sessions over {derived.series.spanDays} days)
        </h3>
        <SeriesInThePast derived={derived} />
        <ol>
          {derived.series.sessions.map((s) => (
            <li key={s.number}>
              {formatDate(s.localDate)} at {s.localTime}
              {s.timeAdjusted ? ' (moved to fit opening hours)' : ''}
            </li>
          ))}
        </ol>
        <p className="muted">
          Chair time per session: {derived.appointmentMinutes} minutes (
          {'esketamine' in derived
            ? 'check-in and the 2-hour REMS observation from the dose'
            : "check-in, dose and the protocol's recovery minimum"}
          ).
        </p>
      </section>
    </div>
  );
}
