import { useState } from 'react';
import { Link } from 'react-router';
import type { ClinicProtocol, Route } from '../../../../src/domain/protocol';
import {
  Checkbox,
  ErrorSummary,
  type FormError,
  LiveRegion,
  Notice,
  PageHeading,
  Select,
  TextArea,
  TextField,
} from '../../shared/kit';
import { formatDateTime } from '../../shared/time';
import { chartApi, type ConsentTemplate, type ProtocolVersion } from './chart-api';
import { formErrors, parseNumber } from './shared';
import { useReload } from '../../shared/query';
import { firstFailure, useConsentTemplates, useProtocols } from './queries';

/** The editable numbers, grouped as staff look for them: a path into the protocol and a label. */
const groups: { heading: string; fields: { path: string; label: string }[] }[] = [
  {
    heading: 'Blood pressure at screening',
    fields: [
      { path: 'bloodPressure.screeningWarning.systolicMmHg', label: 'Screening warning: systolic above (mmHg)' },
      { path: 'bloodPressure.screeningWarning.diastolicMmHg', label: 'Screening warning: diastolic above (mmHg)' },
      { path: 'bloodPressure.eligibilityHardStop.systolicMmHg', label: 'Not eligible: systolic above (mmHg)' },
      { path: 'bloodPressure.eligibilityHardStop.diastolicMmHg', label: 'Not eligible: diastolic above (mmHg)' },
      {
        path: 'bloodPressure.eligibilitySevereReading.systolicMmHg',
        label: 'Any single reading: systolic at or above (mmHg) needs clearance',
      },
      {
        path: 'bloodPressure.eligibilitySevereReading.diastolicMmHg',
        label: 'Any single reading: diastolic at or above (mmHg) needs clearance',
      },
    ],
  },
  {
    heading: 'Eligibility',
    fields: [
      { path: 'eligibility.minimumAgeYears.value', label: 'Minimum age (years, on the clinic-local date)' },
      { path: 'eligibility.stopBangAtOrAbove.value', label: 'STOP-BANG at or above: sleep-medicine clearance' },
      { path: 'benzodiazepineMaxLorazepamMgPerDay.value', label: 'Benzodiazepine limit (mg/day lorazepam-equivalent)' },
    ],
  },
  {
    heading: 'Before the dose: holds',
    fields: [
      {
        path: 'bloodPressure.preDoseHold.systolicMmHg',
        label: 'Hold (prescriber may override): systolic at or above (mmHg)',
      },
      {
        path: 'bloodPressure.preDoseHold.diastolicMmHg',
        label: 'Hold (prescriber may override): diastolic at or above (mmHg)',
      },
      {
        path: 'bloodPressure.preDoseAbsoluteLimit.systolicMmHg',
        label: 'No dose today, no override: systolic at or above (mmHg)',
      },
      {
        path: 'bloodPressure.preDoseAbsoluteLimit.diastolicMmHg',
        label: 'No dose today, no override: diastolic at or above (mmHg)',
      },
      { path: 'bloodPressure.preDoseLow.systolicBelowMmHg', label: 'Hold: systolic below (mmHg)' },
      { path: 'bloodPressure.preDoseLow.diastolicBelowMmHg', label: 'Hold: diastolic below (mmHg)' },
      { path: 'preDoseHolds.heartRateBpm.alertBelow', label: 'Hold: heart rate below (/min)' },
      { path: 'preDoseHolds.heartRateBpm.alertAbove', label: 'Hold: heart rate above (/min)' },
      { path: 'preDoseHolds.respiratoryRatePerMin.alertBelow', label: 'Hold: respiratory rate below (/min)' },
      { path: 'preDoseHolds.respiratoryRatePerMin.alertAbove', label: 'Hold: respiratory rate above (/min)' },
      { path: 'preDoseHolds.spo2BelowPercent.value', label: 'Hold: SpO2 below (%)' },
      { path: 'fasting.solidsHours', label: 'Fasting from solids (hours)' },
      { path: 'fasting.clearFluidsHours', label: 'Fasting from clear fluids (hours)' },
    ],
  },
  {
    heading: 'Dose',
    fields: [
      ...(['IV', 'IM'] as Route[]).flatMap((r) => [
        { path: `doseLimits.${r}.startMgPerKg`, label: `${r}: usual starting dose (mg/kg)` },
        { path: `doseLimits.${r}.maxMgPerKg`, label: `${r}: maximum delivered without override (mg/kg)` },
        { path: `doseLimits.${r}.maxTotalMg`, label: `${r}: maximum delivered without override (mg in total)` },
      ]),
      {
        path: 'doseLimits.IV.maxInfusionMgPerKgPerHour',
        label: 'IV: fastest delivered infusion without override (mg/kg/h)',
      },
      { path: 'ivDilution.maxUndilutedMgPerMl', label: 'IV: strongest strength that may run undiluted (mg/mL)' },
      { path: 'ivDilution.defaultFinalVolumeMl', label: 'IV: usual final volume of the bag or syringe (mL)' },
    ],
  },
  {
    heading: 'During the dose: alerts',
    fields: [
      {
        path: 'sessionAlerts.bloodPressureAlert.systolicMmHg',
        label: 'Alert the prescriber: systolic at or above (mmHg)',
      },
      {
        path: 'sessionAlerts.bloodPressureAlert.diastolicMmHg',
        label: 'Alert the prescriber: diastolic at or above (mmHg)',
      },
      { path: 'sessionAlerts.bloodPressureStop.systolicMmHg', label: 'Stop the dose: systolic at or above (mmHg)' },
      { path: 'sessionAlerts.bloodPressureStop.diastolicMmHg', label: 'Stop the dose: diastolic at or above (mmHg)' },
      { path: 'sessionAlerts.hypotension.systolicBelowMmHg', label: 'Hypotension: systolic below (mmHg)' },
      {
        path: 'sessionAlerts.hypotension.fallFromBaselinePercent',
        label: 'Hypotension: fall from baseline of more than (%)',
      },
      { path: 'sessionAlerts.spo2AlertBelowPercent.value', label: 'Alert: SpO2 below (%)' },
      { path: 'sessionAlerts.spo2StopBelowPercent.value', label: 'Stop and support the airway: SpO2 below (%)' },
      { path: 'sessionAlerts.respiratoryRatePerMin.alertBelow', label: 'Respiratory depression: rate below (/min)' },
    ],
  },
  {
    heading: 'After the dose: discharge',
    fields: [
      ...(['IV', 'IM'] as Route[]).map((r) => ({
        path: `recoveryMinutes.${r}`,
        label: `${r}: minimum recovery (minutes)`,
      })),
      { path: 'discharge.absoluteLimits.systolicBelowMmHg', label: 'Discharge: systolic below (mmHg)' },
      { path: 'discharge.absoluteLimits.diastolicBelowMmHg', label: 'Discharge: diastolic below (mmHg)' },
      { path: 'discharge.absoluteLimits.heartRateMinBpm', label: 'Discharge: heart rate from (/min)' },
      { path: 'discharge.absoluteLimits.heartRateMaxBpm', label: 'Discharge: heart rate up to (/min)' },
      { path: 'discharge.absoluteLimits.respiratoryRateMinPerMin', label: 'Discharge: respiratory rate from (/min)' },
      { path: 'discharge.absoluteLimits.respiratoryRateMaxPerMin', label: 'Discharge: respiratory rate up to (/min)' },
      { path: 'discharge.minSpo2Percent.value', label: 'Discharge: SpO2 at least (%, room air)' },
      { path: 'discharge.maxReadingAgeMinutes.value', label: 'Discharge vitals taken within the last (minutes)' },
      { path: 'discharge.minAldreteScore.value', label: 'Modified Aldrete score at least (0–10)' },
    ],
  },
  {
    heading: 'Outcomes',
    fields: [
      { path: 'outcomeBaselineMinimum.phq9', label: 'Response and remission judged from a PHQ-9 baseline of at least' },
      {
        path: 'outcomeBaselineMinimum.madrs',
        label: 'Response and remission judged from a MADRS baseline of at least',
      },
      {
        path: 'outcomeBaselineMinimum.qids_sr16',
        label: 'Response and remission judged from a QIDS-SR16 baseline of at least',
      },
    ],
  },
];
const fields = groups.flatMap((g) => g.fields);

