import { Component, type ReactNode } from 'react';

interface Props {
  /** The page's address: going to another page starts again there. */
  readonly resetKey: string;
  readonly children: ReactNode;
}

/**
 * A page that fails while drawing shows what happened and how to go on, inside the layout (navigation and
 * sign-out stay), instead of a blank screen. What was saved is on the server. React reports the error in
 * the browser's console for whoever looks into it.
 */
export class PageErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidUpdate(previous: Props): void {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) this.setState({ failed: false });
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="notice notice--warning" role="alert">
        <h1 className="notice__title">This page could not be shown</h1>
        <p>
          Something went wrong while drawing it. What was saved before is kept. Try{' '}
          <a href={window.location.href}>loading the page again</a>, or use the menu to go elsewhere.
        </p>
      </div>
    );
  }
}
