import type { ReactNode } from 'react';
import { allergySeverityLabels, historyLabels, labelOf, sexLabels } from '../../../../src/domain/labels';
import { useMe } from '../../shared/auth';
import { formatDateTime } from '../../shared/time';
import { heightText, weightText } from '../../shared/units';
import { can } from '../nav';
import type { Chart } from './chart-api';
import { AddAllergy, AddDiagnosis, AddMedication, NoKnownAllergies, StatusChange } from './ChartForms';
import { PortalAccessPanel } from './PortalAccessPanel';

/** The chart's summary tab: details and contacts, allergies, diagnoses, medications, history. */
export function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="summary-list__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const contactText = (c: { name: string | null; phone: string | null; relationship: string | null }): string =>
  c.name
    ? [c.name, c.relationship ? `(${c.relationship})` : '', c.phone ?? ''].filter(Boolean).join(' ')
    : 'Not recorded';

export function Summary({ chart, reload }: { chart: Chart; reload: () => Promise<void> }) {
  const me = useMe();
  const p = chart.patient;
  return (
    <>
      <section className="section" aria-labelledby="demographics">
        <h2 id="demographics">Details and contacts</h2>
        <dl className="summary-list">
          <Row label="Sex (for dosing)">{p.sex ? sexLabels[p.sex] : 'Not recorded'}</Row>
          <Row label="Phone">{p.phone ?? 'Not recorded'}</Row>
          <Row label="Email">{p.email ?? 'Not recorded'}</Row>
          <Row label="Usual companion / driver">{contactText(p.companion)}</Row>
          <Row label="Emergency contact">{contactText(p.emergencyContact)}</Row>
          <Row label="Height">{p.heightCm === null ? 'Not recorded' : heightText(p.heightCm)}</Row>
          <Row label="Weight">
            {p.weightKg === null ? 'Not recorded' : weightText(p.weightKg)}
            {p.measuredAt ? <span className="muted"> (measured {formatDateTime(p.measuredAt)})</span> : null}
          </Row>
          <Row label="BMI">{p.bmi === null ? 'Needs height and weight' : `${p.bmi} kg/m²`}</Row>
        </dl>
      </section>
      {chart.clinicalRedacted ? null : <ClinicalSections chart={chart} reload={reload} />}
      <PortalAccessPanel chart={chart} onGranted={reload} />
      {can(me, 'patients.manage') ? <StatusChange chart={chart} onChanged={reload} /> : null}
    </>
  );
}

function ClinicalSections({ chart, reload }: { chart: Chart; reload: () => Promise<void> }) {
  const me = useMe();
  const p = chart.patient;
  const mayWrite = can(me, 'clinical_notes.write');
  return (
    <>
      <section className="section" aria-labelledby="allergies">
        <h2 id="allergies">Allergies</h2>
        {chart.noKnownAllergies ? (
          <p className="allergy-status">
            <strong>No known drug allergies</strong>{' '}
            <span className="muted">(recorded {formatDateTime(chart.noKnownAllergies.recordedAt)})</span>
          </p>
        ) : chart.allergies.length === 0 ? (
          <p>
            <strong>Allergies not yet asked.</strong> Record an allergy, or &ldquo;No known drug allergies&rdquo;.
          </p>
        ) : (
          <ul>
            {chart.allergies.map((a) => (
              <li key={a.id}>
                <strong>{a.substance}</strong> — {a.reaction ?? 'reaction not recorded'} (
                {labelOf(allergySeverityLabels, a.severity)})
              </li>
            ))}
          </ul>
        )}
        {mayWrite && chart.allergies.length === 0 ? (
          <NoKnownAllergies patientId={p.id} recorded={chart.noKnownAllergies !== null} onChanged={reload} />
        ) : null}
        {mayWrite && !chart.noKnownAllergies ? <AddAllergy patientId={p.id} onAdded={reload} /> : null}
      </section>
      <section className="section" aria-labelledby="diagnoses">
        <h2 id="diagnoses">Diagnoses (ICD-10-CM)</h2>
        {chart.diagnoses.length === 0 ? (
          <p>No diagnoses recorded.</p>
        ) : (
          <ul>
            {chart.diagnoses.map((d) => (
              <li key={d.id}>
                <strong>{d.icd10}</strong> {d.label}
                {d.isPrimary ? <span className="flag">Primary</span> : null}
              </li>
            ))}
          </ul>
        )}
        {mayWrite ? <AddDiagnosis patientId={p.id} onAdded={reload} /> : null}
      </section>
      <section className="section" aria-labelledby="medications">
        <h2 id="medications">Medications</h2>
        {chart.medications.length === 0 ? (
          <p>No medications recorded.</p>
        ) : (
          <ul>
            {chart.medications.map((m) => (
              <li key={m.id}>
                <strong>{m.name}</strong>
                {m.doseText ? ` — ${m.doseText}` : ''}
                {m.benzodiazepine ? (
                  <span className="flag">
                    Benzodiazepine
                    {m.lorazepamEqMgPerDay === null
                      ? ': dose unknown'
                      : `: ${m.lorazepamEqMgPerDay} mg/day lorazepam-eq`}
                  </span>
                ) : null}
                {m.maoi ? <span className="flag">MAOI</span> : null}
              </li>
            ))}
          </ul>
        )}
        <p>
          Benzodiazepines in total: <strong>{chart.benzodiazepineTotal.mgPerDay} mg/day lorazepam-equivalent</strong>
          {chart.benzodiazepineTotal.unknownDose.length
            ? ` (dose unknown: ${chart.benzodiazepineTotal.unknownDose.join(', ')})`
            : ''}
          . <span className="muted">Equivalents from the Ashton Manual (approximate, unverified).</span>
        </p>
        {mayWrite ? <AddMedication patientId={p.id} onAdded={reload} /> : null}
      </section>
      <section className="section" aria-labelledby="history">
        <h2 id="history">Substance use and history relevant to ketamine</h2>
        <dl className="summary-list">
          {Object.entries({ ...p.substanceUse, ...p.medicalHistory }).map(([k, v]) => (
            <Row key={k} label={labelOf(historyLabels, k)}>
              {typeof v === 'boolean' ? (v ? 'Yes' : 'No') : String(v)}
            </Row>
          ))}
        </dl>
        {Object.keys(p.substanceUse).length + Object.keys(p.medicalHistory).length === 0 ? (
          <p>Nothing recorded yet; the assessment records the findings that matter for eligibility.</p>
        ) : null}
      </section>
    </>
  );
}
