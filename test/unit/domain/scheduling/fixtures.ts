import type { ClinicCalendar } from '../../../../src/domain/planning/index.js';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';
import {
  defaultAppointmentTypes,
  type AppointmentKind,
  type AppointmentTypeDefinition,
  type LocationSchedule,
  type StaffAvailability,
} from '../../../../src/domain/scheduling/index.js';
import { DomainError } from '../../../../src/domain/errors.js';

export const weekdayHours = { opens: '08:00', closes: '18:00' } as const;
export const calendar = (timeZone: string, closedDates: string[] = []): ClinicCalendar => ({
  timeZone,
  openingHours: {
    mon: weekdayHours,
    tue: weekdayHours,
    wed: weekdayHours,
    thu: weekdayHours,
    fri: weekdayHours,
    sat: { opens: '09:00', closes: '13:00' },
  },
  closedDates,
});

export const types = defaultAppointmentTypes(defaultProtocol);
export const typeOf = (kind: AppointmentKind): AppointmentTypeDefinition => {
  const t = types.find((x) => x.kind === kind);
  if (!t) throw new Error(kind);
  return t;
};

const allWeek = {
  mon: weekdayHours,
  tue: weekdayHours,
  wed: weekdayHours,
  thu: weekdayHours,
  fri: weekdayHours,
  sat: { opens: '09:00', closes: '13:00' },
};
export const nurse = (id: string, hours: StaffAvailability['hours'] = allWeek): StaffAvailability => ({
  id,
  roles: ['nurse'],
  hours,
});
export const prescriber = (id: string, hours: StaffAvailability['hours'] = allWeek): StaffAvailability => ({
  id,
  roles: ['prescriber'],
  hours,
});

export function schedule(timeZone: string, overrides: Partial<LocationSchedule> = {}): LocationSchedule {
  return {
    calendar: calendar(timeZone),
    chairs: [{ id: 'chair-1' }, { id: 'chair-2' }],
    staff: [nurse('nurse-1'), nurse('nurse-2'), prescriber('dr-1')],
    busy: [],
    ...overrides,
  };
}

export function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}
