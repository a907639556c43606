import {
  activeStaffByAge,
  insertDemoPatient,
  organizationTimeZone,
  patientVersion,
  patientWithFamilyNameExists,
} from '../db/repositories/demo-clinic.js';
import type { PatientStatus } from '../domain/chart/index.js';
import { noFindings, type EligibilityInput } from '../domain/eligibility/index.js';
import type { Principal } from '../domain/permissions/index.js';
import { addDays } from '../domain/time/local-date.js';
import { localDateAt } from './clinic-time.js';
import { signAssessment, createAssessment } from './assessments/assessments.js';
import { addAllergy, addDiagnosis, addMedication, recordQuestionnaire, recordVitals } from './chart/chart-items.js';
import { createConsentTemplate, listConsentTemplates, signConsent, withdrawConsent } from './consents/consents.js';
import { changePatientStatus, updateDemographics } from './chart/patients.js';
import { createPlan, signPlan } from './plans/plans.js';
import type { AppContext, Queryable } from './context.js';

/**
 * Fictional demo patients, one in every status (intake → discharged), built through the same use-cases
 * the console uses, acting as the demo prescriber and admin, so their charts, timelines and audit log
 * look like real work. Names are invented and say what they are ("Ivy Intakeson"); phone numbers are
 * 555-01xx, emails example.org. Runs inside the caller's transaction; a second run adds nothing.
 */
const consentText = `Consent to ketamine treatment (demo text)

Ketamine for depression, anxiety, PTSD and chronic pain is "off-label": the FDA has not approved it for these uses.
During a session you may feel detached or dream-like (dissociation), sleepy, sick, anxious or dizzy; your blood
pressure will rise for a while. Staff check your blood pressure, heart rate and oxygen throughout.
You must not drive or operate machinery until the next day after sleep, and a responsible adult must take you home.
You can stop treatment and withdraw this consent at any time.`;

interface DemoPatient {
  readonly status: PatientStatus;
  readonly given: string;
  readonly family: string;
  readonly dob: string;
  readonly sex: 'female' | 'male';
  readonly weightKg: number;
  readonly heightCm: number;
  readonly diagnosis: string;
  /** Days ago the story starts (intake converted). */
  readonly startedDaysAgo: number;
  /** Questionnaires come from demo-measurements.ts (a whole trajectory), not the one intake score here. */
  readonly ownScores?: true;
}

const people: readonly DemoPatient[] = [
  {
    status: 'intake',
    given: 'Ivy',
    family: 'Intakeson',
    dob: '1991-04-12',
    sex: 'female',
    weightKg: 64,
    heightCm: 166,
    diagnosis: 'F33.1',
    startedDaysAgo: 1,
  },
  {
    status: 'assessment',
    given: 'Arlo',
    family: 'Assessworth',
    dob: '1983-09-30',
    sex: 'male',
    weightKg: 88,
    heightCm: 180,
    diagnosis: 'F43.10',
    startedDaysAgo: 5,
  },
  {
    status: 'eligible',
    given: 'Elsie',
    family: 'Eligibleton',
    dob: '1976-01-22',
    sex: 'female',
    weightKg: 71.5,
    heightCm: 162,
    diagnosis: 'F33.2',
    startedDaysAgo: 9,
  },
  {
    status: 'in_induction',
    given: 'Ines',
    family: 'Inductova',
    dob: '1988-06-05',
    sex: 'female',
    weightKg: 59,
    heightCm: 158,
    diagnosis: 'F41.1',
    startedDaysAgo: 18,
  },
  {
    status: 'maintenance',
    given: 'Milo',
    family: 'Maintenby',
    dob: '1969-11-11',
    sex: 'male',
    weightKg: 93,
    heightCm: 185,
    diagnosis: 'F33.2',
    startedDaysAgo: 75,
  },
  {
    status: 'paused',
    given: 'Pia',
    family: 'Pauseley',
    dob: '1995-02-17',
    sex: 'female',
    weightKg: 67,
    heightCm: 170,
    diagnosis: 'M79.7',
    startedDaysAgo: 40,
  },
  {
    status: 'discharged',
    given: 'Dara',
    family: 'Dischargewood',
    dob: '1958-08-08',
    sex: 'male',
    weightKg: 80,
    heightCm: 176,
    diagnosis: 'F32.2',
    startedDaysAgo: 120,
  },
  // Measurement-based care (issue 17; histories in demo-measurements.ts): an improving induction, a
  // maintenance patient whose scores climb back, and a non-responder at session 4.
  {
    status: 'in_induction',
    given: 'Iris',
    family: 'Improva',
    ownScores: true,
    dob: '1985-03-14',
    sex: 'female',
    weightKg: 62,
    heightCm: 164,
    diagnosis: 'F33.1',
    startedDaysAgo: 17,
  },
  {
    status: 'maintenance',
    given: 'Rhea',
    family: 'Relapsova',
    ownScores: true,
    dob: '1979-07-29',
    sex: 'female',
    weightKg: 70,
    heightCm: 168,
    diagnosis: 'F33.2',
    startedDaysAgo: 80,
  },
  {
    status: 'in_induction',
    given: 'Nico',
    family: 'Nonresponde',
    ownScores: true,
    dob: '1990-12-02',
    sex: 'male',
    weightKg: 84,
    heightCm: 179,
    diagnosis: 'F33.2',
    startedDaysAgo: 16,
  },
];

