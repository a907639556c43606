import './schedule.css';
import { LiveRegion, Notice, PageHeading } from '../../shared/kit';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { failureText } from '../../shared/query';
import { AppointmentCard, TypeLegend } from './parts';
import {
  addDays,
  dayLabel,
  mondayOf,
  scheduleApi,
  todayIn,
  type Appointment,
  type Location,
  type StaffHours,
} from './schedule-api';

type Load =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; items: Appointment[]; staff: StaffHours[] };

/** Locations, with the one the address names (or the first). */
export function useLocations(): { locations: Location[] | null; failed: string | null } {
  const query = useQuery({
    queryKey: ['schedule', 'locations'],
    queryFn: ({ signal }) => scheduleApi.locations(signal),
  });
  if (query.isError) return { locations: [], failed: failureText(query.error, 'Could not load locations.') };
  return { locations: query.data?.items ?? null, failed: null };
}

/** The location shown first: the one with the most chairs in use (the clinic's main site). */
export function mainLocation(locations: Location[] | null): Location | undefined {
  return [...(locations ?? [])].sort(
    (a, b) => b.chairs.filter((c) => c.active).length - a.chairs.filter((c) => c.active).length,
  )[0];
}

export function LocationSelect({
  locations,
  value,
  onChange,
}: {
  locations: Location[];
  value: string;
  onChange: (id: string) => void;
}) {
  return (
    <div className="field">
      <label className="field__label" htmlFor="location">
        Location
      </label>
      <select id="location" className="input input--medium" value={value} onChange={(e) => onChange(e.target.value)}>
        {locations.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The clinic's calendar: a day or a week, by chair or by member of staff, in the location's time zone.
 * Each appointment shows its time, patient, visit type and status in words; the colour bar (type) and
 * the status badge repeat what the words say.
 */
export function CalendarPage() {
  const [params, setParams] = useSearchParams();
  const { locations, failed } = useLocations();
  const location = locations?.find((l) => l.id === params.get('location')) ?? mainLocation(locations);
  const view = params.get('view') === 'week' ? 'week' : 'day';
  const by = params.get('by') === 'staff' ? 'staff' : 'chair';
  const date = params.get('date') ?? (location ? todayIn(location.timeZone) : null);
  const from = date ? (view === 'week' ? mondayOf(date) : date) : null;
  const days = view === 'week' ? 7 : 1;
  const locationId = location?.id ?? '';
  const calendar = useQuery({
    queryKey: ['schedule', 'calendar', locationId, from, days],
    queryFn: ({ signal }) => scheduleApi.calendar(locationId, from!, days, signal),
    enabled: location !== undefined && from !== null,
  });
  const staffHours = useQuery({
    queryKey: ['schedule', 'staff-hours', locationId],
    queryFn: ({ signal }) => scheduleApi.staffHours(locationId, signal),
    enabled: location !== undefined,
  });
  const failedQuery = [calendar, staffHours].find((q) => q.isError);
  const load: Load = failedQuery
    ? { kind: 'failed', message: failureText(failedQuery.error, 'The calendar could not be loaded.') }
    : calendar.data && staffHours.data
      ? { kind: 'ready', items: calendar.data.items, staff: staffHours.data.items }
      : { kind: 'loading' };

  const link = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    if (location) next.set('location', location.id);
    return `?${next.toString()}`;
  };

  const dates = useMemo(() => (from ? Array.from({ length: days }, (_, i) => addDays(from, i)) : []), [from, days]);
  const rows = useMemo(() => {
    if (load.kind !== 'ready' || !location) return [];
    if (by === 'chair') {
      const chairs = location.chairs.filter((c) => c.active).map((c) => ({ id: c.id, name: c.name }));
      const other = load.items.some((a) => !a.chair) ? [{ id: '', name: 'No chair (telehealth)' }] : [];
      return [...chairs, ...other];
    }
    const staff = new Map(load.staff.map((s) => [s.userId, s.name]));
    for (const a of load.items) if (a.staff) staff.set(a.staff.id, a.staff.name);
    return [...staff.entries()].map(([id, name]) => ({ id, name }));
  }, [load, location, by]);

  const closed = (d: string) => {
    if (!location) return false;
    const weekday = ((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    return location.closedDates.includes(d) || !location.openingHours.some((h) => h.day === weekday);
  };
  const cell = (rowId: string, d: string) =>
    load.kind === 'ready'
      ? load.items.filter(
          (a) => a.localDate === d && (by === 'chair' ? (a.chair?.id ?? '') === rowId : a.staff?.id === rowId),
        )
      : [];

  const title = view === 'week' ? 'Week' : 'Day';
  return (
    <>
      <PageHeading title="Calendar" caption={location?.name}>
        Calendar
      </PageHeading>
      {failed ? (
        <Notice kind="warning" title="Locations could not be loaded">
          <p>{failed}</p>
        </Notice>
      ) : null}
      {locations && locations.length === 0 && !failed ? (
        <Notice kind="info" title="No locations yet">
          <p>An administrator adds the clinic’s locations, chairs and staff hours first.</p>
        </Notice>
      ) : null}
      {location && date && from ? (
        <>
          <div className="schedule-controls">
            {locations && locations.length > 1 ? (
              <LocationSelect
                locations={locations}
                value={location.id}
                onChange={(id) => setParams(new URLSearchParams({ location: id, view, by }))}
              />
            ) : null}
            <nav aria-label="View" className="segmented">
              <Link to={link({ view: 'day' })} aria-current={view === 'day' ? 'page' : undefined}>
                Day
              </Link>
              <Link to={link({ view: 'week' })} aria-current={view === 'week' ? 'page' : undefined}>
                Week
              </Link>
            </nav>
            <nav aria-label="Group by" className="segmented">
              <Link to={link({ by: 'chair' })} aria-current={by === 'chair' ? 'page' : undefined}>
                By chair
              </Link>
              <Link to={link({ by: 'staff' })} aria-current={by === 'staff' ? 'page' : undefined}>
                By staff
              </Link>
            </nav>
            <nav aria-label="Dates" className="segmented">
              <Link to={link({ date: addDays(from, -days) })}>Previous {view}</Link>
              <Link to={link({ date: todayIn(location.timeZone) })}>Today</Link>
              <Link to={link({ date: addDays(from, days) })}>Next {view}</Link>
            </nav>
          </div>
          <p>
            <Link to="/schedule/today">Today’s list for the front desk</Link> · Times are in {location.timeZone}.
          </p>
          <TypeLegend />
          <LiveRegion>
            {load.kind === 'loading' ? <p>Loading the calendar…</p> : null}
            {load.kind === 'failed' ? (
              <Notice kind="warning" title="The calendar could not be loaded">
                <p>{load.message}</p>
              </Notice>
            ) : null}
            {load.kind === 'ready' ? (
              <p>
                {load.items.length} appointment{load.items.length === 1 ? '' : 's'} from {dayLabel(from)}
                {days > 1 ? ` to ${dayLabel(addDays(from, days - 1))}` : ''}.
              </p>
            ) : null}
          </LiveRegion>
          {load.kind === 'ready' ? (
            <div className="calendar-scroll" tabIndex={0} role="region" aria-label={`${title} calendar`}>
              <table className="calendar">
                <caption className="visually-hidden">
                  {title} from {dayLabel(from)}, {by === 'chair' ? 'by chair' : 'by member of staff'}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{by === 'chair' ? 'Chair' : 'Staff'}</th>
                    {dates.map((d) => (
                      <th scope="col" key={d}>
                        {dayLabel(d)}
                        {closed(d) ? <span className="muted"> (closed)</span> : null}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.id || 'none'}>
                      <th scope="row">{r.name}</th>
                      {dates.map((d) => {
                        const items = cell(r.id, d);
                        return (
                          <td key={d} className={closed(d) ? 'is-closed' : undefined}>
                            {items.length > 0 ? (
                              <ul className="appt-list">
                                {items.map((a) => (
                                  <li key={a.id}>
                                    <AppointmentCard appointment={a} />
                                  </li>
                                ))}
                              </ul>
                            ) : (
                              <span className="visually-hidden">Free</span>
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </>
  );
}
