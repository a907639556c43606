import type { SessionWire } from '../../../../src/contracts/sessions';
import type { RemsCheckItem, RemsItem } from '../../../../src/domain/session/esketamine-rems';
import { api, ApiError } from '../../shared/api';

/**
 * The session screens' client. Every write carries an Idempotency-Key; when the tablet has no network
 * the write waits in this browser (shown as "not yet saved") and is sent, with the same key, when the
 * connection returns, so nothing is recorded twice.
 */
export interface Vitals {
  id: string;
  takenAt: string;
  kind: 'pre_dose' | 'observation';
  systolicMmHg: number | null;
  diastolicMmHg: number | null;
  heartRateBpm: number | null;
  spo2Percent: number | null;
  respiratoryRatePerMin: number | null;
  temperatureC: number | null;
  onRoomAir: boolean;
  symptomatic: boolean;
  recordedBy: string | null;
}

export interface Hold {
  code: string;
  message: string;
  overridable: boolean;
}

export interface Alert {
  id: string;
  vitalsId: string;
  level: 'notice' | 'alert' | 'stop';
  vital: string;
  message: string;
  threshold: string;
  source: string;
  raisedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  acknowledgement: string | null;
}

/** A vial a dose may be drawn from (sealed or in use, in date, of the plan's drug, here). */
export interface VialChoice {
  id: string;
  locationId: string;
  locationName: string;
  drug: string;
  strengthMgPerMl: number;
  number: number;
  lot: string;
  expiresOn: string;
  remainingMl: number;
  status: 'sealed' | 'open';
}

/** A booked dosing visit of the day whose patient has not arrived yet (from the calendar). */
/** The day's board: its sessions and the dosing visits booked but not yet arrived. */
export interface Board {
  date: string;
  items: Session[];
  expected: ExpectedArrival[];
}

export interface ExpectedArrival {
  appointmentId: string;
  patient: { id: string; name: string; mrn: string };
  locationId: string;
  chair: string | null;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'confirmed';
  visit: string;
  companionName: string | null;
  version: number;
}

