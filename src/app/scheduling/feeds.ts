import crypto from 'node:crypto';
import type { ICalDateTimeValue } from 'ical-generator';
import {
  findChair,
  findFeed,
  findFeedByToken,
  insertFeed,
  listAppointments,
  listFeeds,
  organizationName,
  revokeFeed,
} from '../../db/repositories/scheduling.js';
import { DomainError } from '../../domain/errors.js';
import { can } from '../../domain/permissions/index.js';
import { vtimezone } from '../../domain/scheduling/index.js';
import { zoneRules } from '../../domain/time/zoned-time.js';
import { audit } from '../audit/record.js';
import { findPatientKey, requireStaffAction } from '../chart/access.js';
import { requirePrincipal, withTransaction, type AppContext, type Queryable } from '../context.js';
import { hashToken } from './confirmations.js';

/**
 * iCalendar feeds (RFC 5545) behind secret, revocable URLs: one per patient (their own appointments,
 * for their phone's calendar) and one per chair (for the clinic's screens). A feed's SUMMARY never says
 * what an appointment is for. Only a hash of the token is stored; the URL is shown once, at creation.
 */
export interface FeedView {
  id: string;
  kind: 'patient' | 'chair';
  patientId: string | null;
  chairId: string | null;
  createdAt: string;
}

export interface CreatedFeed extends FeedView {
  /** The secret URL; shown once. */
  url: string;
}

const feedView = (f: { id: string; patientId: string | null; chairId: string | null; createdAt: Date }): FeedView => ({
  id: f.id,
  kind: f.patientId ? 'patient' : 'chair',
  patientId: f.patientId,
  chairId: f.chairId,
  createdAt: f.createdAt.toISOString(),
});

export async function createFeed(
  input: { patientId?: string | undefined; chairId?: string | undefined },
  ctx: AppContext,
  publicUrl: string,
): Promise<CreatedFeed> {
  const principal = requirePrincipal(ctx);
  if ((input.patientId === undefined) === (input.chairId === undefined)) {
    throw new DomainError('validation_failed', 'Give a patient or a chair.', {
      errors: [{ path: '/patientId', message: 'give either patientId or chairId' }],
    });
  }
  if (principal.kind === 'patient') {
    // The portal: a patient makes a feed of their own appointments only.
    if (input.chairId || input.patientId !== principal.patientId || !can(principal, 'portal.read'))
      throw new DomainError('forbidden', 'You do not have permission to do this.');
  } else if (input.chairId) {
    if (!can(principal, 'sessions.schedule') && !can(principal, 'organization.manage'))
      throw new DomainError('forbidden', 'You do not have permission to do this.');
  } else {
    requireStaffAction(ctx, 'sessions.schedule');
  }
  return withTransaction(ctx, async (tx) => {
    if (input.patientId) await findPatientKey(tx, input.patientId);
    if (input.chairId && !(await findChair(tx.db, principal.organizationId, input.chairId)))
      throw new DomainError('not_found', 'No such chair.', {
        errors: [{ path: '/chairId', message: 'no such chair' }],
      });
    const token = crypto.randomBytes(32).toString('base64url');
    const id = await insertFeed(tx.db, {
      organizationId: principal.organizationId,
      tokenHash: hashToken(token),
      patientId: input.patientId ?? null,
      chairId: input.chairId ?? null,
      userId: principal.userId,
      now: tx.now,
    });
    await audit(tx, {
      action: 'calendar_feed.create',
      resourceType: 'calendar_feed',
      resourceId: id,
      patientId: input.patientId ?? null,
    });
    return {
      ...feedView({ id, patientId: input.patientId ?? null, chairId: input.chairId ?? null, createdAt: tx.now }),
      url: `${publicUrl}/api/v1/calendar-feeds/${token}.ics`,
    };
  });
}

export async function listCalendarFeeds(
  filter: { patientId?: string | undefined; chairId?: string | undefined },
  ctx: AppContext,
): Promise<FeedView[]> {
  const principal = requirePrincipal(ctx);
  if (principal.kind === 'patient') {
    if (!principal.patientId) throw new DomainError('forbidden', 'You do not have permission to do this.');
    const own = (await listFeeds(ctx.db, principal.organizationId, { patientId: principal.patientId })).map(feedView);
    // The portal's calendar page: every portal page read is audited (decision 020).
    await audit(ctx, {
      action: 'calendar_feed.list',
      resourceType: 'calendar_feed',
      patientId: principal.patientId,
      details: { count: own.length },
    });
    return own;
  }
  requireStaffAction(ctx, 'sessions.read');
  return (await listFeeds(ctx.db, principal.organizationId, filter)).map(feedView);
}

