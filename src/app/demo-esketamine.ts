import {
  insertDemoPatient,
  organizationTimeZone,
  patientVersion,
  patientWithFamilyNameExists,
} from '../db/repositories/demo-clinic.js';
import { activeStaff, insertDemoAppointment } from '../db/repositories/demo-schedule.js';
import { busyBetween, listChairs } from '../db/repositories/scheduling.js';
import { listLocations } from '../db/repositories/controlled-substances/stock.js';
import { findUsersByEmail } from '../db/repositories/users.js';
import { noFindings } from '../domain/eligibility/index.js';
import type { Principal } from '../domain/permissions/index.js';
import { checkInOpensMinutesBefore } from '../domain/scheduling/index.js';
import { addDays } from '../domain/time/local-date.js';
import { zoneRules } from '../domain/time/zoned-time.js';
import { createAssessment, signAssessment } from './assessments/assessments.js';
import { addDiagnosis, addMedication, recordVitals } from './chart/chart-items.js';
import { updateDemographics } from './chart/patients.js';
import { listConsentTemplates, signConsent } from './consents/consents.js';
import type { AppContext, Queryable } from './context.js';
import { createProduct, receiveStock } from './controlled-substances/stock.js';
import { uploadDocument } from './documents/documents.js';
import { demoAccounts } from './identity/demo-accounts.js';
import { createPlan, signPlan } from './plans/plans.js';
import { appointmentTypes } from './scheduling/schedule-data.js';

/**
 * The demo clinic's esketamine (Spravato) nasal spray, so a nurse can run an esketamine session in the
 * demo (decision 019): the spray devices received into the controlled-substance register at Riverside
 * (one 28 mg device per container: 0.2 mL at 140 mg/mL; fictional NDC, lot and invoice), and Sol
 * Sprayworth, eligible, enrolled in the Spravato REMS (her enrolment form is in her chart), with a signed
 * esketamine plan (56 mg) and an esketamine session booked for today in Chair 4. Every name and number is
 * invented. Built through the same use-cases as the console; a clinic that has her already is left as it
 * is, and a demo loaded before this part existed gets it on the next load.
 */
const familyName = 'Sprayworth';
export const demoEsketamineLot = 'DEMO-E2601';

