import { useCallback, useEffect, useRef, useState, type SyntheticEvent, type ReactNode } from 'react';
import {
  ErrorSummary,
  errorFor,
  type FormError,
  TextField,
  LiveRegion,
  Notice,
  PageHeading,
  Checkbox,
  CheckboxGroup,
  RadioGroup,
  Select,
  TextArea,
} from '../../shared/kit';
import { Link, useParams } from 'react-router';
import { getInstrument } from '../../../../src/domain/instruments';
import { remsItemLabels, remsLevelLabels } from '../../../../src/domain/labels';
import { remsLevels, type RemsLevel } from '../../../../src/domain/session/esketamine-rems';
import type { InstrumentId, ItemDefinition } from '../../../../src/domain/instruments/types';
import { ApiError } from '../../shared/api';
import { useMe } from '../auth';
import { formatDate, formatDateTime } from '../../shared/time';
import { can } from '../nav';
import { formErrors, parseNumber } from '../patients/shared';
import {
  discardPending,
  flushPending,
  onPendingChange,
  pendingFor,
  sessionApi,
  type Pending,
  type Session,
  type VialChoice,
} from './session-api';
import { fromLocal, formatTime, localNow, minutesUntil } from './time';
import { VitalsChart } from './VitalsChart';
import './sessions.css';

/**
 * One treatment session, from check-in to signed record (CLINICAL.md §3). Every decision is the
 * server's: the page shows the gate, alerts and readiness it answers, and sends what the nurse enters.
 */
type Write = (path: string, body: Record<string, unknown>, label: string) => Promise<boolean>;

interface Ctx {
  session: Session;
  write: Write;
  errors: FormError[];
  prescriber: boolean;
  reload: () => Promise<void>;
}