export async function revokeCalendarFeed(id: string, ctx: AppContext): Promise<FeedView> {
  const principal = requirePrincipal(ctx);
  return withTransaction(ctx, async (tx) => {
    const feed = await findFeed(tx.db, principal.organizationId, id);
    const own = principal.kind === 'patient' && feed?.patientId === principal.patientId;
    const staff =
      principal.kind === 'staff' && (can(principal, 'sessions.schedule') || can(principal, 'organization.manage'));
    if (!feed || !(own || staff)) throw new DomainError('not_found', 'No such calendar feed.');
    await revokeFeed(tx.db, id, tx.now);
    await audit(tx, {
      action: 'calendar_feed.revoke',
      resourceType: 'calendar_feed',
      resourceId: id,
      patientId: feed.patientId,
    });
    return feedView(feed);
  });
}

/**
 * An instant as the location's wall clock, in the shape ical-generator takes for a zoned date-time
 * (a Temporal.ZonedDateTime look-alike), so DTSTART is written as TZID=<zone>:<local time>. A plain Date
 * would be written in the server process's own time zone.
 */
function zonedDateTime(instant: Date, timeZone: string): ICalDateTimeValue {
  const local = zoneRules(timeZone).toLocal(instant);
  const fields = {
    year: Number(local.date.slice(0, 4)),
    month: Number(local.date.slice(5, 7)),
    day: Number(local.date.slice(8, 10)),
    hour: Number(local.time.slice(0, 2)),
    minute: Number(local.time.slice(3, 5)),
    second: 0,
  };
  const plain = {
    ...fields,
    toZonedDateTime: () => zoned,
    toPlainDate: () => ({ year: fields.year, month: fields.month, day: fields.day }),
    toString: () => `${local.date}T${local.time}:00`,
  };
  const zoned = {
    ...fields,
    timeZoneId: timeZone,
    toPlainDateTime: () => plain,
    withTimeZone: () => zoned,
    toInstant: () => ({ epochMilliseconds: instant.getTime() }),
    toString: () => instant.toISOString(),
    toJSON: () => instant.toISOString(),
  };
  return zoned;
}

const feedTokenPattern = /^[A-Za-z0-9_-]{43}$/;
const dayMs = 86_400_000;

/** The feed's calendar text. Unknown token: not found; revoked: gone. */
export async function renderFeed(token: string, db: Queryable, now: Date): Promise<string> {
  const notFound = new DomainError('not_found', 'No such calendar feed.');
  if (!feedTokenPattern.test(token)) throw notFound;
  const feed = await findFeedByToken(db, hashToken(token));
  if (!feed) throw notFound;
  if (feed.revokedAt) throw new DomainError('calendar_feed_revoked', 'This calendar link has been turned off.');
  const ctx: AppContext = { db, principal: null, now, ip: null, userAgent: null };
  return withTransaction(ctx, async (tx) => {
    const from = new Date(now.getTime() - 60 * dayMs);
    const to = new Date(now.getTime() + 400 * dayMs);
    const rows = (
      await listAppointments(tx.db, feed.organizationId, {
        patientId: feed.patientId,
        chairId: feed.chairId,
        from,
        to,
      })
    ).filter((r) => r.status !== 'no_show');
    const clinic = (await organizationName(tx.db, feed.organizationId)) ?? 'the clinic';
    const zone = rows[0]?.timeZone ?? 'UTC';
    // Loaded on the first feed request: most servers never serve one.
    const { default: ical, ICalEventStatus } = await import('ical-generator');
    const calendar = ical({
      name: feed.patientId ? `Appointments at ${clinic}` : `${rows[0]?.chairName ?? 'Chair'} at ${clinic}`,
      prodId: { company: 'ketaclinic', product: 'schedule', language: 'EN' },
      timezone: { name: zone, generator: (tz) => vtimezone(tz, from.getTime(), to.getTime()) },
    });
    for (const r of rows) {
      calendar.createEvent({
        id: `${r.id}@ketaclinic`,
        stamp: now,
        start: zonedDateTime(r.startsAt, r.timeZone),
        end: zonedDateTime(r.endsAt, r.timeZone),
        timezone: r.timeZone,
        summary: feed.patientId
          ? `Appointment at ${clinic}`
          : `Booked (${r.status === 'cancelled' ? 'cancelled' : 'in use'})`,
        location: `${clinic}, ${r.locationName}`,
        status: r.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      });
    }
    await audit(tx, {
      action: 'calendar_feed.read',
      resourceType: 'calendar_feed',
      resourceId: feed.id,
      patientId: feed.patientId,
      organizationId: feed.organizationId,
      details: { events: rows.length },
    });
    return calendar.toString();
  });
}
