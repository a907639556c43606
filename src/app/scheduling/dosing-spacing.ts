import { listAppointments, type SignedPlanRow } from '../../db/repositories/scheduling.js';
import { DomainError, type FieldError } from '../../domain/errors.js';
import type { ClinicProtocol } from '../../domain/protocol/index.js';
import {
  dosingClashMessage,
  dosingSpacingClash,
  isDosing,
  sameDayOnly,
  type BookedAppointment,
  type DosingSpacing,
} from '../../domain/scheduling/index.js';
import { zoneRules } from '../../domain/time/zoned-time.js';
import type { AppContext } from '../context.js';

/**
 * The spacing rule between a patient's dosing appointments, applied where appointments are placed: a
 * move, a series, a series replacement. The caller holds the patient's row lock (findPatientKey with
 * forUpdate), so two requests for the same patient check one after the other.
 */

const dayMs = 86_400_000;

/** The spacing the patient's signed plan was signed under (its protocol version), or the same-day floor. */
export function spacingOf(plan: SignedPlanRow | undefined): DosingSpacing {
  const induction = (plan?.protocol as ClinicProtocol | undefined)?.induction;
  if (!induction) return sameDayOnly;
  return { minSpacingDays: induction.minSpacingDays, minSpacingHours: induction.minSpacingHours };
}

/** Days on either side of a time within which a booked dose can clash (with a day to spare for zones). */
export function spacingReachMs(spacing: DosingSpacing): number {
  return (Math.max(1, spacing.minSpacingDays, Math.ceil(spacing.minSpacingHours / 24)) + 1) * dayMs;
}

/**
 * The patient's appointments overlapping [from, to), every status (the rule leaves out the cancelled),
 * with their clinic day in `timeZone` (the day of the place being booked).
 */
export async function patientAppointments(
  ctx: AppContext,
  organizationId: string,
  patientId: string,
  timeZone: string,
  from: Date,
  to: Date,
): Promise<(BookedAppointment & { endsAt: Date })[]> {
  const zone = zoneRules(timeZone);
  const rows = await listAppointments(ctx.db, organizationId, { patientId, from, to });
  return rows.map((r) => {
    const local = zone.toLocal(r.startsAt);
    return {
      id: r.id,
      kind: r.kind,
      hasDose: r.hasDose,
      status: r.status,
      localDate: local.date,
      localTime: local.time,
      label: r.typeLabel,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
    };
  });
}

export interface PlacedDose {
  readonly id?: string;
  readonly kind: string;
  readonly hasDose: boolean;
  readonly localDate: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  /** How the message names it: "this IV ketamine session", "session 3". */
  readonly subject: string;
  /** Where the errors point: '/date' or '/sessions/2/date', and '/patientId' or '/sessions/2/patientId'. */
  readonly path: string;
  readonly overlapPath: string;
}

/**
 * Refuses placements that double-book the patient (409 slot_taken, as the database would) or that come
 * too close to one of the patient's other dosing appointments (422, naming the clash and the rule).
 * `booked` are the patient's appointments as they stand (a moved one is left out by its id).
 */
export function assertDosingSpacing(
  placed: readonly PlacedDose[],
  booked: readonly (BookedAppointment & { endsAt: Date })[],
  spacing: DosingSpacing,
  refusal: string,
): void {
  for (const p of placed) {
    const overlap = booked.some(
      (b) =>
        b.id !== p.id &&
        b.status !== 'cancelled' &&
        b.status !== 'no_show' &&
        b.startsAt.getTime() < p.endsAt.getTime() &&
        p.startsAt.getTime() < b.endsAt.getTime(),
    );
    if (overlap) {
      const message = 'the patient already has an appointment at that time';
      throw new DomainError('slot_taken', `${refusal}: ${message}.`, {
        errors: [{ path: p.overlapPath, message }],
      });
    }
  }
  const errors: FieldError[] = [];
  const sentences: string[] = [];
  const clashes: Record<string, unknown>[] = [];
  for (const p of placed) {
    if (!isDosing(p)) continue;
    const clash = dosingSpacingClash(p, booked, spacing);
    if (!clash) continue;
    const message = dosingClashMessage(clash, spacing);
    errors.push({ path: p.path, message });
    sentences.push(`${p.subject} ${message}`);
    clashes.push({
      date: p.localDate,
      clashesWith: { id: clash.with.id, date: clash.with.localDate, startTime: clash.with.localTime ?? null },
      rule: clash.rule,
    });
  }
  if (errors.length > 0) {
    throw new DomainError('dosing_too_close', `${refusal}: ${sentences.join('; ')}.`, {
      errors,
      details: { reason: 'dosing_too_close', spacing, clashes },
    });
  }
}

/**
 * One appointment placed (booked by hand or moved): the patient's appointments around it are read and the
 * spacing checked, refusing as `assertDosingSpacing` does.
 */
export async function assertOneDoseSpaced(
  ctx: AppContext,
  p: { organizationId: string; patientId: string; timeZone: string; placed: PlacedDose },
  spacing: DosingSpacing,
  refusal: string,
): Promise<void> {
  const reach = spacingReachMs(spacing);
  const booked = await patientAppointments(
    ctx,
    p.organizationId,
    p.patientId,
    p.timeZone,
    new Date(p.placed.startsAt.getTime() - reach),
    new Date(p.placed.endsAt.getTime() + reach),
  );
  assertDosingSpacing([p.placed], booked, spacing, refusal);
}
