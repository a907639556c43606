import { useEffect, useRef, type ReactNode } from 'react';
import './confirm-step.css';

/**
 * An in-page confirmation for an action that cannot be undone (convert or decline an intake, discard a draft):
 * it replaces the action's button with a titled group that says what will happen, a button that does it and
 * "Cancel". Focus moves to the title when the step opens, so a screen reader announces the question; Escape
 * cancels.
 */
export function ConfirmStep({
  id,
  title,
  confirmLabel,
  warning = false,
  busy,
  onConfirm,
  onCancel,
  children,
}: {
  id: string;
  title: string;
  confirmLabel: string;
  warning?: boolean;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div
      role="group"
      aria-labelledby={`${id}-title`}
      className="confirm-step"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) onCancel();
      }}
    >
      <h4 id={`${id}-title`} className="confirm-step__title" tabIndex={-1} ref={heading}>
        {title}
      </h4>
      {children}
      <div className="button-group">
        <button
          type="button"
          className={warning ? 'button button--warning' : 'button'}
          disabled={busy}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
