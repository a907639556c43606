import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import type { UserSummary } from '../../shared/identity-api';
import { ErrorSummary, TextField, errorFor, type FormError } from '../../shared/kit';
import { type AuditFilters, emptyFilters, filterErrors, filterFieldIds } from './audit-filters';

interface Props {
  initial: AuditFilters;
  /** The clinic's accounts for the user list; null while loading or when it could not be loaded. */
  users: readonly UserSummary[] | null;
  /** Errors in the filters the address came with (a hand-edited link). */
  addressErrors: readonly FormError[];
  onApply: (filters: AuditFilters) => void;
}

/** Filters by patient id, user and dates; the page puts the valid result in its address. */
export function AuditFilterForm({ initial, users, addressErrors, onApply }: Props) {
  const [filters, setFilters] = useState(initial);
  const [errors, setErrors] = useState<readonly FormError[]>(addressErrors);
  // Closed until used, so on a phone the entries are not below a screenful of form; open when filtering.
  const active = Object.values(initial).some(Boolean);
  const [open, setOpen] = useState(active || addressErrors.length > 0);
  const set = (key: keyof AuditFilters) => (value: string) => setFilters((f) => ({ ...f, [key]: value }));

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const found = filterErrors(filters, users ? new Set(users.map((u) => u.id)) : undefined);
    setErrors(found);
    setOpen(true);
    if (found.length === 0) onApply(filters);
  };

  const userError = errorFor(errors, filterFieldIds.userId);
  const userDescribedBy = [`${filterFieldIds.userId}-hint`, userError ? `${filterFieldIds.userId}-error` : '']
    .filter(Boolean)
    .join(' ');
  const sorted = users ? [...users].sort((a, b) => a.name.localeCompare(b.name)) : [];
  const userMissing = filters.userId && users !== null && !users.some((u) => u.id === filters.userId);

  return (
    <>
      <ErrorSummary errors={errors} />
      <details className="audit-filters" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary className="audit-filters__summary">
          <span className="audit-filters__title">Filter the entries{active ? ' (filters applied)' : ''}</span>
        </summary>
        <form className="form" onSubmit={submit} noValidate aria-label="Filter the entries">
          <div className="audit-filters__fields">
            <div className={`field${userError ? ' field--error' : ''}`}>
              <label className="field__label" htmlFor={filterFieldIds.userId}>
                User
              </label>
              <div className="field__hint" id={`${filterFieldIds.userId}-hint`}>
                {users === null
                  ? 'Loading the list of users…'
                  : 'Whose actions to show: each name is listed with its email address.'}
              </div>
              {userError ? (
                <p className="field__error" id={`${filterFieldIds.userId}-error`}>
                  <span className="visually-hidden">Error: </span>
                  {userError}
                </p>
              ) : null}
              <select
                id={filterFieldIds.userId}
                className="audit-select"
                value={filters.userId}
                onChange={(e) => set('userId')(e.target.value)}
                aria-describedby={userDescribedBy}
                aria-invalid={userError ? true : undefined}
              >
                <option value="">Anyone</option>
                {userMissing || (filters.userId && users === null) ? (
                  <option value={filters.userId}>Account {filters.userId}</option>
                ) : null}
                {sorted.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} ({u.email}){u.active ? '' : ' (deactivated)'}
                  </option>
                ))}
              </select>
            </div>
            <TextField
              id={filterFieldIds.patientId}
              label="Patient id"
              hint="Optional. Copy it from the address of the patient’s chart, or select one in the table below."
              value={filters.patientId}
              onChange={set('patientId')}
              error={errorFor(errors, filterFieldIds.patientId)}
              autoComplete="off"
              spellCheck={false}
              className="input--mono"
            />
            <TextField
              id={filterFieldIds.from}
              label="From"
              hint="First day to include"
              type="date"
              value={filters.from}
              onChange={set('from')}
              error={errorFor(errors, filterFieldIds.from)}
              width="medium"
            />
            <TextField
              id={filterFieldIds.to}
              label="To"
              hint="Last day to include"
              type="date"
              value={filters.to}
              onChange={set('to')}
              error={errorFor(errors, filterFieldIds.to)}
              width="medium"
            />
          </div>
          <div className="button-group">
            <button type="submit" className="button">
              Apply filters
            </button>
            <Link
              to="/admin/audit"
              className="action-link"
              onClick={() => {
                setFilters(emptyFilters);
                setErrors([]);
              }}
            >
              Clear filters
            </Link>
          </div>
        </form>
      </details>
    </>
  );
}
