import { useEffect, type ReactNode } from 'react';

/**
 * The page's one h1; sets the document title to match. It can take focus (tabIndex -1) so the layout
 * can move focus to it after a client-side navigation, as a screen reader user expects on a new page.
 */
export function PageHeading({ children, title, caption }: { children: ReactNode; title: string; caption?: string }) {
  useEffect(() => {
    document.title = `${title} — ketaclinic staff console`;
  }, [title]);
  return (
    <>
      {caption ? <span className="caption">{caption}</span> : null}
      <h1 tabIndex={-1} className="page-heading">{children}</h1>
    </>
  );
}
