import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { goodPrechecks, normalVitals, readyPatient, sessionClinic } from './session-fixtures.js';

/**
 * The live chair board: server-sent events fed by LISTEN/NOTIFY. Two app servers share one database; a
 * board open on the second sees writes made through the first, and a board that reconnects with
 * Last-Event-ID gets what it missed.
 */
const clinic = await sessionClinic('Board Clinic');
const { s } = clinic;

const serverA = clinic.t.app;
await serverA.listen({ host: '127.0.0.1', port: 0 });
const poolB = new pg.Pool({ ...clinic.t.db.config, max: 3 });
const serverB = await buildApp(loadConfig({ KETACLINIC_SESSION_IDLE_MINUTES: '600' }), {
  pool: poolB,
  logger: false,
  now: () => clinic.t.clock.now,
});
await serverB.listen({ host: '127.0.0.1', port: 0 });
afterAll(async () => {
  await serverB.close();
  await poolB.end();
});
const base = (app: typeof serverB): string => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

interface SseEvent {
  event: string;
  id: string | undefined;
  data: Record<string, unknown>;
}

/** An EventSource-like reader over fetch: events in order, awaitable. */
async function openBoard(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((l) => l && !l.startsWith(':'))
              .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
          );
          if (!fields.event) continue;
          events.push({
            event: fields.event,
            id: fields.id,
            data: JSON.parse(fields.data ?? '{}') as Record<string, unknown>,
          });
          for (const w of waiters.splice(0)) w();
        }
      }
    } catch {
      // aborted
    }
  })();
  const until = async (predicate: (e: SseEvent) => boolean, ms = 5000): Promise<SseEvent> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = events.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such event; got ${events.map((e) => e.event).join(', ')}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  await until((e) => e.event === 'ready');
  return { events, until, close: () => controller.abort() };
}

describe('the live chair board', () => {
  it('shows a write made through one app server on a board served by another, live, clinical detail only to clinical staff', async () => {
    const nurseBoard = await openBoard(`${base(serverB)}/api/v1/sessions/board/events`, clinic.as.nurse.headers);
    const frontDesk = await openBoard(`${base(serverB)}/api/v1/sessions/board/events`, clinic.as.coordinator.headers);
    const patientId = await readyPatient(clinic);
    const checkedIn = (await s.coordinator.post('/sessions', { patientId, chair: 'Chair 4' })).json<{
      id: string;
      version: number;
    }>();
    const first = await nurseBoard.until((e) => e.event === 'session' && e.data.id === checkedIn.id);
    expect(first.data).toMatchObject({ phase: 'checked_in', chair: 'Chair 4', clinical: true });
    const pre = (
      await s.nurse.post(`/sessions/${checkedIn.id}/pre-checks`, { version: checkedIn.version, ...goodPrechecks })
    ).json<{ version: number }>();
    const vitals = await s.nurse.post(`/sessions/${checkedIn.id}/vitals`, {
      version: pre.version,
      takenAt: clinic.iso(),
      ...normalVitals,
    });
    expect(vitals.statusCode).toBe(200);
    const latest = await nurseBoard.until(
      (e) => e.data.id === checkedIn.id && e.data.version === vitals.json<{ version: number }>().version,
    );
    expect(latest.data).toMatchObject({ boardPhase: 'pre_checks', lastVitals: { systolicMmHg: 124 } });
    const restricted = await frontDesk.until(
      (e) => e.data.id === checkedIn.id && e.data.version === vitals.json<{ version: number }>().version,
    );
    expect(restricted.data).toMatchObject({ clinical: false, lastVitals: null, gate: null, vitals: [] });
    nurseBoard.close();
    frontDesk.close();
  });

  it('catches a reconnecting board up from Last-Event-ID', async () => {
    const board = await openBoard(`${base(serverA)}/api/v1/sessions/board/events`, clinic.as.prescriber.headers);
    const patientId = await readyPatient(clinic);
    const checkedIn = (await s.nurse.post('/sessions', { patientId })).json<{ id: string; version: number }>();
    const seen = await board.until((e) => e.data.id === checkedIn.id);
    board.close();
    // While the board is away, two more writes.
    const pre = (
      await s.nurse.post(`/sessions/${checkedIn.id}/pre-checks`, { version: checkedIn.version, ...goodPrechecks })
    ).json<{ version: number }>();
    clinic.advance(1);
    const v = (
      await s.nurse.post(`/sessions/${checkedIn.id}/vitals`, {
        version: pre.version,
        takenAt: clinic.iso(),
        ...normalVitals,
      })
    ).json<{ version: number }>();
    const again = await openBoard(`${base(serverB)}/api/v1/sessions/board/events`, {
      ...clinic.as.prescriber.headers,
      'last-event-id': seen.id!,
    });
    const readyAt = again.events.findIndex((e) => e.event === 'ready');
    const caughtUp = again.events.slice(0, readyAt).filter((e) => e.data.id === checkedIn.id);
    expect(caughtUp.map((e) => e.data.version)).toEqual([v.version]);
    again.close();
  });

  it('refuses a patient and an anonymous caller', async () => {
    const patient = await fetch(`${base(serverA)}/api/v1/sessions/board/events`, {
      headers: clinic.as.patient.headers,
    });
    expect(patient.status).toBe(403);
    const anonymous = await fetch(`${base(serverA)}/api/v1/sessions/board/events`);
    expect(anonymous.status).toBe(401);
    const notAStream = await fetch(`${base(serverA)}/api/v1/sessions/board/events`, {
      headers: clinic.as.nurse.headers,
    });
    expect(notAStream.status).toBe(406);
  });
});
