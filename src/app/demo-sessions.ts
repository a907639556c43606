import { randomUUID } from 'node:crypto';
import { patientIdByFamilyName } from '../db/repositories/demo-schedule.js';
import { listLocations } from '../db/repositories/scheduling.js';
import { activeStaffByAge } from '../db/repositories/demo-clinic.js';
import { findPatientWeight, hasAnySession } from '../db/repositories/treatment-sessions.js';
import type { Queryable } from './context.js';
import type { Principal } from '../domain/permissions/index.js';
import type { AppContext } from './context.js';
import {
  checkIn,
  cosignSession,
  discharge,
  infusionEvent,
  orderDose,
  recordPrechecks,
  recordSessionQuestionnaire,
  recordSessionWaste,
  recordVitals,
  type VitalsInput,
  signSession,
  startDose,
} from './sessions/sessions.js';
import { vialsForSession } from './sessions/dose-vials.js';
import { demoAccounts } from './identity/demo-accounts.js';
import type { SessionView } from './sessions/session-read.js';

/**
 * Demo treatment sessions, run through the same use-cases a nurse uses: Ines Inductova's IM session
 * from this morning, discharged, the rest of her vial wasted with a witness, and signed; Milo Maintenby in the chair now, IV infusion running.
 * Loading twice changes nothing.
 */
const phq9 = (score: number): Record<string, number> =>
  Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i < score ? 1 : 0]));
const cssrsLow = { cssrs_1: false, cssrs_2: false, cssrs_6_lifetime: false };

