import { TextArea } from '../../../shared/kit';
import { formatDateTime } from '../../../shared/time';
import type { ConsentTemplate, ProtocolVersion } from '../chart-api';

/** Every saved version of the protocol, newest as the server orders them. */
export function ProtocolVersions({ versions }: { versions: ProtocolVersion[] }) {
  return (
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
  );
}

/** The consent text patients read and sign; saving adds a version. */
export function ConsentTemplateSection({
  templates,
  templateBody,
  setTemplateBody,
  busy,
  onSave,
}: {
  templates: ConsentTemplate[];
  templateBody: string;
  setTemplateBody: (body: string) => void;
  busy: boolean;
  onSave: () => void;
}) {
  return (
    <section className="section" aria-labelledby="consent-template">
      <h2 id="consent-template">Consent text</h2>
      <p>
        {templates[0]
          ? `${templates[0].title}, version ${templates[0].currentVersion.number}.`
          : 'No consent text yet.'}{' '}
        A new version never changes consents already signed.
      </p>
      <TextArea id="consent-body" label="Consent text" value={templateBody} onChange={setTemplateBody} />
      <button type="button" className="button button--secondary" disabled={busy} onClick={onSave}>
        {templates[0] ? 'Save as a new version' : 'Create the consent text'}
      </button>
    </section>
  );
}
