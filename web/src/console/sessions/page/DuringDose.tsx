import { useState } from 'react';
import { remsLevelLabels } from '../../../../../src/domain/labels';
import { remsLevels, type RemsLevel } from '../../../../../src/domain/session/esketamine-rems';
import { Checkbox, RadioGroup, Select, TextArea, TextField, errorFor } from '../../../shared/kit';
import { parseNumber } from '../../patients/shared';
import { nowIso, type Ctx } from './context';
import { Disclosure, EntryForm, Panel, WriteButton } from './entry-kit';
import { InstrumentForm } from './InstrumentForm';
import { VitalsForm } from './VitalsForm';
import { WasteForm } from './WasteForm';
import { BagWasteForm } from './BagWasteForm';

/** From the dose to discharge: vitals, the pump, observations, waste and the discharge. */
export function DuringDose({ ctx }: { ctx: Ctx }) {
  const { session } = ctx;
  const delivered = session.delivered;
  return (
    <>
      <VitalsForm ctx={ctx} title="Record vitals" />
      {session.phase === 'dosing' && session.infusion ? <InfusionControls ctx={ctx} /> : null}
      {delivered ? (
        <p>
          Delivered: <strong>{delivered.mg} mg</strong>
          {session.route === 'IN' ? '' : ` (${delivered.mgPerKg} mg/kg)`}
          {delivered.volumeInfusedMl !== null ? `, ${delivered.volumeInfusedMl} mL infused` : ''}.
        </p>
      ) : null}
      <ObservationEntries ctx={ctx} />
      <WasteForm ctx={ctx} />
      {session.bagRemainder || session.order?.vial?.bagWaste ? (
        <BagWasteForm key={session.bagRemainder ? `bag-${session.bagRemainder.remainingMl}` : 'bag-done'} ctx={ctx} />
      ) : null}
      {session.phase === 'observation' ? <DischargeForm ctx={ctx} /> : null}
    </>
  );
}

/** The pump's server paths (relative to the request body) → the infusion panel's inputs. */
const infusionFieldIds: Record<string, string> = {
  reason: 'inf-reason',
  rateMlPerHour: 'inf-rate',
  volumeInfusedMl: 'inf-volume',
};

