import { useState, type ReactNode } from 'react';
import { remsLevelLabels } from '../../../../../src/domain/labels';
import type { RemsLevel } from '../../../../../src/domain/session/esketamine-rems';
import { TextArea, TextField, errorFor } from '../../../shared/kit';
import { formatDateTime } from '../../../shared/time';
import type { Session } from '../session-api';
import { formatTime } from '../time';
import type { Ctx } from './context';
import { EntryForm, Panel, WriteButton } from './entry-kit';

/** The record as written: every reading, every entry, and the signatures (with amendments once signed). */
export function VitalsTable({ session }: { session: Session }) {
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

export function EntriesList({ session }: { session: Session }) {
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
    <Panel id="entries" title="Observations and notes">
      <ul>
        {session.entries.map((e) => (
          <li key={e.id}>
            {formatTime(e.at)} — {describe(e)} ({e.by})
          </li>
        ))}
      </ul>
    </Panel>
  );
}

export function Signatures({ ctx, recorder }: { ctx: Ctx; recorder: boolean }) {
  const { session } = ctx;
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  return (
    <Panel id="sign" title="Record and signatures">
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
        <WriteButton ctx={ctx} path="/sign" label="Signed" body={() => ({})}>
          Sign the session record
        </WriteButton>
      ) : null}
      {session.nurseSignature && !session.prescriberSignature && ctx.prescriber ? (
        <WriteButton ctx={ctx} path="/cosign" label="Co-signed" body={() => ({})}>
          Co-sign the session record
        </WriteButton>
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
        <EntryForm
          ctx={ctx}
          path="/amendments"
          label="Amendment"
          submit="Add amendment"
          kind="secondary"
          fieldIds={{ reason: 'am-reason', text: 'am-text' }}
          body={() => ({ reason, text })}
          onSaved={() => {
            setReason('');
            setText('');
          }}
        >
          <h3>Add an amendment</h3>
          <TextField
            id="am-reason"
            label="Reason"
            value={reason}
            onChange={setReason}
            error={errorFor(ctx.errors, 'am-reason')}
          />
          <TextArea
            id="am-text"
            label="Amendment"
            value={text}
            onChange={setText}
            error={errorFor(ctx.errors, 'am-text')}
          />
        </EntryForm>
      ) : null}
    </Panel>
  );
}
