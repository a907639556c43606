import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { ClinicProtocol, Route } from '../../../../src/domain/protocol';
import {
  Checkbox,
  ErrorSummary,
  type FormError,
  LiveRegion,
  Notice,
  PageHeading,
  TextArea,
  TextField,
} from '../../shared/kit';
import { formatDateTime } from '../../shared/time';
import { chartApi, type ConsentTemplate, type ProtocolVersion } from './chart-api';
import { errorMessage, formErrors, parseNumber } from './shared';

/** The editable numbers: a path into the protocol, a label, and where it came from. */
const fields: { path: string; label: string }[] = [
  { path: 'bloodPressure.screeningWarning.systolicMmHg', label: 'Screening warning: systolic above (mmHg)' },
  { path: 'bloodPressure.screeningWarning.diastolicMmHg', label: 'Screening warning: diastolic above (mmHg)' },
  { path: 'bloodPressure.eligibilityHardStop.systolicMmHg', label: 'Not eligible: systolic above (mmHg)' },
  { path: 'bloodPressure.eligibilityHardStop.diastolicMmHg', label: 'Not eligible: diastolic above (mmHg)' },
  { path: 'bloodPressure.preDoseHold.systolicMmHg', label: 'Hold the dose: systolic at or above (mmHg)' },
  { path: 'bloodPressure.preDoseHold.diastolicMmHg', label: 'Hold the dose: diastolic at or above (mmHg)' },
  ...(['IV', 'IM'] as Route[]).flatMap((r) => [
    { path: `doseLimits.${r}.startMgPerKg`, label: `${r}: usual starting dose (mg/kg)` },
    { path: `doseLimits.${r}.maxMgPerKg`, label: `${r}: maximum without override (mg/kg)` },
    { path: `doseLimits.${r}.maxTotalMg`, label: `${r}: maximum without override (mg in total)` },
    { path: `recoveryMinutes.${r}`, label: `${r}: minimum recovery (minutes)` },
  ]),
  { path: 'doseLimits.IV.maxInfusionMgPerKgPerHour', label: 'IV: fastest infusion without override (mg/kg/h)' },
  { path: 'fasting.solidsHours', label: 'Fasting from solids (hours)' },
  { path: 'fasting.clearFluidsHours', label: 'Fasting from clear fluids (hours)' },
  { path: 'benzodiazepineMaxLorazepamMgPerDay.value', label: 'Benzodiazepine limit (mg/day lorazepam-equivalent)' },
];

const sourceOf = (protocol: ClinicProtocol, path: string): string | null => {
  let node: unknown = protocol;
  const parts = path.split('.');
  for (const part of parts.slice(0, -1)) node = (node as Record<string, unknown>)[part];
  const source = node as { source?: string; verified?: boolean } | undefined;
  return source?.source ? `${source.source}${source.verified === false ? ' (unverified: clinic policy)' : ''}` : null;
};
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
  const [current, setCurrent] = useState<ProtocolVersion | null>(null);
  const [versions, setVersions] = useState<ProtocolVersion[]>([]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [pregnancy, setPregnancy] = useState(true);
  const [note, setNote] = useState('');
  const [templates, setTemplates] = useState<ConsentTemplate[]>([]);
  const [templateBody, setTemplateBody] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [list, t] = await Promise.all([chartApi.protocols(), chartApi.consentTemplates()]);
      setCurrent(list.current);
      setVersions(list.versions);
      setValues(Object.fromEntries(fields.map((f) => [f.path, numberText(read(list.current.protocol, f.path))])));
      setPregnancy(list.current.protocol.pregnancyTestRequired);
      setTemplates(t.items);
      setTemplateBody(t.items[0]?.currentVersion.body ?? '');
    } catch (error) {
      setFailure(errorMessage(error, 'The protocol could not be loaded.'));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

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
        {fields.map((f) => (
          <TextField
            key={f.path}
            id={f.path.replaceAll('.', '-')}
            label={f.label}
            hint={sourceOf(current.protocol, f.path) ?? undefined}
            width="short"
            inputMode="decimal"
            value={values[f.path] ?? ''}
            onChange={(v) => setValues({ ...values, [f.path]: v })}
          />
        ))}
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
