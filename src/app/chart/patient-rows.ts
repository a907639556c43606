import { ageInYears, allowedNextStatuses, chartBmi, type PatientStatus } from '../../domain/chart/index.js';
import type { PatientRecord } from '../../db/repositories/patients.js';
import type { LocalDate } from '../../domain/time/local-date.js';

export type { PatientRecord };

const num = (v: string | null): number | null => (v === null ? null : Number(v));

export interface PatientView {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  dateOfBirth: string;
  ageYears: number;
  sex: 'female' | 'male' | null;
  genderIdentity: string | null;
  email: string | null;
  phone: string | null;
  address: {
    line1: string | null;
    line2: string | null;
    city: string | null;
    state: string | null;
    postalCode: string | null;
  };
  emergencyContact: { name: string | null; phone: string | null; relationship: string | null };
  companion: { name: string | null; phone: string | null; relationship: string | null };
  heightCm: number | null;
  weightKg: number | null;
  bmi: number | null;
  measuredAt: string | null;
  substanceUse: Record<string, unknown>;
  medicalHistory: Record<string, unknown>;
  status: PatientStatus;
  statusChangedAt: string | null;
  allowedStatuses: PatientStatus[];
  createdAt: string;
  version: number;
}

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
