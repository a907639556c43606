import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { ErrorSummary, type FormError, LiveRegion, Notice, PageHeading } from '../../shared/kit';
import { formatDateTimeLong } from '../../shared/time';
import { portalPagesApi } from '../portal-api';

/**
 * Subscribe to your sessions in your phone's calendar: a secret address (iCalendar) that the calendar
 * app checks now and then. The address is shown once; making a new one turns the old one off, and the
 * patient can turn it off at any time (scheduling's calendar feeds, decision 016).
 */
export function CalendarPage() {
  const me = useMe();
  const client = useQueryClient();
  const feeds = useQuery({ queryKey: ['portal-feeds'], queryFn: portalPagesApi.feeds });
  const [url, setUrl] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const active = feeds.data?.items ?? [];

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setErrors([]);
    try {
      await work();
    } catch (error) {
      setErrors([
        { message: error instanceof ApiError ? (error.detail ?? error.title) : 'Something went wrong. Try again.' },
      ]);
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: ['portal-feeds'] });
    }
  };

  const create = () =>
    run(async () => {
      for (const feed of active) await portalPagesApi.revokeFeed(feed.id);
      const made = await portalPagesApi.createFeed(me.patientId!);
      setUrl(made.url);
      setNotice(null);
    });

  const turnOff = () =>
    run(async () => {
      for (const feed of active) await portalPagesApi.revokeFeed(feed.id);
      setUrl(null);
      setNotice('Your calendar address is turned off. Calendars using it stop showing new sessions.');
    });

  const webcal = url?.replace(/^https?:/, 'webcal:');
  return (
    <>
      <ErrorSummary errors={errors} />
      <PageHeading title="Your sessions in your calendar">Add your sessions to your calendar</PageHeading>
      <p>
        Your phone or computer calendar can show your sessions at the clinic and keep them up to date when they change.
        The calendar entries say only “Appointment at” the clinic, nothing about your treatment.
      </p>
      <LiveRegion>
        {notice ? (
          <Notice kind="success" title="Turned off">
            <p>{notice}</p>
          </Notice>
        ) : null}
        {url ? (
          <Notice kind="success" title="Your calendar address">
            <p>Copy this address into your calendar app (“Add calendar” → “From URL” or “Subscribe”):</p>
            <p>
              <code className="setup-key break-anywhere" data-testid="calendar-url">
                {url}
              </code>
            </p>
            <p>
              On an iPhone or Mac, you can also <a href={webcal}>open it in Calendar</a>.
            </p>
            <p>Keep the address to yourself: anyone who has it can see your session times. It is shown only now.</p>
          </Notice>
        ) : null}
      </LiveRegion>
      {feeds.isError ? (
        <p>Your calendar settings could not be loaded. Reload the page in a minute.</p>
      ) : !feeds.data ? (
        <p aria-live="polite">Loading…</p>
      ) : active.length > 0 ? (
        <>
          <p>
            You have a calendar address, made {formatDateTimeLong(active[0]!.createdAt)}. If you lost it, or think
            someone else has it, make a new one: the old one stops working.
          </p>
          <div className="button-group">
            <button type="button" className="button" disabled={busy} onClick={() => void create()}>
              Make a new address
            </button>
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => void turnOff()}>
              Turn it off
            </button>
          </div>
        </>
      ) : (
        <button type="button" className="button" disabled={busy} onClick={() => void create()}>
          Get my calendar address
        </button>
      )}
      <p>
        <Link to="/">Back to your home page</Link>
      </p>
    </>
  );
}
