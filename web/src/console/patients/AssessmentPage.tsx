import { useEffect, useMemo, useState, type SyntheticEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  assessEligibility,
  noFindings,
  type EligibilityDecision,
  type EligibilityResult,
} from '../../../../src/domain/eligibility';
import type { ClinicProtocol } from '../../../../src/domain/protocol';
import { useMe } from '../auth';
import {
  Checkbox,
  errorFor,
  ErrorSummary,
  type FormError,
  LiveRegion,
  Notice,
  PageHeading,
  RadioGroup,
  Select,
  TextArea,
  TextField,
} from '../../shared/kit';
import { formatDateTime } from '../../shared/time';
import { can } from '../nav';
import { chartApi, type Assessment, type Chart, type DraftEligibilityInput } from './chart-api';
import { EligibilityPanel } from './EligibilityPanel';
import { errorMessage, formErrors, parseNumber } from './shared';

/** The structured form a prescriber fills in; defaults are "no finding". */
function blankInput(chart: Chart): DraftEligibilityInput {
  return {
    diagnoses: chart.diagnoses.map((d) => ({ icd10: d.icd10, label: d.label })),
    ...noFindings(),
    bloodPressureReadings: [],
    benzodiazepineLorazepamEqMgPerDay: chart.benzodiazepineTotal.mgPerDay,
    maoi: chart.maoi,
  };
}

type Flag = keyof { [K in keyof DraftEligibilityInput as DraftEligibilityInput[K] extends boolean ? K : never]: true };

const absolute: readonly [Flag, string][] = [
  ['ketamineHypersensitivity', 'Hypersensitivity to ketamine'],
  ['aneurysmalVascularDisease', 'Aneurysmal vascular disease'],
  ['arteriovenousMalformation', 'Arteriovenous malformation'],
  ['intracerebralHaemorrhageHistory', 'History of intracerebral haemorrhage'],
  ['recentStroke', 'Recent stroke'],
  ['severeCardiacDisease', 'Severe coronary or myocardial disease'],
  ['eclampsiaOrPreEclampsia', 'Eclampsia or pre-eclampsia'],
  ['untreatedHyperthyroidism', 'Untreated hyperthyroidism'],
];
const relative: readonly [Flag, string][] = [
  ['pregnant', 'Pregnant'],
  ['breastfeeding', 'Breastfeeding'],
  ['raisedIntracranialPressure', 'Raised intracranial pressure'],
  ['raisedIntraocularPressure', 'Raised intraocular pressure (e.g. glaucoma)'],
  ['severeHepaticImpairment', 'Severe hepatic impairment'],
  ['seizureDisorder', 'Seizure disorder'],
  ['maoi', 'Taking an MAOI'],
];

