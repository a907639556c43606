import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useParams } from 'react-router';
import { assignmentReasonLabels, instrumentLabels } from '../../../../src/domain/labels/index.js';
import {
  portalInstrumentIds,
  type AssignmentReason,
  type PortalInstrumentId,
} from '../../../../src/domain/questionnaires/schedule.js';
import type { QuestionnaireSchedule as Schedule, ScheduleBody } from '../../../../src/contracts/questionnaires';
import { ApiError, request } from '../../shared/api';
import {
  Checkbox,
  CheckboxGroup,
  ErrorSummary,
  type FormError,
  LiveRegion,
  Notice,
  PageHeading,
  TextField,
} from '../../shared/kit';
import { failureText } from '../../shared/query';
import { formatDateTime } from '../../shared/time';
import { useMe } from '../../shared/auth';
import { can } from '../nav';

/**
 * The questionnaire schedule of a patient's plan in force (decision 021): what the portal asks and when.
 * Clinical staff read it with the next points; prescribers change it (with the version they read).
 */
const url = (id: string) => `/api/v1/patients/${encodeURIComponent(id)}/questionnaire-schedule`;
const fieldIds: Record<string, string> = {
  instrumentIds: `instruments-${portalInstrumentIds[0]}`,
  preSessionOpensHours: 'opens-hours',
  afterInductionWeeks: 'after-weeks',
  maintenanceEveryWeeks: 'maintenance-weeks',
  opensDaysBefore: 'opens-days',
  graceDays: 'grace-days',
};

export function QuestionnaireSchedulePage() {
  const { id = '' } = useParams();
  // Kept here: the form below starts afresh from each saved version, and "Schedule saved" must outlive that.
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const { data, error } = useQuery({
    queryKey: ['questionnaire-schedule', id],
    queryFn: () => request<Schedule>('GET', url(id)),
  });
  const heading = <PageHeading title="Questionnaire schedule">Questionnaire schedule</PageHeading>;
  if (error)
    return (
      <>
        {heading}
        <Notice kind="warning" title="The schedule could not be loaded">
          <p>{failureText(error, 'Try again in a moment.')}</p>
        </Notice>
        <Link to={`/patients/${id}`}>Back to the chart</Link>
      </>
    );
  if (!data) return <p aria-live="polite">Loading…</p>;
  return (
    <ScheduleForm
      key={data.version}
      patientId={id}
      schedule={data}
      saved={savedVersion === data.version}
      onSaved={setSavedVersion}
    />
  );
}

