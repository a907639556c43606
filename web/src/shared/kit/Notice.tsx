import type { ReactNode } from 'react';

/**
 * A coloured, worded panel (never colour alone: the heading says what kind of message it is). Put it
 * inside a LiveRegion when it appears after something the person did.
 */
export function Notice({
  kind,
  title,
  children,
}: {
  kind: 'success' | 'info' | 'warning';
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className={`notice notice--${kind}`}>
      <h2 className="notice__title">{title}</h2>
      {children}
    </div>
  );
}

/** Announces what appears inside it (async results) without taking focus. */
export function LiveRegion({ children }: { children?: ReactNode }) {
  return (
    <div aria-live="polite" aria-atomic="false" className="live-region">
      {children}
    </div>
  );
}