const order: readonly PatientStatus[] = [
  'intake',
  'assessment',
  'eligible',
  'in_induction',
  'maintenance',
  'paused',
  'discharged',
];
const reached = (p: DemoPatient, step: PatientStatus): boolean => order.indexOf(p.status) >= order.indexOf(step);

const findings = (icd10: string): EligibilityInput => ({
  ...noFindings(),
  diagnoses: [{ icd10 }],
  bloodPressureReadings: [
    { systolicMmHg: 126, diastolicMmHg: 80 },
    { systolicMmHg: 122, diastolicMmHg: 78 },
  ],
});

const phq9 = (total: number): Record<string, number> => {
  const answers: Record<string, number> = {};
  for (let i = 1; i <= 9; i++)
    answers[`phq9_${i}`] = i === 9 ? 0 : Math.min(3, Math.max(0, Math.round(total / 8) + (i <= total % 8 ? 1 : 0) - 1));
  return answers;
};

export async function loadDemoPatients(client: Queryable, organizationId: string, now: Date): Promise<number> {
  if (await patientWithFamilyNameExists(client, organizationId, 'Intakeson')) return 0;
  const staff = await activeStaffByAge(client, organizationId);
  const prescriber = staff.find((u) => u.roles.includes('prescriber'));
  const admin = staff.find((u) => u.roles.includes('admin'));
  if (!prescriber || !admin) return 0;
  const principal = (id: string, roles: string[]): Principal => ({
    userId: id,
    organizationId,
    kind: 'staff',
    roles,
    patientId: null,
  });
  const at = (daysAgo: number, as: Principal): AppContext => ({
    db: client,
    principal: as,
    now: new Date(now.getTime() - daysAgo * 86_400_000),
    ip: null,
    userAgent: 'ketaclinic-demo',
  });
  const doctor = principal(prescriber.id, prescriber.roles);

  const templates = await listConsentTemplates(at(200, principal(admin.id, admin.roles)));
  const template =
    templates[0] ??
    (await createConsentTemplate(
      { title: 'Ketamine treatment consent', body: consentText },
      at(200, principal(admin.id, admin.roles)),
    ));
  const tz = (await organizationTimeZone(client, organizationId)) ?? 'America/New_York';
  const today = localDateAt(tz, now);

  for (const [index, p] of people.entries()) {
    const day = p.startedDaysAgo;
    // Demo MRNs come from their own 9000xx range, so the clinic's real numbering (next_mrn) starts at 000001.
    const id = await insertDemoPatient(client, organizationId, {
      mrn: String(900_001 + index),
      givenName: p.given,
      familyName: p.family,
      dateOfBirth: p.dob,
      email: `${p.given.toLowerCase()}.${p.family.toLowerCase()}@example.org`,
      phone: `(555) 010-01${String(20 + index).padStart(2, '0')}`,
      addressLine1: `${12 + index * 7} Maple Street`,
      createdAt: at(day, doctor).now,
    });
    const version = (): Promise<number> => patientVersion(client, id);
    await updateDemographics(
      id,
      {
        version: await version(),
        sex: p.sex,
        weightKg: p.weightKg,
        heightCm: p.heightCm,
        companion: {
          name: `${p.family === 'Intakeson' ? 'Sam' : 'Alex'} ${p.family}`,
          phone: `(555) 010-01${String(40 + index).padStart(2, '0')}`,
          relationship: 'Partner',
        },
        emergencyContact: {
          name: `Jo ${p.family}`,
          phone: `(555) 010-01${String(60 + index).padStart(2, '0')}`,
          relationship: 'Sibling',
        },
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
        substanceUse: { alcohol: 'A glass of wine at weekends', cannabis: 'None', other: 'None' },
      },
      at(day, doctor),
    );
    await addDiagnosis(id, { icd10: p.diagnosis, isPrimary: true }, at(day, doctor));
    await addMedication(id, { name: 'Sertraline', doseText: '100 mg each morning', dailyMg: 100 }, at(day, doctor));
    if (index % 3 === 1)
      await addMedication(
        id,
        { name: 'Lorazepam', doseText: '0.5 mg at night when needed', dailyMg: 0.5 },
        at(day, doctor),
      );
    if (index % 2 === 0)
      await addAllergy(id, { substance: 'Penicillin', reaction: 'Hives', severity: 'moderate' }, at(day, doctor));
    if (!p.ownScores)
      await recordQuestionnaire(id, { instrumentId: 'phq9', answers: phq9(19 - (index % 3)) }, at(day, doctor));
    if (!reached(p, 'assessment')) continue;

    await recordVitals(
      id,
      { systolicMmHg: 126, diastolicMmHg: 80, heartRateBpm: 72, spo2Percent: 98, context: 'assessment' },
      at(day - 1, doctor),
    );
    const draft = await createAssessment(
      id,
      { input: findings(p.diagnosis), goals: 'Get back to work and enjoy time with family again.' },
      at(day - 1, doctor),
    );
    if (!reached(p, 'eligible')) continue;
    await signAssessment(id, draft.id, { decision: 'eligible', version: draft.version }, at(day - 1, doctor));
    const consent = await signConsent(
      id,
      {
        templateVersionId: template.currentVersion.id,
        signedName: `${p.given} ${p.family}`,
        signatureKind: 'click',
        confirmed: true,
      },
      at(day - 2, doctor),
    );
    if (!reached(p, 'in_induction')) continue;

    const startDate = addDays(today, -(day - 3));
    const plan = await createPlan(
      id,
      {
        content: {
          conditions: [p.diagnosis],
          route: index % 2 === 0 ? 'IV' : 'IM',
          // IM starts below the 0.5 mg/kg low-dose bolus limit: limits are checked on the delivered (rounded)
          // dose, so an order at the limit that rounds up would need an override (CLINICAL.md §2).
          startMgPerKg: index % 2 === 0 ? 0.5 : 0.4,
          weightBasis: 'actual',
          concentrationMgPerMl: 50,
          infusionMinutes: index % 2 === 0 ? 40 : null,
          titration: { stepMgPerKg: 0.1, maxMgPerKg: index % 2 === 0 ? 0.6 : 0.45 },
          induction: { sessions: 6, startDate, preferredTime: '10:00' },
          maintenance: { intent: 'andrade2017', note: 'Weekly × 4, then every 3 weeks; review at each visit.' },
          outcome: { instrumentId: 'phq9', responseDropPercent: 50, remissionAtOrBelow: 4 },
          stopRule: { reviewBySession: 4, minImprovementPercent: 20 },
        },
      },
      at(day - 3, doctor),
    );
    await signPlan(id, plan.id, { version: plan.version }, at(day - 3, doctor));
    await changePatientStatus(
      id,
      { status: 'in_induction', reason: 'First induction session given', version: await version() },
      at(day - 4, doctor),
    );
    if (!reached(p, 'maintenance')) continue;
    await changePatientStatus(
      id,
      { status: 'maintenance', reason: 'Induction complete; PHQ-9 down by more than half', version: await version() },
      at(day - 20, doctor),
    );
    if (p.status === 'paused') {
      await withdrawConsent(
        id,
        consent.id,
        { reason: 'Patient wants a break over the summer', version: consent.version },
        at(5, doctor),
      );
      await changePatientStatus(
        id,
        { status: 'paused', reason: 'Patient asked for a break', version: await version() },
        at(5, doctor),
      );
    }
    if (p.status === 'discharged') {
      await changePatientStatus(
        id,
        { status: 'discharged', reason: 'Remission held for three months; back to PCP care', version: await version() },
        at(3, doctor),
      );
    }
  }
  return people.length;
}