export function SessionPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const [session, setSession] = useState<Session | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending[]>(() => pendingFor(id));
  const [online, setOnline] = useState(() => navigator.onLine);

  const reload = useCallback(async () => {
    try {
      setSession(await sessionApi.get(id));
      setLoadError(null);
    } catch (error) {
      setLoadError(
        error instanceof ApiError && error.status === 404 ? 'No such session.' : 'The session could not be loaded.',
      );
    }
  }, [id]);

  useEffect(() => {
    void reload();
    const source = new EventSource('/api/v1/sessions/board/events');
    source.addEventListener('session', (event) => {
      const s = JSON.parse((event as MessageEvent<string>).data) as Session;
      if (s.id === id) void reload();
    });
    const off = onPendingChange(() => setPending(pendingFor(id)));
    const up = () => {
      setOnline(true);
      void flushPending().then(reload);
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    void flushPending().then(() => setPending(pendingFor(id)));
    return () => {
      source.close();
      off();
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, [id, reload]);

  const write: Write = async (path, body, label) => {
    if (!session) return false;
    setErrors([]);
    setMessage(null);
    try {
      const result = await sessionApi.write(session, path, body, label);
      if (result === 'queued') {
        setMessage(`${label}: not yet saved — no network. It will be sent when the connection returns.`);
        setPending(pendingFor(id));
        return true;
      }
      setSession(result);
      setMessage(`${label}: saved.`);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'stale_version') {
        await reload();
        setErrors([
          {
            message:
              'Someone else changed this session while you were entering this. Check the latest record and enter it again.',
          },
        ]);
      } else {
        setErrors(formErrors(error, fieldIds));
      }
      return false;
    }
  };

  if (loadError) return <p>{loadError}</p>;
  if (!session) return <p aria-live="polite">Loading the session…</p>;
  const ctx: Ctx = { session, write, errors, prescriber: can(me, 'sessions.sign'), reload };
  const before = session.phase === 'checked_in' || session.phase === 'pre_checks';
  const dosed = session.phase === 'dosing' || session.phase === 'observation';
  const finished = session.phase === 'discharged' || session.phase === 'ended_without_dose';
  const recorder = can(me, 'sessions.record');

  return (
    <>
      <p>
        <Link to="/sessions">Back to the chair board</Link>
      </p>
      <PageHeading
        title={`Session — ${session.patient.name}`}
        caption={`${session.route} session · ${session.chair ?? 'no chair'} · MRN ${session.patient.mrn}`}
      >
        {session.patient.name}
      </PageHeading>
      <p className="session-phase">
        Step: <strong>{session.boardPhaseLabel}</strong>
        {session.doseNumber ? ` · dose ${session.doseNumber}` : ''}
      </p>
      {session.clinical ? (
        <p>
          <a href={`/api/v1/sessions/${session.id}/note.pdf`} download>
            Session note (PDF)
          </a>
        </p>
      ) : null}
      {!online ? (
        <Notice kind="warning" title="No network">
          <p>You can keep entering: entries wait on this tablet and are sent when the connection returns.</p>
        </Notice>
      ) : null}
      {pending.length > 0 ? <PendingList pending={pending} /> : null}
      <ErrorSummary errors={errors} />
      <LiveRegion>{message ? <p className="session-message">{message}</p> : null}</LiveRegion>
      {!session.clinical ? (
        <p>You can see where this patient is in the session; the clinical record is for nurses and prescribers.</p>
      ) : (
        <>
          <BigNumbers session={session} />
          <AlertsPanel ctx={ctx} />
          {session.rems ? <RemsPanel session={session} /> : null}
          {before && recorder ? <BeforeDose ctx={ctx} /> : null}
          {dosed && recorder ? <DuringDose ctx={ctx} /> : null}
          {session.vitals.length > 0 ? (
            <section className="panel" aria-labelledby="chart-heading">
              <h2 id="chart-heading">Vitals</h2>
              <VitalsChart vitals={session.vitals} doseStartedAt={session.doseStartedAt} />
              <VitalsTable session={session} />
            </section>
          ) : null}
          {session.entries.length > 0 ? <EntriesList session={session} /> : null}
          {finished && recorder && !session.nurseSignature && session.vialRemainder ? (
            <WasteForm ctx={ctx} step />
          ) : null}
          {finished ? <Signatures ctx={ctx} recorder={recorder} /> : null}
        </>
      )}
    </>
  );
}

const fieldIds: Record<string, string> = {
  systolicMmHg: 'v-sys',
  diastolicMmHg: 'v-dia',
  heartRateBpm: 'v-hr',
  spo2Percent: 'v-spo2',
  respiratoryRatePerMin: 'v-rr',
  takenAt: 'v-time',
  weightKg: 'pc-weight',
  companion: 'pc-companion-name',
  vialId: 'order-vial',
  volumeMl: 'waste-volume',
  waste: 'waste-volume',
  speechAtBaseline: 'dc-speech',
  awarenessAtBaseline: 'dc-awareness',
  purposefulMovement: 'dc-movement',
  companionPresent: 'dc-present',
  aftercareGiven: 'dc-aftercare',
  witnessUserId: 'waste-witness',
  witnessPassword: 'waste-password',
  site: 'order-site',
  finalVolumeMl: 'order-volume',
  diluent: 'order-diluent',
  overrideReason: 'order-override',
  volumeInfusedMl: 'inf-volume',
  rateMlPerHour: 'inf-rate',
  reason: 'reason',
  collectedBy: 'dc-collected',
  devices: 'esk-devices',
  doseMg: 'esk-dose',
  level: 'rems-level',
  repeatVitals: 'ov-sys',
  // What the server names outside the request body: the vial's remainder (sign) and readiness items (discharge).
  '/waste/volumeMl': 'waste-volume',
  ...Object.fromEntries(
    [
      'vitals_missing',
      'vitals_too_old',
      'vitals_taken_before_dose_end',
      'vitals_not_near_baseline',
      'vitals_outside_absolute_limits',
      'spo2_below_minimum',
      'not_on_room_air',
    ].map((gap) => [`/readiness/${gap}`, 'v-sys']),
  ),
  '/rems/bp_before_discharge': 'v-sys',
};

function PendingList({ pending }: { pending: Pending[] }) {
  return (
    <section className="pending" aria-labelledby="pending-heading">
      <h2 id="pending-heading">Not yet saved ({pending.length})</h2>
      <ul>
        {pending.map((p) => (
          <li key={p.key}>
            {p.label}, entered {formatTime(p.queuedAt)}:{' '}
            {p.refused ? (
              <>
                <strong>refused by the server — {p.refused}</strong>{' '}
                <button type="button" className="button button--secondary" onClick={() => discardPending(p.key)}>
                  Discard
                </button>
              </>
            ) : (
              <strong>waiting for the network</strong>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The three numbers a nurse looks for across the room. */
function BigNumbers({ session }: { session: Session }) {
  const v = session.lastVitals;
  const due = session.nextVitalsDue;
  return (
    <dl className="big-numbers">
      <div>
        <dt>Blood pressure</dt>
        <dd>{v?.systolicMmHg != null ? `${v.systolicMmHg}/${v.diastolicMmHg ?? '–'}` : '–'}</dd>
        <dd className="big-numbers__note">{v ? `mmHg at ${formatTime(v.takenAt)}` : 'no reading yet'}</dd>
      </div>
      <div>
        <dt>Since dose</dt>
        <dd>{session.minutesSinceDose !== null ? `${session.minutesSinceDose} min` : '–'}</dd>
        <dd className="big-numbers__note">
          {session.doseStartedAt ? `started ${formatTime(session.doseStartedAt)}` : 'not started'}
        </dd>
      </div>
      <div>
        <dt>Next vitals</dt>
        <dd>
          {due
            ? due.overdue
              ? `${due.minutesOverdue} min overdue`
              : `in ${Math.max(0, minutesUntil(due.dueAt))} min`
            : '–'}
        </dd>
        <dd className="big-numbers__note">{due ? `every ${due.intervalMinutes} min` : 'after the dose starts'}</dd>
      </div>
    </dl>
  );
}

function AlertsPanel({ ctx }: { ctx: Ctx }) {
  const open = ctx.session.alerts.filter((a) => a.acknowledgedAt === null);
  const [notes, setNotes] = useState<Record<string, string>>({});
  if (open.length === 0) return null;
  return (
    <section className="panel panel--alert" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">Open alerts ({open.length})</h2>
      <ul className="alert-list">
        {open.map((a) => {
          const mayAck = a.level === 'notice' || ctx.prescriber;
          return (
            <li key={a.id}>
              <p>
                <strong>
                  {a.level === 'stop' ? 'Stop and escalate' : a.level === 'alert' ? 'Alert the prescriber' : 'Notice'}:
                </strong>{' '}
                {a.message}{' '}
                <span className="hint">
                  (threshold {a.threshold}; {a.source}; raised {formatTime(a.raisedAt)})
                </span>
              </p>
              {mayAck ? (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    void ctx.write(`/alerts/${a.id}/acknowledge`, { note: notes[a.id] ?? '' }, 'Alert acknowledged');
                  }}
                >
                  <TextField
                    id={`ack-${a.id}`}
                    label="What you decided"
                    value={notes[a.id] ?? ''}
                    onChange={(v) => setNotes({ ...notes, [a.id]: v })}
                  />
                  <button type="submit" className="button">
                    Acknowledge
                  </button>
                </form>
              ) : (
                <p className="hint">A prescriber must acknowledge this alert.</p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------

function BeforeDose({ ctx }: { ctx: Ctx }) {
  const { session } = ctx;
  return (
    <>
      <Questionnaires ctx={ctx} />
      <PrechecksForm ctx={ctx} />
      <VitalsForm ctx={ctx} title="Baseline vitals" />
      <GatePanel ctx={ctx} />
      {session.gate?.outcome === 'proceed' ? <OrderForm ctx={ctx} /> : null}
      {session.gate?.outcome === 'proceed' && session.order ? <StartForm ctx={ctx} /> : null}
      <EndForm ctx={ctx} />
    </>
  );
}

function Questionnaires({ ctx }: { ctx: Ctx }) {
  const holds = ctx.session.gate?.holds.map((h) => h.code) ?? ['phq9_not_done', 'cssrs_not_done'];
  return (
    <section className="panel" aria-labelledby="q-heading">
      <h2 id="q-heading">Today’s questionnaires</h2>
      <p className="hint">Done in the portal today already? They count: the gate below says what is still missing.</p>
      {holds.includes('phq9_not_done') ? (
        <InstrumentForm ctx={ctx} instrumentId="phq9" path="/questionnaires" label="PHQ-9" />
      ) : (
        <p>PHQ-9: done today.</p>
      )}
      {holds.includes('cssrs_not_done') ? (
        <InstrumentForm ctx={ctx} instrumentId="cssrs_screener" path="/questionnaires" label="C-SSRS screener" />
      ) : (
        <p>C-SSRS screener: done today.</p>
      )}
    </section>
  );
}

/** A questionnaire rendered from its definition in the domain (items, options, skip logic). */
function InstrumentForm({
  ctx,
  instrumentId,
  path,
  label,
  extra = {},
}: {
  ctx: Ctx;
  instrumentId: InstrumentId;
  path: string;
  label: string;
  extra?: Record<string, unknown>;
}) {
  const def = getInstrument(instrumentId);
  const [answers, setAnswers] = useState<Record<string, number | boolean | null>>({});
  const asked = (item: ItemDefinition) => !item.askedWhen || answers[item.askedWhen.itemId] === item.askedWhen.equals;
  return (
    <form
      className="instrument"
      onSubmit={(e) => {
        e.preventDefault();
        const body = Object.fromEntries(def.items.map((i) => [i.id, asked(i) ? (answers[i.id] ?? null) : null]));
        void ctx
          .write(path, { ...extra, ...(path === '/questionnaires' ? { instrumentId } : {}), answers: body }, label)
          .then((ok) => ok && setAnswers({}));
      }}
    >
      <fieldset className="fieldset">
        <legend className="field__label">{def.title}</legend>
        {def.items.filter(asked).map((item) => (
          <fieldset className="fieldset instrument__item" key={item.id}>
            <legend>
              {item.number}. {item.text}
            </legend>
            <div className="radios radios--inline">
              {item.options.map((o) => {
                const optionId = `${instrumentId}-${item.id}-${String(o.value)}`;
                return (
                  <div className="radio" key={String(o.value)}>
                    <input
                      type="radio"
                      id={optionId}
                      name={`${instrumentId}-${item.id}`}
                      checked={answers[item.id] === o.value}
                      onChange={() => setAnswers({ ...answers, [item.id]: o.value })}
                    />
                    <label htmlFor={optionId}>{o.label}</label>
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))}
      </fieldset>
      <button type="submit" className="button">
        Save {label}
      </button>
    </form>
  );
}

function PrechecksForm({ ctx }: { ctx: Ctx }) {
  const p = ctx.session.prechecks;
  const [name, setName] = useState(p?.companion?.name ?? '');
  const [phone, setPhone] = useState(p?.companion?.phone ?? '');
  const [fasting, setFasting] = useState(p?.fastingAttested ?? false);
  const [pregnancy, setPregnancy] = useState<'not_applicable' | 'negative' | 'positive' | 'not_done'>(
    p?.pregnancyTest ?? 'not_done',
  );
  const [reviewed, setReviewed] = useState(p?.medicationChanges.reviewed ?? false);
  const [changes, setChanges] = useState(p?.medicationChanges.changes ?? '');
  const [weight, setWeight] = useState(p?.weightKg == null ? '' : String(p.weightKg));
  const [local, setLocal] = useState<FormError[]>([]);
  function submit(e: SyntheticEvent) {
    e.preventDefault();
    const w = parseNumber(weight);
    if (w !== null && Number.isNaN(w)) {
      setLocal([{ fieldId: 'pc-weight', message: 'Weight must be a number, like 72.5' }]);
      return;
    }
    setLocal([]);
    void ctx.write(
      '/pre-checks',
      {
        companion: name.trim() || phone.trim() ? { name, phone } : null,
        fastingAttested: fasting,
        pregnancyTest: pregnancy,
        medicationChanges: { reviewed, changes },
        weightKg: w,
      },
      'Pre-checks',
    );
  }
  const errors = [...local, ...ctx.errors];
  return (
    <section className="panel" aria-labelledby="pc-heading">
      <h2 id="pc-heading">Pre-checks</h2>
      <form onSubmit={submit} noValidate>
        <TextField
          id="pc-companion-name"
          label="Companion’s name"
          hint="The responsible adult who will take the patient home"
          value={name}
          onChange={setName}
          error={errorFor(errors, 'pc-companion-name')}
          width="medium"
        />
        <TextField
          id="pc-companion-phone"
          label="Companion’s phone"
          value={phone}
          onChange={setPhone}
          width="medium"
          inputMode="tel"
        />
        <Checkbox
          id="pc-fasting"
          label="Fasting attested (no solids and no clear fluids for the clinic’s times)"
          checked={fasting}
          onChange={setFasting}
        />
        <RadioGroup
          name="pc-pregnancy"
          firstId="pc-pregnancy"
          legend="Pregnancy test"
          value={pregnancy}
          onChange={setPregnancy}
          choices={[
            { value: 'negative', label: 'Negative' },
            { value: 'positive', label: 'Positive' },
            { value: 'not_done', label: 'Not done' },
            { value: 'not_applicable', label: 'Not applicable (cannot become pregnant)' },
          ]}
        />
        <Checkbox id="pc-meds" label="Medication changes reviewed" checked={reviewed} onChange={setReviewed} />
        <TextArea
          id="pc-changes"
          label="Medication changes since the last session"
          value={changes}
          onChange={setChanges}
        />
        <TextField
          id="pc-weight"
          label="Today’s weight (kg)"
          value={weight}
          onChange={setWeight}
          inputMode="decimal"
          width="short"
          error={errorFor(errors, 'pc-weight')}
        />
        <button type="submit" className="button">
          Save pre-checks
        </button>
      </form>
    </section>
  );
}

const vitalFields = [
  ['systolicMmHg', 'v-sys', 'Systolic (mmHg)'],
  ['diastolicMmHg', 'v-dia', 'Diastolic (mmHg)'],
  ['heartRateBpm', 'v-hr', 'Heart rate (/min)'],
  ['spo2Percent', 'v-spo2', 'SpO2 (%)'],
  ['respiratoryRatePerMin', 'v-rr', 'Respiratory rate (/min)'],
] as const;

/** Keyboard-first: five numbers, Tab between them, Enter saves, focus goes back to the first. */
function VitalsForm({ ctx, title }: { ctx: Ctx; title: string }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [now, setNow] = useState(true);
  const [time, setTime] = useState(localNow());
  const [roomAir, setRoomAir] = useState(true);
  const [symptoms, setSymptoms] = useState(false);
  const [local, setLocal] = useState<FormError[]>([]);
  const first = useRef<HTMLInputElement>(null);
  async function submit(e: SyntheticEvent) {
    e.preventDefault();
    const body: Record<string, unknown> = {
      takenAt: now ? new Date().toISOString() : fromLocal(time),
      onRoomAir: roomAir,
      symptomatic: symptoms,
    };
    const problems: FormError[] = [];
    for (const [key, id, label] of vitalFields) {
      const n = parseNumber(values[key] ?? '');
      if (n !== null && (Number.isNaN(n) || !Number.isInteger(n)))
        problems.push({ fieldId: id, message: `${label.replace(/ \(.*/, '')} must be a whole number` });
      body[key] = n;
    }
    if (vitalFields.every(([key]) => body[key] === null))
      problems.push({ fieldId: 'v-sys', message: 'Enter at least one vital sign' });
    setLocal(problems);
    if (problems.length > 0) return;
    if (await ctx.write('/vitals', body, 'Vitals')) {
      setValues({});
      setSymptoms(false);
      first.current?.focus();
    }
  }
  const errors = [...local, ...ctx.errors];
  return (
    <section className="panel" aria-labelledby="vitals-heading">
      <h2 id="vitals-heading">{title}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate className="vitals-form">
        <div className="vitals-form__row">
          {vitalFields.map(([key, id, label], i) => (
            <TextField
              key={key}
              id={id}
              label={label}
              value={values[key] ?? ''}
              onChange={(v) => setValues({ ...values, [key]: v })}
              inputMode="numeric"
              autoComplete="off"
              width="short"
              className="input--vital"
              error={errorFor(errors, id)}
              {...(i === 0 ? { ref: first } : {})}
            />
          ))}
        </div>
        <Checkbox id="v-now" label="Taken just now" checked={now} onChange={setNow} />
        {!now ? (
          <TextField
            id="v-time"
            label="Time taken"
            type="datetime-local"
            value={time}
            onChange={setTime}
            width="medium"
            error={errorFor(errors, 'v-time')}
          />
        ) : null}
        <Checkbox id="v-air" label="On room air" checked={roomAir} onChange={setRoomAir} />
        <Checkbox
          id="v-symptoms"
          label="Symptoms of end-organ harm (chest pain, severe headache, new neurological deficit, shortness of breath, vision change)"
          checked={symptoms}
          onChange={setSymptoms}
        />
        <button type="submit" className="button button--large">
          Save vitals
        </button>
      </form>
    </section>
  );
}

function GatePanel({ ctx }: { ctx: Ctx }) {
  const gate = ctx.session.gate;
  if (!gate) return null;
  return (
    <section
      className={`panel${gate.outcome === 'hold' ? ' panel--alert' : ' panel--ok'}`}
      aria-labelledby="gate-heading"
    >
      <h2 id="gate-heading">Pre-dose check: {gate.outcome === 'proceed' ? 'proceed' : 'hold'}</h2>
      {gate.noDoseToday ? (
        <p>
          <strong>No dose today:</strong> a hold nobody can lift is in force. End the session without a dose.
        </p>
      ) : null}
      {gate.holds.length > 0 ? (
        <ul className="hold-list">
          {gate.holds.map((h) => (
            <li key={h.code}>
              <strong>Hold:</strong> {h.message}{' '}
              {h.overridable ? (
                <span className="hint">(a prescriber may override with a reason)</span>
              ) : (
                <span className="hint">(no override)</span>
              )}
              {h.overridable && ctx.prescriber ? (
                <OverrideForm ctx={ctx} code={h.code} bp={h.code.startsWith('blood_pressure')} />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {gate.overridden.map((o) => (
        <p key={o.code}>
          Overridden: {o.message} Reason: {o.reason}
        </p>
      ))}
      {gate.warnings.map((w) => (
        <p key={w}>
          <strong>Warning:</strong> {w}
        </p>
      ))}
    </section>
  );
}

function OverrideForm({ ctx, code, bp }: { ctx: Ctx; code: string; bp: boolean }) {
  const [reason, setReason] = useState('');
  const [sys, setSys] = useState('');
  const [dia, setDia] = useState('');
  return (
    <form
      className="override-form"
      onSubmit={(e) => {
        e.preventDefault();
        void ctx.write(
          '/overrides',
          {
            code,
            reason,
            ...(bp
              ? {
                  repeatVitals: {
                    takenAt: new Date().toISOString(),
                    systolicMmHg: parseNumber(sys),
                    diastolicMmHg: parseNumber(dia),
                  },
                }
              : {}),
          },
          'Override',
        );
      }}
    >
      <TextField id={`ov-reason-${code}`} label="Reason for the override" value={reason} onChange={setReason} />
      {bp ? (
        <div className="vitals-form__row">
          <TextField
            id="ov-sys"
            label="Repeat systolic (mmHg)"
            value={sys}
            onChange={setSys}
            inputMode="numeric"
            width="short"
          />
          <TextField
            id="ov-dia"
            label="Repeat diastolic (mmHg)"
            value={dia}
            onChange={setDia}
            inputMode="numeric"
            width="short"
          />
        </div>
      ) : null}
      <button type="submit" className="button button--warning">
        Override this hold
      </button>
    </form>
  );
}

const sites = [
  { value: 'deltoid_left', label: 'Left deltoid' },
  { value: 'deltoid_right', label: 'Right deltoid' },
  { value: 'vastus_lateralis_left', label: 'Left vastus lateralis' },
  { value: 'vastus_lateralis_right', label: 'Right vastus lateralis' },
  { value: 'ventrogluteal_left', label: 'Left ventrogluteal' },
  { value: 'ventrogluteal_right', label: 'Right ventrogluteal' },
] as const;

const vialLabel = (v: VialChoice): string =>
  `${v.drug} ${v.strengthMgPerMl} mg/mL · lot ${v.lot}, vial ${v.number} · ${v.remainingMl} mL left · expires ${formatDate(v.expiresOn)}${v.status === 'open' ? ' · in use' : ''}`;

/** The esketamine REMS checklist: each check with its due time, done or missing (decision 019). */
function RemsPanel({ session }: { session: Session }) {
  const rems = session.rems!;
  return (
    <section className="panel" aria-labelledby="rems-heading">
      <h2 id="rems-heading">Esketamine REMS checklist{rems.complete ? ': complete' : ''}</h2>
      <p>
        {rems.observationEndsAt
          ? `The patient may leave no earlier than ${formatTime(rems.observationEndsAt)} (2 hours from the dose). Nobody can override this.`
          : 'The 2-hour observation starts when the first device is given.'}
      </p>
      <table className="table">
        <caption className="visually-hidden">REMS checks</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {rems.checks.map((c) => (
            <tr key={c.item}>
              <th scope="row">{remsItemLabels[c.item]}</th>
              <td>{c.dueAt ? formatTime(c.dueAt) : 'Timed from the dose'}</td>
              <td>{c.done ? 'Done' : 'Missing'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rems.missing.length > 0 ? (
        <ul>
          {rems.missing.map((m) => (
            <li key={m.item}>{m.message}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** Esketamine: 56 or 84 mg as 2 or 3 sealed nasal-spray devices from the stock here. */
function EsketamineOrderForm({ ctx }: { ctx: Ctx }) {
  const { session } = ctx;
  const [devices, setDevices] = useState<VialChoice[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [dose, setDose] = useState<'56' | '84'>(session.order?.esketamine?.doseMg === 84 ? '84' : '56');
  useEffect(() => {
    sessionApi.vials(session.id).then(
      (r) => setDevices(r.items.filter((v) => v.status === 'sealed')),
      () => setDevices([]),
    );
  }, [session.id, session.order?.esketamine?.doseMg]);
  const o = session.order?.esketamine;
  return (
    <section className="panel" aria-labelledby="order-heading">
      <h2 id="order-heading">Today’s dose</h2>
      {o ? (
        <dl className="summary-list">
          <div>
            <dt>Dose</dt>
            <dd>
              Esketamine nasal spray {o.doseMg} mg ({o.devices.length} devices of 28 mg)
            </dd>
          </div>
          {o.devices.map((d, i) => (
            <div key={d.vialId}>
              <dt>Device {i + 1}</dt>
              <dd>
                Lot {d.lotNumber}, no. {d.vialNumber}, expires {formatDate(d.expiryDate)}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void ctx.write('/order', { doseMg: Number(dose), devices: chosen.map((vialId) => ({ vialId })) }, 'Order');
        }}
      >
        <RadioGroup
          name="esk-dose"
          firstId="esk-dose"
          legend="Dose"
          value={dose}
          onChange={setDose}
          choices={[
            { value: '56', label: '56 mg (2 devices)' },
            { value: '84', label: '84 mg (3 devices)' },
          ]}
          error={errorFor(ctx.errors, 'esk-dose')}
        />
        {devices === null ? (
          <p aria-live="polite">Loading the devices in stock…</p>
        ) : devices.length === 0 ? (
          <Notice kind="warning" title="No device in stock here">
            <p>No sealed esketamine nasal-spray device, in date, is kept at this location.</p>
          </Notice>
        ) : (
          <CheckboxGroup
            name="esk-devices"
            firstId="esk-devices"
            legend="Devices drawn (one per 28 mg)"
            hint="Lot and expiry come from the controlled-substance register."
            values={chosen}
            onChange={setChosen}
            choices={devices.map((v) => ({
              value: v.id,
              label: `Lot ${v.lot}, no. ${v.number}, expires ${formatDate(v.expiresOn)}${session.locationId ? '' : ` · ${v.locationName}`}`,
            }))}
            error={errorFor(ctx.errors, 'esk-devices')}
          />
        )}
        <button type="submit" className="button">
          {o ? 'Change the order' : 'Order the dose'}
        </button>
      </form>
    </section>
  );
}

function OrderForm({ ctx }: { ctx: Ctx }) {
  if (ctx.session.route === 'IN') return <EsketamineOrderForm ctx={ctx} />;
  return <KetamineOrderForm ctx={ctx} />;
}

function KetamineOrderForm({ ctx }: { ctx: Ctx }) {
  const { session } = ctx;
  const [vials, setVials] = useState<VialChoice[] | null>(null);
  const [vialId, setVialId] = useState(session.order?.vial?.vialId ?? '');
  useEffect(() => {
    sessionApi.vials(session.id).then(
      (r) => {
        setVials(r.items);
        setVialId((current) => (r.items.some((v) => v.id === current) ? current : (r.items[0]?.id ?? '')));
      },
      () => setVials([]),
    );
    // Reloaded after each order (a vial may have been drawn from meanwhile).
  }, [session.id, session.order?.vial?.vialId]);
  const [diluent, setDiluent] = useState<'sodium_chloride_0_9' | 'dextrose_5'>('sodium_chloride_0_9');
  const [volume, setVolume] = useState('100');
  const [site, setSite] = useState<(typeof sites)[number]['value']>('deltoid_left');
  const [titrate, setTitrate] = useState(false);
  const [override, setOverride] = useState('');
  const o = session.order;
  return (
    <section className="panel" aria-labelledby="order-heading">
      <h2 id="order-heading">Today’s dose</h2>
      {o ? (
        <dl className="summary-list">
          <div>
            <dt>Dose</dt>
            <dd>
              {o.mgPerKg} mg/kg × {o.dosingWeightKg} kg = {o.doseMg} mg{o.titrated ? ' (titrated up)' : ''}
            </dd>
          </div>
          <div>
            <dt>Draw up</dt>
            <dd>
              {o.drugVolumeMl} mL of {o.concentrationMgPerMl} mg/mL (exact {o.rounding.exactMl} mL, rounded to{' '}
              {o.rounding.stepMl} mL: {o.deliveredMgIfGivenInFull} mg)
            </dd>
          </div>
          {o.vial ? (
            <div>
              <dt>From vial</dt>
              <dd>
                {o.vial.drug} {o.vial.strengthMgPerMl} mg/mL, lot {o.vial.lotNumber}, vial {o.vial.vialNumber}, expires{' '}
                {formatDate(o.vial.expiryDate)}
              </dd>
            </div>
          ) : null}
          {o.iv ? (
            <div>
              <dt>Infusion</dt>
              <dd>
                In {o.iv.finalVolumeMl} mL {o.iv.diluent === 'dextrose_5' ? '5 % dextrose' : '0.9 % saline'} over{' '}
                {o.iv.infusionMinutes} min: pump {o.iv.pumpRateMlPerHour} mL/h ({o.iv.mgPerKgPerHour} mg/kg/h)
              </dd>
            </div>
          ) : null}
          {o.im ? (
            <div>
              <dt>Site</dt>
              <dd>{sites.find((s) => s.value === o.im!.site)?.label ?? o.im.site}</dd>
            </div>
          ) : null}
          {o.limitCheck.status === 'override_required' ? (
            <div>
              <dt>Over the protocol limit</dt>
              <dd>Prescriber override: {session.doseOverrideReason}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void ctx.write(
            '/order',
            {
              titrate,
              vialId,
              ...(session.route === 'IV' ? { diluent, finalVolumeMl: parseNumber(volume) } : { site }),
              ...(override.trim() ? { overrideReason: override } : {}),
            },
            'Order',
          );
        }}
      >
        {vials === null ? (
          <p aria-live="polite">Loading the vials in stock…</p>
        ) : vials.length === 0 ? (
          <Notice kind="warning" title="No vial in stock here">
            <p>
              No sealed or in-use vial of this drug, in date, is kept at this location. Receive stock in the
              controlled-substance register first.
            </p>
          </Notice>
        ) : (
          <Select
            id="order-vial"
            label="Vial to draw from"
            hint="In-use vials first, then the earliest expiry. The volume is worked out at the vial’s strength."
            value={vialId}
            onChange={setVialId}
            choices={vials.map((v) => ({ value: v.id, label: vialLabel(v) }))}
            error={errorFor(ctx.errors, 'order-vial')}
          />
        )}
        {session.route === 'IV' ? (
          <>
            <Select
              id="order-diluent"
              label="Diluent"
              value={diluent}
              onChange={setDiluent}
              choices={[
                { value: 'sodium_chloride_0_9', label: '0.9 % sodium chloride' },
                { value: 'dextrose_5', label: '5 % dextrose' },
              ]}
            />
            <TextField
              id="order-volume"
              label="Final volume (mL)"
              value={volume}
              onChange={setVolume}
              inputMode="decimal"
              width="short"
              error={errorFor(ctx.errors, 'order-volume')}
            />
          </>
        ) : (
          <Select id="order-site" label="Injection site" value={site} onChange={setSite} choices={sites} />
        )}
        <Checkbox
          id="order-titrate"
          label="Titrate up one step, as the plan allows"
          checked={titrate}
          onChange={setTitrate}
        />
        {ctx.prescriber ? (
          <TextField
            id="order-override"
            label="Override reason (only for a dose above the protocol’s limit)"
            value={override}
            onChange={setOverride}
            error={errorFor(ctx.errors, 'order-override')}
          />
        ) : null}
        <button type="submit" className="button">
          {o ? 'Recalculate the order' : 'Calculate the order'}
        </button>
      </form>
    </section>
  );
}

function StartForm({ ctx }: { ctx: Ctx }) {
  const esketamine = ctx.session.order?.esketamine;
  if (esketamine) {
    return (
      <section className="panel" aria-labelledby="start-heading">
        <h2 id="start-heading">Give the nasal spray</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void ctx.write('/start', { at: new Date().toISOString() }, 'Nasal spray given');
          }}
        >
          <p>
            {esketamine.devices.length} devices ({esketamine.doseMg} mg). Record the time of the first device: the
            2-hour REMS observation runs from it. Each device is recorded in the controlled-substance register.
          </p>
          <button type="submit" className="button button--large">
            First device given now
          </button>
        </form>
      </section>
    );
  }
  const vial = ctx.session.order?.vial;
  return (
    <section className="panel" aria-labelledby="start-heading">
      <h2 id="start-heading">{ctx.session.route === 'IV' ? 'Start the infusion' : 'Give the injection'}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void ctx.write(
            '/start',
            { at: new Date().toISOString() },
            ctx.session.route === 'IV' ? 'Infusion started' : 'Injection given',
          );
        }}
      >
        {vial ? (
          <p>
            Draw {ctx.session.order?.drugVolumeMl} mL from lot {vial.lotNumber}, vial {vial.vialNumber} (
            {vial.strengthMgPerMl} mg/mL, expires {formatDate(vial.expiryDate)}). The draw is recorded in the
            controlled-substance register.
          </p>
        ) : null}
        <button type="submit" className="button button--large">
          {ctx.session.route === 'IV' ? 'Start infusion now' : 'Injection given now'}
        </button>
      </form>
    </section>
  );
}

function EndForm({ ctx }: { ctx: Ctx }) {
  const [reason, setReason] = useState('');
  return (
    <details className="panel">
      <summary>End the session without a dose</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void ctx.write('/end', { reason }, 'Session ended');
        }}
      >
        <TextField
          id="reason"
          label="Why no dose today"
          value={reason}
          onChange={setReason}
          error={errorFor(ctx.errors, 'reason')}
        />
        <button type="submit" className="button button--warning">
          End without a dose
        </button>
      </form>
    </details>
  );
}

// ---------------------------------------------------------------------------------------------------

function DuringDose({ ctx }: { ctx: Ctx }) {
  return (
    <>
      <VitalsForm ctx={ctx} title="Record vitals" />
      {ctx.session.phase === 'dosing' && ctx.session.infusion ? <InfusionControls ctx={ctx} /> : null}
      {ctx.session.delivered ? (
        <p>
          Delivered: <strong>{ctx.session.delivered.mg} mg</strong>
          {ctx.session.route === 'IN' ? '' : ` (${ctx.session.delivered.mgPerKg} mg/kg)`}
          {ctx.session.delivered.volumeInfusedMl !== null
            ? `, ${ctx.session.delivered.volumeInfusedMl} mL infused`
            : ''}
          .
        </p>
      ) : null}
      <ObservationEntries ctx={ctx} />
      <WasteForm ctx={ctx} />
      {ctx.session.phase === 'observation' ? <DischargeForm ctx={ctx} /> : null}
    </>
  );
}

/**
 * Witnessed waste from the dose's vial: the witness confirms on this screen with their own password or code.
 * During the session it is a panel to open; after discharge, with something left in the vial, it is the step
 * before the signature (the server refuses to sign until the vial is empty).
 */
function WasteForm({ ctx, step = false }: { ctx: Ctx; step?: boolean }) {
  const { session } = ctx;
  const vial = session.order?.vial;
  const remainder = session.vialRemainder;
  const [open, setOpen] = useState(step);
  const [people, setPeople] = useState<{ id: string; name: string }[]>([]);
  const [volume, setVolume] = useState(() => (step && remainder ? String(remainder.remainingMl) : ''));
  const [reason, setReason] = useState('Left in the vial after the dose');
  const [witness, setWitness] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef<string>(crypto.randomUUID());
  const me = useMe();
  useEffect(() => {
    if (!open) return;
    sessionApi.witnesses().then(
      (r) => setPeople(r.items.filter((p) => p.id !== me?.id)),
      () => setPeople([]),
    );
  }, [open, me?.id]);
  if (!vial?.ledgerEntryId) return null;

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors([]);
    setSaved(null);
    try {
      await sessionApi.waste(
        session.id,
        {
          version: session.version,
          volumeMl: parseNumber(volume),
          reason,
          witnessUserId: witness,
          witnessPassword: password,
        },
        key.current,
      );
      key.current = crypto.randomUUID();
      setPassword('');
      setVolume('');
      setSaved('Waste recorded in the controlled-substance register.');
      await ctx.reload();
    } catch (error) {
      setErrors(formErrors(error, fieldIds));
    } finally {
      setBusy(false);
    }
  }

  const body = (
    <>
      {remainder ? (
        <p>
          Left in the vial: <strong>{remainder.remainingMl} mL</strong>. Waste it with a witness before the record is
          signed.
        </p>
      ) : (
        <p>Nothing is left in the vial.</p>
      )}
      {vial.waste.length > 0 ? (
        <ul>
          {vial.waste.map((w) => (
            <li key={w.ledgerEntryId}>
              {w.volumeMl} mL wasted at {formatTime(w.at)}: {w.reason} (witness {w.witness})
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorSummary errors={errors} />
      <LiveRegion>{saved ? <p className="session-message">{saved}</p> : null}</LiveRegion>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p className="hint">
          Lot {vial.lotNumber}, vial {vial.vialNumber}. The witness watches the waste and types their own password.
        </p>
        <TextField
          id="waste-volume"
          label="Volume wasted (mL)"
          value={volume}
          onChange={setVolume}
          inputMode="decimal"
          width="short"
          error={errorFor(errors, 'waste-volume')}
        />
        <TextField id="waste-reason" label="Reason" value={reason} onChange={setReason} />
        <Select
          id="waste-witness"
          label="Witness"
          value={witness}
          onChange={setWitness}
          choices={[{ value: '', label: 'Choose the witness' }, ...people.map((p) => ({ value: p.id, label: p.name }))]}
          error={errorFor(errors, 'waste-witness')}
        />
        <TextField
          id="waste-password"
          label="Witness’s password"
          type="password"
          autoComplete="off"
          value={password}
          onChange={setPassword}
          width="medium"
          error={errorFor(errors, 'waste-password')}
        />
        <button type="submit" className={step ? 'button' : 'button button--secondary'} disabled={busy}>
          Record the waste
        </button>
      </form>
    </>
  );
  if (step) {
    return (
      <section className="panel" aria-labelledby="waste-heading">
        <h2 id="waste-heading">Waste what is left in the vial (witnessed)</h2>
        {body}
      </section>
    );
  }
  return (
    <details className="panel" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Waste from the vial (witnessed)</summary>
      {body}
    </details>
  );
}

function InfusionControls({ ctx }: { ctx: Ctx }) {
  const inf = ctx.session.infusion!;
  const [reason, setReason] = useState('');
  const [rate, setRate] = useState('');
  const [volume, setVolume] = useState('');
  const at = () => new Date().toISOString();
  return (
    <section className="panel" aria-labelledby="inf-heading">
      <h2 id="inf-heading">
        Infusion: {inf.state === 'running' ? 'running' : inf.state} at {inf.rateMlPerHour ?? '–'} mL/h
      </h2>
      <TextField id="inf-reason" label="Reason (for a pause or a rate change)" value={reason} onChange={setReason} />
      <div className="button-group">
        {inf.state === 'running' ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void ctx.write('/infusion', { kind: 'pause', at: at(), reason }, 'Infusion paused')}
          >
            Pause
          </button>
        ) : (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void ctx.write('/infusion', { kind: 'resume', at: at() }, 'Infusion resumed')}
          >
            Resume
          </button>
        )}
      </div>
      <TextField
        id="inf-rate"
        label="New pump rate (mL/h)"
        value={rate}
        onChange={setRate}
        inputMode="decimal"
        width="short"
        error={errorFor(ctx.errors, 'inf-rate')}
      />
      <button
        type="button"
        className="button button--secondary"
        onClick={() =>
          void ctx.write(
            '/infusion',
            { kind: 'rate_change', at: at(), rateMlPerHour: parseNumber(rate), reason: reason || null },
            'Rate changed',
          )
        }
      >
        Change rate
      </button>
      <TextField
        id="inf-volume"
        label="Volume infused, from the pump (mL)"
        value={volume}
        onChange={setVolume}
        inputMode="decimal"
        width="short"
        error={errorFor(ctx.errors, 'inf-volume')}
      />
      <button
        type="button"
        className="button button--warning"
        onClick={() =>
          void ctx.write(
            '/infusion',
            { kind: 'stop', at: at(), volumeInfusedMl: parseNumber(volume) },
            'Infusion stopped',
          )
        }
      >
        Stop the infusion
      </button>
    </section>
  );
}

const adverseEvents = [
  ['dissociation', 'Dissociation'],
  ['sedation', 'Sedation'],
  ['hypertension', 'Hypertension'],
  ['tachycardia', 'Tachycardia'],
  ['nausea_vomiting', 'Nausea or vomiting'],
  ['headache', 'Headache'],
  ['anxiety', 'Anxiety'],
  ['dizziness', 'Dizziness'],
  ['emergence_reaction', 'Emergence reaction'],
  ['respiratory_depression', 'Respiratory depression'],
  ['laryngospasm', 'Laryngospasm'],
  ['diplopia_nystagmus', 'Diplopia or nystagmus'],
  ['other', 'Other'],
] as const;

function ObservationEntries({ ctx }: { ctx: Ctx }) {
  const [event, setEvent] = useState<(typeof adverseEvents)[number][0]>('nausea_vomiting');
  const [severity, setSeverity] = useState<'mild' | 'moderate' | 'severe'>('mild');
  const [intervention, setIntervention] = useState('');
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const at = () => new Date().toISOString();
  return (
    <section className="panel" aria-labelledby="obs-heading">
      <h2 id="obs-heading">Observation</h2>
      {ctx.session.route === 'IN' ? <RemsAssessmentForm ctx={ctx} /> : null}
      <details>
        <summary>CADSS-6 (dissociation)</summary>
        <InstrumentForm
          ctx={ctx}
          instrumentId="cadss6"
          path="/entries"
          label="CADSS-6"
          extra={{ kind: 'cadss6', at: at() }}
        />
      </details>
      <details>
        <summary>Adverse event</summary>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void ctx.write(
              '/entries',
              { kind: 'adverse_event', at: at(), event, severity, intervention, outcome },
              'Adverse event',
            );
          }}
        >
          <Select
            id="ae-event"
            label="Event"
            value={event}
            onChange={setEvent}
            choices={adverseEvents.map(([value, label]) => ({ value, label }))}
          />
          <RadioGroup
            name="ae-severity"
            firstId="ae-severity"
            legend="Severity"
            value={severity}
            onChange={setSeverity}
            choices={[
              { value: 'mild', label: 'Mild' },
              { value: 'moderate', label: 'Moderate' },
              { value: 'severe', label: 'Severe' },
            ]}
          />
          <TextField id="ae-intervention" label="Intervention" value={intervention} onChange={setIntervention} />
          <TextField id="ae-outcome" label="Outcome" value={outcome} onChange={setOutcome} />
          <button type="submit" className="button">
            Record adverse event
          </button>
        </form>
      </details>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void ctx.write('/entries', { kind: 'note', at: at(), text: note }, 'Note').then((ok) => ok && setNote(''));
        }}
      >
        <TextArea id="obs-note" label="Note" value={note} onChange={setNote} />
        <button type="submit" className="button button--secondary">
          Add note
        </button>
      </form>
    </section>
  );
}

/** Esketamine REMS: a sedation or dissociation assessment, none to severe. */
function RemsAssessmentForm({ ctx }: { ctx: Ctx }) {
  const [kind, setKind] = useState<'sedation' | 'dissociation'>('sedation');
  const [level, setLevel] = useState<RemsLevel | null>(null);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void ctx
          .write(
            '/entries',
            { kind, at: new Date().toISOString(), level },
            kind === 'sedation' ? 'Sedation assessment' : 'Dissociation assessment',
          )
          .then((ok) => ok && setLevel(null));
      }}
    >
      <RadioGroup
        name="rems-kind"
        legend="REMS assessment"
        layout="inline"
        value={kind}
        onChange={setKind}
        choices={[
          { value: 'sedation', label: 'Sedation' },
          { value: 'dissociation', label: 'Dissociation' },
        ]}
      />
      <RadioGroup
        name="rems-level"
        firstId="rems-level"
        legend="Level"
        layout="inline"
        value={level}
        onChange={setLevel}
        choices={remsLevels.map((value) => ({ value, label: remsLevelLabels[value] }))}
        error={errorFor(ctx.errors, 'rems-level')}
      />
      <button type="submit" className="button">
        Record assessment
      </button>
    </form>
  );
}

function DischargeForm({ ctx }: { ctx: Ctx }) {
  const [speech, setSpeech] = useState(false);
  const [awareness, setAwareness] = useState(false);
  const [movement, setMovement] = useState(false);
  const [present, setPresent] = useState(false);
  const [collectedBy, setCollectedBy] = useState(ctx.session.prechecks?.companion?.name ?? '');
  const [aftercare, setAftercare] = useState(false);
  return (
    <section className="panel" aria-labelledby="dc-heading">
      <h2 id="dc-heading">Recovery and discharge</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void ctx.write(
            '/discharge',
            {
              speechAtBaseline: speech,
              awarenessAtBaseline: awareness,
              purposefulMovement: movement,
              companionPresent: present,
              collectedBy,
              aftercareGiven: aftercare,
            },
            'Discharge',
          );
        }}
      >
        <Checkbox id="dc-speech" label="Speech back to pre-treatment level" checked={speech} onChange={setSpeech} />
        <Checkbox
          id="dc-awareness"
          label="Awareness back to pre-treatment level"
          checked={awareness}
          onChange={setAwareness}
        />
        <Checkbox
          id="dc-movement"
          label="Purposeful movement back to pre-treatment level"
          checked={movement}
          onChange={setMovement}
        />
        <Checkbox
          id="dc-present"
          label="A responsible adult is here to take the patient home"
          checked={present}
          onChange={setPresent}
        />
        <TextField
          id="dc-collected"
          label="Who collected the patient"
          value={collectedBy}
          onChange={setCollectedBy}
          error={errorFor(ctx.errors, 'dc-collected')}
        />
        <Checkbox
          id="dc-aftercare"
          label="Aftercare instructions given (no driving or machinery until the next day after sleep)"
          checked={aftercare}
          onChange={setAftercare}
        />
        <button type="submit" className="button button--large">
          Discharge
        </button>
      </form>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------

function VitalsTable({ session }: { session: Session }) {
  return (
    <table className="table">
      <caption className="visually-hidden">Every reading</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">BP (mmHg)</th>
          <th scope="col">HR (/min)</th>
          <th scope="col">SpO2 (%)</th>
          <th scope="col">RR (/min)</th>
          <th scope="col">When</th>
        </tr>
      </thead>
      <tbody>
        {session.vitals.map((v) => (
          <tr key={v.id}>
            <td>{formatTime(v.takenAt)}</td>
            <td>
              {v.systolicMmHg ?? '–'}/{v.diastolicMmHg ?? '–'}
            </td>
            <td>{v.heartRateBpm ?? '–'}</td>
            <td>{v.spo2Percent ?? '–'}</td>
            <td>{v.respiratoryRatePerMin ?? '–'}</td>
            <td>
              {v.kind === 'pre_dose' ? 'Before the dose' : 'After the dose started'}
              {v.symptomatic ? '; symptoms' : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EntriesList({ session }: { session: Session }) {
  const describe = (e: Session['entries'][number]): ReactNode => {
    const c = e.content;
    switch (e.kind) {
      case 'cadss6':
        return `CADSS-6 total ${String(c.total)}`;
      case 'adverse_event':
        return `Adverse event: ${String(c.event).replace(/_/g, ' ')} (${String(c.severity)}); intervention: ${String(c.intervention) || 'none'}; outcome: ${String(c.outcome)}`;
      case 'intervention':
        return `Intervention: ${String(c.intervention)} — ${String(c.detail)}`;
      case 'sedation':
      case 'dissociation':
        return `${e.kind === 'sedation' ? 'Sedation' : 'Dissociation'}: ${remsLevelLabels[c.level as RemsLevel] ?? String(c.level)}`;
      default:
        return `Note: ${String(c.text)}`;
    }
  };
  return (
    <section className="panel" aria-labelledby="entries-heading">
      <h2 id="entries-heading">Observations and notes</h2>
      <ul>
        {session.entries.map((e) => (
          <li key={e.id}>
            {formatTime(e.at)} — {describe(e)} ({e.by})
          </li>
        ))}
      </ul>
    </section>
  );
}

function Signatures({ ctx, recorder }: { ctx: Ctx; recorder: boolean }) {
  const { session } = ctx;
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  return (
    <section className="panel" aria-labelledby="sign-heading">
      <h2 id="sign-heading">Record and signatures</h2>
      {session.phase === 'discharged' ? (
        <p>
          Discharged {formatDateTime(session.dischargedAt)} with {session.discharge?.collectedBy}.
        </p>
      ) : (
        <p>Ended without a dose: {session.endedReason}</p>
      )}
      <p>
        Nurse:{' '}
        {session.nurseSignature
          ? `signed by ${session.nurseSignature.by}, ${formatDateTime(session.nurseSignature.at)}`
          : 'not signed yet'}
      </p>
      <p>
        Prescriber:{' '}
        {session.prescriberSignature
          ? `co-signed by ${session.prescriberSignature.by}, ${formatDateTime(session.prescriberSignature.at)}`
          : 'not co-signed yet'}
      </p>
      {!session.nurseSignature && recorder ? (
        <button type="button" className="button" onClick={() => void ctx.write('/sign', {}, 'Signed')}>
          Sign the session record
        </button>
      ) : null}
      {session.nurseSignature && !session.prescriberSignature && ctx.prescriber ? (
        <button type="button" className="button" onClick={() => void ctx.write('/cosign', {}, 'Co-signed')}>
          Co-sign the session record
        </button>
      ) : null}
      {session.amendments.length > 0 ? (
        <>
          <h3>Amendments</h3>
          <ul>
            {session.amendments.map((a) => (
              <li key={a.id}>
                {formatDateTime(a.at)}, {a.by}: {a.text} (reason: {a.reason})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {session.nurseSignature && recorder ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void ctx.write('/amendments', { reason, text }, 'Amendment').then((ok) => {
              if (ok) {
                setReason('');
                setText('');
              }
            });
          }}
        >
          <h3>Add an amendment</h3>
          <TextField id="am-reason" label="Reason" value={reason} onChange={setReason} />
          <TextArea id="am-text" label="Amendment" value={text} onChange={setText} />
          <button type="submit" className="button button--secondary">
            Add amendment
          </button>
        </form>
      ) : null}
    </section>
  );
}