/** Eligibility findings whose weight is a clinic setting (CLINICAL.md §1 "default severity in brackets"). */
const severitySettings: { path: string; label: string }[] = [
  { path: 'eligibility.ketamineOrPcpMisuse', label: 'History of ketamine or PCP misuse or dependence' },
  { path: 'eligibility.pregnancy', label: 'Pregnant' },
  { path: 'eligibility.breastfeeding', label: 'Breastfeeding' },
  { path: 'eligibility.bladderSymptoms', label: 'Ketamine-associated bladder symptoms' },
  { path: 'eligibility.stopBangAtOrAbove', label: 'STOP-BANG at or above the threshold' },
];
const severityChoices = [
  { value: 'exclusion', label: 'Not eligible' },
  { value: 'needs_clearance', label: 'Needs clearance' },
  { value: 'caution', label: 'Caution only' },
] as const;
type SeverityChoice = (typeof severityChoices)[number]['value'];

/** The setting object that holds a number's source (the number's parent, or the object itself). */
const settingOf = (protocol: ClinicProtocol, path: string): { source?: string; verified?: boolean } | undefined => {
  let node: unknown = protocol;
  for (const part of path.split('.')) {
    const next = (node as Record<string, unknown> | undefined)?.[part];
    if (typeof next !== 'object' || next === null) break;
    node = next;
  }
  return node as { source?: string; verified?: boolean } | undefined;
};

