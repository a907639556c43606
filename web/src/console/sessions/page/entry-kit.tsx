import { useRef, useState, type ReactNode, type SyntheticEvent } from 'react';
import type { Ctx } from './context';

/**
 * The frame every entry on the session page shares: a panel with its heading (or a panel that opens), a
 * form that sends one write through the page (`ctx.write`: Idempotency-Key, queued when offline) and
 * starts afresh once it is saved or queued, and the summary list of what was ordered.
 */
export function Panel({
  id,
  title,
  tone,
  children,
}: {
  id: string;
  title: ReactNode;
  tone?: 'alert' | 'ok';
  children: ReactNode;
}) {
  return (
    <section className={`panel${tone ? ` panel--${tone}` : ''}`} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

/** A panel (or a part of one) that opens on demand: the entries a nurse makes now and then. */
export function Disclosure({
  summary,
  panel = false,
  open,
  onToggle,
  children,
}: {
  summary: string;
  panel?: boolean;
  open?: boolean;
  onToggle?: (open: boolean) => void;
  children: ReactNode;
}) {
  return (
    <details
      className={panel ? 'panel' : undefined}
      open={open}
      onToggle={onToggle ? (e) => onToggle((e.target as HTMLDetailsElement).open) : undefined}
    >
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/**
 * One write to the session from a form. `body` is read when the form is sent (so times are stamped
 * then); it answers null to stop (a problem the form shows itself). `onSaved` runs once the write was
 * saved or queued, to clear the form. `fieldIds` maps the server's paths to this form's own inputs (over
 * the page's shared map), so the error summary links into this form and not another one's field.
 */
export function EntryForm({
  ctx,
  path,
  label,
  body,
  onSaved,
  submit,
  kind = 'primary',
  className,
  fieldIds,
  children,
}: {
  ctx: Ctx;
  path: string;
  label: string;
  body: () => Record<string, unknown> | null;
  onSaved?: () => void;
  submit: string;
  kind?: 'primary' | 'secondary' | 'warning' | 'large';
  className?: string;
  fieldIds?: Record<string, string>;
  children?: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  async function send(event: SyntheticEvent) {
    event.preventDefault();
    const payload = body();
    if (payload === null) return;
    setBusy(true);
    try {
      if (await ctx.write(path, payload, label, fieldIds)) onSaved?.();
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className={className} onSubmit={(e) => void send(e)} noValidate>
      {children}
      <SubmitButton kind={kind} busy={busy}>
        {submit}
      </SubmitButton>
    </form>
  );
}

export function SubmitButton({
  kind = 'primary',
  busy = false,
  children,
}: {
  kind?: 'primary' | 'secondary' | 'warning' | 'large';
  busy?: boolean;
  children: ReactNode;
}) {
  return (
    <button type="submit" className={kind === 'primary' ? 'button' : `button button--${kind}`} disabled={busy}>
      {children}
    </button>
  );
}

/**
 * A button that sends one write at once (pause, resume, sign). One tap is one request: while its write is
 * in flight the button is disabled and a second tap (a double-tap on a tablet) is ignored, so the server
 * never sees the same action twice under two Idempotency-Keys.
 */
export function WriteButton({
  ctx,
  path,
  body,
  label,
  kind = 'primary',
  fieldIds,
  children,
}: {
  ctx: Ctx;
  path: string;
  body: () => Record<string, unknown>;
  label: string;
  kind?: 'primary' | 'secondary' | 'warning';
  fieldIds?: Record<string, string>;
  children: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  // The state disables the button once React has drawn it; the ref closes the gap before that.
  const inFlight = useRef(false);
  async function send() {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      await ctx.write(path, body(), label, fieldIds);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }
  return (
    <button
      type="button"
      className={kind === 'primary' ? 'button' : `button button--${kind}`}
      disabled={busy}
      aria-disabled={busy || undefined}
      onClick={() => void send()}
    >
      {children}
    </button>
  );
}

/** Label–value rows (the order as the server worked it out); rows whose value is null are left out. */
export function SummaryList({ rows }: { rows: readonly (readonly [string, ReactNode | null])[] }) {
  return (
    <dl className="summary-list">
      {rows
        .filter(([, value]) => value !== null)
        .map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}
