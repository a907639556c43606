import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { diagnosisCatalogue } from '../../../../src/domain/chart/diagnoses';
import { patientStatusLabels, type PatientStatus } from '../../../../src/domain/chart/patient-status';
import { useMe } from '../auth';
import {
  Checkbox,
  errorFor,
  ErrorSummary,
  type FormError,
  LiveRegion,
  Notice,
  PageHeading,
  Select,
  TextField,
} from '../../shared/kit';
import { formatDate, formatDateTime } from '../../shared/time';
import { can } from '../nav';
import { chartApi, type Chart } from './chart-api';
import { PortalAccessPanel } from './PortalAccessPanel';
import { RecordQuestionnaire, RecordVitals } from './RecordForms';
import { UploadedDocuments } from './UploadedDocuments';
import { errorMessage, formErrors, parseNumber, StatusTag } from './shared';

const tabs = [
  { id: 'summary', label: 'Summary' },
  { id: 'documents', label: 'Documents' },
  { id: 'measurements', label: 'Vitals and questionnaires' },
  { id: 'timeline', label: 'Timeline' },
] as const;
type Tab = (typeof tabs)[number]['id'];

const decisionWords: Record<string, string> = {
  eligible: 'Eligible',
  eligible_with_clearance: 'Eligible with clearance',
  not_eligible: 'Not eligible',
};

