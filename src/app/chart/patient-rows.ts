import { ageInYears, allowedNextStatuses, chartBmi, type PatientStatus } from '../../domain/chart/index.js';
import type { LocalDate } from '../../domain/time/local-date.js';

/** The patient row as the chart shows it. */
export interface PatientRow {
  id: string;
  organization_id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  sex: 'female' | 'male' | null;
  gender_identity: string | null;
  email: string | null;
  phone: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  emergency_contact_name: string | null;
  emergency_contact_phone: string | null;
  emergency_contact_relationship: string | null;
  companion_name: string | null;
  companion_phone: string | null;
  companion_relationship: string | null;
  height_cm: string | null;
  weight_kg: string | null;
  measured_at: Date | null;
  substance_use: Record<string, unknown>;
  medical_history: Record<string, unknown>;
  status: PatientStatus;
  status_changed_at: Date | null;
  created_at: Date;
  version: number;
}

// date_of_birth as text: a calendar date, never shifted by a time zone.
export const patientColumns = `id, organization_id, mrn, given_name, family_name, preferred_name, date_of_birth::text AS date_of_birth, sex,
  gender_identity, email, phone, address_line1, address_line2, city, state, postal_code, emergency_contact_name, emergency_contact_phone,
  emergency_contact_relationship, companion_name, companion_phone, companion_relationship, height_cm::text AS height_cm,
  weight_kg::text AS weight_kg, measured_at, substance_use, medical_history, status, status_changed_at, created_at, version`;

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

export function toPatientView(r: PatientRow, today: LocalDate): PatientView {
  const heightCm = num(r.height_cm);
  const weightKg = num(r.weight_kg);
  return {
    id: r.id,
    mrn: r.mrn,
    givenName: r.given_name,
    familyName: r.family_name,
    preferredName: r.preferred_name,
    dateOfBirth: r.date_of_birth,
    ageYears: ageInYears(r.date_of_birth, today),
    sex: r.sex,
    genderIdentity: r.gender_identity,
    email: r.email,
    phone: r.phone,
    address: {
      line1: r.address_line1,
      line2: r.address_line2,
      city: r.city,
      state: r.state,
      postalCode: r.postal_code,
    },
    emergencyContact: {
      name: r.emergency_contact_name,
      phone: r.emergency_contact_phone,
      relationship: r.emergency_contact_relationship,
    },
    companion: { name: r.companion_name, phone: r.companion_phone, relationship: r.companion_relationship },
    heightCm,
    weightKg,
    bmi: chartBmi(weightKg, heightCm),
    measuredAt: r.measured_at?.toISOString() ?? null,
    substanceUse: r.substance_use,
    medicalHistory: r.medical_history,
    status: r.status,
    statusChangedAt: r.status_changed_at?.toISOString() ?? null,
    allowedStatuses: allowedNextStatuses(r.status),
    createdAt: r.created_at.toISOString(),
    version: r.version,
  };
}
