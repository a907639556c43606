import { useState } from 'react';
import { Link } from 'react-router';
import {
  Checkbox,
  ErrorSummary,
  type FormError,
  LiveRegion,
  Notice,
  PageHeading,
  Select,
  TextField,
} from '../../shared/kit';
import { chartApi, type ConsentTemplate, type ProtocolVersion } from './chart-api';
import { formErrors, parseNumber } from './shared';
import { useReload } from '../../shared/query';
import { firstFailure, useConsentTemplates, useProtocols } from './queries';
import { Citation } from './protocol/Citation';
import { ConsentTemplateSection, ProtocolVersions } from './protocol/ProtocolSections';
import {
  fields,
  groups,
  numberText,
  read,
  settingOf,
  severityChoices,
  type SeverityChoice,
  severitySettings,
  write,
} from './protocol/settings';

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
      <ProtocolVersions versions={versions} />
      <ConsentTemplateSection
        templates={templates}
        templateBody={templateBody}
        setTemplateBody={setTemplateBody}
        busy={busy}
        onSave={() => void saveTemplate()}
      />
    </>
  );
}
