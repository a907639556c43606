import { Notice } from '../../../shared/kit';

/** What the last action did; after declining, the email to send from the clinic mailbox. */
export type Done = { title: string; lines: string[]; email?: { to: string; subject: string; body: string } } | null;

export function DoneNotice({ done }: { done: Done }) {
  return done ? (
    <Notice kind="success" title={done.title}>
      {done.lines.map((l) => (
        <p key={l}>{l}</p>
      ))}
      {done.email ? (
        <div className="field">
          <p>
            <strong>To:</strong> {done.email.to}
            <br />
            <strong>Subject:</strong> {done.email.subject}
          </p>
          <label className="field__label" htmlFor="decline-email">
            Email text
          </label>
          <textarea id="decline-email" className="input input--full" rows={12} readOnly value={done.email.body} />
        </div>
      ) : null}
    </Notice>
  ) : null;
}
