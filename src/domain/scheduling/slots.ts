import type { ClinicCalendar, DaySlot, OpeningHours, SlotFinder } from '../planning/index.js';
import {
  minutesOfDay,
  timeFromMinutes,
  weekdayOf,
  type LocalDate,
  type LocalTime,
  type Weekday,
} from '../time/local-date.js';
import { zoneRules, type ZoneRules } from '../time/zoned-time.js';
import type { AppointmentTypeDefinition } from './appointment-types.js';

/** A member of staff at a location: the roles that matter for scheduling and their weekly working hours. */
export interface StaffAvailability {
  readonly id: string;
  readonly roles: readonly ('nurse' | 'prescriber')[];
  readonly hours: Partial<Readonly<Record<Weekday, OpeningHours>>>;
}

/** Something already in the calendar that blocks a chair or a member of staff, [startMs, endMs). */
export interface BusyInterval {
  readonly resourceId: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** Everything slot finding needs to know about one location, as plain data. */
export interface LocationSchedule {
  readonly calendar: ClinicCalendar;
  readonly chairs: readonly { readonly id: string }[];
  readonly staff: readonly StaffAvailability[];
  readonly busy: readonly BusyInterval[];
  /** When set, the patient's own appointments (busy entries `patient:<id>`) block too. */
  readonly patientId?: string;
}

export interface FoundSlot {
  readonly date: LocalDate;
  readonly time: LocalTime;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly chairId: string | null;
  readonly staffId: string | null;
  /** True when the preferred time was taken or did not fit and another was found. */
  readonly adjusted: boolean;
}

const minuteMs = 60_000;
/** Starts are offered on the quarter hour. */
export const slotStepMinutes = 15;

/**
 * Fast questions about one location's calendar: is this chair free, who could run this appointment.
 * Busy intervals are grouped by resource once; each question scans only that resource's list.
 */
export class ScheduleIndex {
  readonly zone: ZoneRules;
  private readonly busyByResource = new Map<string, BusyInterval[]>();

  constructor(readonly schedule: LocationSchedule) {
    this.zone = zoneRules(schedule.calendar.timeZone);
    for (const b of schedule.busy) {
      const list = this.busyByResource.get(b.resourceId);
      if (list) list.push(b);
      else this.busyByResource.set(b.resourceId, [b]);
    }
  }

  /** Marks an interval as taken (a session of a series just placed). */
  block(interval: BusyInterval): void {
    const list = this.busyByResource.get(interval.resourceId);
    if (list) list.push(interval);
    else this.busyByResource.set(interval.resourceId, [interval]);
  }

  isFree(resourceId: string, startMs: number, endMs: number): boolean {
    const list = this.busyByResource.get(resourceId);
    if (!list) return true;
    for (const b of list) if (b.startMs < endMs && startMs < b.endMs) return false;
    return true;
  }

  /** Whether the member of staff works [startMinutes, endMinutes) of the local day. */
  static works(staff: StaffAvailability, weekday: Weekday, startMinutes: number, endMinutes: number): boolean {
    const hours = staff.hours[weekday];
    return !!hours && minutesOfDay(hours.opens) <= startMinutes && endMinutes <= minutesOfDay(hours.closes);
  }

  /**
   * The chair and member of staff for an appointment of `type` at a local date and start minute, or null
   * when the clinic is closed then, it would not end before closing, the wall-clock time does not exist,
   * no chair or no suitable member of staff is free, or no prescriber is on site when one must be.
   */
  assign(
    type: AppointmentTypeDefinition,
    date: LocalDate,
    startMinutes: number,
    minutes: number = type.minutes,
  ): { startsAt: Date; endsAt: Date; chairId: string | null; staffId: string | null } | null {
    const { calendar } = this.schedule;
    if (calendar.closedDates.includes(date)) return null;
    const weekday = weekdayOf(date);
    const hours = calendar.openingHours[weekday];
    if (!hours) return null;
    const endMinutes = startMinutes + minutes;
    if (startMinutes < minutesOfDay(hours.opens) || endMinutes > minutesOfDay(hours.closes)) return null;
    const start = this.zone.fromLocal(date, timeFromMinutes(startMinutes));
    if (start.resolution === 'gap_shifted_later') return null;
    const startMs = start.instant.getTime();
    const endMs = startMs + minutes * minuteMs;

    if (this.schedule.patientId && !this.isFree(`patient:${this.schedule.patientId}`, startMs, endMs)) return null;
    let chairId: string | null = null;
    if (type.needsChair) {
      const chair = this.schedule.chairs.find((c) => this.isFree(c.id, startMs, endMs));
      if (!chair) return null;
      chairId = chair.id;
    }
    let staffId: string | null = null;
    if (type.staffRole) {
      const role = type.staffRole;
      const member = this.schedule.staff.find(
        (s) =>
          s.roles.includes(role) &&
          ScheduleIndex.works(s, weekday, startMinutes, endMinutes) &&
          this.isFree(s.id, startMs, endMs),
      );
      if (!member) return null;
      staffId = member.id;
    }
    if (type.prescriberOnSite) {
      const onSite = this.schedule.staff.some(
        (s) => s.roles.includes('prescriber') && ScheduleIndex.works(s, weekday, startMinutes, endMinutes),
      );
      if (!onSite) return null;
    }
    return { startsAt: start.instant, endsAt: new Date(endMs), chairId, staffId };
  }

  /**
   * The free start nearest the preferred time on a day (earlier wins a tie), on the quarter hour,
   * or null when nothing fits that day.
   */
  findSlot(type: AppointmentTypeDefinition, date: LocalDate, preferredMinutes: number): FoundSlot | null {
    const hours = this.schedule.calendar.openingHours[weekdayOf(date)];
    if (!hours || this.schedule.calendar.closedDates.includes(date)) return null;
    const opens = minutesOfDay(hours.opens);
    const latest = minutesOfDay(hours.closes) - type.minutes;
    if (latest < opens) return null;
    const firstStep = Math.ceil(opens / slotStepMinutes) * slotStepMinutes;
    const candidates: number[] = [];
    for (let m = firstStep; m <= latest; m += slotStepMinutes) candidates.push(m);
    candidates.sort((a, b) => Math.abs(a - preferredMinutes) - Math.abs(b - preferredMinutes) || a - b);
    for (const m of candidates) {
      const found = this.assign(type, date, m);
      if (found) return { date, time: timeFromMinutes(m), ...found, adjusted: m !== preferredMinutes };
    }
    return null;
  }

  /** The planners' slot finder for this location and appointment type (see planning/clinic-calendar.ts). */
  slotFinder(type: AppointmentTypeDefinition, found: Map<LocalDate, FoundSlot>): SlotFinder {
    return (date, preferredMinutes): DaySlot => {
      const slot = this.findSlot(type, date, preferredMinutes);
      if (!slot) return { open: false };
      found.set(date, slot);
      return { open: true, time: slot.time, adjusted: slot.adjusted };
    };
  }
}
