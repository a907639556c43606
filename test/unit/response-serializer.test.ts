import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createdId } from '../../src/contracts/common.js';
import { chartHistoryPageSchemas, chartSchema } from '../../src/contracts/patients.js';
import { compileSerializer, isCompilable } from '../../src/http/response-serializer.js';

/**
 * Compiled response serializers (decision 027) write what the Zod contract writes: the same bytes, the same
 * fields in the same order, nothing undeclared. (The http tier checks every response it produces the same way.)
 */
const zodJson = (schema: z.ZodType, value: unknown): string => JSON.stringify(z.encode(schema, value));

const uuid = (n: number): string => `0b8f3c1e-2d4a-4f6b-9c8d-${String(n).padStart(12, '0')}`;
const at = '2026-11-30T15:00:00.000Z';

/** A chart as the use-case returns it, with extra fields the contract does not declare. */
function chart(consent: unknown): unknown {
  const contact = { name: 'Ada Sample', phone: '(555) 010-0101', relationship: 'friend', internal: 'x' };
  return {
    patient: {
      id: uuid(1),
      mrn: 'M00001',
      givenName: 'Ada',
      familyName: 'Sample "Quoted" \\ ünïcødé \u2028',
      preferredName: null,
      dateOfBirth: '1980-01-01',
      ageYears: 46,
      sex: 'female',
      genderIdentity: null,
      email: null,
      phone: '(555) 010-0100',
      address: { line1: '1 Test Way', line2: null, city: 'Springfield', state: 'IL', postalCode: '62701' },
      emergencyContact: contact,
      companion: contact,
      heightCm: 175,
      weightKg: 80.5,
      bmi: 26.3,
      measuredAt: at,
      substanceUse: { alcohol: 'none', nested: { deep: [1, 'two', null] } },
      medicalHistory: {},
      status: 'maintenance',
      statusChangedAt: null,
      allowedStatuses: ['paused', 'discharged'],
      createdAt: at,
      version: 3,
      statusLabel: 'Maintenance',
      organizationId: uuid(99), // not in the contract: never written
    },
    allergies: [{ id: uuid(2), substance: 'Penicillin', reaction: null, severity: 'severe', recordedAt: at }],
    noKnownAllergies: null,
    diagnoses: [{ id: uuid(3), icd10: 'F33.2', label: 'MDD', isPrimary: true, recordedAt: at, o: at }],
    medications: [],
    benzodiazepineTotal: { mgPerDay: 0, unknownDose: [] },
    maoi: false,
    vitals: [
      {
        id: uuid(4),
        recordedAt: at,
        context: 'clinic',
        systolicMmHg: 120,
        diastolicMmHg: 80,
        heartRateBpm: 70,
        spo2Percent: null,
        respiratoryRatePerMin: null,
        weightKg: null,
        heightCm: null,
        at: '2026-11-30T15:00:00.000000Z',
      },
    ],
    questionnaires: [
      {
        id: `${uuid(5)}:0`,
        source: 'intake',
        instrumentId: 'phq9',
        total: 12,
        severity: { id: 'moderate', label: 'Moderate' },
        flags: ['item9'],
        completedAt: at,
      },
    ],
    documents: [{ id: uuid(6), kind: 'plan', title: 'Treatment plan v1', status: 'signed', date: at }],
    timeline: [{ id: uuid(7), occurredAt: at, kind: 'vitals_added', summary: 'Vitals recorded', actor: null }],
    consent,
    eligibility: { assessmentId: uuid(8), decision: 'eligible', signedAt: at },
    planning: {
      calendar: {
        timeZone: 'America/New_York',
        openingHours: { mon: { opens: '08:00', closes: '17:00' } },
        closedDates: [],
      },
      protocolVersionId: uuid(9),
      protocolNumber: 1,
    },
    portalAccount: null,
    clinicalRedacted: false,
    olderPages: { vitals: 'abc', questionnaires: null, timeline: null },
  };
}

describe('compiled response serializers', () => {
  it('compile the hot responses: the chart, its history pages, a created id', () => {
    for (const schema of [chartSchema, createdId, ...Object.values(chartHistoryPageSchemas)])
      expect(isCompilable(schema)).toBe(true);
  });

  it('write the chart exactly as Zod does, for every consent state, without undeclared fields', () => {
    const serialize = compileSerializer(chartSchema)!;
    for (const consent of [
      { status: 'none', consentId: uuid(10) },
      { status: 'active', consentId: uuid(10), signedAt: at },
      { status: 'withdrawn', consentId: uuid(10), withdrawnAt: at, signedAt: at },
    ]) {
      const value = chart(consent);
      const json = serialize(value);
      expect(json).toBe(zodJson(chartSchema, value));
      expect(json).not.toContain('organizationId');
      expect(json).not.toContain('"internal"');
    }
  });

  it('keep Zod for contracts that transform or that it would choose between by validating', () => {
    expect(isCompilable(z.object({ at: z.date() }))).toBe(false);
    expect(isCompilable(z.object({ n: z.string().transform(Number) }))).toBe(false);
    expect(isCompilable(z.object({ n: z.number().default(1) }))).toBe(false);
    expect(isCompilable(z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]))).toBe(false);
    expect(isCompilable(z.union([z.string(), z.number()]))).toBe(true);
  });

  it('write nullable scalars, enums and objects, and optional fields, as Zod does', () => {
    const schema = z.object({
      e: z.enum(['a', 'b']).nullable(),
      n: z.number().nullable(),
      o: z.object({ x: z.number() }).nullable(),
      l: z.array(z.string()).nullable(),
      opt: z.string().optional(),
      u: z.union([z.string(), z.number()]),
    });
    const serialize = compileSerializer(schema)!;
    for (const value of [
      { e: null, n: null, o: null, l: null, u: 'x' },
      { e: 'b', n: 1.5, o: { x: 2, y: 3 }, l: ['p'], opt: 'here', u: 7 },
      { e: 'a', n: 0, o: { x: -1 }, l: [], opt: undefined, u: '' },
    ])
      expect(serialize(value)).toBe(zodJson(schema, value));
  });
});