/** The live proposal: the same domain function the server signs with (src/domain/eligibility). */
function liveResult(
  input: DraftEligibilityInput,
  protocol: ClinicProtocol | null,
): { result: EligibilityResult | null; problem: string | null } {
  const [first, ...rest] = input.bloodPressureReadings;
  if (!protocol) return { result: null, problem: 'Loading the clinic protocol…' };
  if (!first) return { result: null, problem: 'Enter at least one resting blood pressure to see the result.' };
  try {
    return {
      result: assessEligibility({ ...input, bloodPressureReadings: [first, ...rest] }, protocol),
      problem: null,
    };
  } catch (error) {
    const errors = (error as { errors?: { path: string; message: string }[] }).errors ?? [];
    return {
      result: null,
      problem: `Not yet: ${errors.map((e) => `${e.path.replace(/^\//, '').replaceAll('/', ' ')} ${e.message}`).join('; ') || 'check the values'}`,
    };
  }
}

const strictness: Record<EligibilityDecision, number> = { not_eligible: 0, eligible_with_clearance: 1, eligible: 2 };

export function AssessmentPage() {
  const { id = '', assessmentId } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const [chart, setChart] = useState<Chart | null>(null);
  const [assessment, setAssessment] = useState<Assessment | null>(null);
  const [protocols, setProtocols] = useState<Record<string, ClinicProtocol>>({});
  const [currentProtocolId, setCurrentProtocolId] = useState<string | null>(null);
  const [input, setInput] = useState<DraftEligibilityInput | null>(null);
  const [bp, setBp] = useState<{ s: string; d: string }[]>([
    { s: '', d: '' },
    { s: '', d: '' },
  ]);
  const [goals, setGoals] = useState('');
  const [notes, setNotes] = useState('');
  const [decision, setDecision] = useState<EligibilityDecision | ''>('');
  const [clearanceNote, setClearanceNote] = useState('');
  const [notEligibleReason, setNotEligibleReason] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [amendReason, setAmendReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void (async () => {
      try {
        const [c, list] = await Promise.all([chartApi.chart(id), chartApi.protocols()]);
        setChart(c);
        setProtocols(Object.fromEntries(list.versions.map((v) => [v.id, v.protocol])));
        setCurrentProtocolId(list.current.id);
        if (assessmentId && assessmentId !== 'new') {
          const a = await chartApi.assessment(id, assessmentId);
          setAssessment(a);
          setInput(a.input);
          setBp(
            a.input.bloodPressureReadings.length
              ? a.input.bloodPressureReadings.map((r) => ({ s: String(r.systolicMmHg), d: String(r.diastolicMmHg) }))
              : [
                  { s: '', d: '' },
                  { s: '', d: '' },
                ],
          );
          setGoals(a.goals);
          setNotes(a.notes);
        } else {
          setInput(blankInput(c));
        }
      } catch (error) {
        setFailure(errorMessage(error, 'The assessment could not be loaded.'));
      }
    })();
  }, [id, assessmentId]);

  const readings = useMemo(
    () =>
      bp.flatMap((r) => {
        const s = parseNumber(r.s);
        const d = parseNumber(r.d);
        return s !== null && d !== null ? [{ systolicMmHg: s, diastolicMmHg: d }] : [];
      }),
    [bp],
  );
  const fullInput = input ? { ...input, bloodPressureReadings: readings } : null;
  const protocol = protocols[assessment?.protocol.id ?? currentProtocolId ?? ''] ?? null;
  // Cheap (microseconds): recomputed on every keystroke, so the result is always the form's.
  const live = fullInput ? liveResult(fullInput, protocol) : { result: null, problem: null };

  if (failure)
    return (
      <Notice kind="warning" title="The assessment could not be loaded">
        <p>{failure}</p>
      </Notice>
    );
  if (!chart || !input || !fullInput) return <p aria-live="polite">Loading the assessment…</p>;
  const name = `${chart.patient.givenName} ${chart.patient.familyName}`;
  const signed = assessment?.status === 'signed';
  const set = <K extends keyof DraftEligibilityInput>(key: K, value: DraftEligibilityInput[K]) =>
    setInput({ ...input, [key]: value });
  const proposed = live.result?.decision;
  const chosen: EligibilityDecision | '' = decision || proposed || '';
  const overriding = proposed !== undefined && chosen !== '' && strictness[chosen] > strictness[proposed];
  const ids = {
    bloodPressureReadings: 'bp-0-s',
    diagnoses: 'dx-0',
    clearanceNote: 'clearance-note',
    notEligibleReason: 'not-eligible-reason',
    overrideReason: 'override-reason',
    reason: 'amend-reason',
  };

  const save = async (): Promise<Assessment> => {
    const body = { input: fullInput, goals, notes };
    const next = assessment
      ? await chartApi.updateAssessment(id, assessment.id, { ...body, version: assessment.version })
      : await chartApi.createAssessment(id, body);
    setAssessment(next);
    if (!assessment) void navigate(`/patients/${id}/assessments/${next.id}`, { replace: true });
    return next;
  };

  const onSave = async (e: SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await save();
      setErrors([]);
      setSaved(`Draft saved at ${formatDateTime(new Date().toISOString())}.`);
    } catch (error) {
      setErrors(formErrors(error, ids));
    } finally {
      setBusy(false);
    }
  };

  const onSign = async () => {
    if (!chosen) return;
    setBusy(true);
    try {
      const draft = await save();
      const result = await chartApi.signAssessment(id, draft.id, {
        decision: chosen,
        ...(chosen === 'eligible_with_clearance'
          ? { clearanceNote: clearanceNote || (live.result?.clearances.join(', ') ?? '') }
          : {}),
        ...(chosen === 'not_eligible' ? { notEligibleReason } : {}),
        ...(overriding ? { overrideReason } : {}),
        version: draft.version,
      });
      setAssessment(result);
      setErrors([]);
      setSaved('Assessment signed.');
    } catch (error) {
      setErrors(formErrors(error, ids));
    } finally {
      setBusy(false);
    }
  };

  const onAmend = async () => {
    if (!assessment) return;
    setBusy(true);
    try {
      const amendment = await chartApi.amendAssessment(id, assessment.id, amendReason);
      void navigate(`/patients/${id}/assessments/${amendment.id}`);
    } catch (error) {
      setErrors(formErrors(error, ids));
    } finally {
      setBusy(false);
    }
  };

  const baseline = chart.questionnaires.slice(0, 6);

  return (
    <>
      <p>
        <Link className="back-link" to={`/patients/${id}?tab=documents`}>
          Back to the chart
        </Link>
      </p>
      <PageHeading title={`Assessment — ${name}`} caption={name}>
        {signed
          ? 'Signed assessment'
          : assessment?.amendsAssessmentId
            ? 'Amendment of an assessment'
            : 'Initial assessment'}
      </PageHeading>
      <LiveRegion>{saved ? <Notice kind="success" title={saved} /> : null}</LiveRegion>
      {assessment?.amendmentReason ? (
        <p>Amends an earlier signed assessment. Reason: {assessment.amendmentReason}</p>
      ) : null}
      <p className="muted">
        Protocol {assessment ? `v${assessment.protocol.number} (${assessment.protocol.label})` : 'current version'} —
        the thresholds and their sources come from it.
      </p>
      <ErrorSummary errors={errors} />
      <div className="split">
        <form className="form" onSubmit={(e) => void onSave(e)} noValidate>
          <fieldset className="fieldset" disabled={signed}>
            <h2>Diagnoses</h2>
            {input.diagnoses.map((d, i) => (
              <div className="inline-fields" key={i}>
                <TextField
                  id={`dx-${i}`}
                  label={`ICD-10-CM code ${i + 1}`}
                  value={d.icd10}
                  width="short"
                  hint={d.label}
                  onChange={(v) =>
                    set(
                      'diagnoses',
                      input.diagnoses.map((x, j) => (j === i ? { icd10: v.toUpperCase() } : x)),
                    )
                  }
                />
                <div className="field">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() =>
                      set(
                        'diagnoses',
                        input.diagnoses.filter((_, j) => j !== i),
                      )
                    }
                  >
                    Remove {d.icd10 || 'diagnosis'}
                  </button>
                </div>
              </div>
            ))}
            <button
              type="button"
              className="button button--secondary"
              onClick={() => set('diagnoses', [...input.diagnoses, { icd10: '' }])}
            >
              Add a diagnosis
            </button>

            <h2>Resting blood pressure</h2>
            <p className="field__hint">At least one reading, seated and rested; two or more are averaged.</p>
            {bp.map((r, i) => (
              <div className="inline-fields" key={i}>
                <TextField
                  id={`bp-${i}-s`}
                  label={`Reading ${i + 1}: systolic (mmHg)`}
                  value={r.s}
                  width="short"
                  inputMode="numeric"
                  onChange={(v) => setBp(bp.map((x, j) => (j === i ? { ...x, s: v } : x)))}
                  error={i === 0 ? errorFor(errors, 'bp-0-s') : undefined}
                />
                <TextField
                  id={`bp-${i}-d`}
                  label={`Reading ${i + 1}: diastolic (mmHg)`}
                  value={r.d}
                  width="short"
                  inputMode="numeric"
                  onChange={(v) => setBp(bp.map((x, j) => (j === i ? { ...x, d: v } : x)))}
                />
              </div>
            ))}
            <RadioGroup
              name="hypertension"
              firstId="hypertension"
              legend="Hypertension"
              value={input.hypertension}
              onChange={(v) => set('hypertension', v)}
              choices={[
                { value: 'none', label: 'None' },
                { value: 'controlled', label: 'Controlled' },
                { value: 'uncontrolled', label: 'Uncontrolled' },
              ]}
            />

            <h2>Absolute contraindications</h2>
            <div className="checkboxes">
              {absolute.map(([key, label]) => (
                <Checkbox key={key} id={key} label={label} checked={input[key]} onChange={(v) => set(key, v)} />
              ))}
            </div>

            <h2>Psychiatric history</h2>
            <RadioGroup
              name="psychosis"
              firstId="psychosis"
              legend="Psychosis"
              value={input.psychosis}
              onChange={(v) => set('psychosis', v)}
              choices={[
                { value: 'none', label: 'None' },
                { value: 'history', label: 'History of psychosis' },
                { value: 'active', label: 'Active psychosis or psychotic features' },
              ]}
            />
            <RadioGroup
              name="bipolar"
              firstId="bipolar"
              legend="Bipolar disorder or mania"
              value={input.bipolar}
              onChange={(v) => set('bipolar', v)}
              choices={[
                { value: 'none', label: 'None' },
                { value: 'on_mood_stabiliser', label: 'Bipolar, on a mood stabiliser' },
                { value: 'without_mood_stabiliser', label: 'Bipolar, without a mood stabiliser' },
                { value: 'current_mania', label: 'Current mania or hypomania' },
              ]}
            />
            <RadioGroup
              name="suicidality"
              firstId="suicidality"
              legend="Suicidality (C-SSRS)"
              value={input.suicidality}
              onChange={(v) => set('suicidality', v)}
              choices={[
                { value: 'none', label: 'None' },
                { value: 'ideation_without_intent', label: 'Ideation without intent' },
                { value: 'active_intent', label: 'Active intent' },
              ]}
            />

            <h2>Substances and medication</h2>
            <Select
              id="sud"
              label="Substance use disorder"
              value={input.substanceUse.disorderSeverity}
              onChange={(v) => set('substanceUse', { ...input.substanceUse, disorderSeverity: v })}
              choices={[
                { value: 'none', label: 'None' },
                { value: 'mild', label: 'Mild' },
                { value: 'moderate', label: 'Moderate' },
                { value: 'severe', label: 'Severe' },
              ]}
            />
            <Checkbox
              id="nonPrescribed"
              label="Non-prescribed psychoactive drug use in the last 4 weeks"
              checked={input.substanceUse.nonPrescribedUseLast4Weeks}
              onChange={(v) => set('substanceUse', { ...input.substanceUse, nonPrescribedUseLast4Weeks: v })}
            />
            <TextField
              id="benzo"
              label="Benzodiazepines, mg/day lorazepam-equivalent"
              hint={`From the medication list: ${chart.benzodiazepineTotal.mgPerDay} mg/day`}
              width="short"
              inputMode="decimal"
              value={String(input.benzodiazepineLorazepamEqMgPerDay)}
              onChange={(v) => set('benzodiazepineLorazepamEqMgPerDay', parseNumber(v) ?? 0)}
            />

            <h2>Other relative contraindications</h2>
            <div className="checkboxes">
              {relative.map(([key, label]) => (
                <Checkbox key={key} id={key} label={label} checked={input[key]} onChange={(v) => set(key, v)} />
              ))}
            </div>

            <h2>Baseline questionnaires</h2>
            {baseline.length === 0 ? (
              <p>None on the chart yet.</p>
            ) : (
              <ul>
                {baseline.map((q) => (
                  <li key={q.id}>
                    {q.instrumentId.toUpperCase().replace('_', '-')}: {q.total ?? '—'}{' '}
                    {q.severity ? `(${q.severity.label})` : ''}{' '}
                    <span className="muted">{formatDateTime(q.completedAt)}</span>
                  </li>
                ))}
              </ul>
            )}
            <TextArea id="goals" label="Treatment goals" value={goals} onChange={setGoals} />
            <TextArea id="notes" label="Assessment notes" value={notes} onChange={setNotes} />
            {!signed && can(me, 'assessments.write') ? (
              <button type="submit" className="button button--secondary" disabled={busy}>
                Save draft
              </button>
            ) : null}
          </fieldset>
        </form>
        <div className="sticky">
          <EligibilityPanel result={signed ? assessment.result : live.result} problem={live.problem} live={!signed} />
          {signed && assessment ? (
            <section className="section" aria-labelledby="signed-off">
              <h2 id="signed-off">Decision</h2>
              <p>
                <strong>{assessment.decision?.replaceAll('_', ' ')}</strong> — signed by {assessment.signedBy?.name} on{' '}
                {formatDateTime(assessment.signedAt)}
              </p>
              {assessment.clearanceNote ? <p>Clearance: {assessment.clearanceNote}</p> : null}
              {assessment.notEligibleReason ? <p>Reason: {assessment.notEligibleReason}</p> : null}
              {assessment.overrideReason ? <p>Override of the proposal: {assessment.overrideReason}</p> : null}
              <p>A signed assessment cannot be changed. To correct it, write an amendment.</p>
              {can(me, 'assessments.write') ? (
                <>
                  <TextField
                    id="amend-reason"
                    label="Reason for the amendment"
                    value={amendReason}
                    onChange={setAmendReason}
                    error={errorFor(errors, 'amend-reason')}
                  />
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={busy}
                    onClick={() => void onAmend()}
                  >
                    Write an amendment
                  </button>
                </>
              ) : null}
            </section>
          ) : can(me, 'assessments.sign') ? (
            <section className="section" aria-labelledby="sign-off">
              <h2 id="sign-off">Sign the decision</h2>
              <RadioGroup
                name="decision"
                firstId="decision"
                legend="Decision"
                value={chosen}
                onChange={setDecision}
                hint={proposed ? `The findings propose: ${proposed.replaceAll('_', ' ')}` : undefined}
                choices={[
                  { value: 'eligible', label: 'Eligible' },
                  { value: 'eligible_with_clearance', label: 'Eligible with clearance' },
                  { value: 'not_eligible', label: 'Not eligible' },
                ]}
              />
              {chosen === 'eligible_with_clearance' ? (
                <TextField
                  id="clearance-note"
                  label="Which clearance, from whom"
                  value={clearanceNote || (live.result?.clearances.join(', ') ?? '')}
                  onChange={setClearanceNote}
                  error={errorFor(errors, 'clearance-note')}
                />
              ) : null}
              {chosen === 'not_eligible' ? (
                <TextField
                  id="not-eligible-reason"
                  label="Reason not eligible"
                  value={notEligibleReason}
                  onChange={setNotEligibleReason}
                  error={errorFor(errors, 'not-eligible-reason')}
                />
              ) : null}
              {overriding ? (
                <TextField
                  id="override-reason"
                  label="Reason for deciding less restrictively than the findings"
                  value={overrideReason}
                  onChange={setOverrideReason}
                  error={errorFor(errors, 'override-reason')}
                />
              ) : null}
              <button
                type="button"
                className="button"
                disabled={busy || !chosen || !live.result}
                onClick={() => void onSign()}
              >
                Sign the assessment
              </button>
            </section>
          ) : null}
        </div>
      </div>
    </>
  );
}