export async function loadDemoSessions(client: Queryable, organizationId: string, now: Date): Promise<number> {
  if (await hasAnySession(client, organizationId)) return 0;
  const staff = await activeStaffByAge(client, organizationId);
  const nurseRow = staff.find((u) => u.roles.includes('nurse'));
  const prescriberRow = staff.find((u) => u.roles.includes('prescriber'));
  if (!nurseRow || !prescriberRow) return 0;
  const who = (row: { id: string; roles: string[] }): Principal => ({
    userId: row.id,
    organizationId,
    kind: 'staff',
    roles: row.roles,
    patientId: null,
  });
  const nurse = who(nurseRow);
  const prescriber = who(prescriberRow);
  const at = (minutesAgo: number, as: Principal): AppContext => ({
    db: client,
    principal: as,
    now: new Date(now.getTime() - minutesAgo * 60_000),
    ip: null,
    userAgent: 'ketaclinic-demo',
  });
  const iso = (minutesAgo: number): string => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
  const locations = await listLocations(client, organizationId);
  const locationId = [...locations].sort((a, b) => b.name.localeCompare(a.name))[0]?.id ?? null;
  const patient = async (family: string) => {
    const id = await patientIdByFamilyName(client, organizationId, family);
    return id === undefined ? undefined : { id, weightKg: await findPatientWeight(client, id) };
  };

  /** What the next write needs of the last one's answer. */
  type Written = Pick<SessionView, 'id' | 'version'>;
  // A vitals write answers lightly (the reading and the new version) and, like every session write, takes a key.
  const vitals = async (id: string, input: VitalsInput, ctx: AppContext): Promise<Written> =>
    (await recordVitals(id, input, ctx, { key: `demo-${randomUUID()}`, request: { id, input } })).body;

  /** Check-in to a baseline reading, `start` minutes ago. */
  async function prepare(
    patientId: string,
    weightKg: number,
    start: number,
    chair: string,
    companion: string,
  ): Promise<Written> {
    let s: Written = await checkIn({ patientId, locationId, chair }, at(start, nurse));
    s = await recordSessionQuestionnaire(
      s.id,
      { version: s.version, instrumentId: 'phq9', answers: phq9(6) },
      at(start - 2, nurse),
    );
    s = await recordSessionQuestionnaire(
      s.id,
      { version: s.version, instrumentId: 'cssrs_screener', answers: cssrsLow },
      at(start - 3, nurse),
    );
    s = await recordPrechecks(
      s.id,
      {
        version: s.version,
        companion: { name: companion, phone: '(555) 010-0188' },
        fastingAttested: true,
        pregnancyTest: 'not_applicable',
        medicationChanges: { reviewed: true, changes: 'No changes since the last session.' },
        weightKg,
      },
      at(start - 5, nurse),
    );
    return vitals(
      s.id,
      {
        version: s.version,
        takenAt: iso(start - 6),
        systolicMmHg: 126,
        diastolicMmHg: 80,
        heartRateBpm: 74,
        spo2Percent: 98,
        respiratoryRatePerMin: 14,
      },
      at(start - 6, nurse),
    );
  }
  const reading = (s: Written, minutesAgo: number, sys: number, dia: number, hr: number) =>
    vitals(
      s.id,
      {
        version: s.version,
        takenAt: iso(minutesAgo),
        systolicMmHg: sys,
        diastolicMmHg: dia,
        heartRateBpm: hr,
        spo2Percent: 97,
        respiratoryRatePerMin: 14,
      },
      at(minutesAgo, nurse),
    );

  // The dose is drawn from the clinic's stock (the demo ledger's vials): the one in use first.
  const vialFor = async (sessionId: string): Promise<string> => {
    const vial = (await vialsForSession(sessionId, at(0, nurse))).items.find((v) => v.strengthMgPerMl === 50);
    if (!vial) throw new Error('demo: no 50 mg/mL ketamine vial in stock for the sessions');
    return vial.id;
  };
  let count = 0;
  const ines = await patient('Inductova');
  if (ines) {
    // This morning: IM injection, observed, discharged with her sister, signed and co-signed.
    const weight = Number(ines.weightKg ?? 70);
    let s: Written = await prepare(ines.id, weight, 240, 'Chair 1', 'Noor Inductova (sister)');
    s = await orderDose(
      s.id,
      { version: s.version, titrate: false, vialId: await vialFor(s.id), site: 'deltoid_left' },
      at(228, nurse),
    );
    s = await startDose(s.id, { version: s.version, at: iso(225) }, at(225, nurse));
    s = await reading(s, 210, 138, 86, 82);
    s = await reading(s, 195, 134, 84, 78);
    s = await reading(s, 180, 128, 80, 76);
    s = await reading(s, 163, 126, 78, 74);
    const discharged = await discharge(
      s.id,
      {
        version: s.version,
        speechAtBaseline: true,
        awarenessAtBaseline: true,
        purposefulMovement: true,
        companionPresent: true,
        collectedBy: 'Noor Inductova (sister)',
        aftercareGiven: true,
      },
      at(160, nurse),
    );
    s = discharged;
    // The rest of her vial is wasted, witnessed by the prescriber, before the record is signed.
    if (discharged.vialRemainder) {
      const witness = demoAccounts.find((a) => a.roles.includes('prescriber'))!;
      s = await recordSessionWaste(
        s.id,
        {
          version: s.version,
          volumeMl: discharged.vialRemainder.remainingMl,
          reason: 'Left in the single-dose vial after the injection; wasted into the drug-disposal container',
          witnessUserId: prescriber.userId,
          witnessPassword: witness.password,
        },
        at(159, nurse),
        `demo-session-waste:${s.id}`,
      );
    }
    s = await signSession(s.id, { version: s.version }, at(158, nurse));
    await cosignSession(s.id, { version: s.version }, at(120, prescriber));
    count += 1;
  }
  const milo = await patient('Maintenby');
  if (milo) {
    // Now: IV infusion running for 25 minutes, vitals due again soon.
    const weight = Number(milo.weightKg ?? 80);
    let s: Written = await prepare(milo.id, weight, 45, 'Chair 3', 'Jo Maintenby (spouse)');
    s = await orderDose(
      s.id,
      {
        version: s.version,
        titrate: false,
        vialId: await vialFor(s.id),
        diluent: 'sodium_chloride_0_9',
        finalVolumeMl: 100,
      },
      at(30, nurse),
    );
    s = await startDose(s.id, { version: s.version, at: iso(25) }, at(25, nurse));
    s = await reading(s, 15, 140, 88, 84);
    s = await reading(s, 5, 146, 90, 86);
    await infusionEvent(
      s.id,
      { version: s.version, kind: 'rate_change', at: iso(4), rateMlPerHour: 120, reason: 'Mild nausea' },
      at(4, nurse),
    );
    count += 1;
  }
  return count;
}