/** The patient's chart: header with status, consent and eligibility; sections as tabs; the timeline. */
export function ChartPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const tab: Tab = tabs.some((t) => t.id === params.get('tab')) ? (params.get('tab') as Tab) : 'summary';
  const me = useMe();
  const [chart, setChart] = useState<Chart | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setChart(await chartApi.chart(id));
    } catch (error) {
      setFailure(errorMessage(error, 'The chart could not be loaded.'));
    }
  }, [id]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (failure)
    return (
      <>
        <PageHeading title="Chart not available">Chart not available</PageHeading>
        <Notice kind="warning" title="The chart could not be loaded">
          <p>{failure}</p>
        </Notice>
        <p>
          <Link to="/patients">Back to patients</Link>
        </p>
      </>
    );
  if (!chart) return <p aria-live="polite">Loading the chart…</p>;
  const { patient } = chart;
  const name = `${patient.givenName} ${patient.familyName}`;
  const draftAssessment = chart.documents.find((d) => d.kind === 'assessment' && d.status === 'draft');
  const draftPlan = chart.documents.find((d) => d.kind === 'plan' && d.status === 'draft');
  const signedPlan = chart.documents.find((d) => d.kind === 'plan' && d.status === 'signed');

  return (
    <>
      <p>
        <Link className="back-link" to="/patients">
          Patients
        </Link>
      </p>
      <PageHeading title={`${name} — chart`} caption={`MRN ${patient.mrn}`}>
        {name}
      </PageHeading>
      <div className="chart-header">
        <StatusTag status={patient.status} />
        <ul className="chart-header__facts">
          <li>
            Born {formatDate(patient.dateOfBirth)} ({patient.ageYears} years)
          </li>
          <li>
            Consent:{' '}
            <strong>
              {chart.consent.status === 'active'
                ? 'signed'
                : chart.consent.status === 'withdrawn'
                  ? 'withdrawn — new sessions blocked'
                  : 'none on file'}
            </strong>
          </li>
          <li>
            Eligibility:{' '}
            <strong>{chart.eligibility ? decisionWords[chart.eligibility.decision] : 'not yet signed'}</strong>
          </li>
        </ul>
      </div>
      <div className="button-group">
        {can(me, 'assessments.write') ? (
          <Link
            className="button"
            to={
              draftAssessment ? `/patients/${id}/assessments/${draftAssessment.id}` : `/patients/${id}/assessments/new`
            }
          >
            {draftAssessment ? 'Continue the assessment' : 'Start an assessment'}
          </Link>
        ) : null}
        {can(me, 'consents.record') ? (
          <Link className="button button--secondary" to={`/patients/${id}/consent`}>
            Record consent
          </Link>
        ) : null}
        {can(me, 'plans.write') ? (
          <Link
            className="button button--secondary"
            to={draftPlan ? `/patients/${id}/plans/${draftPlan.id}` : `/patients/${id}/plans/new`}
          >
            {draftPlan
              ? 'Continue the plan'
              : signedPlan
                ? 'Change the plan (new version)'
                : 'Write the treatment plan'}
          </Link>
        ) : null}
        {can(me, 'patients.manage') ? (
          <Link className="button button--secondary" to={`/patients/${id}/edit`}>
            Edit details
          </Link>
        ) : null}
      </div>
      {chart.clinicalRedacted ? (
        <p className="muted">
          Clinical details (diagnoses, medications, vitals, questionnaires) are shown to clinical staff only.
        </p>
      ) : null}
      <nav aria-label="Chart sections">
        <ul className="chart-tabs">
          {tabs
            .filter((t) => !(chart.clinicalRedacted && t.id === 'measurements'))
            .map((t) => (
              <li key={t.id}>
                <Link to={`?tab=${t.id}`} replace aria-current={tab === t.id ? 'page' : undefined}>
                  {t.label}
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      {tab === 'summary' ? <Summary chart={chart} reload={reload} /> : null}
      {tab === 'documents' ? (
        <>
          <Documents chart={chart} />
          <UploadedDocuments patientId={id} onChanged={reload} />
        </>
      ) : null}
      {tab === 'measurements' ? <Measurements chart={chart} reload={reload} /> : null}
      {tab === 'timeline' ? <Timeline chart={chart} /> : null}
    </>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
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

function Summary({ chart, reload }: { chart: Chart; reload: () => Promise<void> }) {
  const me = useMe();
  const p = chart.patient;
  return (
    <>
      <section className="section" aria-labelledby="demographics">
        <h2 id="demographics">Details and contacts</h2>
        <dl className="summary-list">
          <Row label="Sex (for dosing)">{p.sex ?? 'Not recorded'}</Row>
          <Row label="Phone">{p.phone ?? 'Not recorded'}</Row>
          <Row label="Email">{p.email ?? 'Not recorded'}</Row>
          <Row label="Usual companion / driver">{contactText(p.companion)}</Row>
          <Row label="Emergency contact">{contactText(p.emergencyContact)}</Row>
          <Row label="Height">{p.heightCm === null ? 'Not recorded' : `${p.heightCm} cm`}</Row>
          <Row label="Weight">
            {p.weightKg === null ? 'Not recorded' : `${p.weightKg} kg`}
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
        {chart.allergies.length === 0 ? (
          <p>No allergies recorded.</p>
        ) : (
          <ul>
            {chart.allergies.map((a) => (
              <li key={a.id}>
                <strong>{a.substance}</strong> — {a.reaction ?? 'reaction not recorded'} ({a.severity})
              </li>
            ))}
          </ul>
        )}
        {mayWrite ? <AddAllergy patientId={p.id} onAdded={reload} /> : null}
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
            <Row key={k} label={k}>
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

function useSubmit(onDone: () => Promise<void>) {
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>, ids: Record<string, string>) => {
    setBusy(true);
    try {
      await fn();
      setErrors([]);
      await onDone();
      return true;
    } catch (error) {
      setErrors(formErrors(error, ids));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, run };
}

function AddDiagnosis({ patientId, onAdded }: { patientId: string; onAdded: () => Promise<void> }) {
  const [code, setCode] = useState('');
  const [primary, setPrimary] = useState(false);
  const { errors, busy, run } = useSubmit(onAdded);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    void run(() => chartApi.addDiagnosis(patientId, { icd10: code.split(' ')[0] ?? code, isPrimary: primary }), {
      icd10: 'dx-code',
      label: 'dx-code',
    }).then((ok) => ok && setCode(''));
  };
  return (
    <details className="details">
      <summary>Add a diagnosis</summary>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <TextField
          id="dx-code"
          label="ICD-10-CM code"
          hint="Type a code or words, e.g. F33.2 or fibromyalgia"
          value={code}
          onChange={setCode}
          list="dx-catalogue"
          width="medium"
          error={errorFor(errors, 'dx-code')}
        />
        <datalist id="dx-catalogue">
          {diagnosisCatalogue.map((d) => (
            <option key={d.icd10} value={`${d.icd10} ${d.label}`} />
          ))}
        </datalist>
        <Checkbox id="dx-primary" label="Primary diagnosis" checked={primary} onChange={setPrimary} />
        <button type="submit" className="button" disabled={busy}>
          Add diagnosis
        </button>
      </form>
    </details>
  );
}

function AddMedication({ patientId, onAdded }: { patientId: string; onAdded: () => Promise<void> }) {
  const [name, setName] = useState('');
  const [dose, setDose] = useState('');
  const [daily, setDaily] = useState('');
  const { errors, busy, run } = useSubmit(onAdded);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    void run(() => chartApi.addMedication(patientId, { name, doseText: dose, dailyMg: parseNumber(daily) }), {
      name: 'med-name',
      dailyMg: 'med-daily',
    }).then((ok) => {
      if (ok) {
        setName('');
        setDose('');
        setDaily('');
      }
    });
  };
  return (
    <details className="details">
      <summary>Add a medication</summary>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <TextField
          id="med-name"
          label="Medication"
          value={name}
          onChange={setName}
          width="medium"
          error={errorFor(errors, 'med-name')}
        />
        <TextField
          id="med-dose"
          label="Dose as taken"
          hint="e.g. 1 mg twice a day"
          value={dose}
          onChange={setDose}
          width="medium"
        />
        <TextField
          id="med-daily"
          label="Total mg per day"
          hint="Needed for the lorazepam-equivalent of a benzodiazepine"
          value={daily}
          onChange={setDaily}
          width="short"
          inputMode="decimal"
          error={errorFor(errors, 'med-daily')}
        />
        <button type="submit" className="button" disabled={busy}>
          Add medication
        </button>
      </form>
    </details>
  );
}

function AddAllergy({ patientId, onAdded }: { patientId: string; onAdded: () => Promise<void> }) {
  const [substance, setSubstance] = useState('');
  const [reaction, setReaction] = useState('');
  const [severity, setSeverity] = useState<'mild' | 'moderate' | 'severe' | 'unknown'>('unknown');
  const { errors, busy, run } = useSubmit(onAdded);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    void run(() => chartApi.addAllergy(patientId, { substance, reaction, severity }), {
      substance: 'allergy-substance',
    }).then((ok) => ok && setSubstance(''));
  };
  return (
    <details className="details">
      <summary>Add an allergy</summary>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <TextField
          id="allergy-substance"
          label="Substance"
          value={substance}
          onChange={setSubstance}
          width="medium"
          error={errorFor(errors, 'allergy-substance')}
        />
        <TextField id="allergy-reaction" label="Reaction" value={reaction} onChange={setReaction} width="medium" />
        <Select
          id="allergy-severity"
          label="Severity"
          value={severity}
          onChange={setSeverity}
          choices={[
            { value: 'unknown', label: 'Unknown' },
            { value: 'mild', label: 'Mild' },
            { value: 'moderate', label: 'Moderate' },
            { value: 'severe', label: 'Severe' },
          ]}
        />
        <button type="submit" className="button" disabled={busy}>
          Add allergy
        </button>
      </form>
    </details>
  );
}

function StatusChange({ chart, onChanged }: { chart: Chart; onChanged: () => Promise<void> }) {
  const allowed = chart.patient.allowedStatuses;
  const [to, setTo] = useState<PatientStatus | ''>('');
  const [reason, setReason] = useState('');
  const { errors, busy, run } = useSubmit(onChanged);
  if (allowed.length === 0) return null;
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    void run(() => chartApi.changeStatus(chart.patient.id, { status: to, reason, version: chart.patient.version }), {
      status: 'status-to',
      reason: 'status-reason',
    });
  };
  return (
    <section className="section" aria-labelledby="status-change">
      <h2 id="status-change">Change status</h2>
      <p>A patient becomes eligible only when a prescriber signs the assessment.</p>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <Select
          id="status-to"
          label="New status"
          value={to}
          onChange={setTo}
          choices={[
            { value: '', label: 'Choose a status' },
            ...allowed.map((s) => ({ value: s, label: patientStatusLabels[s] })),
          ]}
        />
        <TextField
          id="status-reason"
          label="Reason"
          value={reason}
          onChange={setReason}
          error={errorFor(errors, 'status-reason')}
        />
        <button type="submit" className="button button--secondary" disabled={busy || to === ''}>
          Change status
        </button>
      </form>
    </section>
  );
}

function Documents({ chart }: { chart: Chart }) {
  const id = chart.patient.id;
  const link = (d: Chart['documents'][number]): string | null =>
    d.kind === 'assessment'
      ? `/patients/${id}/assessments/${d.id}`
      : d.kind === 'plan'
        ? `/patients/${id}/plans/${d.id}`
        : `/patients/${id}/consent`;
  return (
    <section className="section" aria-labelledby="documents">
      <h2 id="documents">Assessments, consent and plans</h2>
      {chart.documents.length === 0 ? (
        <p>No assessment, consent or plan yet.</p>
      ) : (
        <table className="table table--stack">
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Status</th>
              <th scope="col">Date</th>
            </tr>
          </thead>
          <tbody>
            {chart.documents.map((d) => (
              <tr key={d.id}>
                <th scope="row" data-label="Document">
                  {link(d) ? <Link to={link(d)!}>{d.title}</Link> : d.title}
                </th>
                <td data-label="Status">
                  <span className={`tag ${d.status === 'signed' ? 'tag--on' : 'tag--off'}`}>{d.status}</span>
                </td>
                <td data-label="Date">{formatDateTime(d.date)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Measurements({ chart, reload }: { chart: Chart; reload: () => Promise<void> }) {
  const me = useMe();
  const mayWrite = can(me, 'clinical_notes.write');
  return (
    <>
      {mayWrite ? <RecordQuestionnaire patientId={chart.patient.id} onSaved={reload} /> : null}
      {mayWrite ? <RecordVitals patientId={chart.patient.id} onSaved={reload} /> : null}
      <section className="section" aria-labelledby="questionnaires">
        <h2 id="questionnaires">Questionnaires</h2>
        {chart.questionnaires.length === 0 ? (
          <p>No questionnaires yet.</p>
        ) : (
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">Instrument</th>
                <th scope="col">Score</th>
                <th scope="col">Band</th>
                <th scope="col">Completed</th>
              </tr>
            </thead>
            <tbody>
              {chart.questionnaires.map((q) => (
                <tr key={q.id}>
                  <th scope="row" data-label="Instrument">
                    {q.instrumentId.toUpperCase().replace('_', '-')}
                    {q.source === 'intake' ? <span className="muted"> (intake)</span> : null}
                  </th>
                  <td data-label="Score">{q.total ?? '—'}</td>
                  <td data-label="Band">
                    {q.severity?.label ?? '—'}
                    {q.flags.length ? <span className="flag">{q.flags.join(', ')}</span> : null}
                  </td>
                  <td data-label="Completed">{formatDateTime(q.completedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="section" aria-labelledby="vitals">
        <h2 id="vitals">Vital signs, height and weight</h2>
        {chart.vitals.length === 0 ? (
          <p>No vital signs yet.</p>
        ) : (
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">BP (mmHg)</th>
                <th scope="col">Heart rate</th>
                <th scope="col">SpO2</th>
                <th scope="col">Weight</th>
                <th scope="col">Height</th>
              </tr>
            </thead>
            <tbody>
              {chart.vitals.map((v) => (
                <tr key={v.id}>
                  <th scope="row" data-label="When">
                    {formatDateTime(v.recordedAt)}
                  </th>
                  <td data-label="BP (mmHg)">
                    {v.systolicMmHg === null ? '—' : `${v.systolicMmHg}/${v.diastolicMmHg}`}
                  </td>
                  <td data-label="Heart rate">{v.heartRateBpm ?? '—'}</td>
                  <td data-label="SpO2">{v.spo2Percent === null ? '—' : `${v.spo2Percent} %`}</td>
                  <td data-label="Weight">{v.weightKg === null ? '—' : `${v.weightKg} kg`}</td>
                  <td data-label="Height">{v.heightCm === null ? '—' : `${v.heightCm} cm`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function Timeline({ chart }: { chart: Chart }) {
  return (
    <section className="section" aria-labelledby="timeline">
      <h2 id="timeline">Timeline</h2>
      <LiveRegion>{chart.timeline.length === 0 ? <p>Nothing has happened yet.</p> : null}</LiveRegion>
      <ol className="timeline">
        {chart.timeline.map((e) => (
          <li key={e.id}>
            <time dateTime={e.occurredAt}>
              {formatDateTime(e.occurredAt)}
              {e.actor ? ` · ${e.actor}` : ''}
            </time>
            <span>{e.summary}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
