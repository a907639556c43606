import { useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router';
import { noFindings } from '../../../../../src/domain/eligibility';
import type { ClinicProtocol } from '../../../../../src/domain/protocol';
import { useMe } from '../../../shared/auth';
import { ErrorSummary, LiveRegion, Notice, type FormError } from '../../../shared/kit';
import { clinicDateOf, formatTime } from '../../../shared/time';
import { ConfirmStep } from '../../components/ConfirmStep';
import { can } from '../../nav';
import { entryKey } from '../../../shared/api';
import { chartApi, type Assessment, type Chart } from '../chart-api';
import { EligibilityPanel } from '../EligibilityPanel';
import { patientKey } from '../queries';
import { formErrors, parseNumber } from '../shared';
import { AssessmentFields, type DraftFields } from './AssessmentFields';
import { bpReadings, emptyBp, liveResult } from './live-result';
import { emptySignOff, isOverride, SignOff } from './SignOff';

const ids = {
  ketamineOrPcpMisuseHistory: 'ketamineOrPcpMisuseHistory',
  stopBangScore: 'stopBangScore',
  bloodPressureReadings: 'bp-0-s',
  diagnoses: 'dx-0',
  benzodiazepineLorazepamEqMgPerDay: 'benzo',
  decision: 'decision',
  clearanceNote: 'clearance-note',
  notEligibleReason: 'not-eligible-reason',
  overrideReason: 'override-reason',
};

function initialFields(chart: Chart, assessment: Assessment | null): DraftFields {
  if (!assessment) {
    // Ketamine/PCP misuse history is asked explicitly (CLINICAL.md §1): no default answer.
    const findings: Omit<ReturnType<typeof noFindings>, 'ketamineOrPcpMisuseHistory'> & {
      ketamineOrPcpMisuseHistory?: boolean;
    } = { ...noFindings() };
    delete findings.ketamineOrPcpMisuseHistory;
    return {
      input: {
        diagnoses: chart.diagnoses.map((d) => ({ icd10: d.icd10, label: d.label })),
        ...findings,
        bloodPressureReadings: [],
        benzodiazepineLorazepamEqMgPerDay: chart.benzodiazepineTotal.mgPerDay,
        maoi: chart.maoi,
      },
      bp: emptyBp(),
      benzo: String(chart.benzodiazepineTotal.mgPerDay),
      goals: '',
      notes: '',
    };
  }
  const readings = assessment.input.bloodPressureReadings;
  return {
    // Older drafts were saved before some questions existed: a missing answer is unanswered, never "no".
    input: {
      ...assessment.input,
      bladderSymptoms: assessment.input.bladderSymptoms ?? false,
      stopBangScore: assessment.input.stopBangScore ?? null,
    },
    bp: readings.length ? readings.map((r) => ({ s: String(r.systolicMmHg), d: String(r.diastolicMmHg) })) : emptyBp(),
    benzo: String(assessment.input.benzodiazepineLorazepamEqMgPerDay),
    goals: assessment.goals,
    notes: assessment.notes,
  };
}

/** A draft assessment: the form, the live eligibility proposal beside it, and the prescriber's sign-off. */
export function AssessmentEditor({
  chart,
  protocol,
  assessment,
}: {
  chart: Chart;
  protocol: ClinicProtocol | null;
  assessment: Assessment | null;
}) {
  const patientId = chart.patient.id;
  const me = useMe();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [draft, setDraft] = useState<Assessment | null>(assessment);
  // The draft is created once, however often its first save is sent (a lost answer, a second click).
  const [createKey] = useState(entryKey);
  const [fields, setFields] = useState<DraftFields>(() => initialFields(chart, assessment));
  const [signOff, setSignOff] = useState(emptySignOff);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [discarding, setDiscarding] = useState(false);

  const benzo = parseNumber(fields.benzo);
  const input = {
    ...fields.input,
    bloodPressureReadings: bpReadings(fields.bp),
    benzodiazepineLorazepamEqMgPerDay: benzo ?? 0,
  };
  // Cheap (microseconds): recomputed on every keystroke, so the result is always the form's.
  const live = liveResult(input, protocol, {
    dateOfBirth: chart.patient.dateOfBirth,
    // the age rule uses the clinic's date, never the UTC one (CLINICAL.md §1)
    today: clinicDateOf(new Date()),
  });

  const localErrors = (): FormError[] =>
    benzo !== null && (Number.isNaN(benzo) || benzo < 0)
      ? [{ fieldId: 'benzo', message: 'Enter the benzodiazepine dose as a number of mg a day, like 0.5' }]
      : [];

  // Signing saves first and then goes to the signed document itself: a second navigation to the new
  // draft's address in between would race the signed one.
  const save = async (goToNewDraft = true): Promise<Assessment> => {
    const body = { input, goals: fields.goals, notes: fields.notes };
    const next = draft
      ? await chartApi.updateAssessment(patientId, draft.id, { ...body, version: draft.version })
      : await chartApi.createAssessment(patientId, body, createKey.current());
    setDraft(next);
    queries.setQueryData([...patientKey(patientId), 'assessments', next.id], next);
    if (!draft && goToNewDraft) void navigate(`/patients/${patientId}/assessments/${next.id}`, { replace: true });
    return next;
  };

  const run = async (action: () => Promise<void>, extra: FormError[] = []) => {
    const found = [...localErrors(), ...extra];
    if (found.length) return setErrors(found);
    setBusy(true);
    try {
      await action();
      setErrors([]);
    } catch (error) {
      createKey.failed(error);
      setErrors(formErrors(error, ids));
    } finally {
      setBusy(false);
    }
  };

  const onSave = (e: SyntheticEvent) => {
    e.preventDefault();
    void run(async () => {
      await save();
      setSaved(`Draft saved at ${formatTime(new Date().toISOString())}.`);
    });
  };

  const onSign = () => {
    const chosen = signOff.decision;
    void run(
      async () => {
        if (!chosen) return;
        const saved = await save(false);
        const signed = await chartApi.signAssessment(patientId, saved.id, {
          decision: chosen,
          ...(chosen === 'eligible_with_clearance' ? { clearanceNote: signOff.clearanceNote } : {}),
          ...(chosen === 'not_eligible' ? { notEligibleReason: signOff.notEligibleReason } : {}),
          ...(isOverride(chosen, live.result?.decision) ? { overrideReason: signOff.overrideReason } : {}),
          version: saved.version,
        });
        queries.setQueryData([...patientKey(patientId), 'assessments', signed.id], signed);
        await queries.invalidateQueries({ queryKey: [...patientKey(patientId), 'chart'] });
        void navigate(`/patients/${patientId}/assessments/${signed.id}`, {
          replace: true,
          state: { notice: 'Assessment signed.' },
        });
      },
      chosen
        ? []
        : [{ fieldId: 'decision', message: 'Choose your decision: eligible, eligible with clearance or not eligible' }],
    );
  };

  // A draft the prescriber will not sign: removed (audited, on the timeline), back to the chart.
  const onDiscard = () =>
    void run(async () => {
      if (!draft) return;
      await chartApi.discardAssessment(patientId, draft.id, draft.version);
      await queries.invalidateQueries({ queryKey: [...patientKey(patientId), 'chart'] });
      void navigate(`/patients/${patientId}`, { replace: true, state: { notice: 'Assessment draft discarded.' } });
    });

  return (
    <>
      <LiveRegion>{saved ? <Notice kind="success" title={saved} /> : null}</LiveRegion>
      {draft?.amendmentReason ? <p>Amends an earlier signed assessment. Reason: {draft.amendmentReason}</p> : null}
      <ErrorSummary errors={errors} />
      <div className="split">
        <form className="form" onSubmit={onSave} noValidate>
          <AssessmentFields chart={chart} fields={fields} onChange={setFields} errors={errors} />
          {can(me, 'assessments.write') ? (
            <div className="button-group">
              <button type="submit" className="button button--secondary" disabled={busy}>
                Save draft
              </button>
              {draft && !discarding ? (
                <button type="button" className="button button--secondary" onClick={() => setDiscarding(true)}>
                  Discard draft
                </button>
              ) : null}
            </div>
          ) : null}
          {draft && discarding ? (
            <ConfirmStep
              id="discard-draft"
              title="Discard this draft?"
              confirmLabel="Discard draft"
              warning
              busy={busy}
              onConfirm={onDiscard}
              onCancel={() => setDiscarding(false)}
            >
              <p>
                The draft and its answers are removed; the chart's timeline and the audit log keep a line saying it was
                discarded. A signed assessment is never discarded: it is amended.
              </p>
            </ConfirmStep>
          ) : null}
        </form>
        <div className="sticky">
          <EligibilityPanel result={live.result} problem={live.problem} live />
          {can(me, 'assessments.sign') ? (
            <SignOff
              state={signOff}
              onChange={setSignOff}
              result={live.result}
              errors={errors}
              busy={busy}
              onSign={onSign}
            />
          ) : null}
        </div>
      </div>
    </>
  );
}