export interface Session {
  id: string;
  patient: { id: string; name: string; mrn: string };
  planId: string;
  appointmentId: string | null;
  locationId: string | null;
  chair: string | null;
  route: 'IV' | 'IM' | 'IN';
  doseNumber: number | null;
  clinicDate: string;
  phase: 'checked_in' | 'pre_checks' | 'dosing' | 'observation' | 'discharged' | 'ended_without_dose';
  boardPhase: string;
  boardPhaseLabel: string;
  checkedInAt: string;
  minutesElapsed: number;
  minutesSinceDose: number | null;
  clinical: boolean;
  prechecks: {
    companion: { name: string; phone: string } | null;
    fastingAttested: boolean;
    pregnancyTest: 'not_applicable' | 'negative' | 'positive' | 'not_done';
    medicationChanges: { reviewed: boolean; changes: string };
    weightKg: number | null;
  } | null;
  gate: {
    outcome: 'proceed' | 'hold';
    holds: Hold[];
    overridden: (Hold & { reason: string })[];
    warnings: string[];
    noDoseToday: boolean;
  } | null;
  order: {
    mgPerKg: number;
    titrated: boolean;
    weightKg: number;
    dosingWeightKg: number;
    concentrationMgPerMl: number;
    drugVolumeMl: number;
    doseMg: number;
    deliveredMgIfGivenInFull: number;
    iv: {
      infusionMinutes: number;
      diluent: string;
      finalVolumeMl: number;
      pumpRateMlPerHour: number;
      mgPerKgPerHour: number;
    } | null;
    im: { site: string } | null;
    limitCheck:
      | { status: 'ok' }
      | { status: 'override_required'; limits: { limit: string; allowed: number; requested: number }[] };
    rounding: { exactMl: number; roundedMl: number; deltaMl: number; stepMl: number };
    vial: {
      vialId: string;
      vialNumber: number;
      drug: string;
      lotNumber: string;
      expiryDate: string;
      strengthMgPerMl: number;
      ledgerEntryId: string | null;
      waste: { ledgerEntryId: string; volumeMl: number; reason: string; witness: string; at: string }[];
      /** The drug drawn into the IV bag and not infused, wasted with a witness (infusion stopped early). */
      bagWaste?: {
        ledgerEntryId: string;
        correctionEntryId: string;
        volumeMl: number;
        mg: number;
        reason: string;
        witness: string;
        at: string;
      } | null;
    } | null;
    /** Esketamine (IN): the dose and each 28 mg nasal-spray device from the ledger. */
    esketamine?: {
      doseMg: number;
      devices: {
        vialId: string;
        vialNumber: number;
        drug: string;
        lotNumber: string;
        expiryDate: string;
        ledgerEntryId: string | null;
      }[];
    } | null;
  } | null;
  doseOverrideReason: string | null;
  orderedBy: string | null;
  doseStartedAt: string | null;
  doseEndedAt: string | null;
  delivered: { mg: number; mgPerKg: number; drugVolumeMl: number; volumeInfusedMl: number | null } | null;
  infusion: {
    state: 'not_started' | 'running' | 'paused' | 'stopped';
    rateMlPerHour: number | null;
    events: {
      id: string;
      kind: string;
      at: string;
      rateMlPerHour: number | null;
      volumeInfusedMl: number | null;
      reason: string | null;
      by: string;
    }[];
  } | null;
  baselineVitalsId: string | null;
  vitals: Vitals[];
  lastVitals: Vitals | null;
  nextVitalsDue: { dueAt: string; intervalMinutes: number; overdue: boolean; minutesOverdue: number } | null;
  alerts: Alert[];
  openAlerts: number;
  overrides: { id: string; code: string; reason: string; repeatVitalsId: string | null; by: string; at: string }[];
  entries: { id: string; kind: string; at: string; content: Record<string, unknown>; by: string }[];
  discharge: { collectedBy: string; aftercareGiven: boolean } | null;
  dischargedAt: string | null;
  endedReason: string | null;
  nurseSignature: { by: string; at: string } | null;
  prescriberSignature: { by: string; at: string } | null;
  amendments: { id: string; reason: string; text: string; by: string; at: string }[];
  /** Esketamine (IN) only: the REMS checklist. */
  rems: {
    complete: boolean;
    observationEndsAt: string | null;
    checks: { item: RemsCheckItem; dueAt: string | null; done: boolean }[];
    missing: { item: RemsItem; message: string }[];
  } | null;
  /** What the dose's vial still holds (unsigned record): wasted with a witness before the nurse signs. */
  vialRemainder: SessionWire['vialRemainder'];
  /** IV stopped early (unsigned record): the drug drawn into the bag and not infused, to waste with a witness. */
  bagRemainder: SessionWire['bagRemainder'];
  version: number;
}

export interface Pending {
  key: string;
  sessionId: string;
  path: string;
  body: Record<string, unknown>;
  label: string;
  queuedAt: string;
  /** Set when the server refused it after reconnecting: the nurse must re-enter it. */
  refused?: string;
}

const storageKey = 'ketaclinic.session-writes';
const listeners = new Set<() => void>();

function load(): Pending[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey) ?? '[]');
    return Array.isArray(parsed) ? (parsed as Pending[]) : [];
  } catch {
    return [];
  }
}

function save(list: Pending[]): void {
  localStorage.setItem(storageKey, JSON.stringify(list));
  for (const l of listeners) l();
}

export function pendingFor(sessionId: string): Pending[] {
  return load().filter((p) => p.sessionId === sessionId);
}

export function onPendingChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function discardPending(key: string): void {
  save(load().filter((p) => p.key !== key));
}

const send = (p: Pick<Pending, 'key' | 'sessionId' | 'path' | 'body'>) =>
  api.post<Session>(`/api/v1/sessions/${p.sessionId}${p.path}`, p.body, { headers: { 'idempotency-key': p.key } });

