import { ageInYears, allowedNextStatuses, chartBmi } from '../../domain/chart/index.js';
import type { PatientRecord } from '../../db/repositories/patients.js';
import type { LocalDate } from '../../domain/time/local-date.js';
import type { Patient } from '../../contracts/patients.js';

export type { PatientRecord };

const num = (v: string | null): number | null => (v === null ? null : Number(v));

/** The patient on the wire (src/contracts/patients.ts). */
export type PatientView = Patient;

export function toPatientView(r: PatientRecord, today: LocalDate): PatientView {
  const heightCm = num(r.heightCm);
  const weightKg = num(r.weightKg);
  return {
    id: r.id,
    mrn: r.mrn,
    givenName: r.givenName,
    familyName: r.familyName,
    preferredName: r.preferredName,
    dateOfBirth: r.dateOfBirth,
    ageYears: ageInYears(r.dateOfBirth, today),
    sex: r.sex,
    genderIdentity: r.genderIdentity,
    email: r.email,
    phone: r.phone,
    address: {
      line1: r.addressLine1,
      line2: r.addressLine2,
      city: r.city,
      state: r.state,
      postalCode: r.postalCode,
    },
    emergencyContact: {
      name: r.emergencyContactName,
      phone: r.emergencyContactPhone,
      relationship: r.emergencyContactRelationship,
    },
    companion: { name: r.companionName, phone: r.companionPhone, relationship: r.companionRelationship },
    heightCm,
    weightKg,
    bmi: chartBmi(weightKg, heightCm),
    measuredAt: r.measuredAt?.toISOString() ?? null,
    substanceUse: r.substanceUse,
    medicalHistory: r.medicalHistory,
    status: r.status,
    statusChangedAt: r.statusChangedAt?.toISOString() ?? null,
    allowedStatuses: allowedNextStatuses(r.status),
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  };
}