function ScheduleForm({
  patientId,
  schedule,
  saved,
  onSaved,
}: {
  patientId: string;
  schedule: Schedule;
  saved: boolean;
  onSaved: (version: number) => void;
}) {
  const me = useMe();
  const client = useQueryClient();
  const editable = can(me, 'plans.write');
  const s = schedule.settings;
  const [instrumentIds, setInstrumentIds] = useState<PortalInstrumentId[]>(s.instrumentIds);
  const [beforeEachSession, setBefore] = useState(s.beforeEachSession);
  const [opensHours, setOpensHours] = useState(String(s.preSessionOpensHours));
  const [weekly, setWeekly] = useState(s.weeklyDuringInduction);
  const [afterWeeks, setAfterWeeks] = useState(s.afterInductionWeeks.join(', '));
  const [maintenance, setMaintenance] = useState(
    s.maintenanceEveryWeeks === null ? '' : String(s.maintenanceEveryWeeks),
  );
  const [opensDays, setOpensDays] = useState(String(s.opensDaysBefore));
  const [grace, setGrace] = useState(String(s.graceDays));
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const err = (field: string) => errors.find((e) => e.fieldId === fieldIds[field])?.message;

  const save = async (event: SyntheticEvent) => {
    event.preventDefault();
    const weeks = afterWeeks
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    const found: FormError[] = [];
    if (weeks.some((w) => !Number.isInteger(w)))
      found.push({
        fieldId: fieldIds.afterInductionWeeks!,
        message: 'Give whole weeks separated by commas, such as 1, 2, 4, 8',
      });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const updated = await request<Schedule>('PUT', url(patientId), {
        version: schedule.version,
        settings: {
          instrumentIds,
          beforeEachSession,
          preSessionOpensHours: Number(opensHours),
          weeklyDuringInduction: weekly,
          afterInductionWeeks: weeks,
          maintenanceEveryWeeks: maintenance.trim() === '' ? null : Number(maintenance),
          opensDaysBefore: Number(opensDays),
          graceDays: Number(grace),
        },
      } satisfies ScheduleBody);
      onSaved(updated.version);
      await client.invalidateQueries({ queryKey: ['questionnaire-schedule', patientId] });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.code === 'stale_version')
        setErrors([{ message: 'Someone else changed this schedule. Reload the page to see their change.' }]);
      else if (error instanceof ApiError && error.fieldErrors.length > 0)
        setErrors(
          error.fieldErrors.map((e) => {
            const field = e.path.replace(/^\/(body\/)?(settings\/)?/, '').split('/')[0] ?? '';
            return fieldIds[field] ? { fieldId: fieldIds[field], message: e.message } : { message: e.message };
          }),
        );
      else setErrors([{ message: error instanceof ApiError ? (error.detail ?? error.title) : 'Saving failed.' }]);
    }
  };

  return (
    <>
      <Link className="back-link" to={`/patients/${patientId}`}>
        Back to the chart
      </Link>
      <LiveRegion>
        {saved ? (
          <Notice kind="success" title="Schedule saved">
            <p>Questionnaires not yet started follow the new schedule.</p>
          </Notice>
        ) : null}
      </LiveRegion>
      <ErrorSummary errors={errors} />
      <PageHeading title="Questionnaire schedule">Questionnaire schedule</PageHeading>
      <p>
        What the patient is asked to fill in from the portal, and when.{' '}
        {schedule.isDefault
          ? 'This plan uses the clinic’s defaults.'
          : `Changed ${schedule.updatedAt ? formatDateTime(schedule.updatedAt) : ''} (version ${schedule.version}).`}
      </p>
      <form className="form" noValidate onSubmit={(e) => void save(e)}>
        <fieldset className="fieldset" disabled={!editable}>
          <CheckboxGroup
            name="instruments"
            legend="Questionnaires"
            choices={portalInstrumentIds.map((i) => ({ value: i, label: instrumentLabels[i] }))}
            values={instrumentIds}
            onChange={setInstrumentIds}
            error={err('instrumentIds')}
          />
          <Checkbox id="before-session" label="Before every session" checked={beforeEachSession} onChange={setBefore} />
          <TextField
            id="opens-hours"
            label="Opens this many hours before the session"
            inputMode="numeric"
            width="short"
            value={opensHours}
            onChange={setOpensHours}
            error={err('preSessionOpensHours')}
          />
          <Checkbox id="weekly" label="Weekly between induction sessions" checked={weekly} onChange={setWeekly} />
          <TextField
            id="after-weeks"
            label="Weeks after the last induction session"
            hint="Separated by commas, for example 1, 2, 4, 8"
            width="medium"
            value={afterWeeks}
            onChange={setAfterWeeks}
            error={err('afterInductionWeeks')}
          />
          <TextField
            id="maintenance-weeks"
            label="Then in maintenance, every this many weeks"
            hint="Leave empty for none"
            inputMode="numeric"
            width="short"
            value={maintenance}
            onChange={setMaintenance}
            error={err('maintenanceEveryWeeks')}
          />
          <TextField
            id="opens-days"
            label="A dated questionnaire opens this many days before it is due"
            inputMode="numeric"
            width="short"
            value={opensDays}
            onChange={setOpensDays}
            error={err('opensDaysBefore')}
          />
          <TextField
            id="grace-days"
            label="…and stays open this many days after (overdue meanwhile)"
            inputMode="numeric"
            width="short"
            value={grace}
            onChange={setGrace}
            error={err('graceDays')}
          />
        </fieldset>
        {editable ? (
          <button type="submit" className="button" disabled={busy}>
            Save the schedule
          </button>
        ) : (
          <p>Only prescribers change the schedule.</p>
        )}
      </form>
      <h2>Next questionnaires</h2>
      {schedule.upcoming.length === 0 ? (
        <p>None in the next four weeks (no sessions booked yet, or the schedule asks for none).</p>
      ) : (
        <ul className="alert-list">
          {schedule.upcoming.map((p) => (
            <li key={p.key} className="alert-list__item">
              <p>
                <strong>{instrumentLabels[p.instrumentId as keyof typeof instrumentLabels] ?? p.instrumentId}</strong> —{' '}
                {assignmentReasonLabels[p.reason as AssignmentReason] ?? p.reason}
              </p>
              <p className="muted">
                Opens {formatDateTime(p.opensAt)}; due {formatDateTime(p.dueAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