/**
 * A source as staff read it: what the source says, then where it comes from ("— CLINICAL.md §3" becomes
 * "Reference: CLINICAL.md §3"), and whether it is a verified published value or clinic policy.
 */
function Citation({ setting }: { setting: { source?: string; verified?: boolean } | undefined }) {
  if (!setting?.source) return null;
  const [claim, ...refs] = setting.source.split(' — ');
  return (
    <span className="citation">
      <span>Source: {claim?.replace(/[.\s]+$/, '')}.</span>
      {refs.length > 0 ? <span> Reference: {refs.join(' — ')}.</span> : null}{' '}
      <strong>{setting.verified === false ? 'Unverified: clinic policy.' : 'Verified published value.'}</strong>
    </span>
  );
}
const numberText = (value: unknown): string => (typeof value === 'number' ? String(value) : '');
const read = (protocol: ClinicProtocol, path: string): unknown =>
  path.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], protocol);
function write(protocol: ClinicProtocol, path: string, value: unknown): ClinicProtocol {
  const copy = structuredClone(protocol) as unknown as Record<string, unknown>;
  const parts = path.split('.');
  let node = copy;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts.at(-1)!] = value;
  return copy as unknown as ClinicProtocol;
}

export function ProtocolPage() {
  const protocols = useProtocols();
  const templatesQuery = useConsentTemplates();
  const reloadProtocols = useReload(['protocols']);
  const reloadTemplates = useReload(['consent-templates']);
  const current = protocols.data?.current ?? null;
  const versions = protocols.data?.versions ?? [];
  const templates = templatesQuery.data?.items ?? [];
  const failure = firstFailure([protocols, templatesQuery], 'The protocol could not be loaded.');
  const [values, setValues] = useState<Record<string, string>>({});
  const [pregnancy, setPregnancy] = useState(true);
  const [severities, setSeverities] = useState<Record<string, SeverityChoice>>({});
  const [note, setNote] = useState('');
  const [templateBody, setTemplateBody] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    await Promise.all([reloadProtocols(), reloadTemplates()]);
  };

  // The form starts from each version the server sends (first load, and after every save).
  const [seededProtocol, setSeededProtocol] = useState<ProtocolVersion | null>(null);
  if (current && current !== seededProtocol) {
    setSeededProtocol(current);
    setValues(Object.fromEntries(fields.map((f) => [f.path, numberText(read(current.protocol, f.path))])));
    setPregnancy(current.protocol.pregnancyTestRequired);
    setSeverities(
      Object.fromEntries(
        severitySettings.map((f) => [f.path, read(current.protocol, `${f.path}.severity`) as SeverityChoice]),
      ),
    );
  }
  const [seededTemplates, setSeededTemplates] = useState<ConsentTemplate[] | null>(null);
  if (templatesQuery.data && templatesQuery.data.items !== seededTemplates) {
    setSeededTemplates(templatesQuery.data.items);
    setTemplateBody(templatesQuery.data.items[0]?.currentVersion.body ?? '');
  }

  if (failure)
    return (
      <Notice kind="warning" title="Protocol settings are not available">
        <p>{failure}</p>
      </Notice>
    );
  if (!current) return <p aria-live="polite">Loading…</p>;

  const saveProtocol = async () => {
    let protocol = current.protocol;
    for (const f of fields) protocol = write(protocol, f.path, parseNumber(values[f.path] ?? ''));
    for (const f of severitySettings) protocol = write(protocol, `${f.path}.severity`, severities[f.path]);
    protocol = { ...protocol, pregnancyTestRequired: pregnancy };
    setBusy(true);
    try {
      const saved = await chartApi.saveProtocol({ protocol, changeNote: note, basedOnNumber: current.number });
      setDone(
        `Protocol version ${saved.number} saved. Assessments and plans already written keep the version they used.`,
      );
      setErrors([]);
      setNote('');
      await load();
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setBusy(false);
    }
  };

  const saveTemplate = async () => {
    setBusy(true);
    try {
      const existing = templates[0];
      const saved = existing
        ? await chartApi.addConsentTemplateVersion(existing.id, { body: templateBody, version: existing.version })
        : await chartApi.createConsentTemplate({ title: 'Ketamine treatment consent', body: templateBody });
      setDone(
        `Consent text version ${saved.currentVersion.number} saved. Consents already signed keep the text the patient read.`,
      );
      setErrors([]);
      await load();
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>
        <Link className="back-link" to="/patients">
          Patients
        </Link>
      </p>
      <PageHeading title="Protocol settings" caption={`Version ${current.number} (${current.label})`}>
        Protocol settings
      </PageHeading>
      <p>
        Every threshold is a clinic default with its source (ketamine for psychiatric use is off-label). Saving makes a
        new version; each assessment and plan records the version it used.
      </p>
      <LiveRegion>{done ? <Notice kind="success" title={done} /> : null}</LiveRegion>
      <ErrorSummary errors={errors} />
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void saveProtocol();
        }}
      >
        {groups.map((g) => (
          <fieldset className="fieldset" key={g.heading}>
            <legend className="fieldset__legend">
              <h2>{g.heading}</h2>
            </legend>
            {g.fields.map((f) => (
              <TextField
                key={f.path}
                id={f.path.replaceAll('.', '-')}
                label={f.label}
                hint={<Citation setting={settingOf(current.protocol, f.path)} />}
                width="short"
                inputMode="decimal"
                value={values[f.path] ?? ''}
                onChange={(v) => setValues({ ...values, [f.path]: v })}
              />
            ))}
          </fieldset>
        ))}
        <fieldset className="fieldset">
          <legend className="fieldset__legend">
            <h2>How each eligibility finding weighs</h2>
          </legend>
          {severitySettings.map((f) => (
            <Select
              key={f.path}
              id={f.path.replaceAll('.', '-')}
              label={f.label}
              hint={<Citation setting={settingOf(current.protocol, f.path)} />}
              value={severities[f.path] ?? 'exclusion'}
              choices={severityChoices}
              onChange={(v) => setSeverities({ ...severities, [f.path]: v })}
            />
          ))}
        </fieldset>
        <Checkbox
          id="pregnancy"
          label="Pregnancy test required before each session (clinic policy)"
          checked={pregnancy}
          onChange={setPregnancy}
        />
        <TextField id="change-note" label="What changed, and why" value={note} onChange={setNote} />
        <button type="submit" className="button" disabled={busy}>
          Save as version {current.number + 1}
        </button>
      </form>
      <section className="section" aria-labelledby="history">
        <h2 id="history">Versions</h2>
        <ul>
          {versions.map((v) => (
            <li key={v.id}>
              Version {v.number} ({v.label}) — {formatDateTime(v.createdAt)}
              {v.createdBy ? ` by ${v.createdBy.name}` : ''}
              {v.changeNote ? `: ${v.changeNote}` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section className="section" aria-labelledby="consent-template">
        <h2 id="consent-template">Consent text</h2>
        <p>
          {templates[0]
            ? `${templates[0].title}, version ${templates[0].currentVersion.number}.`
            : 'No consent text yet.'}{' '}
          A new version never changes consents already signed.
        </p>
        <TextArea id="consent-body" label="Consent text" value={templateBody} onChange={setTemplateBody} />
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void saveTemplate()}>
          {templates[0] ? 'Save as a new version' : 'Create the consent text'}
        </button>
      </section>
    </>
  );
}
