import type { SyntheticEvent } from 'react';
import { formatDateTime } from '../../../shared/time';
import type { IntakeDetail } from '../intake-api';

/** The notes so far, oldest first as the server sends them, and a form to add one. */
export function IntakeNotes({
  intake,
  note,
  setNote,
  addNote,
  busy,
}: {
  intake: IntakeDetail;
  note: string;
  setNote: (value: string) => void;
  addNote: (e: SyntheticEvent) => void;
  busy: boolean;
}) {
  return (
    <>
      <h2>Notes</h2>
      {intake.notes.length === 0 ? (
        <p>No notes yet.</p>
      ) : (
        <ul className="plain-list intake-notes">
          {intake.notes.map((n) => (
            <li key={n.id}>
              <p>{n.body}</p>
              <p className="muted">
                {n.author.name}, {formatDateTime(n.createdAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
      <form className="form" onSubmit={addNote}>
        <div className="field">
          <label className="field__label" htmlFor="note">
            Add a note
          </label>
          <textarea
            id="note"
            className="input input--full"
            rows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--secondary" disabled={busy}>
          Add note
        </button>
      </form>
    </>
  );
}