function InfusionControls({ ctx }: { ctx: Ctx }) {
  const inf = ctx.session.infusion!;
  const [reason, setReason] = useState('');
  const [rate, setRate] = useState('');
  const [volume, setVolume] = useState('');
  return (
    <Panel
      id="inf"
      title={`Infusion: ${inf.state === 'running' ? 'running' : inf.state} at ${inf.rateMlPerHour ?? '–'} mL/h`}
    >
      <TextField
        id="inf-reason"
        label="Reason (for a pause or a rate change)"
        value={reason}
        onChange={setReason}
        error={errorFor(ctx.errors, 'inf-reason')}
      />
      <div className="button-group">
        {inf.state === 'running' ? (
          <WriteButton
            ctx={ctx}
            kind="secondary"
            path="/infusion"
            fieldIds={infusionFieldIds}
            label="Infusion paused"
            body={() => ({ kind: 'pause', at: nowIso(), reason })}
          >
            Pause
          </WriteButton>
        ) : (
          <WriteButton
            ctx={ctx}
            kind="secondary"
            path="/infusion"
            fieldIds={infusionFieldIds}
            label="Infusion resumed"
            body={() => ({ kind: 'resume', at: nowIso() })}
          >
            Resume
          </WriteButton>
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
      <WriteButton
        ctx={ctx}
        kind="secondary"
        path="/infusion"
        fieldIds={infusionFieldIds}
        label="Rate changed"
        body={() => ({ kind: 'rate_change', at: nowIso(), rateMlPerHour: parseNumber(rate), reason: reason || null })}
      >
        Change rate
      </WriteButton>
      <TextField
        id="inf-volume"
        label="Volume infused, from the pump (mL)"
        value={volume}
        onChange={setVolume}
        inputMode="decimal"
        width="short"
        error={errorFor(ctx.errors, 'inf-volume')}
      />
      <WriteButton
        ctx={ctx}
        kind="warning"
        path="/infusion"
        fieldIds={infusionFieldIds}
        label="Infusion stopped"
        body={() => ({ kind: 'stop', at: nowIso(), volumeInfusedMl: parseNumber(volume) })}
      >
        Stop the infusion
      </WriteButton>
    </Panel>
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

/** The session's entries (CLINICAL.md §3): CADSS-6, adverse events, notes; for esketamine the REMS checks. */
function ObservationEntries({ ctx }: { ctx: Ctx }) {
  const [event, setEvent] = useState<(typeof adverseEvents)[number][0]>('nausea_vomiting');
  const [severity, setSeverity] = useState<'mild' | 'moderate' | 'severe'>('mild');
  const [intervention, setIntervention] = useState('');
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  return (
    <Panel id="obs" title="Observation">
      {ctx.session.route === 'IN' ? <RemsAssessmentForm ctx={ctx} /> : null}
      <Disclosure summary="CADSS-6 (dissociation)">
        <InstrumentForm
          ctx={ctx}
          instrumentId="cadss6"
          path="/entries"
          label="CADSS-6"
          extra={() => ({ kind: 'cadss6', at: nowIso() })}
        />
      </Disclosure>
      <Disclosure summary="Adverse event">
        <EntryForm
          ctx={ctx}
          path="/entries"
          label="Adverse event"
          submit="Record adverse event"
          fieldIds={{
            event: 'ae-event',
            severity: 'ae-severity',
            intervention: 'ae-intervention',
            outcome: 'ae-outcome',
          }}
          body={() => ({ kind: 'adverse_event', at: nowIso(), event, severity, intervention, outcome })}
          onSaved={() => {
            setIntervention('');
            setOutcome('');
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
        </EntryForm>
      </Disclosure>
      <EntryForm
        ctx={ctx}
        path="/entries"
        label="Note"
        submit="Add note"
        kind="secondary"
        fieldIds={{ text: 'obs-note' }}
        body={() => ({ kind: 'note', at: nowIso(), text: note })}
        onSaved={() => setNote('')}
      >
        <TextArea id="obs-note" label="Note" value={note} onChange={setNote} error={errorFor(ctx.errors, 'obs-note')} />
      </EntryForm>
    </Panel>
  );
}

/** Esketamine REMS: a sedation or dissociation assessment, none to severe. */
function RemsAssessmentForm({ ctx }: { ctx: Ctx }) {
  const [kind, setKind] = useState<'sedation' | 'dissociation'>('sedation');
  const [level, setLevel] = useState<RemsLevel | null>(null);
  return (
    <EntryForm
      ctx={ctx}
      path="/entries"
      label={kind === 'sedation' ? 'Sedation assessment' : 'Dissociation assessment'}
      submit="Record assessment"
      body={() => ({ kind, at: nowIso(), level })}
      onSaved={() => setLevel(null)}
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
    </EntryForm>
  );
}

const dischargeChecks = [
  ['speechAtBaseline', 'dc-speech', 'Speech back to pre-treatment level'],
  ['awarenessAtBaseline', 'dc-awareness', 'Awareness back to pre-treatment level'],
  ['purposefulMovement', 'dc-movement', 'Purposeful movement back to pre-treatment level'],
  ['companionPresent', 'dc-present', 'A responsible adult is here to take the patient home'],
] as const;

/** Discharge readiness is the server's (ACEP criteria, REMS for esketamine); each gap links to its field. */
function DischargeForm({ ctx }: { ctx: Ctx }) {
  const [checks, setChecks] = useState<Record<(typeof dischargeChecks)[number][0], boolean>>({
    speechAtBaseline: false,
    awarenessAtBaseline: false,
    purposefulMovement: false,
    companionPresent: false,
  });
  const [collectedBy, setCollectedBy] = useState(ctx.session.prechecks?.companion?.name ?? '');
  const [aftercare, setAftercare] = useState(false);
  return (
    <Panel id="dc" title="Recovery and discharge">
      <EntryForm
        ctx={ctx}
        path="/discharge"
        label="Discharge"
        submit="Discharge"
        kind="large"
        body={() => ({ ...checks, collectedBy, aftercareGiven: aftercare })}
      >
        {dischargeChecks.map(([key, id, label]) => (
          <Checkbox
            key={key}
            id={id}
            label={label}
            checked={checks[key]}
            onChange={(v) => setChecks({ ...checks, [key]: v })}
          />
        ))}
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
      </EntryForm>
    </Panel>
  );
}