export async function loadDemoEsketamine(client: Queryable, organizationId: string, now: Date): Promise<boolean> {
  if (await patientWithFamilyNameExists(client, organizationId, familyName)) return false;
  const account = async (role: 'nurse' | 'prescriber') => {
    const demo = demoAccounts.find((a) => a.roles.includes(role))!;
    const user = (await findUsersByEmail(client, demo.email)).find((u) => u.organizationId === organizationId);
    if (!user) return undefined;
    const principal: Principal = { userId: user.id, organizationId, kind: 'staff', roles: user.roles, patientId: null };
    return { demo, principal };
  };
  const nurse = await account('nurse');
  const prescriber = await account('prescriber');
  const riverside = (await listLocations(client, organizationId)).find((l) => l.name.endsWith('Riverside'));
  if (!nurse || !prescriber || !riverside) return false;
  const at = (daysAgo: number, as: Principal): AppContext => ({
    db: client,
    principal: as,
    now: new Date(now.getTime() - daysAgo * 86_400_000),
    ip: null,
    userAgent: 'ketaclinic-demo',
  });
  const doctor = prescriber.principal;
  const zone = zoneRules((await organizationTimeZone(client, organizationId)) ?? 'America/New_York');
  const today = zone.toLocal(now).date;

  // Stock: six devices (three 56 mg doses), received today and checked by the prescriber.
  const product = await createProduct(
    {
      drug: 'Esketamine nasal spray',
      strengthMgPerMl: 140,
      containerMl: 0.2,
      form: 'nasal_spray',
      ndc: '99999-0028-02',
      schedule: 'III',
    },
    at(0, nurse.principal),
  );
  await receiveStock(
    {
      locationId: riverside.id,
      productId: product.id,
      receivedOn: today,
      supplierName: 'Example Pharmaceutical Wholesale (demo)',
      supplierAddress: '1 Example Way, Springfield MA 01103',
      supplierDeaNumber: 'PE1234563',
      invoiceNumber: 'DEMO-INV-0028',
      lot: demoEsketamineLot,
      expiresOn: `${Number(today.slice(0, 4)) + 1}${today.slice(4, 8)}01`,
      containers: 6,
      witnessUserId: doctor.userId,
      witnessPassword: prescriber.demo.password,
    },
    at(0, nurse.principal),
  );

  // The patient, assessed eligible, consented, enrolled in the REMS, with a signed esketamine plan.
  const id = await insertDemoPatient(client, organizationId, {
    mrn: '900051',
    givenName: 'Sol',
    familyName,
    dateOfBirth: '1981-05-19',
    email: 'sol.sprayworth@example.org',
    phone: '(555) 010-0151',
    addressLine1: '51 Maple Street',
    createdAt: at(12, doctor).now,
  });
  await updateDemographics(
    id,
    {
      version: await patientVersion(client, id),
      sex: 'female',
      weightKg: 66,
      heightCm: 167,
      companion: { name: 'Kai Sprayworth', phone: '(555) 010-0152', relationship: 'Partner' },
      emergencyContact: { name: 'Jo Sprayworth', phone: '(555) 010-0153', relationship: 'Sibling' },
      medicalHistory: {
        hypertension: false,
        cardiovascular: false,
        aneurysmOrAvm: false,
        raisedIntracranialPressure: false,
        raisedIntraocularPressure: false,
        psychosis: false,
        mania: false,
        pregnancy: false,
      },
      substanceUse: { alcohol: 'None', cannabis: 'None', other: 'None' },
    },
    at(12, doctor),
  );
  await addDiagnosis(id, { icd10: 'F33.2', isPrimary: true }, at(12, doctor));
  await addMedication(id, { name: 'Escitalopram', doseText: '20 mg each morning', dailyMg: 20 }, at(12, doctor));
  await recordVitals(
    id,
    { systolicMmHg: 124, diastolicMmHg: 78, heartRateBpm: 70, spo2Percent: 98, context: 'assessment' },
    at(10, doctor),
  );
  const draft = await createAssessment(
    id,
    {
      input: {
        ...noFindings(),
        diagnoses: [{ icd10: 'F33.2' }],
        bloodPressureReadings: [
          { systolicMmHg: 124, diastolicMmHg: 78 },
          { systolicMmHg: 122, diastolicMmHg: 76 },
        ],
      },
      goals: 'Feel like myself again; an oral antidepressant with esketamine nasal spray.',
    },
    at(10, doctor),
  );
  await signAssessment(id, draft.id, { decision: 'eligible', version: draft.version }, at(10, doctor));
  const template = (await listConsentTemplates(at(9, doctor)))[0];
  if (template) {
    await signConsent(
      id,
      {
        templateVersionId: template.currentVersion.id,
        signedName: `Sol ${familyName}`,
        signatureKind: 'click',
        confirmed: true,
      },
      at(9, doctor),
    );
  }
  await uploadDocument(
    id,
    {
      kind: 'outside_record',
      title: 'Spravato REMS patient enrolment form (demo)',
      contentType: 'application/pdf',
      content: remsEnrolmentPdf(today),
    },
    at(9, doctor),
  );
  const plan = await createPlan(
    id,
    {
      content: {
        conditions: ['F33.2'],
        route: 'IN',
        startMg: 56,
        maxMg: 84,
        induction: { sessions: 8, startDate: addDays(today, -1), preferredTime: '10:00' },
        maintenance: {
          intent: 'esketamine_label',
          note: 'Enrolled in the Spravato REMS (enrolment form in the chart). Twice weekly weeks 1–4, weekly 5–8.',
        },
        outcome: { instrumentId: 'phq9', responseDropPercent: 50, remissionAtOrBelow: 4 },
        stopRule: { reviewBySession: 4, minImprovementPercent: 20 },
      },
    },
    at(8, doctor),
  );
  await signPlan(id, plan.id, { version: plan.version }, at(8, doctor));

  // Today's esketamine session in Chair 4 (left free by the demo calendar): from the next quarter hour,
  // within the day's opening hours unless check-in would not yet be open (a demo loaded before dawn is still
  // run at once), confirmed with her companion; her nurse is the demo nurse when free at that hour, or else a
  // rota nurse who is (like every other demo appointment).
  const chair = (await listChairs(client, organizationId)).find(
    (c) => c.locationId === riverside.id && c.name === 'Chair 4',
  );
  const type = (await appointmentTypes(client, organizationId, now)).find((t) => t.kind === 'esketamine_session');
  if (chair && type) {
    const local = zone.toLocal(now);
    const [h, m] = local.time.split(':').map(Number) as [number, number];
    const next = Math.ceil((h * 60 + m) / 15) * 15;
    const opening = Math.min(Math.max(next, 8 * 60), 15 * 60);
    const quarter = opening - (h * 60 + m) > checkInOpensMinutesBefore ? next : opening;
    const time = `${String(Math.floor(quarter / 60)).padStart(2, '0')}:${String(quarter % 60).padStart(2, '0')}`;
    const startsAt = zone.fromLocal(today, time).instant;
    const endsAt = new Date(startsAt.getTime() + type.minutes * 60_000);
    const busy = new Set(
      (await busyBetween(client, organizationId, startsAt, endsAt)).map((b) => b.staffUserId).filter(Boolean),
    );
    const nurses = (await activeStaff(client, organizationId))
      .filter((u) => u.roles.includes('nurse'))
      .map((u) => u.id);
    const staffId =
      [nurse.principal.userId, ...nurses.filter((n) => n !== nurse.principal.userId)].find((n) => !busy.has(n)) ?? null;
    await insertDemoAppointment(client, {
      organizationId,
      locationId: riverside.id,
      patientId: id,
      typeId: type.id,
      kind: type.kind,
      chairId: chair.id,
      staffId,
      startsAt,
      endsAt,
      status: 'confirmed',
      companionName: 'Kai Sprayworth',
      confirmedAt: new Date(now.getTime() - 20 * 3_600_000),
      cancelReason: null,
      lateCancel: false,
      now,
    });
  }
  return true;
}

/** A one-page PDF standing in for the scanned REMS enrolment form (obviously a demo). */
function remsEnrolmentPdf(date: string): Buffer {
  const text = `Spravato REMS patient enrolment form - DEMO ONLY. Patient: Sol ${familyName}. Enrolled ${date}.`;
  const stream = `BT /F1 12 Tf 56 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