export const sessionApi = {
  board: (query: { date?: string; locationId?: string } = {}, signal?: AbortSignal) => {
    const params = new URLSearchParams();
    if (query.date) params.set('date', query.date);
    if (query.locationId) params.set('locationId', query.locationId);
    const qs = params.toString();
    return api.get<Board>(`/api/v1/sessions/board${qs ? `?${qs}` : ''}`, signal ? { signal } : undefined);
  },
  get: (id: string) => api.get<Session>(`/api/v1/sessions/${id}`),
  vials: (id: string) => api.get<{ items: VialChoice[] }>(`/api/v1/sessions/${id}/vials`),
  witnesses: () => api.get<{ items: { id: string; name: string }[] }>('/api/v1/controlled-substances/witnesses'),
  /** Witnessed waste: sent at once, never queued (the witness's password is not kept on the tablet). */
  waste: (id: string, body: Record<string, unknown>, key: string) =>
    api.post<Session>(`/api/v1/sessions/${id}/waste`, body, { headers: { 'idempotency-key': key } }),
  /** The IV bag's witnessed waste (infusion stopped early): sent at once, never queued, like the vial's. */
  bagWaste: (id: string, body: Record<string, unknown>, key: string) =>
    api.post<Session>(`/api/v1/sessions/${id}/bag-waste`, body, { headers: { 'idempotency-key': key } }),
  checkIn: (body: { patientId: string; appointmentId?: string | null; chair?: string | null }) =>
    api.post<Session>('/api/v1/sessions', body, { headers: { 'idempotency-key': crypto.randomUUID() } }),
  /**
   * A write to a session. Answers the updated session, or 'queued' when the network is down: the write
   * then waits in this browser and goes out with the same key when the connection returns.
   */
  async write(
    session: Pick<Session, 'id' | 'version'>,
    path: string,
    body: Record<string, unknown>,
    label: string,
  ): Promise<Session | 'queued'> {
    const pending: Pending = {
      key: crypto.randomUUID(),
      sessionId: session.id,
      path,
      body: { ...body, ...(path === '/amendments' ? {} : { version: session.version }) },
      label,
      queuedAt: new Date().toISOString(),
    };
    // Anything already waiting goes first, so the record keeps the order things happened in.
    if (pendingFor(session.id).some((p) => !p.refused)) {
      save([...load(), pending]);
      // Online again (the earlier ones may be going out now): this one follows them.
      if (navigator.onLine) void flushPending();
      return 'queued';
    }
    try {
      const answer = await send(pending);
      // A vitals write answers lightly (the reading, its alerts, the new version): read the record afresh.
      return path === '/vitals' ? await sessionApi.get(session.id) : answer;
    } catch (error) {
      if (error instanceof ApiError && error.status === 0) {
        save([...load(), pending]);
        return 'queued';
      }
      throw error;
    }
  },
};

let flushing: Promise<void> | null = null;

/**
 * Sends what waits, oldest first, each with its own key; a stale version is refreshed and sent again.
 * A call while a flush is under way answers that flush (settled once it is done, with whatever was queued
 * meanwhile sent too), so a caller that reads the session again afterwards reads it with the queued writes
 * in. What could not be sent (no network) stays waiting for the next flush.
 */
export function flushPending(): Promise<void> {
  flushing ??= flushAll()
    .catch(() => undefined)
    .finally(() => {
      flushing = null;
    });
  return flushing;
}

async function flushAll(): Promise<void> {
  const tried = new Set<string>();
  for (;;) {
    const p = load().find((x) => !x.refused && !tried.has(x.key));
    if (!p) return;
    tried.add(p.key);
    let failure: unknown;
    try {
      await send(p);
      discardPending(p.key);
      continue;
    } catch (error) {
      failure = error;
    }
    if (!(failure instanceof ApiError) || failure.status === 0) return;
    if (failure.code === 'stale_version' && p.path !== '/amendments') {
      // The key was never used (the server refused it), so the write can go again on the new version.
      const fresh = await sessionApi.get(p.sessionId);
      try {
        await send({ ...p, body: { ...p.body, version: fresh.version } });
        discardPending(p.key);
        continue;
      } catch (again) {
        if (!(again instanceof ApiError) || again.status === 0) return;
        failure = again;
      }
    }
    const refused = failure instanceof ApiError ? (failure.detail ?? failure.title) : 'Refused';
    save(load().map((x) => (x.key === p.key ? { ...x, refused } : x)));
  }
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => void flushPending());
}
