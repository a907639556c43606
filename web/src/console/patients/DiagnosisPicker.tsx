import { useId, useState, type KeyboardEvent } from 'react';
import { searchDiagnoses, type DiagnosisEntry } from '../../../../src/domain/chart/diagnoses';
import { ErrorMessage } from '../../shared/kit/ErrorSummary';
import { describedBy } from '../../shared/kit/fields';

/**
 * The ICD-10-CM picker (WAI-ARIA combobox with a listbox popup, "list autocomplete"): type a code or words,
 * move through the matches with the arrow keys, Enter chooses, Escape closes. The code list ships with the
 * app (src/domain/chart/diagnoses.ts), so searching needs no round trip.
 */
export function DiagnosisPicker({
  id,
  label,
  hint,
  error,
  selected,
  onSelect,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  selected: DiagnosisEntry | null;
  onSelect: (entry: DiagnosisEntry | null) => void;
}) {
  const [text, setText] = useState(selected ? `${selected.icd10} ${selected.label}` : '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = `${id}-listbox`;
  const statusId = useId();
  const matches = open ? searchDiagnoses(text, 12) : [];
  const optionId = (i: number) => `${id}-option-${i}`;

  const choose = (entry: DiagnosisEntry) => {
    onSelect(entry);
    setText(`${entry.icd10} ${entry.label}`);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      const count = open ? matches.length : searchDiagnoses(text, 12).length;
      setActive((i) => (count === 0 ? -1 : (i + 1) % count));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) setOpen(true);
      const count = open ? matches.length : searchDiagnoses(text, 12).length;
      setActive((i) => (count === 0 ? -1 : i <= 0 ? count - 1 : i - 1));
    } else if (e.key === 'Enter') {
      if (open && active >= 0 && matches[active]) {
        e.preventDefault();
        choose(matches[active]);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      } else if (text) {
        setText('');
        onSelect(null);
      }
    }
  };

  return (
    <div className={`field combobox${error ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="field__hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <ErrorMessage id={`${id}-error`} message={error} />
      <input
        id={id}
        name={id}
        type="text"
        role="combobox"
        className="input input--medium"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={open && matches.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 && matches[active] ? optionId(active) : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
          if (selected) onSelect(null);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
        }}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={label}
        className="combobox__list"
        hidden={!open || matches.length === 0}
      >
        {matches.map((d, i) => (
          <li
            key={d.icd10}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={`combobox__option${i === active ? ' combobox__option--active' : ''}`}
            // mousedown, not click: the input's blur would close the list first
            onMouseDown={(e) => {
              e.preventDefault();
              choose(d);
            }}
          >
            <span className="combobox__code">{d.icd10}</span> {d.label}
          </li>
        ))}
      </ul>
      <div id={statusId} className="visually-hidden" role="status" aria-live="polite">
        {open && text.trim() ? `${matches.length} ${matches.length === 1 ? 'match' : 'matches'}` : ''}
      </div>
    </div>
  );
}
