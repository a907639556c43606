import {
  assessEligibility,
  type EligibilityContext,
  type EligibilityResult,
} from '../../../../../src/domain/eligibility';
import type { ClinicProtocol } from '../../../../../src/domain/protocol';
import type { DraftEligibilityInput } from '../chart-api';
import { parseNumber } from '../shared';

/** The live proposal: the same domain function the server signs with (src/domain/eligibility). */
export function liveResult(
  input: DraftEligibilityInput,
  protocol: ClinicProtocol | null,
  context: EligibilityContext,
): { result: EligibilityResult | null; problem: string | null } {
  const [first, ...rest] = input.bloodPressureReadings;
  if (!protocol) return { result: null, problem: 'Loading the clinic protocol…' };
  if (!first) return { result: null, problem: 'Enter at least one resting blood pressure to see the result.' };
  if (input.ketamineOrPcpMisuseHistory === undefined)
    return { result: null, problem: 'Answer the ketamine or PCP misuse question to see the result.' };
  try {
    return {
      result: assessEligibility(
        {
          ...input,
          ketamineOrPcpMisuseHistory: input.ketamineOrPcpMisuseHistory,
          bloodPressureReadings: [first, ...rest],
        },
        protocol,
        context,
      ),
      problem: null,
    };
  } catch (error) {
    const errors = (error as { errors?: { path: string; message: string }[] }).errors ?? [];
    return {
      result: null,
      problem: errors.length
        ? `Not yet: ${errors.map((e) => e.message).join('; ')}`
        : 'Not yet: check the values entered.',
    };
  }
}

export interface BpRow {
  s: string;
  d: string;
}

export const emptyBp = (): BpRow[] => [
  { s: '', d: '' },
  { s: '', d: '' },
];

/** The readings that have both numbers typed in. */
export function bpReadings(rows: readonly BpRow[]): { systolicMmHg: number; diastolicMmHg: number }[] {
  return rows.flatMap((r) => {
    const s = parseNumber(r.s);
    const d = parseNumber(r.d);
    return s !== null && d !== null ? [{ systolicMmHg: s, diastolicMmHg: d }] : [];
  });
}
